"""The packaged data's YAML loader (libyaml, YAML 1.2 core schema) reads what the pure-Python
YAML 1.2 parser reads: on every file shipped with gpaikit, and on the scalars where YAML 1.1
and 1.2 disagree."""

from __future__ import annotations

import datetime as dt
import math
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from gpaikit.law._yaml import YAMLError, load_packaged

DATA = Path(str(resources.files("gpaikit.law") / "data"))
SHIPPED = sorted(DATA.rglob("*.yaml"))


def _same(a: Any, b: Any, where: str) -> None:
    if isinstance(a, float) and isinstance(b, float):
        # ruamel's float conversion is not always correctly rounded; ours is float().
        assert math.isclose(a, b, rel_tol=1e-15), where
        return
    assert type(a) is type(b), f"{where}: {a!r} vs {b!r}"
    if isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            _same(a[key], b[key], f"{where}/{key}")
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{index}]")
    else:
        assert a == b, f"{where}: {a!r} vs {b!r}"


def test_the_data_is_there() -> None:
    assert len(SHIPPED) >= 30


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(DATA)))
def test_every_shipped_file_reads_as_with_the_reference_parser(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    _same(load_packaged(text), YAML(typ="safe", pure=True).load(text), path.name)


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        ("yes", "yes"),  # YAML 1.1: true
        ("off", "off"),
        ("010", 10),  # YAML 1.1: octal 8
        ("0o17", 15),
        ("0x1F", 31),
        ("1_000", "1_000"),  # YAML 1.1 (and ruamel): 1000; not an integer in the core schema
        ("1.0e9", 1.0e9),  # YAML 1.1: a string (no sign in the exponent)
        ("1e25", 1e25),
        ("3.3333333333333335e24", 3.3333333333333335e24),
        ("-.inf", -math.inf),
        ("1:20", "1:20"),  # YAML 1.1: sexagesimal 80
        ("True", True),
        ("~", None),
        ("", None),
        ("2025-08-02", dt.date(2025, 8, 2)),
        ("1e", "1e"),
    ],
)
def test_scalars_follow_yaml_1_2(literal: str, value: Any) -> None:
    _same(load_packaged(f"v: {literal}")["v"], value, literal)


def test_not_a_number_and_errors() -> None:
    assert math.isnan(load_packaged("v: .NaN")["v"])
    with pytest.raises(YAMLError):
        load_packaged("a: [unclosed")
    with pytest.raises(YAMLError):  # a safe loader: no Python objects from tags
        load_packaged("v: !!python/object/apply:os.system ['true']")
