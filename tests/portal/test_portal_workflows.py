"""The workflows on their clocks: downstream requests (Transparency Measure 1.2: at most 14
days), authorities' requests (the deadline the request states, Arts 91 and 92), rightsholders'
complaints (Copyright Measure 1.5: acknowledged, "reasonable time", an internal target), and the
dashboard of overdue items, on both databases."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from portal_helpers import Clients
from sqlalchemy import update

import gpaikit.portal._complaints as complaints_module
import gpaikit.portal._threads as threads_module
from gpaikit.law import load_catalog
from gpaikit.portal import due_items
from gpaikit.portal._tables import Complaint, DownstreamRequest

COMPLAINT = {
    "name": "Ada Rights",
    "email": "ada@rights.example",
    "capacity": "cmo",
    "works": "The Collected Essays (ISBN 978-0-00-000000-0)",
    "commitment": "CR.M1.3",
    "description": "Our robots.txt disallowed HeliosBot; the essays were crawled anyway.",
}


@pytest.fixture
def c(portal: Callable[..., Clients]) -> Clients:
    return portal()


def _at(monkeypatch: pytest.MonkeyPatch, moment: dt.datetime) -> None:
    """Freeze the portal's clock (requests and complaints are dated on receipt)."""
    for module in (threads_module, complaints_module):
        monkeypatch.setattr(module, "utcnow", lambda: moment)


def _file_request(c: Clients, subject: str = "Max context?") -> int:
    response = c.post("downstream", "/downstream/requests", {"subject": subject, "body": "?"})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.datetime(2026, 12, 1, 9), dt.date(2026, 12, 15)),
        (dt.datetime(2026, 12, 24, 23, 59), dt.date(2027, 1, 7)),  # across the year end
        (dt.datetime(2028, 2, 20, 0, 1), dt.date(2028, 3, 5)),  # a leap year
    ],
)
def test_a_downstream_request_is_due_14_days_after_receipt(
    c: Clients, monkeypatch: pytest.MonkeyPatch, received: dt.datetime, due: dt.date
) -> None:
    _at(monkeypatch, received)
    number = _file_request(c)
    page = c["downstream"].get(f"/downstream/requests/{number}").text
    assert f"Answer due</th><td>{due.isoformat()}" in page
    assert "Transparency chapter, Measure 1.2" in page
    api = c["downstream"].get(f"/api/v1/requests/{number}", headers=c.api("downstream")).json()
    assert api["request"]["received_on"] == received.date().isoformat()
    assert api["request"]["due_on"] == due.isoformat()
    assert load_catalog().clock("CLOCK.downstream_request").days == 14


def test_the_day_of_receipt_is_the_portals_local_day(
    portal: Callable[..., Clients], monkeypatch: pytest.MonkeyPatch
) -> None:
    """23:30 UTC on 1 December is 2 December in Brussels: the clock runs from the 2nd."""
    c = portal(timezone="Europe/Brussels")
    _at(monkeypatch, dt.datetime(2026, 12, 1, 23, 30))
    number = _file_request(c)
    with c.db.read() as s:
        row = s.get(DownstreamRequest, number)
        assert row is not None
        assert (row.received_on, row.due_on) == (dt.date(2026, 12, 2), dt.date(2026, 12, 16))


def test_an_answer_stops_the_clock_and_the_requester_sees_it(c: Clients) -> None:
    number = _file_request(c)
    base = f"/staff/downstream/requests/{number}"
    response = c.post(
        "responder",
        f"{base}/messages",
        {"body": "The context window is 128k tokens.", "answer": "yes"},
        files=[("files", ("limits.csv", b"context,128000\n", "text/csv"))],
    )
    assert response.status_code == 303
    page = c["downstream"].get(f"/downstream/requests/{number}").text
    assert "128k tokens" in page and "answered, answered on" in page
    link = re.search(r'href="(/downstream/attachments/\d+)">limits.csv', page)
    assert link
    download = c["downstream"].get(link.group(1))
    assert download.content == b"context,128000\n"
    assert download.headers["content-disposition"].startswith("attachment;")
    items = [
        d for d in due_items(c.db, load_catalog(), dt.date(2099, 1, 1)) if d.kind == "downstream"
    ]
    assert [d.standing for d in items] == ["done"]
    # the editor reads but does not answer
    denied = c.post("editor", f"{base}/messages", {"body": "x", "answer": "yes"})
    assert denied.status_code == 403


def test_overdue_requests_and_complaints_show_on_the_dashboard_and_in_the_calendar(
    c: Clients,
) -> None:
    late = _file_request(c, "late question")
    _file_request(c, "fresh question")
    assert c.post("anonymous", "/complaints", COMPLAINT).status_code == 201
    past = dt.date(2026, 1, 10)
    with c.db.write() as s:
        s.execute(update(DownstreamRequest).where(DownstreamRequest.id == late).values(due_on=past))
        s.execute(update(Complaint).values(due_on=past))
    dashboard = c["editor"].get("/staff/").text
    overdue = dashboard[dashboard.index('id="overdue"') : dashboard.index("<h2>Open</h2>")]
    assert "late question" in overdue and "fresh question" not in overdue
    assert "CP-1" in overdue and "internal target, not a Code requirement" in overdue
    feed = c["responder"].get("/staff/calendar.ics")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    text = feed.text.replace("\r\n ", "")
    assert "late question" in text and "Status as of" in text and "overdue" in text
    due = c["admin"].get("/api/v1/due", headers=c.api("admin")).json()
    assert {d["standing"] for d in due if d["title"].endswith("late question")} == {"overdue"}


def test_exceptional_circumstances_are_recorded_without_moving_the_due_date(c: Clients) -> None:
    number = _file_request(c)
    with c.db.read() as s:
        row = s.get(DownstreamRequest, number)
        assert row is not None
        due = row.due_on
    response = c.post(
        "responder",
        f"/staff/downstream/requests/{number}/exceptional",
        {"reason": "The evaluation team is re-running the benchmark."},
    )
    assert response.status_code == 303
    page = c["downstream"].get(f"/downstream/requests/{number}").text
    assert "re-running the benchmark" in page and due.isoformat() in page


@pytest.mark.parametrize(
    ("basis", "clock"),
    [("AIA.91", "CLOCK.authority_request"), ("AIA.92", "CLOCK.evaluation_access")],
)
def test_an_authority_request_is_due_on_the_deadline_it_states(
    c: Clients, basis: str, clock: str
) -> None:
    response = c.post(
        "ai_office",
        "/authority/requests",
        {
            "basis": basis,
            "purpose": "Assess compliance with Art. 53(1)(a)",
            "items": "Annex XI section 1 items",
            "deadline": "2099-03-31",
            "fines_notice": "Art. 101(1)(b)",
        },
    )
    assert response.status_code == 303
    item = next(
        d for d in due_items(c.db, load_catalog(), dt.date(2099, 1, 1)) if d.kind == "authority"
    )
    assert (item.due, item.clock, item.standing) == (dt.date(2099, 3, 31), clock, "open")
    assert (
        load_catalog().clock(clock).no_fixed_period == "within the deadline stated in the request"
    )
    page = c["responder"].get("/staff/authority/requests/1").text
    assert "2099-03-31" in page and "Art. 101(1)(b)" in page
    # a deadline before the day of receipt is refused
    refused = c.post(
        "ai_office",
        "/authority/requests",
        {"basis": basis, "purpose": "p", "items": "i", "deadline": "2020-01-01"},
    )
    assert refused.status_code == 422
    unknown = c.post(
        "ai_office",
        "/authority/requests",
        {"basis": "AIA.101", "purpose": "p", "items": "i", "deadline": "2099-01-01"},
    )
    assert unknown.status_code == 422


def test_staff_record_a_request_that_came_by_letter(c: Clients) -> None:
    form = c["responder"].get("/staff/authority/new").text
    org = re.search(r'<option value="(\d+)">CNIL', form)
    assert org
    response = c.post(
        "responder",
        "/staff/authority",
        {
            "organisation_id": org.group(1),
            "basis": "AIA.53_1_a",
            "purpose": "Documentation on request",
            "items": "Annex XI",
            "deadline": "2099-02-01",
            "their_reference": "CNIL/2026/42",
        },
    )
    assert response.status_code == 303
    # the national authority's reviewers see it; the AI Office's do not
    assert "CNIL/2026/42" in c["national_authority"].get("/authority/").text
    assert "CNIL/2026/42" not in c["ai_office"].get("/authority/").text


def test_a_complaint_is_acknowledged_with_a_reference_and_a_private_status_link(
    c: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    _at(monkeypatch, dt.datetime(2026, 12, 3, 10))
    ack = c.post("anonymous", "/complaints", COMPLAINT)
    assert ack.status_code == 201
    assert re.search(r'id="reference">CP-\d+<', ack.text)
    assert "2027-01-02" in ack.text  # 30 days: the internal service level of the catalog
    assert "not a Code requirement" in ack.text
    link = re.search(r'href="(/complaints/status/st_[^"]+)"', ack.text)
    assert link
    status = c["anonymous"].get(link.group(1))
    assert status.status_code == 200 and "acknowledged" in status.text
    assert status.headers["cache-control"] == "no-store"
    assert c["anonymous"].get("/complaints/status/st_unknown").status_code == 404
    with c.db.read() as s:
        row = s.get(Complaint, 1)
        assert row is not None and row.status_hash not in link.group(1)  # only the hash is kept
    decided = c.post(
        "responder",
        "/staff/complaints/1/decision",
        {"status": "answered", "outcome": "upheld", "decision": "The essays were removed."},
    )
    assert decided.status_code == 303
    after = c["anonymous"].get(link.group(1)).text
    assert "upheld" in after and "The essays were removed." in after and "2026-12-03" in after


def test_the_complaint_service_level_is_the_operators_to_set(
    portal: Callable[..., Clients], monkeypatch: pytest.MonkeyPatch
) -> None:
    c = portal(complaint_days=10)
    _at(monkeypatch, dt.datetime(2026, 12, 3, 10))
    assert c.post("anonymous", "/complaints", COMPLAINT).status_code == 201
    with c.db.read() as s:
        row = s.get(Complaint, 1)
        assert row is not None and row.due_on == dt.date(2026, 12, 13)


def test_the_codes_exceptions_and_repeated_complaints(c: Clients) -> None:
    assert c.post("anonymous", "/complaints", COMPLAINT).status_code == 201
    assert c.post("anonymous", "/complaints", COMPLAINT).status_code == 201
    with c.db.read() as s:
        second = s.get(Complaint, 2)
        assert second is not None and second.duplicate_of == 1
    assert "same as CP-1" in c["responder"].get("/staff/complaints").text
    incomplete = c.post("responder", "/staff/complaints/2/decision", {"status": "not_handled"})
    assert incomplete.status_code == 422  # the exception must be named
    done = c.post(
        "responder",
        "/staff/complaints/2/decision",
        {"status": "not_handled", "exception": "CR.M1.5.EXC_REPEAT", "decision": "See CP-1."},
    )
    assert done.status_code == 303
    body = c["responder"].get("/api/v1/complaints", headers=c.api("responder")).json()
    assert {b["id"]: b["exception"] for b in body}[2] == "CR.M1.5.EXC_REPEAT"
    no_outcome = c.post("responder", "/staff/complaints/1/decision", {"status": "answered"})
    assert no_outcome.status_code == 422


def test_the_public_form_is_rate_limited_and_refuses_bots(portal: Callable[..., Clients]) -> None:
    c = portal(complaint_per_ip_hour=3, complaint_min_seconds=0)
    for n in range(3):
        sent = c.post("anonymous", "/complaints", {**COMPLAINT, "works": f"work {n}"})
        assert sent.status_code == 201
    limited = c.post("anonymous", "/complaints", {**COMPLAINT, "works": "work 4"})
    assert limited.status_code == 429 and limited.headers["retry-after"] == "3600"
    api = c["anonymous"].post("/api/v1/complaints", json={**COMPLAINT, "works": "w5"})
    assert api.status_code == 429
    with c.db.read() as s:
        assert s.query(Complaint).count() == 3


def test_the_public_form_refuses_bots(portal: Callable[..., Clients]) -> None:
    c = portal(complaint_min_seconds=60)
    trap = c.post("anonymous", "/complaints", {**COMPLAINT, "website": "http://spam"})
    assert trap.status_code == 400
    hasty = c.post("anonymous", "/complaints", COMPLAINT)
    assert hasty.status_code == 400 and "too quickly" in hasty.text


def test_a_complaint_must_name_a_copyright_commitment_and_a_capacity(c: Clients) -> None:
    for change in ({"commitment": "TR.M1.2"}, {"capacity": "journalist"}, {"email": "nobody"}):
        response = c.post("anonymous", "/complaints", {**COMPLAINT, **change})
        assert response.status_code == 422, change
    api = c["anonymous"].post("/api/v1/complaints", json=COMPLAINT)
    assert api.status_code == 201 and api.json()["reference"].startswith("CP-")
    assert api.json()["status_token"].startswith("st_")


def test_a_complaint_at_the_length_limits_in_a_non_latin_script_is_accepted(c: Clients) -> None:
    """Each text field takes max_text characters; sent as form data, a Bulgarian or Greek
    character is 6 bytes (%D0%B0), a euro sign 9: the body bound follows the fields'."""
    longest = c.settings.max_text
    body = {
        **COMPLAINT,
        "works": "Събрани есета " * (longest // 14),
        "description": "€" * longest,
        "evidence": "Δοκίμια " * (longest // 8),
    }
    ack = c.post("anonymous", "/complaints", body)
    assert ack.status_code == 201, ack.text[:300]
    too_long = c.post("anonymous", "/complaints", {**body, "description": "€" * (longest + 1)})
    assert too_long.status_code in (400, 422)  # refused by the field rule, not the body bound
