"""in-toto Statement v1 (github.com/in-toto/attestation, spec/v1): build and parse.

A Statement binds a predicate to subjects, each a ResourceDescriptor with a ``name`` and a
``digest``. gpaikit's subjects are files, named by a relative POSIX path, with their SHA-256
and their size in ``annotations``. Paths from a manifest are hostile input: they must be
relative, without ``..``, empty or ``.`` parts, backslashes, drive letters or control
characters (:func:`check_relative_path`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "STATEMENT_TYPE",
    "StatementError",
    "Subject",
    "canonical_json",
    "check_relative_path",
    "parse_statement",
    "statement",
    "statement_parts",
]

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
MAX_PATH = 1024
_HEX64 = re.compile(r"[0-9a-f]{64}")


class StatementError(ValueError):
    """The payload is not an in-toto Statement v1 of the expected kind."""


@dataclass(frozen=True)
class Subject:
    """One file of a manifest: relative path, SHA-256 (hex) and size in bytes."""

    name: str
    sha256: str
    size: int

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "digest": {"sha256": self.sha256},
            "annotations": {"size": self.size},
        }


def check_relative_path(name: str) -> str | None:
    """Why ``name`` is not a safe relative POSIX path inside a folder, or None when it is."""
    if not name:
        return "an empty path"
    if len(name) > MAX_PATH:
        return f"a path longer than {MAX_PATH} characters"
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        return "a control or format character in the path"
    if "\\" in name:
        return "a backslash in the path"
    if name.startswith("/"):
        return "an absolute path"
    if re.match(r"[A-Za-z]:", name):
        return "a drive letter"
    parts = name.split("/")
    if ".." in parts:
        return "a parent-directory reference (..)"
    if any(p in ("", ".") for p in parts):
        return "an empty or '.' path component"
    return None


def canonical_json(data: Any) -> bytes:
    """JSON as gpaikit signs it: sorted keys, no spaces, UTF-8, no NaN."""
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def statement(
    subjects: Iterable[Subject | Mapping[str, Any]], predicate_type: str, predicate: Any
) -> bytes:
    """The Statement as canonical JSON bytes; file subjects sorted by path."""
    rows = [s.to_json() if isinstance(s, Subject) else dict(s) for s in subjects]
    body = {
        "_type": STATEMENT_TYPE,
        "subject": sorted(rows, key=lambda s: str(s.get("name", ""))),
        "predicateType": predicate_type,
        "predicate": predicate,
    }
    return canonical_json(body)


def _subject(entry: Any, n: int) -> Subject:
    if not isinstance(entry, Mapping):
        raise StatementError(f"subject {n + 1} is not an object")
    name, digest = entry.get("name"), entry.get("digest")
    if not isinstance(name, str):
        raise StatementError(f"subject {n + 1} has no name")
    why = check_relative_path(name)
    if why:
        raise StatementError(f"subject {name[:200]!r}: {why}")
    sha = digest.get("sha256") if isinstance(digest, Mapping) else None
    if not isinstance(sha, str) or not _HEX64.fullmatch(sha):
        raise StatementError(f"subject {name!r} has no SHA-256 digest")
    notes = entry.get("annotations")
    size = notes.get("size") if isinstance(notes, Mapping) else None
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise StatementError(f"subject {name!r} has no size")
    return Subject(name, sha, size)


def statement_parts(data: Any, predicate_type: str) -> tuple[list[Any], Mapping[str, Any]]:
    """The raw subject list and the predicate of a Statement of ``predicate_type``."""
    if not isinstance(data, Mapping):
        raise StatementError("the statement is not a JSON object")
    if data.get("_type") != STATEMENT_TYPE:
        raise StatementError(f"'_type' is not {STATEMENT_TYPE}")
    if data.get("predicateType") != predicate_type:
        raise StatementError(f"'predicateType' is not {predicate_type}")
    raw = data.get("subject")
    if not isinstance(raw, list) or not raw:
        raise StatementError("'subject' is not a non-empty list")
    predicate = data.get("predicate") or {}
    if not isinstance(predicate, Mapping):
        raise StatementError("'predicate' is not an object")
    return raw, predicate


def parse_statement(
    data: Any, predicate_type: str
) -> tuple[tuple[Subject, ...], Mapping[str, Any]]:
    """Subjects and predicate of a Statement of ``predicate_type``; StatementError otherwise.

    Subject names must be safe relative paths and unique (case-insensitively too, so that a
    case-blind disk cannot hold two of them in one file).
    """
    raw, predicate = statement_parts(data, predicate_type)
    subjects = tuple(_subject(e, n) for n, e in enumerate(raw))
    seen: set[str] = set()
    for s in subjects:
        folded = s.name.casefold()
        if folded in seen:
            raise StatementError(f"subject {s.name!r} is listed twice")
        seen.add(folded)
    return subjects, predicate
