"""Cloudflare's ``Content-Signal`` robots.txt line: its syntax (``OS.CSIG.LINE``).

``Content-Signal: search=yes, ai-train=no`` inside a user-agent group states how content
fetched under that group may be used. This module only splits the line into ``key=value``
pairs; which keys exist and what their values mean is data (``law/data/signals.yaml``), read
by :mod:`gpaikit.rep._usage`.
"""

from __future__ import annotations

import re

__all__ = ["parse_content_signal"]

_KEY = re.compile(r"[a-z][a-z0-9_.\-]*\Z")
_VALUE = re.compile(r"[A-Za-z0-9_.\-]+\Z")


def parse_content_signal(text: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """``(key, value)`` pairs of a Content-Signal value, in order, and warnings.

    Members are separated by commas; keys and values are compared case-insensitively (the
    policy text writes them in lower case, robots.txt keys are case-insensitive) and kept in
    lower case. A member without ``=``, with an invalid key or an empty value is skipped with
    a warning. Never raises.
    """
    pairs: list[tuple[str, str]] = []
    warnings: list[str] = []
    for member in text.split(","):
        member = member.strip(" \t")
        if not member:
            continue
        key, sep, value = member.partition("=")
        key, value = key.strip(" \t").lower(), value.strip(" \t").lower()
        if not sep or not _KEY.match(key):
            warnings.append(f"{member!r} is not key=value; ignored")
        elif not _VALUE.match(value):
            warnings.append(f"value of {key!r} is {value or 'empty'!r}; ignored")
        else:
            pairs.append((key, value))
    return tuple(pairs), tuple(warnings)
