"""One rule chooses between the native core and the Python reference, for every concern."""

from __future__ import annotations

import pytest

from gpaikit import _hosts
from gpaikit._engine_choice import check_engine
from gpaikit._exceptions import InputError
from gpaikit.rep import RobotsTxt


def test_unknown_engine_is_named_with_its_variable() -> None:
    with pytest.raises(InputError) as caught:
        check_engine("fastest", what="host", variable="GPAIKIT_HOST_ENGINE", installed=True)
    assert "unknown host engine 'fastest'" in caught.value.message
    assert "GPAIKIT_HOST_ENGINE" in (caught.value.hint or "")


def test_native_required_but_missing() -> None:
    with pytest.raises(InputError, match=r"native robots\.txt engine is not installed"):
        check_engine("native", what="robots.txt", variable="GPAIKIT_REP_ENGINE", installed=False)
    assert check_engine("python", what="x", variable="X", installed=False) == "python"


def test_both_concerns_use_the_rule() -> None:
    with pytest.raises(InputError, match="unknown host engine"):
        _hosts.use_native("rust")
    with pytest.raises(InputError, match=r"unknown robots\.txt engine"):
        RobotsTxt.parse(b"User-agent: *\n", engine="rust")
    assert _hosts.use_native("python") is False
