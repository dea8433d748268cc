"""Characters that must never reach a terminal or a document unseen.

Shared by the terminal (``cli``) and the document renderers (``render``): C0 controls except
tab and newline, DEL, C1 controls, and the bidirectional controls that reorder displayed text
("Trojan Source"). Each is shown as a visible escape (``\\x1b``, ``\\u202e``) instead.
"""

from __future__ import annotations

import re

__all__ = ["UNSAFE_CHARACTERS", "visible_controls"]

UNSAFE_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible_controls(text: str) -> str:
    """``text`` with every unsafe character replaced by its escape."""
    return UNSAFE_CHARACTERS.sub(_visible, text)
