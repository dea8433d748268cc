"""Read ``gpaikit.yaml`` into a :class:`Workspace`, with errors that name file, line and field.

All problems in the file are reported at once, and nothing is returned unless the whole file is
valid: there is no half-loaded workspace.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from gpaikit._exceptions import InputError, Location, WorkspaceError
from gpaikit._untrusted import PLAUSIBLE_MAX, load_yaml, read_text
from gpaikit.law import Catalog, Measure, Obligation, load_catalog
from gpaikit.workspace._model import Workspace
from gpaikit.workspace._safety import check_safety_section

__all__ = ["WORKSPACE_FILE", "load_workspace", "parse_workspace"]

WORKSPACE_FILE = "gpaikit.yaml"


def load_workspace(path: Path | str, *, catalog: Catalog | None = None) -> Workspace:
    """Load a workspace from a directory (containing ``gpaikit.yaml``) or from the file itself."""
    path = Path(path)
    file = path / WORKSPACE_FILE if path.is_dir() else path
    if not file.exists():
        hint = (
            f"run `gpaikit init {path}` to create one" if path.is_dir() or not path.suffix else None
        )
        raise WorkspaceError(f"no workspace at {path}: {file} does not exist", hint=hint)
    text = read_text(file, what="workspace file", error=WorkspaceError)
    return parse_workspace(text, file=file, catalog=catalog)


def parse_workspace(text: str, *, file: Path, catalog: Catalog | None = None) -> Workspace:
    """Validate workspace YAML text; ``file`` is used in messages and as the workspace root."""
    # bounded: aliases, depth, size, numbers and dates are checked before anything is built
    data = load_yaml(
        text,
        source=file,
        round_trip=True,
        error=WorkspaceError,
        hint="check indentation, quoting and the value on that line",
    )
    if not isinstance(data, dict):
        raise WorkspaceError(
            "the file must be a mapping with 'provider' and 'models'",
            location=Location(file, 1),
            hint="see `gpaikit init` for a commented example",
        )
    try:
        workspace = Workspace.model_validate({**data, "root": file.parent})
    except ValidationError as exc:
        errors = exc.errors()
        nested = [tuple(e["loc"]) for e in errors]
        # a failing item also makes its list "too short"; report only the item's own problem
        errors = [
            e
            for e in errors
            if not (
                e["type"] == "too_short"
                and any(
                    len(n) > len(e["loc"]) and n[: len(e["loc"])] == tuple(e["loc"]) for n in nested
                )
            )
        ]
        problems = tuple(_problem(file, data, err) for err in errors)
        raise WorkspaceError(
            f"{file} has {len(problems)} problem{'s' if len(problems) != 1 else ''}",
            problems=problems,
        ) from None
    _check_ids(workspace, data, file, catalog or load_catalog())
    _check_safety(workspace, data, file, catalog or load_catalog())
    workspace._locator = lambda path: _line_of(data, path)
    return workspace


def _problem(file: Path, data: Any, err: Any) -> InputError:
    loc: tuple[Any, ...] = tuple(p for p in err["loc"] if not isinstance(p, str) or "[" not in p)
    field = ".".join(str(p) for p in loc)
    message = err["msg"]
    if err["type"] == "extra_forbidden":
        message = "unknown key"
        parent = _walk(data, loc[:-1])
        hint = "remove it or fix its spelling"
        if isinstance(parent, dict):
            allowed = [k for k in _allowed_keys(loc[:-1]) if k != "root"]
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=3)
            valid = f"valid keys here: {', '.join(allowed)} (docs/workspace.md)"
            hint = (
                f"did you mean {' or '.join(repr(c) for c in close)}? {valid}"
                if close
                else f"remove it or fix its spelling; {valid}"
            )
        return InputError(message, location=Location(file, _line_of(data, loc), field), hint=hint)
    if err["type"] == "missing":
        message = "required field is missing"
    value = err.get("input")
    if err["type"] not in ("missing",) and not isinstance(value, dict | list):
        message = f"{message} (got {value!r})"
    limit = err.get("ctx", {}).get("le") if err["type"] == "less_than_equal" else None
    if limit is not None and limit in PLAUSIBLE_MAX.values():
        message = f"{value!r} is not a plausible value (at most {float(limit):.0e})"
        return InputError(
            message,
            location=Location(file, _line_of(data, loc), field),
            hint="check the exponent: parameters, tokens and FLOP are plain counts (7e9, 15e12)",
        )
    return InputError(message, location=Location(file, _line_of(data, loc), field))


def _submodel(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside ``X | None``, ``tuple[X, ...]`` or ``dict[str, X]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _submodel(arg)
        if found is not None:
            return found
    return None


def _allowed_keys(loc: Sequence[Any]) -> list[str]:
    """The keys the model accepts at ``loc`` (for spelling suggestions)."""
    model: type[BaseModel] | None = Workspace
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(str(part))
        model = _submodel(field.annotation) if field is not None else None
    return list(model.model_fields) if model is not None else []


def _walk(data: Any, loc: Sequence[Any]) -> Any:
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _line_of(data: Any, loc: Sequence[Any]) -> int | None:
    """1-based line of the deepest part of ``loc`` that exists in the round-trip tree."""
    node, line = data, None
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            line = node.lc.key(part)[0] + 1
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line = node.lc.item(part)[0] + 1
        else:
            break
        node = node[part]
    if line is None and isinstance(data, CommentedMap):
        line = 1
    return line


def _check_safety(workspace: Workspace, data: Any, file: Path, catalog: Catalog) -> None:
    measures = [m.id for m in catalog.of_kind(Measure)]
    names = [m.name for m in workspace.models]
    line_of = lambda loc: _line_of(data, loc)  # noqa: E731
    check_safety_section(workspace.safety_security, names, measures, line_of, file)


def _check_ids(workspace: Workspace, data: Any, file: Path, catalog: Catalog) -> None:
    """Compliance and measure keys must be catalog IDs of the right kind."""
    obligation_ids = [o.id for o in catalog.of_kind(Obligation)]
    measure_ids = [m.id for m in catalog.of_kind(Measure)]
    problems: list[InputError] = []
    for index, model in enumerate(workspace.models):
        for section, known, kind in (
            ("compliance", obligation_ids, "obligation"),
            ("measures", measure_ids, "Code measure"),
        ):
            for key in getattr(model, section):
                if key in known:
                    continue
                close = difflib.get_close_matches(key, known, n=3, cutoff=0.5)
                hint = (
                    f"did you mean {' or '.join(close)}?"
                    if close
                    else f"list valid IDs with `gpaikit law list --kind {kind.split()[-1].lower()}`"
                )
                loc = ("models", index, section, key)
                problems.append(
                    InputError(
                        f"unknown {kind} ID '{key}'",
                        location=Location(file, _line_of(data, loc), ".".join(map(str, loc))),
                        hint=hint,
                    )
                )
    if problems:
        raise WorkspaceError(
            f"{file} has {len(problems)} problem{'s' if len(problems) != 1 else ''}",
            problems=tuple(problems),
        )
