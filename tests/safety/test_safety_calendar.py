"""`gpaikit calendar`: RFC 5545 via icalendar, deterministic, every due date."""

from __future__ import annotations

from pathlib import Path

from icalendar import Calendar
from typer.testing import CliRunner

from gpaikit.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "frontier-lab"
runner = CliRunner()


def _feed(as_of: str) -> bytes:
    result = runner.invoke(app, ["calendar", str(EXAMPLE), "--as-of", as_of])
    assert result.exit_code == 0, result.output
    return result.stdout.encode("utf-8")


def test_feed_parses_and_holds_every_due_date() -> None:
    cal = Calendar.from_ical(_feed("2026-11-28"))
    assert cal["VERSION"] == "2.0" and "gpaikit" in str(cal["PRODID"])
    events = list(cal.walk("VEVENT"))
    summaries = [str(e["SUMMARY"]) for e in events]
    assert any("INC-2026-002: initial report" in s for s in summaries)
    assert any("Framework" in s for s in summaries)
    assert any("Notify the Commission" in s for s in summaries)
    initial = next(e for e in events if "INC-2026-002: initial report" in str(e["SUMMARY"]))
    assert initial.decoded("DTSTART").isoformat() == "2026-12-05"
    assert initial.decoded("DTEND").isoformat() == "2026-12-06"
    assert "not yet due" in str(initial["DESCRIPTION"])
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    assert {e.decoded("DTSTAMP").isoformat() for e in events} == {"2026-11-28T00:00:00+00:00"}


def test_feed_is_deterministic_and_uids_are_stable() -> None:
    first, second = _feed("2026-11-28"), _feed("2026-11-28")
    assert first == second
    later = Calendar.from_ical(_feed("2026-12-07"))
    earlier = Calendar.from_ical(first)

    def uid_of(cal: Calendar, text: str) -> str:
        return next(str(e["UID"]) for e in cal.walk("VEVENT") if text in str(e["SUMMARY"]))

    assert uid_of(later, "INC-2026-002: initial report") == uid_of(
        earlier, "INC-2026-002: initial report"
    )
    overdue = next(
        e for e in later.walk("VEVENT") if "INC-2026-002: initial report" in str(e["SUMMARY"])
    )
    assert "overdue" in str(overdue["DESCRIPTION"])


def test_out_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "deadlines.ics"
    result = runner.invoke(
        app, ["calendar", str(EXAMPLE), "--as-of", "2026-11-28", "--out", str(target)]
    )
    assert result.exit_code == 0 and target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
