"""IETF AI Preferences: the ``Content-Usage`` field and robots.txt rule (``OS.AIPREF.*``).

The vocabulary (draft-ietf-aipref-vocab-07) has no working-group consensus and changed in
most drafts (``OS.AIPREF.CHURN``), so the known categories are data (:data:`VOCABULARY`), and
unknown labels are kept rather than rejected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "VOCABULARY",
    "ContentUsage",
    "UsagePreference",
    "combine_content_usage",
    "parse_content_usage",
]

#: Categories of draft-ietf-aipref-vocab-07 (2026-08-19); versioned data, not a constant.
VOCABULARY: Mapping[str, tuple[str, ...]] = {
    "draft-ietf-aipref-vocab-07": ("train-ai", "search"),
    "draft-ietf-aipref-vocab-05": ("train-ai", "search"),
    "draft-ietf-aipref-vocab-04": ("bots", "train-ai", "ai-output", "search"),
    "draft-ietf-aipref-vocab-03": ("bots", "train-ai", "train-genai", "search"),
}

UsagePreference = Literal["allowed", "disallowed", "unknown"]
_LABEL = re.compile(r"[a-z*][a-z0-9_\-.*]*\Z")


@dataclass(frozen=True)
class ContentUsage:
    """A statement of preferences: category -> allowed (True) / disallowed (False).

    Absent categories are ``unknown`` (``OS.AIPREF.STATEMENT``).
    """

    preferences: dict[str, bool] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def get(self, category: str) -> UsagePreference:
        value = self.preferences.get(category)
        if value is None:
            return "unknown"
        return "allowed" if value else "disallowed"


def parse_content_usage(value: str | Iterable[str] | None) -> ContentUsage:
    """Parse a ``Content-Usage`` value (Structured Fields dictionary, ``train-ai=n, search=y``).

    Several field lines are joined with commas, as HTTP does. Labels are case-sensitive;
    values other than the tokens ``y`` / ``n`` leave the category unknown. A later duplicate
    replaces an earlier one (Structured Fields). Never raises.
    """
    if value is None:
        return ContentUsage()
    text = value if isinstance(value, str) else ",".join(value)
    prefs: dict[str, bool] = {}
    warnings: list[str] = []
    for member in text.split(","):
        member = member.strip(" \t")
        if not member:
            continue
        item = member.split(";", 1)[0].strip(" \t")
        key, _, raw = item.partition("=")
        key = key.strip(" \t")
        if not _LABEL.match(key):
            warnings.append(f"invalid label {key!r} ignored")
            continue
        token = raw.strip(" \t")
        if token == "y":
            prefs[key] = True
        elif token == "n":
            prefs[key] = False
        else:
            prefs.pop(key, None)
            warnings.append(f"value of {key!r} is {token or 'empty'!r}, not y or n: unknown")
    return ContentUsage(prefs, tuple(warnings))


def combine_content_usage(*statements: ContentUsage | None) -> ContentUsage:
    """Combine statements: any disallow wins, else any allow, else unknown.

    ``OS.AIPREF.COMBINE``.
    """
    out: dict[str, bool] = {}
    for statement in statements:
        if statement is None:
            continue
        for category, allowed in statement.preferences.items():
            out[category] = out.get(category, True) and allowed
    return ContentUsage(out)
