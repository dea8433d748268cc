"""The AI crawler catalog (``OS.TOK.*``) and product-token helpers."""

from __future__ import annotations

import re

from gpaikit.law import CrawlerToken, load_catalog

__all__ = ["crawler_catalog", "is_valid_product_token", "product_token"]

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
