"""Property-based tests (hypothesis) of everything that reads strangers' input: the workspace
loader, config.json and safetensors readers, the manifest readers, and the CLI entry points.

The property is always the same: the result is a value or gpaikit's own input error (exit 0,
1 or 2 with a message), never another exception or a traceback, within bounded time (each
example runs under an alarm) and memory (peak of Python allocations).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import string
import struct
import tempfile
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gpaikit._exceptions import GpaikitError, InputError
from gpaikit.cli import app
from gpaikit.compute import count_from_config, count_from_safetensors
from gpaikit.data import prepare_inputs
from gpaikit.workspace import parse_workspace

REPO = Path(__file__).resolve().parents[2]
SECONDS = 30
PEAK_BYTES = 256 * 1024 * 1024
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@contextmanager
def bounded() -> Iterator[None]:
    """An alarm and a peak-allocation check around one example."""

    def expired(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"took more than {SECONDS} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(SECONDS)
    tracemalloc.start()
    try:
        yield
        _, peak = tracemalloc.get_traced_memory()
        assert peak < PEAK_BYTES, f"peak {peak:,} bytes"
    finally:
        tracemalloc.stop()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- values that break parsers ---------------------------------------------------------------

WEIRD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "<script>alert(1)</script>",
        "[/EU]",
        "\x1b[2J",
        "\u202e",
        "9" * 60,
        "-1",
        "1e400",
        ".inf",
        ".nan",
        "NaN",
        "9999-12-31",
        "2025-02-30",
        "0000-01-01",
        "~",
        "null",
        "&a",
        "*a",
        "!!python/object:os.system",
        "{",
        "[",
        "'",
        '"',
        "\\",
        "#",
        "---",
        "...",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    WEIRD_TEXT,
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
WORKSPACE_KEYS = st.sampled_from(
    [
        "name",
        "parameters",
        "training_compute_flop",
        "cumulative_compute_flop",
        "eu_placement_date",
        "release_date",
        "role",
        "generality",
        "modalities",
        "training_runs",
        "licence",
        "answers",
        "compliance",
        "measures",
        "systemic_risk",
        "base_model",
        "crawlers",
        "research_only",
    ]
)


def _yaml_scalar(value: Any) -> str:
    return json.dumps(value) if not isinstance(value, str) or value.isprintable() else repr(value)


@st.composite
def workspace_texts(draw: st.DrawFn) -> str:
    """Mostly-valid workspaces with hostile values, or raw text."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.text(max_size=300))
    model = {"name": draw(st.text(min_size=1, max_size=20))}
    for key in draw(st.lists(WORKSPACE_KEYS, max_size=5, unique=True)):
        model[key] = draw(VALUES)
    document = {
        "provider": {"legal_name": draw(st.text(max_size=20)), "country": draw(WEIRD_TEXT)},
        "models": [model],
    }
    text = json.dumps(document, default=str)  # JSON is YAML
    if draw(st.booleans()):
        text = text.replace('"', "", draw(st.integers(0, 3)))  # break the quoting a little
    return text


@given(workspace_texts())
@SETTINGS
def test_workspace_loader_returns_a_workspace_or_an_input_error(text: str) -> None:
    with bounded():
        try:
            parse_workspace(text, file=Path("fuzz/gpaikit.yaml"))
        except InputError as exc:
            assert exc.render()


CONFIG_KEYS = st.sampled_from(
    [
        "model_type",
        "vocab_size",
        "hidden_size",
        "num_hidden_layers",
        "num_attention_heads",
        "num_key_value_heads",
        "intermediate_size",
        "head_dim",
        "tie_word_embeddings",
        "num_local_experts",
        "num_experts_per_tok",
        "num_experts",
        "moe_intermediate_size",
        "decoder_sparse_step",
        "mlp_only_layers",
        "first_k_dense_replace",
        "moe_layer_freq",
        "n_routed_experts",
        "text_config",
    ]
)
MODEL_TYPES = st.sampled_from(["llama", "mixtral", "qwen2_moe", "deepseek_v3", "gpt2", "falcon"])
NUMBERS = st.one_of(
    st.integers(min_value=-5, max_value=10**15), st.floats(), st.sampled_from([0, 1, 2**63, 10**40])
)


@st.composite
def configs(draw: st.DrawFn) -> bytes:
    data: dict[str, Any] = {"model_type": draw(st.one_of(MODEL_TYPES, st.text(max_size=10)))}
    for key in draw(st.lists(CONFIG_KEYS, max_size=10, unique=True)):
        data[key] = draw(st.one_of(NUMBERS, VALUES))
    text = json.dumps(data, allow_nan=True)
    if draw(st.integers(0, 5)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    return text.encode()


@given(configs())
@SETTINGS
def test_config_reader_returns_a_count_or_a_config_error(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.json"
        path.write_bytes(raw)
        with bounded():
            try:
                count = count_from_config(path)
            except GpaikitError as exc:
                assert isinstance(exc, InputError) and exc.render()
            else:
                assert 0 <= count.active <= count.total <= 1e16


@st.composite
def safetensors_files(draw: st.DrawFn) -> bytes:
    tensors: dict[str, Any] = {}
    for n in range(draw(st.integers(0, 4))):
        tensors[f"model.layers.{n}.mlp.experts.{n}.w"] = {
            "dtype": draw(st.sampled_from(["F32", "BF16", "F4", "X99", "", 7])),
            "shape": draw(st.lists(st.integers(-1, 10**12), max_size=4)),
            "data_offsets": draw(st.lists(st.integers(-1, 10**12), max_size=3)),
        }
    header = json.dumps(draw(st.one_of(st.just(tensors), VALUES))).encode()
    length = draw(st.one_of(st.just(len(header)), st.integers(0, 2**64 - 1)))
    data = draw(st.binary(max_size=64))
    blob = struct.pack("<Q", length) + header + data
    return blob[: draw(st.integers(0, len(blob)))] if draw(st.booleans()) else blob


@given(safetensors_files())
@SETTINGS
def test_safetensors_reader_returns_a_count_or_a_config_error(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.safetensors"
        path.write_bytes(raw)
        with bounded():
            try:
                count = count_from_safetensors(path, experts_per_token=1)
            except GpaikitError as exc:
                assert isinstance(exc, InputError)
            else:
                assert count.total <= len(raw) * 2


LINE_CHARS = st.text(alphabet=string.printable + "üé\u202e\x00\x1b", max_size=80)


@st.composite
def manifests(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["csv", "jsonl", "cdx", "csv.gz", "warc"]))
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        url = draw(st.one_of(st.just("https://a.example/x"), LINE_CHARS))
        status = draw(st.one_of(st.just("200"), LINE_CHARS, st.just("9" * 30)))
        size = draw(st.one_of(st.just("10"), st.just("-1"), st.just("1e400"), LINE_CHARS))
        rows.append((url, "2025-03-01T10:00:00Z", status, size))
    if kind.startswith("csv"):
        body = "url,fetch_time,http_status,content_length\n" + "".join(
            ",".join(json.dumps(v) if draw(st.booleans()) else v for v in row) + "\n"
            for row in rows
        )
    elif kind == "jsonl":
        body = "".join(
            json.dumps(
                dict(zip(("url", "fetch_time", "http_status", "content_length"), r, strict=True))
            )
            + "\n"
            for r in rows
        ) + draw(LINE_CHARS)
    elif kind == "cdx":
        body = "".join(f"k {r[1]} {r[0]} text/html {r[2]} - - - {r[3]} 0 f\n" for r in rows)
    else:
        body = "WARC/1.0\r\n" + draw(LINE_CHARS)
    raw = body.encode("utf-8", "surrogatepass")
    if kind.endswith(".gz"):
        import gzip

        raw = gzip.compress(raw)
        raw = raw[: draw(st.integers(0, len(raw)))]
    return kind, raw


@given(manifests())
@SETTINGS
def test_manifest_readers_count_bad_rows_or_refuse_the_file(case: tuple[str, bytes]) -> None:
    kind, raw = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"m.{kind}"
        path.write_bytes(raw)
        with bounded():
            try:
                prepared = prepare_inputs([path], Path(folder) / "staged")
            except GpaikitError as exc:
                assert isinstance(exc, InputError)
            else:
                assert prepared.bad_rows.total >= 0


# -- the command line ----------------------------------------------------------------------

COMMANDS = [
    ["assess", "{ws}"],
    ["assess", "{ws}", "--format", "json"],
    ["assess", "{ws}", "--check"],
    ["docs", "validate", "{ws}"],
    ["docs", "render", "mdf", "{ws}"],
    ["docs", "render", "training_summary", "{ws}", "--format", "html"],
    ["compute", "estimate"],
    ["rep", "check", "{robots}"],
    ["rep", "lint", "{robots}"],
    ["law", "show"],
    ["data", "sample", "--rows"],
    ["build", "{ws}", "--out"],
]
ARGS = st.one_of(
    WEIRD_TEXT,
    st.sampled_from(
        [
            "--as-of",
            "2026-11-28",
            "9999-12-31",
            "--model",
            "--recipient",
            "public",
            "ai_office",
            "--format",
            "model-card",
            "pdf",
            "--params",
            "--tokens",
            "--config",
            "--safetensors",
            "--accelerator",
            "H100",
            "--count",
            "--hours",
            "--agent",
            "GPTBot",
            "https://a.example/x",
            "{ws}",
            "{out}",
            "/",
            ".",
            "1e300",
            "-5",
            "0",
        ]
    ),
)


@given(st.sampled_from(COMMANDS), st.lists(ARGS, max_size=5))
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_cli_entry_points_exit_0_1_or_2_without_traceback(
    command: list[str], extra: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        ws = root / "ws"
        shutil.copytree(REPO / "examples" / "open-weights-7b", ws)
        robots = root / "robots.txt"
        robots.write_text("User-agent: *\nDisallow: /private\n")
        names = {"{ws}": str(ws), "{robots}": str(robots), "{out}": str(root / "out")}
        args = [names.get(a, a) for a in [*command, *extra]]
        cwd = Path.cwd()
        before = sorted(p.name for p in cwd.iterdir())
        os.chdir(root)
        try:
            with bounded():
                result = CliRunner().invoke(app, args)
        finally:
            os.chdir(cwd)
    error = result.exception
    assert error is None or isinstance(error, SystemExit), (args, repr(error))
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output[-500:])
    assert "Traceback" not in result.output
    # nothing written where the suite was started
    assert sorted(p.name for p in cwd.iterdir()) == before
