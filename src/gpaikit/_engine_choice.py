"""Choosing between the native core and the Python reference, one rule for every concern.

``auto`` (native if installed), ``native`` (an error when it is not installed, so that a
deployment counting on the speed cannot silently lose it) or ``python``. Used by the
robots.txt engine (``GPAIKIT_REP_ENGINE``) and the host / URL / PSL / manifest functions
(``GPAIKIT_HOST_ENGINE``).
"""

from __future__ import annotations

from gpaikit._exceptions import InputError

__all__ = ["ENGINES", "check_engine"]

ENGINES = ("auto", "native", "python")


def check_engine(chosen: str, *, what: str, variable: str, installed: bool) -> str:
    """``chosen`` if it is an engine that can run here, else an :class:`InputError`."""
    if chosen not in ENGINES:
        raise InputError(
            f"unknown {what} engine {chosen!r}",
            hint=f"use one of {', '.join(ENGINES)} (argument engine= or ${variable})",
        )
    if chosen == "native" and not installed:
        raise InputError(
            f"the native {what} engine is not installed",
            hint="pip install 'gpaikit[fast]' (package gpaikit-native), or use engine='python'",
        )
    return chosen
