"""Writes the binary and generated files of the hostile-input corpus (run once; committed).

    python tests/hostile/make_corpus.py

The text files next to this script were written by hand. Every file is one probe of issue 10;
``tests/safety/test_hostile_corpus.py`` runs each through the command that reads it.
"""

from __future__ import annotations

import gzip
import io
import json
import struct
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE = "provider: {legal_name: Probe SA, country: FR}\nmodels:\n  - name: m\n"


def _safetensors(header: object, data: bytes = b"", length: int | None = None) -> bytes:
    raw = json.dumps(header).encode()
    size = len(raw) if length is None else length
    return struct.pack("<Q", size) + raw + data


def _warc(records: int) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n in range(records):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://a.example/{n}",
            "response",
            payload=io.BytesIO(b"<p>x</p>" * 300),
            http_headers=http,
        )
        writer.write_record(record)
    return buffer.getvalue()


def main() -> None:
    ws = HERE / "workspace"
    ws.mkdir(exist_ok=True)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i, name in enumerate("bcdefghij", start=1):
        prev = "abcdefghij"[i - 1]
        bomb += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
    (ws / "billion-laughs.yaml").write_text(
        BASE + "    answers:\n" + "".join("      " + line + "\n" for line in bomb.splitlines())
    )
    (ws / "deep-nesting.yaml").write_text(
        BASE + "    answers: {MDF.MP.01: " + "[" * 5000 + "]" * 5000 + "}\n"
    )
    (ws / "huge-integer.yaml").write_text(BASE + "    parameters: " + "9" * 5000 + "\n")

    cfg = HERE / "config"
    cfg.mkdir(exist_ok=True)
    llama = json.loads((HERE.parent / "compute" / "configs" / "llama-3.1-8b.json").read_text())
    (cfg / "layers-1e12.json").write_text(json.dumps({**llama, "num_hidden_layers": 10**12}))
    (cfg / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (cfg / "huge-integer.json").write_text(
        '{"model_type": "llama", "vocab_size": ' + "9" * 5000 + "}"
    )

    st = HERE / "safetensors"
    st.mkdir(exist_ok=True)
    (st / "unknown-dtype-huge-shape.safetensors").write_bytes(
        _safetensors(
            {"w": {"dtype": "X99", "shape": [10**12, 10**12, 10**12], "data_offsets": [0, 4]}},
            b"\0" * 4,
        )
    )
    (st / "header-length-overflow.safetensors").write_bytes(_safetensors({}, length=2**63))
    (st / "header-past-end.safetensors").write_bytes(_safetensors({"w": {}}, length=10_000))
    (st / "offsets-past-end.safetensors").write_bytes(
        _safetensors({"w": {"dtype": "F32", "shape": [10**9], "data_offsets": [0, 4 * 10**9]}})
    )
    (st / "nan-in-header.safetensors").write_bytes(struct.pack("<Q", 21) + b'{"__metadata__": NaN}')

    data = HERE / "manifests"
    data.mkdir(exist_ok=True)
    rows = (
        "url,fetch_time,http_status,content_length\n"
        + "https://a.example/,2025-03-01T10:00:00Z,200,5\n" * 3000
    )
    packed = gzip.compress(rows.encode(), mtime=0)
    (data / "truncated.csv.gz").write_bytes(packed[: len(packed) // 2])
    warc = _warc(30)
    (data / "truncated.warc.gz").write_bytes(warc[: len(warc) * 2 // 3])
    (data / "broken.parquet").write_bytes(b"PAR1" + b"\0garbage" * 8 + b"PAR1")
    (data / "deep-record.jsonl").write_text("[" * 100_000 + "\n")


if __name__ == "__main__":
    main()
