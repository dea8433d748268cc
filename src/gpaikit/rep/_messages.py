"""Parse warnings by key: one place for their codes and wording, shared by both engines.

The parsers (pure Python and native) report ``(line, key, args)``; this module turns that
into a :class:`~gpaikit.rep._model.ParseWarning`. A key is the public warning code, optionally
followed by ``.variant`` when one code has several wordings. ``bytes`` arguments are text
from the file and are decoded like every other value (UTF-8, undecodable bytes escaped).
"""

from __future__ import annotations

from collections.abc import Iterable

from gpaikit.rep._model import MAX_LINE_BYTES, ParseWarning

__all__ = ["MESSAGES", "parse_warning"]

MESSAGES: dict[str, str] = {
    "size-limit": (
        "only the first {0} of {1} bytes were parsed (limit {2}); {3} bytes from line {4} on "
        "were ignored, about {5} allow/disallow rules among them"
    ),
    "no-separator.no-value": "line has neither ':' nor a value; ignored",
    "no-separator.words": "line without ':' has more than two words",
    "missing-colon.ignored": "line without ':' ignored (google mode reads it)",
    "missing-colon.read": "line without ':' read as 'key value'",
    "empty-key": "line starts with ':'; ignored",
    "typo-accepted": "key '{0}' read as '{1}'",
    "unknown-directive": "key '{0}' ignored (google mode reads it as '{1}')",
    "invalid-product-token": ("user-agent '{0}' is not a valid product token; it is read as '{1}'"),
    "rule-outside-group.rule": "rule before any user-agent line",
    "rule-outside-group.content-usage": "content-usage before any user-agent",
    "rule-outside-group.content-signal": "content-signal before any user-agent",
    "line-too-long": f"line cut at {MAX_LINE_BYTES} bytes",
    "nul-byte": "line cut at a NUL byte",
    "too-many-warnings": "further warnings dropped",
}


def _text(arg: str | int | bytes) -> str | int:
    return arg.decode("utf-8", "surrogateescape") if isinstance(arg, bytes) else arg


def parse_warning(line: int, key: str, args: Iterable[str | int | bytes] = ()) -> ParseWarning:
    """The warning for ``key`` (see :data:`MESSAGES`) with its arguments filled in."""
    code = key.split(".", 1)[0]
    return ParseWarning(line, code, MESSAGES[key].format(*(_text(a) for a in args)))
