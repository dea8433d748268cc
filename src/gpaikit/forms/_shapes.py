"""What a valid answer to a form item looks like, in YAML, for messages and the reference docs.

Generated from the item spec (its type, options, fields and the items it depends on), so a
"required item" message can show the shape instead of only the item's name.
"""

from __future__ import annotations

from gpaikit.forms._spec import FormSpec, Item, RecordField

__all__ = ["DECLARE_INSTEAD", "answer_example", "answer_hint"]

_FIELD_SAMPLES = {"url": "https://example.com/...", "date": "2025-10-01", "month": "2025-10"}
_FIELD_SAMPLES |= {"number": '"1.5e13"'}

DECLARE_INSTEAD: dict[str, str] = {
    "provider.": "the provider's facts under `provider:`",
    "model.architecture": "`config:` on a training run (the model's config.json)",
    "model.max_input_size": "`config:` on a training run (its context window)",
    "model.max_output_size": "`config:` on a training run (its context window)",
    "model.integration": "`config:` on a training run (the model's config.json)",
    "model.required_hardware": "`weights:` or `config:` on a training run",
    "model.required_software": "`config:` on a training run (the model's config.json)",
    "model.parameters": "`parameters:`, or `weights:`/`config:` on a training run",
    "model.parameter_bracket": "`parameters:`, or `weights:`/`config:` on a training run",
    "model.input_modalities": "`modalities: {input: [...]}`",
    "model.output_modalities": "`modalities: {output: [...]}`",
    "model.distribution": "`distribution: [...]`",
    "model.licence": "`licence:`",
    "model.provenance": "`crawlers:` and `datasets:`",
    "model.crawls": "`crawlers:` (or `datasets:` without crawlers)",
    "model.synthetic": "a synthetic_data_generation run or a synthetic dataset",
    "model.release_date": "`release_date:`",
    "model.eu_placement_date": "`eu_placement_date:`",
    "model.": "the model's facts in gpaikit.yaml",
    "compute.energy": "a `fleet` (or `energy_mwh`) on every training run",
    "compute.inference": "`inference_benchmark: {task: ..., tokens: ...}`",
    "compute.": "`training_runs:` with parameters and tokens, or a fleet",
    "data.number_of_points": "`tokens:` on the training runs",
    "data.languages": "`datasets:` with languages or a dataset card",
    "data.size_ranges": "`tokens:` on the training runs, or a data summary",
    "data.": "a data summary (`gpaikit data summarize MANIFEST --out artifacts/data-summary`)",
    "datasets.": "`datasets:` (each with `source:`, and a `card:` or modalities)",
    "document.": "nothing: gpaikit fills it when it builds the document",
}
"""What to declare in gpaikit.yaml so that gpaikit derives an item (longest prefix wins)."""


def _field(spec: RecordField) -> str:
    return _FIELD_SAMPLES.get(spec.type, "...")


def answer_example(item: Item, spec: FormSpec | None = None) -> str:
    """One line of YAML answering ``item`` under ``answers:`` (values are placeholders)."""
    kind = item.type
    value: str
    if kind in ("enum", "bracket"):
        value = item.options[0].id
    elif kind == "multi":
        picked = [o.id for o in item.options[:2]]
        value = f"[{', '.join(picked)}]"
    elif kind == "bool":
        value = "yes"
    elif kind == "date":
        value = "2025-10-01"
    elif kind == "month":
        value = "2025-10"
    elif kind == "period":
        value = "{start: 2024-01, end: 2025-10}"
    elif kind == "number":
        value = '"7.2e9"' if (item.min_sigfigs or 0) >= 2 else '"40"'
    elif kind == "magnitude":
        value = '"1e24"'
    elif kind == "url":
        value = "https://example.com/..."
    elif kind == "list":
        value = "[first, second]"
    elif kind == "records":
        fields = ", ".join(f"{f.name}: {_field(f)}" for f in item.fields)
        value = f"[{{{fields}}}]"
    elif kind == "map":
        keys = ["text"]
        if spec is not None and item.keys_of:
            first = spec.item(item.keys_of).options
            keys = [first[0].id] if first else keys
        value = "{" + ", ".join(f"{k}: ..." for k in keys) + "}"
    else:
        value = "..."
    if item.na and kind not in ("bool",):
        value += "   # or N/A"
    return f"{item.id}: {value}"


def _declare(name: str) -> str | None:
    matches = [p for p in DECLARE_INSTEAD if name.startswith(p)]
    return DECLARE_INSTEAD[max(matches, key=len)] if matches else None


def answer_hint(item: Item, spec: FormSpec | None = None, *, index: int | None = None) -> str:
    """How to fix a missing item: the answer's shape, and what to declare instead."""
    where = f"models[{index}].answers" if index is not None else "models[].answers"
    hint = f"answer it under {where} in gpaikit.yaml, e.g. `{answer_example(item, spec)}`"
    if item.derived_from:
        declare = _declare(item.derived_from)
        if declare:
            hint += f"; or give gpaikit {declare} and it derives the value"
    return hint
