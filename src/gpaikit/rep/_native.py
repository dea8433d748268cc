"""The optional native engine (package ``gpaikit-native``, extra ``gpaikit[fast]``).

The pure-Python parser and matcher are the reference implementation. When the native
extension is installed, :meth:`gpaikit.rep.RobotsTxt.parse` uses it by default: it parses and
answers ``allowed`` / ``allowed_many`` / ``decision`` in Rust, and builds the Python objects
(groups, rules, warnings) only when someone asks for them, from the native parse.

The engine is chosen per call (``RobotsTxt.parse(..., engine="python")``) or for the process
by the environment variable ``GPAIKIT_REP_ENGINE``: ``auto`` (default: native if installed),
``native`` (an error if it is not installed) or ``python``.
"""

from __future__ import annotations

import os
from types import ModuleType
from typing import Any

from gpaikit._engine_choice import ENGINES as ENGINE_CHOICES
from gpaikit._engine_choice import check_engine
from gpaikit.rep._messages import parse_warning
from gpaikit.rep._model import DIALECTS, Dialect, Group, Rule
from gpaikit.rep._parse import ParsedBody, signal_rule, usage_rule

__all__ = [
    "ENGINES",
    "ENV_VAR",
    "MODES",
    "Robots",
    "available",
    "default_engine",
    "materialise",
    "native_core",
    "use_native",
]

native: ModuleType | None
try:
    import gpaikit_native as native
except ImportError:  # the extra is not installed: the Python engine serves alone
    native = None

ENV_VAR = "GPAIKIT_REP_ENGINE"
ENGINES = ENGINE_CHOICES
#: The process-wide default, read once at import (tests may replace it).
DEFAULT = os.environ.get(ENV_VAR, "auto").strip().lower() or "auto"


def available() -> bool:
    """Whether the native extension is installed and importable."""
    return native is not None


def _check(engine: str) -> str:
    return check_engine(engine, what="robots.txt", variable=ENV_VAR, installed=native is not None)


def default_engine() -> str:
    """The engine ``RobotsTxt.parse`` uses when none is given: ``native`` or ``python``."""
    return "native" if use_native(None) else "python"


def use_native(engine: str | None) -> bool:
    """Whether a parse with ``engine`` (None: the default) runs natively."""
    chosen = _check(DEFAULT if engine is None else engine)
    return native is not None and chosen != "python"


def _make_dialect(dialect: Dialect) -> Any:
    assert native is not None
    return native.Dialect(
        dialect.key_typos,
        dialect.no_colon,
        dialect.index_html,
        dialect.rfc_encoding,
        dialect.self_allowed,
        dialect.size_limit,
    )


#: The native class, and native dialects of the built-in modes by name (empty without it).
Robots: Any = None if native is None else native.Robots
MODES: dict[str, Any] = (
    {} if native is None else {name: _make_dialect(d) for name, d in DIALECTS.items()}
)


def _native_dialect(dialect: Dialect) -> Any:
    found = MODES.get(dialect.name)
    builtin = found is not None and DIALECTS[dialect.name] is dialect
    return found if builtin else _make_dialect(dialect)


def native_core(body: str | bytes, dialect: Dialect) -> Any:
    """A ``gpaikit_native.Robots`` for ``body`` parsed with ``dialect``."""
    assert native is not None
    return native.Robots(body, _native_dialect(dialect))


def _decode(value: bytes) -> str:
    return value.decode("utf-8", "surrogateescape")


def materialise(core: Any, dialect: Dialect) -> ParsedBody:
    """The :class:`ParsedBody` of a native parse: the same objects the Python parser makes."""
    size, parsed_bytes, lines, groups, sitemaps, others, ignored, warnings = core.export()
    out = ParsedBody(lines=lines, size=size, parsed_bytes=parsed_bytes)
    for index, (line, agents, rules, usage, signals) in enumerate(groups):
        out.groups.append(
            Group(
                index,
                line,
                agents,
                tuple(
                    Rule(rl, allow, pattern, _decode(raw), index, derived)
                    for rl, allow, pattern, raw, derived in rules
                ),
                tuple(usage_rule(value, ul, index, dialect) for ul, value in usage),
                tuple(signal_rule(value, sl, index, dialect) for sl, value in signals),
            )
        )
    out.sitemaps = [_decode(s) for s in sitemaps]
    out.others = [(line, _decode(key), _decode(value)) for line, key, value in others]
    out.ignored_rules = [(line, _decode(value)) for line, value in ignored]
    out.warnings = [parse_warning(line, key, args) for line, key, args in warnings]
    return out
