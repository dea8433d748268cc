"""Evaluation importers on files in the real formats, and malformed logs."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from gpaikit.safety import EvalLogError, read_inspect_log, read_lm_eval

FIX = Path(__file__).parent / "fixtures"
RESULTS = FIX / "results_2026-02-10T09-12-44.json"
SAMPLES = FIX / "samples_wmdp_bio_2026-02-10T09-12-44.jsonl"


def test_lm_eval_results_and_random_samples() -> None:
    ev = read_lm_eval(
        RESULTS, task="wmdp_bio", metric="acc", evaluation_id="wmdp", samples_path=SAMPLES
    )
    assert ev.value == pytest.approx(0.412) and ev.task == "wmdp_bio"
    assert ev.evaluated_model == "helios-ultra-2026-03" and ev.sample_count == 8
    assert len(ev.samples) == 5 and len({s.id for s in ev.samples}) == 5
    assert all(s.input.startswith("Question") and s.output for s in ev.samples)
    again = read_lm_eval(
        RESULTS, task="wmdp_bio", metric="acc,none", evaluation_id="wmdp", samples_path=SAMPLES
    )
    assert [s.id for s in again.samples] == [s.id for s in ev.samples]  # reproducible draw
    other = read_lm_eval(
        RESULTS, task=None, metric="acc", evaluation_id="another-id", samples_path=SAMPLES
    )
    assert other.task == "wmdp_bio"


def test_lm_eval_v0_layout_without_filters() -> None:
    ev = read_lm_eval(
        FIX / "arc_challenge-v0-res.json", task=None, metric="acc_norm", evaluation_id="arc"
    )
    assert ev.value == pytest.approx(0.28242320819112626) and ev.samples == ()


def test_inspect_eval_zip_log() -> None:
    ev = read_inspect_log(
        FIX / "cyber_ctf_suite.eval", scorer="includes", metric="accuracy", evaluation_id="ctf"
    )
    assert ev.value == pytest.approx(1 / 3) and ev.task == "cyber_ctf_suite"
    assert ev.evaluated_model == "helios/helios-ultra-2026-03" and ev.sample_count == 6
    assert len(ev.samples) == 5
    assert all(s.input.startswith("system: You are in a capture-the-flag") for s in ev.samples)
    assert all(
        "flag{" in s.output and s.score and s.score.startswith("includes=") for s in ev.samples
    )


def test_inspect_json_log() -> None:
    ev = read_inspect_log(
        FIX / "persuasion.json", scorer=None, metric="mean", evaluation_id="persuasion"
    )
    assert ev.value == pytest.approx(0.3571) and len(ev.samples) == 5
    assert all(s.output.startswith("Answer") for s in ev.samples)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"task": "mmlu", "metric": "acc"}, "no task 'mmlu'"),
        ({"task": "wmdp_bio", "metric": "f1"}, "has no metric 'f1'"),
    ],
)
def test_lm_eval_wrong_task_or_metric(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(EvalLogError, match=message) as info:
        read_lm_eval(RESULTS, evaluation_id="x", **kwargs)
    assert info.value.hint  # names what the file holds


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"results": {"t": {"acc": NaN}}}', "invalid value"),
        (b'{"results": [1]}', "no 'results' object"),
        (b"[" * 5000 + b"]" * 5000, "nested"),
        (b'{"results": {"t": {"acc": "high"}}}', "expected a number"),
        ("é".encode("latin-1"), "not UTF-8"),
    ],
)
def test_malformed_lm_eval_results(tmp_path: Path, content: bytes, message: str) -> None:
    path = _write(tmp_path, "results.json", content)
    with pytest.raises(EvalLogError, match=message) as info:
        read_lm_eval(path, task="t", metric="acc", evaluation_id="x")
    assert str(path) in info.value.render()


def test_malformed_samples_line_names_the_line(tmp_path: Path) -> None:
    samples = _write(tmp_path, "samples.jsonl", b'{"doc_id": 0}\n{broken\n')
    with pytest.raises(EvalLogError, match="not valid JSON") as info:
        read_lm_eval(
            RESULTS, task="wmdp_bio", metric="acc", evaluation_id="x", samples_path=samples
        )
    assert f"{samples}:2" in info.value.render()


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EvalLogError, match="not found"):
        read_lm_eval(tmp_path / "absent.json", task=None, metric="acc", evaluation_id="x")
    with pytest.raises(EvalLogError, match="not found"):
        read_inspect_log(
            tmp_path / "absent.eval", scorer=None, metric="accuracy", evaluation_id="x"
        )


def test_malformed_inspect_logs(tmp_path: Path) -> None:
    with pytest.raises(EvalLogError, match=r"not a readable \.eval"):
        read_inspect_log(
            _write(tmp_path, "a.eval", b"PK\x03\x04garbage"),
            scorer=None,
            metric="accuracy",
            evaluation_id="x",
        )
    empty = tmp_path / "b.eval"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("other.txt", "x")
    with pytest.raises(EvalLogError, match=r"no header\.json"):
        read_inspect_log(empty, scorer=None, metric="accuracy", evaluation_id="x")
    started = tmp_path / "c.json"
    started.write_text(json.dumps({"version": 2, "status": "started", "eval": {"task": "t"}}))
    with pytest.raises(EvalLogError, match="no scores"):
        read_inspect_log(started, scorer=None, metric="accuracy", evaluation_id="x")
    with pytest.raises(EvalLogError, match="no scorer 'judge'"):
        read_inspect_log(
            FIX / "cyber_ctf_suite.eval", scorer="judge", metric="accuracy", evaluation_id="x"
        )


def test_zip_member_expanding_beyond_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gpaikit.safety._evals as evals

    monkeypatch.setattr(evals, "MAX_JSON_BYTES", 1000)
    bomb = tmp_path / "bomb.eval"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("header.json", "{" + " " * 100_000 + "}")
    with pytest.raises(EvalLogError, match="larger than 1000 bytes"):
        read_inspect_log(bomb, scorer=None, metric="accuracy", evaluation_id="x")


def test_long_sample_text_is_cut(tmp_path: Path) -> None:
    row = {"doc_id": 1, "arguments": {"gen_args_0": {"arg_0": "x" * 10_000}}, "resps": [["y"]]}
    samples = _write(tmp_path, "s.jsonl", (json.dumps(row) + "\n").encode())
    ev = read_lm_eval(
        RESULTS, task="wmdp_bio", metric="acc", evaluation_id="x", samples_path=samples
    )
    assert len(ev.samples[0].input) == 4000 and ev.samples[0].input.endswith("…")
