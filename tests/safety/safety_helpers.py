"""Plain helpers shared by the safety tests (fixtures live in conftest.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from gpaikit.law import Catalog
from gpaikit.safety import SafetyReport, assess_safety
from gpaikit.workspace import Workspace

MakeWs = Callable[..., Workspace]


def report(ws: Workspace, as_of: str, catalog: Catalog) -> SafetyReport:
    return assess_safety(ws, ws.models[0], catalog, dt.date.fromisoformat(as_of))


def clock(rep: SafetyReport, clock_id: str, key: str | None = None) -> Any:
    found = [c for c in rep.clocks if c.clock == clock_id and (key is None or key in c.id)]
    assert found, f"{clock_id} not computed: {[c.id for c in rep.clocks]}"
    return found


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
