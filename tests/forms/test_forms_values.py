"""Each item type's validation, as a table: (item, answer, expected value or error fragment)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gpaikit.forms import Item, check_value, load_form, parse_number, significant_figures

MDF = load_form("mdf")
TS = load_form("training_summary")
CP = load_form("copyright_policy")


def item(item_id: str) -> Item:
    for spec in (MDF, TS, CP):
        if item_id in spec.item_ids():
            return spec.item(item_id)
    raise KeyError(item_id)


VALID: list[tuple[str, Any, Any]] = [
    ("MDF.MP.01", "  Decoder-only transformer  ", "Decoder-only transformer"),
    ("MDF.DL.03", "Proprietary", "proprietary"),
    ("MDF.DL.03", "free_open_source", "free_open_source"),
    (
        "MDF.MP.03",
        ["Text", "images", "other: point clouds"],
        ["text", "images", "other: point clouds"],
    ),
    ("MDF.MP.03", "text", ["text"]),
    ("TS.2.1.used", "yes", True),
    ("TS.2.1.used", False, False),
    ("MDF.GI.04", dt.date(2025, 9, 1), "2025-09-01"),
    ("MDF.GI.04", "2025-09-01", "2025-09-01"),
    ("TS.1.3.date", "2025-06", "2025-06"),
    ("TS.1.3.date", dt.date(2025, 6, 30), "2025-06"),
    (
        "TS.2.3.period",
        {"start": "2024-01", "end": "2025-06"},
        {"start": "2024-01", "end": "2025-06"},
    ),
    ("MDF.MP.07", "7.3e10", "7.3e10"),
    ("MDF.MP.07", "7.3×10^10", "7.3e10"),
    ("MDF.MP.07", 73_000_000_000, "73000000000"),
    ("MDF.CR.02b", "2.40e25", "2.40e25"),
    ("MDF.CR.02a", "1e25", "1e25"),
    ("MDF.CR.02a", 1e25, "1e25"),
    ("MDF.MP.08", "5B-15B", "5b_15b"),
    (
        "MDF.GI.06",
        [{"model_name": "Llama-3.1-8B", "version": "3.1"}],
        [{"model_name": "Llama-3.1-8B", "version": "3.1"}],
    ),
    ("MDF.GI.06", "N/A", "N/A"),
    ("TS.2.3.names", ["TestBot", "OtherBot"], ["TestBot", "OtherBot"]),
    ("MDF.MP.04", {"text": "128,000 tokens"}, {"text": "128,000 tokens"}),
    ("MDF.US.01", "https://example.com/aup", "https://example.com/aup"),
    ("MDF.US.01", "n/a", "N/A"),
    ("MDF.EN.01", "N/A", "N/A"),
    (
        "MDF.CR.01b.hardware",
        [{"accelerator": "H100", "days": "4e5"}],
        [{"accelerator": "H100", "days": "4e5"}],
    ),
]

INVALID: list[tuple[str, Any, str]] = [
    ("MDF.MP.01", ["a"], "expected text"),
    ("MDF.DL.03", "shareware", "not one of"),
    ("MDF.MP.03", ["text", "other"], "not specified"),
    ("TS.1.3.mod", [], "non-empty list"),
    ("MDF.MP.08", "huge", "not one of"),
    ("MDF.DL.03", ["proprietary"], "not one of"),
    ("TS.2.1.used", "maybe", "yes or no"),
    ("MDF.GI.04", "01/09/2025", "not a date"),
    ("TS.1.3.date", "June 2025", "not a month"),
    ("TS.2.3.period", {"start": "2025-06", "end": "2024-01"}, "ends"),
    ("TS.2.3.period", "2024", "start: YYYY-MM"),
    ("MDF.MP.07", "seventy billion", "not a number"),
    ("MDF.MP.07", 7e10, "1 significant figure"),
    ("MDF.MP.07", "7e10", "at least 2"),
    ("MDF.CR.02b", "2e25", "significant figure"),
    ("MDF.CR.02a", "2.4e25", "power of ten"),
    ("MDF.GI.06", [{"version": "1"}], "'model_name' is missing"),
    ("MDF.GI.06", [{"model_name": "x", "colour": "red"}], "unknown key"),
    ("MDF.GI.06", "none of them", "expected a list"),
    ("MDF.CR.01b.hardware", [{"accelerator": "H100", "days": "lots"}], "not a number"),
    ("MDF.DA.04a", [{"split": "train", "value": "1e13", "unit": "tokens"}], "significant figure"),
    ("TS.2.3.names", [""], "non-empty"),
    ("MDF.MP.04", "128k", "mapping"),
    ("MDF.US.01", "example.com/aup", "not an http(s) URL"),
    ("CP.1.3.feed_url", "N/A", "not an http(s) URL"),
    ("MDF.EN.03", "N/A", "not a number"),
]


@pytest.mark.parametrize(("item_id", "answer", "expected"), VALID)
def test_valid_answers_normalise(item_id: str, answer: Any, expected: Any) -> None:
    checked = check_value(item(item_id), answer)
    assert checked.errors == []
    assert checked.value == expected


@pytest.mark.parametrize(("item_id", "answer", "fragment"), INVALID)
def test_invalid_answers_are_reported(item_id: str, answer: Any, fragment: str) -> None:
    checked = check_value(item(item_id), answer)
    assert checked.errors, f"{item_id} accepted {answer!r}"
    assert any(fragment in e for e in checked.errors), checked.errors


def test_overlong_text_is_a_warning_not_an_error() -> None:
    checked = check_value(item("MDF.MP.01"), " ".join(["word"] * 21))
    assert checked.errors == []
    assert checked.warnings == ["21 words; the form recommends at most 20"]


def test_unavailable_with_reason_only_where_the_form_allows_it() -> None:
    ok = check_value(
        item("TS.2.3.purpose"), {"unavailable": "records lost"}, allow_unavailable=True
    )
    assert ok.value == {"unavailable": "records lost"} and not ok.errors
    no_reason = check_value(item("TS.2.3.purpose"), {"unavailable": ""}, allow_unavailable=True)
    assert no_reason.errors
    assert check_value(item("MDF.MP.01"), {"unavailable": "x"}).errors


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("2.4e25", 2),
        ("2.40e25", 3),
        ("73000000000", 2),
        ("7.3×10^10", 2),
        ("1e25", 1),
        ("0.0012", 2),
        ("100.", 3),
        (1.5e13, 2),
    ],
)
def test_significant_figures(text: Any, figures: int) -> None:
    assert significant_figures(text) == figures


def test_parse_number_forms() -> None:
    assert parse_number("1,000") == 1000
    assert parse_number("2.4 x 10^25") == 2.4e25
    assert parse_number(True) is None
    assert parse_number("inf") is None
