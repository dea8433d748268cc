"""One bounded loader for YAML and JSON that others control.

Workspaces, model cards, ``config.json``, safetensors headers, job artefacts and version
records are written by people gpaikit cannot trust to be careful or honest. Everything they
contain passes through here first, with limits on what a parser would otherwise accept
without bound:

- only regular files are opened (a FIFO or a device would hang or never end), up to a size;
- YAML aliases are counted *expanded* ("billion laughs"), recursive aliases are refused;
- nesting depth and the number of values are limited;
- integers have at most ``max_int_digits`` digits, floats must be finite (no ``.inf``, ``NaN``
  or ``1e400``), dates lie between ``min_year`` and ``max_year``;
- JSON objects may not repeat a key, and YAML tags are the standard ones only.

A violation is an :class:`InputError` (or the subclass the caller names) with the file, line
where known, and what to change. The limits and their defaults are in ``docs/security.md``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from gpaikit._exceptions import InputError, Location

__all__ = [
    "DEFAULT_LIMITS",
    "PLAUSIBLE_MAX",
    "FolderWalk",
    "Limits",
    "load_json",
    "load_yaml",
    "open_regular",
    "read_bytes",
    "read_text",
    "walk_folder",
]


@dataclass(frozen=True)
class Limits:
    """What an untrusted document may contain. Every field is a hard ceiling."""

    max_bytes: int = 8 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 1_000_000
    max_int_digits: int = 40
    min_year: int = 1900
    max_year: int = 2200

    def but(self, **changes: Any) -> Limits:
        """A copy with some limits changed (``DEFAULT_LIMITS.but(max_bytes=...)``)."""
        return replace(self, **changes)


DEFAULT_LIMITS = Limits()

#: Ceilings far above any real training run (the largest reported runs are near 5e26 FLOP,
#: 2e12 parameters and 1e14 tokens). A value beyond them is a typo or a hostile file and would
#: otherwise give absurd or infinite results; workspaces and the compute estimator both refuse
#: it. Keyed by quantity.
PLAUSIBLE_MAX: dict[str, float] = {
    "params": 1e16,
    "tokens": 1e17,
    "flop": 1e32,
    "epochs": 1e4,
    "count": 1e8,
    "hours": 1e6,
    "gpu_hours": 1e12,
    "peak_tflops": 1e7,
    "energy_mwh": 1e8,  # 100 TWh: a fifth of every data centre on Earth for a year
}

ErrorFactory = Callable[..., InputError]

_YAML_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge")
)


def _fail(
    error: ErrorFactory, message: str, source: Path | str | None, line: int | None, hint: str
) -> InputError:
    return error(message, location=Location(file=source, line=line), hint=hint)


def open_regular(
    path: Path | str, *, what: str = "file", error: ErrorFactory = InputError
) -> BinaryIO:
    """Open a *regular* file for reading in binary; anything else is refused before a read.

    The check is made on the open descriptor (no race with a swapped path) and the open does
    not block, so a FIFO or a device named as input is an error instead of a hang.
    """
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _fail(
            error, f"cannot read the {what}: {exc.strerror or exc}", path, None, "check the path"
        ) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _fail(
                error,
                f"the {what} is not a regular file",
                path,
                None,
                "give the path of an ordinary file (not a directory, pipe or device)",
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(
    path: Path | str,
    *,
    limits: Limits = DEFAULT_LIMITS,
    what: str = "file",
    error: ErrorFactory = InputError,
) -> bytes:
    """The bytes of a *regular* file of at most ``limits.max_bytes`` (see :func:`open_regular`)."""
    with open_regular(path, what=what, error=error) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            if size > limits.max_bytes:
                raise _fail(
                    error,
                    f"the {what} has {size:,} bytes, more than the limit of {limits.max_bytes:,}",
                    path,
                    None,
                    "this is not a file gpaikit expects here; check that it is the right one",
                )
            data = handle.read(limits.max_bytes + 1)
        except OSError as exc:
            raise _fail(
                error, f"cannot read the {what}: {exc.strerror or exc}", path, None, "check it"
            ) from None
    if len(data) > limits.max_bytes:  # the file grew while it was read
        raise _fail(error, f"the {what} grew past {limits.max_bytes:,} bytes", path, None, "retry")
    return data


def read_text(
    path: Path | str,
    *,
    limits: Limits = DEFAULT_LIMITS,
    what: str = "file",
    error: ErrorFactory = InputError,
) -> str:
    """:func:`read_bytes`, decoded as UTF-8 (a byte-order mark is dropped)."""
    data = read_bytes(path, limits=limits, what=what, error=error)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(
            error,
            f"the {what} is not UTF-8 text (byte {exc.start})",
            path,
            line,
            "save the file as UTF-8",
        ) from None


# -- JSON ------------------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def load_json(
    data: str | bytes,
    *,
    source: Path | str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    what: str = "JSON",
    error: ErrorFactory = InputError,
    hint: str = "fix the JSON, or regenerate the file",
) -> Any:
    """Parse JSON text within ``limits``; ``NaN``, ``Infinity``, ``1e400``, over-long
    integers, repeated keys, deep nesting and too many values are errors."""
    size = len(data)
    if size > limits.max_bytes:
        raise _fail(
            error, f"{what} has {size:,} bytes, more than {limits.max_bytes:,}", source, None, hint
        )
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    # An upper bound on the number of values, counted in C before Python objects exist.
    estimate = raw.count(b",") + raw.count(b"[") + raw.count(b"{") + 1
    if estimate > limits.max_nodes * 2:
        raise _fail(
            error, f"{what} holds more than {limits.max_nodes:,} values", source, None, hint
        )

    def parse_int(text: str) -> int:
        if len(text.lstrip("-")) > limits.max_int_digits:
            raise ValueError(f"an integer of {len(text.lstrip('-'))} digits")
        return int(text)

    def parse_float(text: str) -> float:
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(f"the number {text[:40]} is out of range")
        return value

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise ValueError(f"the key {key[:80]!r} appears twice in one object")
            out[key] = value
        return out

    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        value = json.loads(
            text,
            parse_int=parse_int,
            parse_float=parse_float,
            parse_constant=_reject_constant,
            object_pairs_hook=pairs,
        )
    except UnicodeDecodeError as exc:
        raise _fail(error, f"{what} is not UTF-8 (byte {exc.start})", source, None, hint) from None
    except json.JSONDecodeError as exc:
        raise _fail(
            error, f"{what} is not valid JSON: {exc.msg}", source, exc.lineno, hint
        ) from None
    except RecursionError:
        raise _fail(
            error, f"{what} is nested more than {limits.max_depth} levels deep", source, None, hint
        ) from None
    except ValueError as exc:
        raise _fail(error, f"{what} is not acceptable: {exc}", source, None, hint) from None
    _check_tree(value, limits, error, source, what, hint)
    return value


def _check_tree(
    value: Any, limits: Limits, error: ErrorFactory, source: Path | str | None, what: str, hint: str
) -> None:
    """Depth and value count of a parsed JSON tree (iterative: no recursion to exhaust)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    nodes = 0
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if nodes > limits.max_nodes:
            raise _fail(
                error, f"{what} holds more than {limits.max_nodes:,} values", source, None, hint
            )
        if depth > limits.max_depth:
            raise _fail(
                error,
                f"{what} is nested more than {limits.max_depth} levels deep",
                source,
                None,
                hint,
            )
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)


# -- YAML ------------------------------------------------------------------------------------


_FLOW_TOKENS = re.compile(
    r"""[\[\]{}]|"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|(?:^|(?<=\s))#[^\n]*""", re.M
)


def _flow_depth(text: str, limit: int) -> int:
    """Deepest nesting of flow collections (``[``, ``{``), outside quotes and comments.

    The YAML scanner's cost grows with the square of this depth, so it is measured first;
    the quick count of all brackets spares the scan for almost every real document.
    """
    brackets = text.count("[") + text.count("{")
    if brackets <= limit:
        return brackets
    depth = deepest = 0
    for match in _FLOW_TOKENS.finditer(text):
        token = match.group(0)
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth = max(depth - 1, 0)
    return deepest


_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _yaml_problem(exc: Exception) -> tuple[str, int | None]:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return str(problem), line


def _scalar_problem(tag: str, text: str, limits: Limits) -> str | None:
    if tag.endswith(":int"):
        digits = sum(ch.isdigit() for ch in text)
        if digits > limits.max_int_digits:
            return f"an integer of {digits} digits (at most {limits.max_int_digits})"
    elif tag.endswith(":float"):
        cleaned = text.replace("_", "").lower()
        if cleaned.lstrip("+-") in (".inf", ".nan", "inf", "nan"):
            return f"{text!r} is not a finite number"
        try:
            value = float(cleaned)
        except ValueError:
            return None  # sexagesimal and other YAML 1.1 spellings: the constructor decides
        if not math.isfinite(value):
            return f"the number {text[:40]} is out of range"
    elif tag.endswith(":timestamp"):
        found = _DATE.match(text.strip())
        if found:
            year, month, day = (int(g) for g in found.groups())
            if not limits.min_year <= year <= limits.max_year:
                return f"the year {year} is outside {limits.min_year}-{limits.max_year}"
            try:
                dt.date(year, month, day)
            except ValueError:
                return f"{text.strip()[:10]} is not a date in the calendar"
    return None


def _check_yaml_nodes(
    root: Any, limits: Limits, error: ErrorFactory, source: Path | str | None, hint: str
) -> None:
    """Walk the composed node graph once: expanded size, depth, cycles, scalars and tags.

    An alias is the same node object reached twice, so ``expanded[id]`` counts what a
    consumer walking the loaded data would visit; that is what an alias bomb inflates.
    """
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    expanded: dict[int, int] = {}
    height: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]

    def line_of(node: Any) -> int | None:
        mark = getattr(node, "start_mark", None)
        return mark.line + 1 if mark is not None else None

    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            children = _children(node, MappingNode, SequenceNode)
            size = 1 + sum(expanded[id(c)] for c in children)
            depth = 1 + max((height[id(c)] for c in children), default=0)
            if size > limits.max_nodes:
                raise _fail(
                    error,
                    f"the document expands to more than {limits.max_nodes:,} values "
                    "(anchors and aliases are counted each time they are used)",
                    source,
                    line_of(node),
                    "write the values out instead of repeating aliases",
                )
            if depth > limits.max_depth:
                raise _fail(
                    error,
                    f"values are nested more than {limits.max_depth} levels deep",
                    source,
                    line_of(node),
                    hint,
                )
            expanded[key], height[key] = size, depth
            continue
        if key in expanded:
            continue
        if key in open_nodes:
            raise _fail(
                error,
                "an alias refers to the value that contains it (a recursive structure)",
                source,
                line_of(node),
                "remove the recursive alias",
            )
        tag = str(node.tag)
        if tag not in _YAML_TAGS:
            raise _fail(
                error,
                f"the tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed",
                source,
                line_of(node),
                "remove the tag; only plain YAML values are read",
            )
        if isinstance(node, ScalarNode):
            problem = _scalar_problem(tag, str(node.value), limits)
            if problem:
                raise _fail(error, problem, source, line_of(node), hint)
            expanded[key], height[key] = 1, 1
            continue
        open_nodes.add(key)
        stack.append((node, True))
        for child in _children(node, MappingNode, SequenceNode):
            if id(child) not in expanded:
                stack.append((child, False))


def _children(node: Any, mapping: type, sequence: type) -> list[Any]:
    value: Any = getattr(node, "value", None)
    if isinstance(node, mapping):
        return [part for pair in value for part in pair]
    if isinstance(node, sequence):
        return list(value)
    return []


def load_yaml(
    text: str,
    *,
    source: Path | str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    round_trip: bool = False,
    error: ErrorFactory = InputError,
    hint: str = "fix the YAML on that line",
) -> Any:
    """Parse YAML text within ``limits``.

    ``round_trip=True`` returns ruamel's commented mappings and sequences, which remember
    the line of every key (the workspace loader names lines in its messages).
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    if len(text) > limits.max_bytes:
        raise _fail(
            error,
            f"the document has {len(text):,} characters, more than {limits.max_bytes:,}",
            source,
            None,
            hint,
        )
    kind = "rt" if round_trip else "safe"
    if _flow_depth(text, limits.max_depth) > limits.max_depth:
        raise _fail(
            error, f"values are nested more than {limits.max_depth} levels deep", source, None, hint
        )
    try:
        node = YAML(typ=kind, pure=True).compose(text)
    except RecursionError:
        raise _fail(
            error, f"values are nested more than {limits.max_depth} levels deep", source, None, hint
        ) from None
    except (YAMLError, ValueError) as exc:
        problem, line = _yaml_problem(exc)
        raise _fail(error, f"invalid YAML: {problem}", source, line, hint) from None
    if node is None:
        return None
    _check_yaml_nodes(node, limits, error, source, hint)
    try:
        return YAML(typ=kind, pure=True).load(text)
    except (YAMLError, ValueError, OverflowError) as exc:
        problem, line = _yaml_problem(exc)
        raise _fail(error, f"invalid value: {problem}", source, line, hint) from None


# -- folders ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FolderWalk:
    """The regular files below a folder and what was not followed.

    ``files`` maps the relative POSIX path to (path, size); ``problems`` lists (relative path,
    why) for symbolic links (never followed), special files and folders nested too deep.
    """

    files: dict[str, tuple[Path, int]]
    problems: list[tuple[str, str]]


def walk_folder(
    root: Path,
    *,
    skip: Callable[[str], bool] = lambda relative: False,
    max_entries: int = 100_000,
    max_bytes: int | None = None,
    max_depth: int = 32,
) -> FolderWalk:
    """Every regular file below ``root`` without following a link or opening a file; more
    than ``max_entries`` entries or ``max_bytes`` bytes is an :class:`InputError`."""
    files: dict[str, tuple[Path, int]] = {}
    problems: list[tuple[str, str]] = []
    total = 0
    stack: list[tuple[Path, str, int]] = [(Path(root), "", 0)]
    while stack:
        folder, prefix, depth = stack.pop()
        if depth > max_depth:
            problems.append((prefix.rstrip("/"), f"folders nested more than {max_depth} deep"))
            continue
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            raise InputError(
                f"cannot read the folder: {exc.strerror or exc}", location=Location(file=folder)
            ) from None
        for entry in entries:
            relative = prefix + entry.name
            if skip(relative):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                problems.append((relative, "cannot be read"))
                continue
            if stat.S_ISLNK(info.st_mode):
                problems.append((relative, "a symbolic link (not followed)"))
            elif stat.S_ISDIR(info.st_mode):
                stack.append((Path(entry.path), relative + "/", depth + 1))
            elif stat.S_ISREG(info.st_mode):
                files[relative] = (Path(entry.path), info.st_size)
                total += info.st_size
            else:
                problems.append((relative, "not a regular file (a pipe, socket or device)"))
            if len(files) + len(problems) > max_entries or (max_bytes and total > max_bytes):
                limit = f"{max_entries:,} files" + (f" or {max_bytes:,} bytes" if max_bytes else "")
                raise InputError(
                    f"more than {limit} below the folder",
                    location=Location(file=root),
                    hint="give the folder itself, not one that contains it",
                )
    return FolderWalk(dict(sorted(files.items())), problems)
