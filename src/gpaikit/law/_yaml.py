"""YAML 1.2 (core schema) for the data shipped inside the package: the legal catalog, the
form specs and their layouts.

These files are ours and trusted, and every command reads them: parsed by libyaml (PyYAML's C
parser) they load in about 0.03 s, against 0.45 s for the pure-Python parser that reads the
files users write (which reports line numbers and is bounded, ``gpaikit._untrusted``).
PyYAML's own resolvers follow YAML 1.1 (``yes`` is true, ``010`` is octal, ``1.0e9`` is a
string); here they are replaced by the YAML 1.2 core schema, so that both parsers read the
same values (``tests/law/test_yaml.py`` checks it on every shipped file). Floats are
correctly rounded (``float()`` of the literal).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import yaml

__all__ = ["YAMLError", "load_packaged"]

YAMLError = yaml.YAMLError

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when PyYAML has it

_FLOAT = r"""^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$"""
_INT = r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"


class _Loader(_Base):  # type: ignore[misc]
    """libyaml's parser with the YAML 1.2 core schema's implicit types."""

    # Its own table (PyYAML copies the parent's on the first resolver added otherwise).
    yaml_implicit_resolvers: ClassVar[dict[str | None, list[tuple[str, re.Pattern[str]]]]] = {}


def _resolve(tag: str, pattern: str, first: str) -> None:
    """Values matching ``pattern`` (starting with one of ``first``; "" for the empty value)
    get ``tag``."""
    starts = [*first, ""] if tag.endswith(":null") else list(first)
    _Loader.add_implicit_resolver(tag, re.compile(pattern, re.X), starts)


_resolve("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN")
_resolve("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
_resolve("tag:yaml.org,2002:int", _INT, "-+0123456789")
_resolve("tag:yaml.org,2002:float", _FLOAT, "-+0123456789.")
_resolve(
    "tag:yaml.org,2002:timestamp",
    r"""^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}
    (?:[Tt]|[\ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
    (?:[\ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$""",
    "0123456789",
)
_resolve("tag:yaml.org,2002:merge", r"^(?:<<)$", "<")


def _int(loader: Any, node: Any) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _float(loader: Any, node: Any) -> float:
    text = str(loader.construct_scalar(node)).lower()
    if text.endswith(".inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    if text.endswith(".nan"):
        return float("nan")
    return float(text)


_Loader.add_constructor("tag:yaml.org,2002:int", _int)
_Loader.add_constructor("tag:yaml.org,2002:float", _float)


def load_packaged(text: str) -> Any:
    """The YAML document ``text`` (a file shipped with gpaikit) as Python values."""
    return yaml.load(text, Loader=_Loader)
