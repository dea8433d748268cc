"""Passwords, tokens and keyed hashes.

Passwords are hashed with Argon2id (argon2-cffi's defaults, rehashed when they change).
Session cookies, API tokens, authority invitations and complaint status links are random
256-bit tokens; only their SHA-256 is stored (a fast hash is right for a random token, and
a leaked table then opens nothing). Addresses used for rate limiting are kept only as keyed
hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

__all__ = [
    "MIN_PASSWORD",
    "check_password",
    "hash_password",
    "keyed",
    "needs_rehash",
    "new_token",
    "token_hash",
]

MIN_PASSWORD = 12
_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("gpaikit-dummy-password")


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > 1024:
        raise ValueError("a password may have at most 1024 characters")
    return _HASHER.hash(password)


def check_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches; an unknown user costs the same time as a known one."""
    if len(password) > 1024:
        return False
    try:
        return _HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _HASHER.check_needs_rehash(stored)


def new_token(prefix: str = "") -> str:
    """A fresh random token (43 URL-safe characters after the prefix)."""
    return prefix + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def keyed(secret: bytes, *parts: str) -> str:
    """HMAC-SHA-256 of the parts, hex (CSRF tokens, hashed addresses)."""
    message = "\x00".join(parts).encode("utf-8", "replace")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()
