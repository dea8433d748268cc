"""The AI crawler catalog (``OS.TOK.*``) and product-token helpers."""

from __future__ import annotations

import re

from gpaikit.law import CrawlerToken, UsageSignal, load_catalog

__all__ = [
    "crawler_by_token",
    "crawler_catalog",
    "is_valid_product_token",
    "product_token",
    "usage_signal_catalog",
]

_TOKEN = re.compile(r"[A-Za-z_-]*")


def product_token(value: str) -> str:
    """What a robots.txt user-agent value addresses: its prefix of letters, ``_`` and ``-``."""
    m = _TOKEN.match(value.strip())
    return m.group() if m else ""


def is_valid_product_token(value: str) -> bool:
    """RFC 9309 §2.2.1: non-empty, letters, ``_`` and ``-`` only."""
    return bool(value) and product_token(value) == value


def crawler_catalog() -> tuple[CrawlerToken, ...]:
    """Known AI crawler tokens with operator, purpose and validity, from the legal catalog."""
    return load_catalog().crawler_tokens()


def crawler_by_token(token: str) -> CrawlerToken | None:
    """The catalog entry for a crawler's token (case-insensitive), or None if unknown.

    A robots.txt group naming an invalid token addresses its truncation, so a truncated
    token (``AI`` for ``AI2Bot``) finds nothing: look up the token the crawler sends.
    """
    wanted = token.strip().lower()
    return next((t for t in crawler_catalog() if t.token.lower() == wanted), None)


def usage_signal_catalog() -> tuple[UsageSignal, ...]:
    """The usage-signal keys gpaikit knows (Content-Signal keys, aipref categories)."""
    return load_catalog().usage_signals()
