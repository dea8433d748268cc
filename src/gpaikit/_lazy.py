"""Packages whose public names load on first use (PEP 562).

A package lists ``name -> defining module`` and gets the module-level ``__getattr__`` and
``__dir__`` that import the module when a name is first asked for; a command then pays only
for the modules it uses (``gpaikit data summarize`` starts without the audit's or the forms'
machinery). The package keeps ordinary imports under ``TYPE_CHECKING`` for type checkers and
a literal ``__all__``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, sources: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``, whose public names are ``sources``' keys."""
    module = sys.modules[package]

    def get(name: str) -> Any:
        source = sources.get(name)
        if source is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(source), name)
        setattr(module, name, value)
        return value

    def names() -> list[str]:
        return sorted({*vars(module), *sources})

    return get, names
