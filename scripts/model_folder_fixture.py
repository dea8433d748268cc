"""Write examples/hub/: a Hugging Face-style model folder and two dataset cards, in real formats.

The model folder holds a real config.json (Mistral-7B-v0.1's architecture), generation and
tokenizer configs, a model card, and a sharded safetensors checkpoint whose two shards hold only
their headers (every tensor's name, dtype, shape and offsets, without the 14 GB of weights).
gpaikit counts parameters from such headers exactly as from full files. Run it to regenerate the
folder: `python scripts/model_folder_fixture.py`.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "examples" / "hub"
MODEL = ROOT / "lumen-7b"

CONFIG = {
    "architectures": ["MistralForCausalLM"],
    "bos_token_id": 1,
    "eos_token_id": 2,
    "hidden_act": "silu",
    "hidden_size": 4096,
    "initializer_range": 0.02,
    "intermediate_size": 14336,
    "max_position_embeddings": 32768,
    "model_type": "mistral",
    "num_attention_heads": 32,
    "num_hidden_layers": 32,
    "num_key_value_heads": 8,
    "rms_norm_eps": 1e-05,
    "rope_theta": 10000.0,
    "sliding_window": 4096,
    "tie_word_embeddings": False,
    "torch_dtype": "bfloat16",
    "transformers_version": "4.44.2",
    "use_cache": True,
    "vocab_size": 32000,
}
GENERATION = {"_from_model_config": True, "bos_token_id": 1, "eos_token_id": 2}
GENERATION["transformers_version"] = "4.44.2"
TOKENIZER = {
    "add_bos_token": True,
    "add_eos_token": False,
    "bos_token": "<s>",
    "eos_token": "</s>",
    "unk_token": "<unk>",
    "clean_up_tokenization_spaces": False,
    "legacy": False,
    "model_max_length": 1000000000000000019884624838656,
    "pad_token": None,
    "sp_model_kwargs": {},
    "tokenizer_class": "LlamaTokenizer",
    "chat_template": "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'user' %}"
    "[INST] {{ m['content'] }} [/INST]{% else %}{{ m['content'] }}{{ eos_token }}{% endif %}"
    "{% endfor %}",
}

CARD = """\
---
license: apache-2.0
language: [en, fr, de, es, it]
library_name: transformers
pipeline_tag: text-generation
datasets:
  - HuggingFaceFW/fineweb-edu
  - bigcode/the-stack-v2-dedup
tags: [text-generation, multilingual, code]
---

# Lumen-7B

Lumen-7B is a 7-billion-parameter language model pre-trained by Lumen Labs on web text in five
European languages and source code, then instruction-tuned.

## Model details

A decoder-only transformer with grouped-query attention and sliding-window attention, trained
from scratch with a 32,000-token SentencePiece vocabulary.

## Intended uses

Assistants, summarisation and drafting in English, French, German, Spanish and Italian, and code
completion, integrated by developers into their own applications after their own evaluation.

## Out-of-scope use

Medical, legal or financial advice without human review; any use the acceptable use policy
prohibits.

## Downstream use

Chat assistants, retrieval-augmented question answering, code assistants in editors and
document-processing pipelines.

## Training data

Filtered educational web text, our own crawl of public web pages in the five languages, and
permissively licensed source code.

## Training procedure

Pre-training with next-token prediction over 1.8 trillion tokens with a cosine learning-rate
schedule, followed by supervised fine-tuning on instruction data.

### Hardware

512 NVIDIA H100 SXM GPUs in our own cluster for 46 days.

### Software

A fork of Megatron-LM with PyTorch 2.3 and FlashAttention 2.

## Limitations

The model can produce false statements and reflects biases of web text.
"""

DATASETS = {
    "fineweb-edu": """\
---
license: odc-by
language: [en]
pretty_name: FineWeb-Edu
size_categories: [n>1T]
task_categories: [text-generation]
---

# FineWeb-Edu

Educational web pages selected from Common Crawl snapshots by a quality classifier.
""",
    "the-stack-v2-dedup": """\
---
license: other
language: [code]
pretty_name: The Stack v2 (deduplicated)
size_categories: [1B<n<10B]
task_categories: [text-generation]
tags: [modality:text, code]
---

# The Stack v2 (deduplicated)

Permissively licensed source code from public repositories, near-duplicates removed.
""",
}


def _tensors() -> list[tuple[str, list[int]]]:
    d, inner, vocab, layers = 4096, 14336, 32000, 32
    kv = 8 * (d // 32)
    found: list[tuple[str, list[int]]] = [("model.embed_tokens.weight", [vocab, d])]
    for i in range(layers):
        p = f"model.layers.{i}."
        found += [
            (p + "input_layernorm.weight", [d]),
            (p + "mlp.down_proj.weight", [d, inner]),
            (p + "mlp.gate_proj.weight", [inner, d]),
            (p + "mlp.up_proj.weight", [inner, d]),
            (p + "post_attention_layernorm.weight", [d]),
            (p + "self_attn.k_proj.weight", [kv, d]),
            (p + "self_attn.o_proj.weight", [d, d]),
            (p + "self_attn.q_proj.weight", [d, d]),
            (p + "self_attn.v_proj.weight", [kv, d]),
        ]
    found += [("model.norm.weight", [d]), ("lm_head.weight", [vocab, d])]
    return found


def _header_only(path: Path, tensors: list[tuple[str, list[int]]]) -> int:
    """A safetensors file with the header of ``tensors`` (BF16) and no data; returns bytes."""
    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name, shape in tensors:
        size = 2
        for dim in shape:
            size *= dim
        header[name] = {"dtype": "BF16", "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    path.write_bytes(struct.pack("<Q", len(raw)) + raw)
    return offset


def main() -> None:
    MODEL.mkdir(parents=True, exist_ok=True)
    for name, data in (
        ("config.json", CONFIG),
        ("generation_config.json", GENERATION),
        ("tokenizer_config.json", TOKENIZER),
    ):
        (MODEL / name).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    (MODEL / "README.md").write_text(CARD, encoding="utf-8")
    tensors = _tensors()
    half = len(tensors) // 2
    shards = {"model-00001-of-00002.safetensors": tensors[:half]}
    shards["model-00002-of-00002.safetensors"] = tensors[half:]
    total = 0
    weight_map: dict[str, str] = {}
    for name, part in shards.items():
        total += _header_only(MODEL / name, part)
        weight_map |= {tensor: name for tensor, _ in part}
    index = {"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))}
    (MODEL / "model.safetensors.index.json").write_text(
        json.dumps(index, indent=2) + "\n", encoding="utf-8"
    )
    for name, text in DATASETS.items():
        folder = ROOT / "datasets" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "README.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
