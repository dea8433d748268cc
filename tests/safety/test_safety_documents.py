"""The Safety & Security documents: owed for systemic-risk models only, AI Office only,
assembled from the engine; every §18 clock and every derivation covered."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from gpaikit.dossier import build_documents, build_site
from gpaikit.forms import load_forms
from gpaikit.law import Catalog, Clock, Parameter
from gpaikit.safety import RULES, incident_values, supplied_values
from gpaikit.workspace import load_incidents, load_workspace

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "frontier-lab"
AS_OF = dt.date(2026, 11, 28)
SAFETY_FORMS = {"ss_framework", "ss_risk_register", "ss_model_report", "ss_incidents"}

# The rows of the reference's §18 table (safety-and-security.md), and how each is encoded.
SECTION_18 = [
    "SS.C1.M1.1.CONFIRM_BY",
    "SS.C1.M1.4",
    "SS.C1.M1.3.CADENCE",
    "SS.C1.M1.3.UPDATE",
    "SS.C1.M1.3.ASSESSMENT",
    "SS.C1.M1.2.FULL_PROCESS",
    "SS.C7.GENERAL",
    "SS.C7.M7.7.INITIAL",
    "SS.C7.M7.7.UPDATE",
    "SS.C7.M7.7.GRACE",
    "SS.C7.M7.6.SIX_MONTHLY",
    "SS.C7.M7.6.TIMING",
    "SS.C7.M7.3.4",
    "SS.C3.M3.5.DISCLOSURE",
    "SS.APP3.5.2",
    "SS.APP3.4.RESOURCES",
    "SS.APP3.4.QUALIFICATIONS",
    "SS.APP2.2.LOSS",
    "SS.APP4.3.1",
    "SS.C9.M9.3.T1",
    "SS.C9.M9.3.T2",
    "SS.C9.M9.3.T3",
    "SS.C9.M9.3.T4",
    "SS.C9.M9.3.INTERMEDIATE",
    "SS.C9.M9.3.FINAL",
    "SS.C9.M9.4",
    "SS.C10.M10.1.RETENTION",
    "SS.C8.M8.3.6",
]
SECTION_18_NUMBERS = {
    "SS.C7.M7.3.1.f": "PAR.SS.samples_per_evaluation",
    "SS.APP4.2.3": "PAR.SS.weight_encryption_bits",
    "SS.GLOSS.NON_STATE_THREATS": "PAR.SS.threat_budget_eur",
    "SS.APP2.1.1": "DATE.code_published",
    "SS.CTX.DATES": "DATE.legacy_deadline",
}


def test_every_section_18_clock_is_data_with_an_engine_rule(catalog: Catalog) -> None:
    clocks = catalog.of_kind(Clock)
    for ref in SECTION_18:
        encoded = [c for c in clocks if c.code_ref == ref]
        assert encoded, ref
        if ref != "SS.APP3.4.QUALIFICATIONS":  # a qualification check, not a date
            assert any(c.rule for c in encoded), ref
    for ref, entry in SECTION_18_NUMBERS.items():
        assert entry in catalog, ref
    assert isinstance(catalog.get("PAR.SS.samples_per_evaluation"), Parameter)
    rules = {c.rule for c in clocks if c.rule}
    assert rules == set(RULES)


def test_the_example_computes_every_dated_section_18_clock() -> None:
    ws = load_workspace(EXAMPLE)
    from gpaikit.assess import assess

    clocks = assess(ws, as_of=AS_OF).models[0].safety
    assert clocks is not None
    computed = {c.code_ref for c in clocks.clocks}
    expected = set(SECTION_18) - {
        "SS.APP3.4.QUALIFICATIONS",
        "SS.C1.M1.3.UPDATE",
        "SS.C1.M1.3.ASSESSMENT",
        "SS.C7.M7.7.GRACE",
        "SS.C3.M3.5.DISCLOSURE",
        "SS.APP2.2.LOSS",
        "SS.C9.M9.3.T1",
        "SS.C9.M9.3.T3",
        "SS.C7.M7.7.UPDATE",
    }
    assert expected <= computed, expected - computed
    assert not clocks.overdue() and not [f for f in clocks.findings if f.severity == "error"]


def test_every_safety_derivation_is_supplied(catalog: Catalog) -> None:
    ws = load_workspace(EXAMPLE)
    values = dict(supplied_values(ws, ws.models[0], catalog, AS_OF))
    incident = load_incidents(ws, catalog)[0]
    values.update(incident_values(incident, catalog, "final", None))
    for spec in load_forms():
        for item in spec.items():
            if item.derived_from and item.derived_from.startswith("safety."):
                assert item.derived_from in values, (spec.id, item.id)


def test_documents_only_for_systemic_models_and_ai_office_only(tmp_path: Path) -> None:
    ws = load_workspace(EXAMPLE)
    docs, problems = build_documents(ws, as_of=AS_OF, ledger=None)
    forms = {d.form.spec.id for d in docs}
    assert forms >= SAFETY_FORMS and "ss_incident_report" not in forms
    assert not [p for p in problems if p.form in SAFETY_FORMS and p.severity == "error"]
    for spec in load_forms():
        if spec.id.startswith("ss_"):
            assert spec.recipients == ("ai_office",)
            assert all(i.recipients == ("ai_office",) for i in spec.items())
    other = load_workspace(ROOT / "examples" / "open-weights-7b")
    docs, _ = build_documents(other, as_of=AS_OF, ledger=None)
    assert not {d.form.spec.id for d in docs} & SAFETY_FORMS


@pytest.mark.slow
def test_dossier_shows_safety_documents_to_the_ai_office_only(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(EXAMPLE, out, as_of=AS_OF, record=False, binary_formats=False)
    base = out / "ai_office" / "docs" / "helios-ultra"
    for form in SAFETY_FORMS:
        files = sorted(p.name for p in (base / form).iterdir())
        assert files == ["ai_office.html", "ai_office.json", "ai_office.md"], form
    report = json.loads((base / "ss_model_report" / "ai_office.json").read_text())
    samples = report["items"]["SSR.3.1f"]["value"]
    per_eval: dict[str, int] = {}
    for row in samples:
        per_eval[row["evaluation"]] = per_eval.get(row["evaluation"], 0) + 1
    assert per_eval and min(per_eval.values()) >= 5
    timeline = json.loads((base / "ss_incidents" / "ai_office.json").read_text())
    events = [e["what"] for e in timeline["items"]["SSI.2"]["value"]]
    assert "final report sent to ai_office, FR-ANSSI" in events
    index = (out / "ai_office" / "index.html").read_text(encoding="utf-8")
    assert "Safety and Security Model Report" in index
    for audience in ("public", "downstream_provider", "national_authority"):
        assert not (out / audience / "docs" / "helios-ultra" / "ss_model_report").exists()
    # What only the AI Office may see stays out of every other audience's views.
    secrets = ["every 2e24 FLOP of training compute", "Long-lived CI token", "wmdp-bio"]
    seen = 0
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".md", ".json"):
            text = path.read_text(encoding="utf-8")
            found = [s for s in secrets if s in text]
            seen += bool(found)
            assert not found or path.is_relative_to(out / "ai_office"), (path, found)
    assert seen
