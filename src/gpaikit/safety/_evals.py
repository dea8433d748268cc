"""Evaluation evidence from the logs labs write: lm-evaluation-harness and Inspect AI.

* **lm-evaluation-harness** writes ``results_<date>.json`` (``results`` maps each task to its
  metrics, keyed ``"<metric>,<filter>"`` since v0.4 and ``"<metric>"`` before; ``n-samples``,
  ``versions``, ``config``) and, with ``--log_samples``, one ``samples_<task>_<date>.jsonl``
  per task (``doc_id``, ``doc``, ``target``, ``arguments`` with the prompt in
  ``gen_args_0.arg_0``, ``resps``, ``filtered_resps``, the metric values).
* **Inspect AI** writes ``.eval`` logs (a zip with ``header.json`` holding ``eval``,
  ``results.scores[].metrics`` and ``samples/<id>_epoch_<n>.json``) or ``.json`` logs (one
  object with the same keys and ``samples``).

Files come from others, so every read is bounded (file size, zip members and their size,
JSON nesting, line length, text kept per sample). Samples for the Model Report are drawn at
random with a seed derived from the evaluation ID, so the draw is reproducible.
"""

from __future__ import annotations

import hashlib
import json
import random
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gpaikit._exceptions import InputError, Location

__all__ = ["EvalEvidence", "EvalLogError", "read_inspect_log", "read_lm_eval"]

MAX_JSON_BYTES = 64 * 1024 * 1024
MAX_JSONL_BYTES = 1024 * 1024 * 1024
MAX_LINE_BYTES = 16 * 1024 * 1024
MAX_MEMBERS = 500_000
MAX_TEXT = 4_000
MAX_DEPTH = 64


class EvalLogError(InputError):
    """An evaluation log cannot be read or does not hold what the workspace says."""


@dataclass(frozen=True)
class EvalSample:
    id: str
    input: str
    output: str
    target: str | None
    score: str | None


@dataclass(frozen=True)
class EvalEvidence:
    """One metric of one evaluation log, with the random samples drawn from it."""

    format: str
    file: str
    task: str
    metric: str
    value: float
    evaluated_model: str | None
    sample_count: int | None
    samples: tuple[EvalSample, ...]


def _fail(
    message: str,
    file: Path,
    *,
    line: int | None = None,
    field: str | None = None,
    hint: str | None = None,
) -> EvalLogError:
    return EvalLogError(message, location=Location(file, line, field), hint=hint)


def _depth(value: Any, limit: int = MAX_DEPTH) -> int:
    stack = [(value, 1)]
    deepest = 0
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > limit:
            return depth
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return deepest


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a finite number")


def _loads(raw: bytes, file: Path, *, line: int | None = None, what: str = "JSON") -> Any:
    try:
        found = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise _fail(f"{what} is not UTF-8 text", file, line=line) from None
    except RecursionError:
        raise _fail(f"{what} is nested too deeply", file, line=line) from None
    except json.JSONDecodeError as exc:
        raise _fail(
            f"{what} is not valid JSON: {exc.msg}",
            file,
            line=line if line is not None else exc.lineno,
        ) from None
    except ValueError as exc:
        raise _fail(f"{what} holds an invalid value: {exc}", file, line=line) from None
    if _depth(found) > MAX_DEPTH:
        raise _fail(f"{what} is nested more than {MAX_DEPTH} levels deep", file, line=line)
    return found


def _read_bounded(file: Path, limit: int) -> bytes:
    if not file.is_file():
        raise _fail(
            "evaluation log not found (or not a regular file)",
            file,
            hint="check evaluations[].source.path; it is relative to the workspace",
        )
    size = file.stat().st_size
    if size > limit:
        raise _fail(f"the file is {size} bytes, more than the {limit} gpaikit reads", file)
    with file.open("rb") as handle:
        return handle.read(limit + 1)[:limit]


def _number(value: Any, file: Path, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(f"expected a number, got {type(value).__name__}", file, field=field)
    return float(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, list):
        text = "\n".join(_text(v) for v in value[:50])
    elif isinstance(value, dict):
        if "content" in value:
            role = value.get("role")
            body = _text(value["content"])
            text = f"{role}: {body}" if isinstance(role, str) else body
        elif "text" in value:
            text = _text(value["text"])
        elif value.get("type") in ("image", "audio", "video"):
            text = f"[{value['type']}]"
        else:
            text = json.dumps(value, ensure_ascii=False, sort_keys=True)[:MAX_TEXT]
    else:
        text = str(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _seed(evaluation_id: str) -> int:
    return int.from_bytes(hashlib.sha256(evaluation_id.encode("utf-8")).digest()[:8], "big")


def _draw(items: list[Any], k: int, evaluation_id: str) -> list[Any]:
    if len(items) <= k:
        return list(items)
    return random.Random(_seed(evaluation_id)).sample(items, k)


# --- lm-evaluation-harness -----------------------------------------------------------------


def _lm_metric(task_results: dict[str, Any], metric: str, file: Path, task: str) -> float:
    candidates = [metric] if "," in metric else [f"{metric},none", metric]
    for key in candidates:
        if key in task_results:
            return _number(task_results[key], file, f"results.{task}.{key}")
    known = sorted(k for k in task_results if k != "alias" and "_stderr" not in k)
    raise _fail(
        f"task '{task}' has no metric '{metric}'",
        file,
        field=f"results.{task}",
        hint=f"metrics in the file: {', '.join(known) or 'none'}",
    )


def _lm_samples(path: Path, evaluation_id: str, k: int) -> tuple[list[EvalSample], int]:
    """Reservoir-sample ``k`` lines of a samples JSONL, streaming, with bounded lines."""
    if not path.is_file():
        raise _fail(
            "samples file not found (or not a regular file)",
            path,
            hint="lm-eval writes samples_<task>_<date>.jsonl with --log_samples",
        )
    if path.stat().st_size > MAX_JSONL_BYTES:
        raise _fail(f"the samples file is larger than {MAX_JSONL_BYTES} bytes", path)
    rng = random.Random(_seed(evaluation_id))
    chosen: list[tuple[int, bytes]] = []
    count = 0
    with path.open("rb") as handle:
        for number, raw in enumerate(_lines(handle, path), start=1):
            if not raw.strip():
                continue
            count += 1
            if len(chosen) < k:
                chosen.append((number, raw))
            else:
                slot = rng.randrange(count)
                if slot < k:
                    chosen[slot] = (number, raw)
    samples = []
    for number, raw in sorted(chosen):
        row = _loads(raw, path, line=number, what="sample")
        if not isinstance(row, dict):
            raise _fail("a sample must be a JSON object", path, line=number)
        args = row.get("arguments")
        prompt: Any = None
        if isinstance(args, dict):
            first = args.get("gen_args_0")
            prompt = first.get("arg_0") if isinstance(first, dict) else None
        elif isinstance(args, list) and args:
            prompt = args[0][0] if isinstance(args[0], list) and args[0] else args[0]
        if prompt is None:
            prompt = row.get("doc")
        output = row.get("filtered_resps", row.get("resps"))
        metrics: list[Any] = row["metrics"] if isinstance(row.get("metrics"), list) else []
        score = ", ".join(f"{m}={row[m]}" for m in metrics if isinstance(m, str) and m in row)
        samples.append(
            EvalSample(
                id=str(row.get("doc_id", number)),
                input=_text(prompt),
                output=_text(output),
                target=_text(row.get("target")) or None,
                score=score or None,
            )
        )
    return samples, count


def _lines(handle: Any, path: Path) -> Iterator[bytes]:
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise _fail(f"a line is longer than {MAX_LINE_BYTES} bytes", path)
        yield raw


def read_lm_eval(
    path: Path,
    *,
    task: str | None,
    metric: str,
    evaluation_id: str,
    samples_path: Path | None = None,
    samples: int = 5,
) -> EvalEvidence:
    """One metric of an lm-evaluation-harness ``results_*.json`` and samples from its JSONL."""
    data = _loads(_read_bounded(path, MAX_JSON_BYTES), path)
    if not isinstance(data, dict) or not isinstance(data.get("results"), dict):
        raise _fail(
            "not an lm-evaluation-harness results file (no 'results' object)",
            path,
            hint="give the results_<date>.json that lm-eval writes with --output_path",
        )
    results: dict[str, Any] = data["results"]
    if task is None:
        if len(results) != 1:
            raise _fail(
                "the file holds several tasks; name one",
                path,
                field="results",
                hint=f"set source.task to one of: {', '.join(sorted(results))}",
            )
        task = next(iter(results))
    if task not in results or not isinstance(results[task], dict):
        raise _fail(
            f"no task '{task}' in the results",
            path,
            field="results",
            hint=f"tasks in the file: {', '.join(sorted(results)) or 'none'}",
        )
    value = _lm_metric(results[task], metric, path, task)
    config = data.get("config") if isinstance(data.get("config"), dict) else {}
    model = (
        data.get("model_name") or (config or {}).get("model_args") or (config or {}).get("model")
    )
    counts = data.get("n-samples")
    count: int | None = None
    if isinstance(counts, dict) and isinstance(counts.get(task), dict):
        effective = counts[task].get("effective")
        count = effective if isinstance(effective, int) else None
    drawn: list[EvalSample] = []
    if samples_path is not None:
        drawn, total = _lm_samples(samples_path, evaluation_id, samples)
        count = count if count is not None else total
    return EvalEvidence(
        format="lm_eval",
        file=str(path),
        task=task,
        metric=metric,
        value=value,
        evaluated_model=str(model) if model else None,
        sample_count=count,
        samples=tuple(drawn),
    )


# --- Inspect AI ----------------------------------------------------------------------------


def _inspect_metric(header: dict[str, Any], scorer: str | None, metric: str, file: Path) -> float:
    results = header.get("results")
    scores = results.get("scores") if isinstance(results, dict) else None
    if not isinstance(scores, list) or not scores:
        status = header.get("status")
        raise _fail(
            f"the log has no scores (status '{status}')",
            file,
            field="results.scores",
            hint="use the log of a finished evaluation (status 'success')",
        )
    names = [s.get("name") for s in scores if isinstance(s, dict)]
    chosen = None
    for score in scores:
        if isinstance(score, dict) and (
            scorer is None or scorer in (score.get("name"), score.get("scorer"))
        ):
            chosen = score
            break
    if chosen is None:
        raise _fail(
            f"no scorer '{scorer}'",
            file,
            field="results.scores",
            hint=f"scorers in the log: {', '.join(map(str, names))}",
        )
    metrics = chosen.get("metrics")
    if not isinstance(metrics, dict) or metric not in metrics:
        known = ", ".join(sorted(metrics)) if isinstance(metrics, dict) else "none"
        raise _fail(
            f"scorer '{chosen.get('name')}' has no metric '{metric}'",
            file,
            field="results.scores.metrics",
            hint=f"metrics: {known}",
        )
    entry = metrics[metric]
    value = entry.get("value") if isinstance(entry, dict) else entry
    return _number(value, file, f"results.scores.metrics.{metric}.value")


def _inspect_sample(row: Any, file: Path, where: str) -> EvalSample:
    if not isinstance(row, dict):
        raise _fail("a sample must be a JSON object", file, field=where)
    output = row.get("output")
    text: Any = None
    if isinstance(output, dict):
        text = output.get("completion") or None
        choices = output.get("choices")
        if not text and isinstance(choices, list) and choices and isinstance(choices[0], dict):
            message = choices[0].get("message")
            text = message.get("content") if isinstance(message, dict) else None
    scores = row.get("scores")
    score = None
    if isinstance(scores, dict):
        score = ", ".join(
            f"{name}={v.get('value') if isinstance(v, dict) else v}" for name, v in scores.items()
        )
    sample_id = f"{row.get('id')}" + (f" (epoch {row['epoch']})" if "epoch" in row else "")
    return EvalSample(
        id=sample_id,
        input=_text(row.get("input")),
        output=_text(text),
        target=_text(row.get("target")) or None,
        score=score or None,
    )


def read_inspect_log(
    path: Path, *, scorer: str | None, metric: str, evaluation_id: str, samples: int = 5
) -> EvalEvidence:
    """One metric of an Inspect AI log (``.eval`` zip or ``.json``) and random samples."""
    raw = None
    if path.suffix == ".json":
        raw = _read_bounded(path, MAX_JSON_BYTES)
        log = _loads(raw, path)
        if not isinstance(log, dict) or "eval" not in log:
            raise _fail("not an Inspect AI log (no 'eval' object)", path)
        header = log
        rows: list[Any] = log["samples"] if isinstance(log.get("samples"), list) else []
        drawn = [_inspect_sample(r, path, "samples") for r in _draw(rows, samples, evaluation_id)]
        pool = len(rows)
    else:
        header, drawn, pool = _read_eval_zip(path, evaluation_id, samples)
    spec = header.get("eval")
    if not isinstance(spec, dict):
        raise _fail("the log has no 'eval' object", path, field="eval")
    value = _inspect_metric(header, scorer, metric, path)
    task = spec.get("task")
    return EvalEvidence(
        format="inspect",
        file=str(path),
        task=str(task) if task else path.stem,
        metric=metric,
        value=value,
        evaluated_model=str(spec["model"]) if spec.get("model") else None,
        sample_count=pool or None,
        samples=tuple(drawn),
    )


def _member(archive: zipfile.ZipFile, name: str, path: Path) -> Any:
    info = archive.getinfo(name)
    if info.file_size > MAX_JSON_BYTES:
        raise _fail(f"zip member {name} is larger than {MAX_JSON_BYTES} bytes", path)
    with archive.open(info) as handle:
        data = handle.read(MAX_JSON_BYTES + 1)
    if len(data) > MAX_JSON_BYTES:
        raise _fail(f"zip member {name} expands beyond {MAX_JSON_BYTES} bytes", path)
    return _loads(data, path, what=name)


def _read_eval_zip(
    path: Path, evaluation_id: str, k: int
) -> tuple[dict[str, Any], list[EvalSample], int]:
    if not path.is_file():
        raise _fail(
            "evaluation log not found (or not a regular file)",
            path,
            hint="check evaluations[].source.path; it is relative to the workspace",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise _fail(f"the log has more than {MAX_MEMBERS} members", path)
            names = {i.filename for i in infos}
            head_name = "header.json" if "header.json" in names else "_journal/start.json"
            if head_name not in names:
                raise _fail(
                    "not an Inspect AI .eval log (no header.json)",
                    path,
                    hint="Inspect writes header.json when the evaluation finishes",
                )
            header = _member(archive, head_name, path)
            if not isinstance(header, dict):
                raise _fail(f"{head_name} is not a JSON object", path)
            members = sorted(n for n in names if n.startswith("samples/") and n.endswith(".json"))
            chosen = _draw(members, k, evaluation_id)
            drawn = [_inspect_sample(_member(archive, n, path), path, n) for n in sorted(chosen)]
            return header, drawn, len(members)
    except zipfile.BadZipFile as exc:
        raise _fail(f"not a readable .eval (zip) log: {exc}", path) from None
    except (zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, zlib.error) as exc:
        raise _fail(f"cannot read the .eval log: {exc}", path) from None
