"""Serious incidents: the append-only log, the Measure 9.3 clocks and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from safety_helpers import MakeWs, clock, d, report
from typer.testing import CliRunner

from gpaikit._exceptions import InputError
from gpaikit.cli import app
from gpaikit.law import Catalog
from gpaikit.workspace import Workspace, append_incident_event, load_incidents

AT = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
runner = CliRunner()


def _open(
    ws: Workspace, catalog: Catalog, types: list[str], aware: str, iid: str = "I-1", **extra: Any
) -> None:
    data = {"model": "m", "title": "t", "types": types, "aware_on": aware, **extra}
    append_incident_event(ws, catalog, iid, "opened", data, at=AT)


def _send(ws: Workspace, catalog: Catalog, kind: str, on: str, iid: str = "I-1") -> None:
    append_incident_event(ws, catalog, iid, "submitted", {"report": kind, "on": on}, at=AT)


@pytest.mark.parametrize(
    ("kind", "days"),
    [
        ("critical_infrastructure", 2),
        ("cybersecurity_breach", 5),
        ("death", 10),
        ("serious_harm", 15),
    ],
)
def test_initial_report_clock_by_type(
    make_ws: MakeWs, catalog: Catalog, kind: str, days: int
) -> None:
    ws = make_ws(safety={})
    _open(ws, catalog, [kind], "2026-11-27")  # a Friday: calendar days by default
    due = d("2026-11-27") + dt.timedelta(days=days)
    clock_id = catalog.incident_type(kind).clock
    (row,) = clock(report(ws, due.isoformat(), catalog), clock_id)
    assert row.due_date == due and row.status == "not_yet_due" and row.unconfirmed
    (row,) = clock(report(ws, (due + dt.timedelta(days=1)).isoformat(), catalog), clock_id)
    assert row.status == "overdue"
    _send(ws, catalog, "initial", due.isoformat())
    (row,) = clock(report(ws, (due + dt.timedelta(days=1)).isoformat(), catalog), clock_id)
    assert row.status == "met" and row.met_on == due


def test_business_day_unit_is_configurable(make_ws: MakeWs, catalog: Catalog) -> None:
    ws = make_ws(safety={"settings": {"day_unit": "business"}})
    _open(ws, catalog, ["critical_infrastructure"], "2026-11-27")
    row = clock(report(ws, "2026-11-28", catalog), "CLOCK.SS.incident_critical_infrastructure")[0]
    assert row.due_date == d("2026-12-01") and "business days" in row.note


def test_several_types_take_the_shortest_clock(make_ws: MakeWs, catalog: Catalog) -> None:
    ws = make_ws(safety={})
    _open(ws, catalog, ["serious_harm", "death"], "2026-11-01")
    row = clock(report(ws, "2026-11-05", catalog), "CLOCK.SS.incident_death")[0]
    assert row.due_date == d("2026-11-11")


def test_intermediate_every_four_weeks_until_resolved_then_final(
    make_ws: MakeWs, catalog: Catalog
) -> None:
    ws = make_ws(safety={})
    _open(ws, catalog, ["death"], "2026-06-01")
    _send(ws, catalog, "initial", "2026-06-05")
    rep = report(ws, "2026-07-04", catalog)
    rows = clock(rep, "CLOCK.SS.incident_intermediate")
    assert rows[-1].due_date == d("2026-07-03") and rows[-1].status == "overdue"
    _send(ws, catalog, "intermediate", "2026-07-03")
    rows = clock(report(ws, "2026-07-04", catalog), "CLOCK.SS.incident_intermediate")
    assert [r.status for r in rows] == ["met", "not_yet_due"]
    assert rows[-1].due_date == d("2026-07-31")
    append_incident_event(
        ws, catalog, "I-1", "resolved", {"on": "2026-07-31", "corrective_measures": "fixed"}, at=AT
    )
    rep = report(ws, "2026-09-29", catalog)
    rows = clock(rep, "CLOCK.SS.incident_intermediate")
    assert [r.status for r in rows] == ["met"]  # resolved on the due date: not owed
    (final,) = clock(rep, "CLOCK.SS.incident_final")
    assert final.due_date == d("2026-09-29") and final.status == "not_yet_due"
    assert (
        clock(report(ws, "2026-09-30", catalog), "CLOCK.SS.incident_final")[0].status == "overdue"
    )


def test_retention_runs_from_the_later_date(make_ws: MakeWs, catalog: Catalog) -> None:
    ws = make_ws(safety={})
    _open(ws, catalog, ["death"], "2026-06-01", ended_on="2027-02-28")
    (row,) = clock(report(ws, "2026-12-01", catalog), "CLOCK.SS.incident_retention")
    assert row.due_date == d("2032-02-28") and row.status == "info"


def test_bundled_incident_follows_the_first(make_ws: MakeWs, catalog: Catalog) -> None:
    ws = make_ws(safety={})
    _open(ws, catalog, ["serious_harm"], "2026-11-01", iid="I-1")
    _open(ws, catalog, ["serious_harm"], "2026-11-10", iid="I-2", bundled_into="I-1")
    _send(ws, catalog, "initial", "2026-11-14", iid="I-1")
    rows = [c for c in report(ws, "2026-11-20", catalog).clocks if c.incident == "I-2"]
    initial = next(r for r in rows if r.clock == "CLOCK.SS.incident_serious_harm")
    assert initial.status == "met" and "bundled into I-1" in initial.note
    assert not [r for r in rows if r.clock == "CLOCK.SS.incident_intermediate"]


def test_assess_check_fails_when_a_report_is_overdue(make_ws: MakeWs, catalog: Catalog) -> None:
    ws = make_ws(safety={})
    _open(ws, catalog, ["critical_infrastructure"], "2026-11-20")
    root = str(ws.root)
    ok = runner.invoke(app, ["assess", root, "--as-of", "2026-11-22", "--format", "json"])
    data = json.loads(ok.stdout)
    rows = [c for c in data["models"][0]["safety"]["clocks"] if c["incident"] == "I-1"]
    assert rows[0]["status"] == "not_yet_due"
    late = runner.invoke(app, ["assess", root, "--as-of", "2026-11-23", "--check"])
    assert late.exit_code == 1 and "OVERDUE" in late.stdout


def test_the_log_is_append_only(make_ws: MakeWs, catalog: Catalog) -> None:
    ws = make_ws(safety={})
    _open(ws, catalog, ["death"], "2026-11-20")
    _send(ws, catalog, "initial", "2026-11-25")
    path = Path(str(ws.root)) / "incidents" / "I-1.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["seq"] for line in lines] == [1, 2]
    edited = lines[0].replace('"t"', '"another title"')
    path.write_text("\n".join([edited, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="hash chain is broken") as info:
        load_incidents(ws, catalog)
    assert "I-1.jsonl:1" in info.value.render()
    path.write_text(lines[1] + "\n", encoding="utf-8")  # first line removed
    with pytest.raises(InputError, match="hash chain"):
        load_incidents(ws, catalog)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json\n", "not a JSON event"),
        ("[1, 2]\n", "must be a JSON object"),
        ('{"seq": 1}\n', "Field required"),
        ("", "empty"),
    ],
)
def test_malformed_logs_name_file_and_line(
    make_ws: MakeWs, catalog: Catalog, content: str, message: str
) -> None:
    ws = make_ws(safety={})
    folder = Path(str(ws.root)) / "incidents"
    folder.mkdir()
    (folder / "I-9.jsonl").write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        load_incidents(ws, catalog)
    assert "I-9.jsonl" in info.value.render()


def test_unknown_type_model_and_bad_ids_are_rejected(make_ws: MakeWs, catalog: Catalog) -> None:
    ws = make_ws(safety={})
    with pytest.raises(InputError, match="unknown incident type"):
        _open(ws, catalog, ["meteor"], "2026-11-20")
    with pytest.raises(InputError, match="no model named"):
        append_incident_event(
            ws,
            catalog,
            "I-2",
            "opened",
            {"model": "x", "title": "t", "types": ["death"], "aware_on": "2026-11-20"},
            at=AT,
        )
    with pytest.raises(InputError, match="not a valid incident ID"):
        _open(ws, catalog, ["death"], "2026-11-20", iid="../escape")
    assert not (Path(str(ws.root)) / "incidents" / "I-1.jsonl").exists()
    _open(ws, catalog, ["death"], "2026-11-20")
    with pytest.raises(InputError, match="already exists"):
        _open(ws, catalog, ["death"], "2026-11-20")
    append_incident_event(
        ws, catalog, "I-1", "resolved", {"on": "2026-11-30", "corrective_measures": "x"}, at=AT
    )
    with pytest.raises(InputError, match="resolved twice"):
        append_incident_event(
            ws, catalog, "I-1", "resolved", {"on": "2026-12-01", "corrective_measures": "x"}, at=AT
        )


def test_cli_open_update_resolve_list_show(make_ws: MakeWs) -> None:
    ws = make_ws(safety={})
    root = str(ws.root)
    opened = runner.invoke(
        app,
        [
            "incident",
            "open",
            "--dir",
            root,
            "--model",
            "m",
            "--type",
            "cybersecurity_breach",
            "--aware-on",
            "2026-11-20",
            "--title",
            "Weights exfiltration attempt",
        ],
    )
    assert opened.exit_code == 0, opened.output
    assert "INC-2026-001" in opened.stdout
    upd = runner.invoke(
        app,
        [
            "incident",
            "update",
            "INC-2026-001",
            "--dir",
            root,
            "--submitted",
            "initial",
            "--on",
            "2026-11-24",
            "--recipient",
            "ai_office",
        ],
    )
    assert upd.exit_code == 0, upd.output
    upd = runner.invoke(
        app,
        [
            "incident",
            "update",
            "INC-2026-001",
            "--dir",
            root,
            "--root-cause",
            "stolen token",
            "--harm",
            "none",
        ],
    )
    assert upd.exit_code == 0, upd.output
    res = runner.invoke(
        app,
        [
            "incident",
            "resolve",
            "INC-2026-001",
            "--dir",
            root,
            "--on",
            "2026-12-01",
            "--measures",
            "rotated credentials",
        ],
    )
    assert res.exit_code == 0, res.output
    listed = runner.invoke(
        app, ["incident", "list", "--dir", root, "--as-of", "2026-12-02", "--format", "json"]
    )
    (entry,) = json.loads(listed.stdout)
    assert entry["resolved_on"] == "2026-12-01" and entry["reports"] == ["initial"]
    # piped (not a terminal): the table keeps IDs, types and dates whole, never "INC-202…"
    table = runner.invoke(app, ["incident", "list", "--dir", root, "--as-of", "2026-12-02"])
    assert "…" not in table.stdout
    assert "INC-2026-001" in table.stdout and "cybersecurity_breach" in table.stdout
    assert entry["next_due"]["date"] == "2027-01-30"
    shown = runner.invoke(
        app,
        [
            "incident",
            "show",
            "INC-2026-001",
            "--dir",
            root,
            "--as-of",
            "2026-12-02",
            "--format",
            "json",
        ],
    )
    body = json.loads(shown.stdout)
    assert body["fields"]["root_cause"] == "stolen token"
    events = [e["what"] for e in body["timeline"]]
    assert events[0] == "became aware of the model's involvement"
    assert "log: opened (aware_on, model, suspected, title, types)" in events
    assert "resolved (corrective measures adopted)" in events
    final = runner.invoke(
        app,
        [
            "incident",
            "show",
            "INC-2026-001",
            "--dir",
            root,
            "--report",
            "final",
            "--format",
            "json",
            "--as-of",
            "2026-12-02",
        ],
    )
    report_json = json.loads(final.stdout)
    assert report_json["recipient"] == "ai_office"
    assert report_json["items"]["SSN.8"]["value"] == "stolen token"
    assert "SSN.3" in report_json["missing"]  # chain of events not yet known
    bad = runner.invoke(app, ["incident", "show", "NOPE", "--dir", root])
    assert bad.exit_code == 2 and "no incident NOPE" in bad.output


def test_example_incident_report_is_ai_office_only(catalog: Catalog) -> None:
    root = Path(__file__).resolve().parents[2] / "examples" / "frontier-lab"
    out = runner.invoke(
        app,
        [
            "incident",
            "show",
            "INC-2026-001",
            "--dir",
            str(root),
            "--report",
            "initial",
            "--format",
            "markdown",
            "--as-of",
            "2026-11-28",
        ],
    )
    assert out.exit_code == 0, out.output
    assert "Recipient: **AI Office**" in out.stdout and "UNCONFIRMED" in out.stdout


def test_hostile_text_is_stored_but_never_interpreted(make_ws: MakeWs) -> None:
    ws = make_ws(safety={})
    root = str(ws.root)
    title = "[bold red]x[/] \x1b[31mred\x1b[0m [/EU]"
    opened = runner.invoke(
        app,
        [
            "incident",
            "open",
            "--dir",
            root,
            "--model",
            "m",
            "--type",
            "death",
            "--aware-on",
            "2026-11-20",
            "--title",
            title,
        ],
    )
    assert opened.exit_code == 0, opened.output
    shown = runner.invoke(
        app, ["incident", "show", "INC-2026-001", "--dir", root, "--as-of", "2026-11-21"]
    )
    assert shown.exit_code == 0, shown.output
    assert "\x1b" not in shown.stdout and "[bold red]x[/]" in shown.stdout
    stored = json.loads(
        runner.invoke(
            app, ["incident", "show", "INC-2026-001", "--dir", root, "--format", "json"]
        ).stdout
    )
    assert stored["fields"]["title"] == title
