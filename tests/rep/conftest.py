"""Every rep test runs twice: with the pure-Python engine and with the native one.

The native engine (package ``gpaikit-native``) is installed by ``make install``; where it is
missing, the native runs are skipped (the Python engine is the fallback). A module that
compares the engines itself overrides ``rep_engine`` with a fixture of its own.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gpaikit.rep import _native


@pytest.fixture(autouse=True, params=["python", "native"])
def rep_engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    engine: str = request.param
    if engine == "native" and not _native.available():
        pytest.skip("gpaikit-native is not installed (pip install 'gpaikit[fast]')")
    monkeypatch.setattr(_native, "DEFAULT", engine)
    yield engine
