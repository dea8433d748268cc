"""The one formatting module: numbers keep the precision they were written with and carry
their unit; dates read the same in every EU reading order."""

from __future__ import annotations

import pytest

from gpaikit._quantities import (
    date_text,
    magnitude_text,
    month_text,
    number_text,
    quantity_text,
    significant_figures,
    words,
)


@pytest.mark.parametrize(
    ("raw", "unit", "shown"),
    [
        # compute in powers of ten (MDF.CR.02b, MDF.EN.03), as the form's own examples
        ("2.4e25", "FLOP", "2.4 × 10²⁵ FLOP"),
        ("2.40e25", "FLOP", "2.40 × 10²⁵ FLOP"),  # three significant figures stay three
        ("5.1e17", "FLOP", "5.1 × 10¹⁷ FLOP"),
        ("24000", "FLOP", "2.4 × 10⁴ FLOP"),
        # energy in MWh (MDF.EN.01): plain below a million, with thousands separators
        ("2.1e4", "MWh", "21,000 MWh"),
        ("1.0e2", "MWh", "100 MWh"),
        ("1234.50", "MWh", "1,234.50 MWh"),
        ("3.2e6", "MWh", "3.2 × 10⁶ MWh"),
        ("12.5", "tCO2e", "12.5 tCO2e"),
        # parameters and tokens: scientific, with the count in words
        ("1.2e12", "parameters", "1.2 × 10¹² parameters (1.2 trillion)"),
        ("7.3e10", "parameters", "7.3 × 10¹⁰ parameters (73 billion)"),
        (73_000_000_000, "parameters", "7.3 × 10¹⁰ parameters (73 billion)"),
        ("7.3×10^10", "parameters", "7.3 × 10¹⁰ parameters (73 billion)"),
        ("2.4e13", "tokens", "2.4 × 10¹³ tokens (24 trillion)"),
        ("500000", "parameters", "500,000 parameters"),
        # days (MDF.CR.01b): plain; one day is singular
        ("41", "days", "41 days"),
        ("680000", "days", "680,000 days"),
        ("1", "days", "1 day"),
        ("0.5", "days", "0.5 days"),
        # without a unit, and what is no number at all
        ("0.0002", None, "2 × 10⁻⁴"),
        ("N/A", "MWh", "N/A"),
    ],
)
def test_quantities_carry_their_unit_and_precision(
    raw: object, unit: str | None, shown: str
) -> None:
    assert quantity_text(raw, unit) == shown


def test_numbers_as_written() -> None:
    assert number_text("5.9e2") == "590"
    assert number_text("21000") == "21,000"
    assert number_text("0") == "0"
    assert number_text("-3.5e7") == "-3.5 × 10⁷"
    assert number_text("not a number") == "not a number"
    assert significant_figures("2.40e25") == 3 and significant_figures("73000000000") == 2


def test_orders_of_magnitude_dates_and_words() -> None:
    assert magnitude_text("1e25", "FLOP") == "10²⁵ FLOP"
    assert magnitude_text("1e-3", None) == "10⁻³"
    assert date_text("2026-03-10") == "10 March 2026"
    assert date_text("2026-3-10") == "2026-3-10"  # not ISO: shown as typed
    assert month_text("2025-11") == "November 2025"
    assert month_text("2025-13") == "2025-13"
    assert words(1.2e12) == "1.2 trillion" and words(2.5e9) == "2.5 billion"
    assert words(999_999) is None
