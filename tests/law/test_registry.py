"""Registry-wide checks of the legal catalog: unique IDs, citations, sources, references."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gpaikit._exceptions import LawDataError
from gpaikit.assess import assess
from gpaikit.assess._deadlines import due_date
from gpaikit.assess._obligations import facts_of
from gpaikit.law import Catalog, Measure, Obligation, Parameter, load_catalog_from
from gpaikit.workspace import load_workspace
from tests.conftest import AS_OF, EXAMPLES, WorkspaceFactory


def test_every_entry_has_title_citation_and_known_source(catalog: Catalog) -> None:
    assert len(catalog) > 50
    for entry in catalog:
        assert entry.title and entry.citation, entry.id
        assert entry.source in catalog.sources, entry.id


def test_unconfirmed_facts_are_flagged(catalog: Catalog) -> None:
    for entry_id in ("DATE.omnibus_in_force", "CLOCK.documentation_retention", "CLOCK.fine_reply"):
        assert catalog.get(entry_id).unconfirmed, entry_id
    assert catalog.sources["OMNI"].unconfirmed


def test_core_thresholds_and_dates(catalog: Catalog) -> None:
    assert catalog.value("THR.gpai_indicative_compute") == 1e23
    assert catalog.value("THR.systemic_risk_compute") == 1e25
    assert catalog.value("THR.modification_fraction") == pytest.approx(1 / 3)
    assert catalog.date("DATE.gpai_obligations_apply") == dt.date(2025, 8, 2)
    assert catalog.date("DATE.enforcement_start") == dt.date(2026, 8, 2)
    assert catalog.date("DATE.legacy_deadline") == dt.date(2027, 8, 2)
    assert catalog.clock("CLOCK.notification").days == 14
    assert catalog.clock("CLOCK.documentation_retention").years == 10
    assert catalog.typed("THR.annex_xiii_business_users", Parameter).comparison == ">="


def test_obligation_conditions_use_known_facts(
    catalog: Catalog, make_workspace: WorkspaceFactory
) -> None:
    ws = make_workspace()
    model = ws.models[0]
    from gpaikit.assess import classify

    classification = classify(model, ws.provider, catalog, AS_OF)
    known = set(facts_of(classification))
    for obligation in catalog.obligations():
        used = {
            *obligation.applies_when.all,
            *obligation.applies_when.any,
            *obligation.applies_when.none,
        }
        assert used <= known, (obligation.id, used - known)
        due_date(obligation, model, classification, catalog)  # every due rule is implemented


def test_chapter_obligations_have_code_measures(catalog: Catalog) -> None:
    for obligation in catalog.obligations():
        if obligation.chapter is None:
            continue
        serving = [
            m
            for m in catalog.measures(obligation.chapter)
            if m.level == "measure" and set(obligation.basis) & set(m.serves)
        ]
        assert serving, (
            f"{obligation.id}: no {obligation.chapter} measure serves {obligation.basis}"
        )


def test_measures_belong_to_commitments_of_their_chapter(catalog: Catalog) -> None:
    for measure in catalog.of_kind(Measure):
        commitment = catalog.get(measure.commitment)
        assert isinstance(commitment, Measure) and commitment.level == "commitment", measure.id
        assert commitment.chapter == measure.chapter, measure.id


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_emitted_obligation_is_in_the_catalog(catalog: Catalog, example: Path) -> None:
    result = assess(load_workspace(example), as_of=AS_OF, catalog=catalog)
    for model in result.models:
        for o in model.obligations:
            assert isinstance(catalog.get(o.id), Obligation)
            for m in o.measures:
                assert isinstance(catalog.get(m.measure), Measure)


def _catalog_dir(tmp_path: Path, body: str) -> Path:
    (tmp_path / "sources.yaml").write_text(
        "kind: source\nentries:\n  - id: AIA\n    title: The Act\n"
    )
    (tmp_path / "x.yaml").write_text(body)
    return tmp_path


BROKEN = [
    ("unknown kind", "kind: spell\nentries: []\n", "unknown kind"),
    (
        "duplicate id",
        "kind: date\nentries:\n"
        + "  - {id: D.a, title: abc, citation: Art 1, source: AIA, date: 2025-01-01}\n" * 2,
        "duplicate id D.a",
    ),
    (
        "missing citation",
        "kind: date\nentries:\n  - {id: D.a, title: abc, source: AIA, date: 2025-01-01}\n",
        "citation",
    ),
    (
        "unknown source",
        "kind: date\nentries:\n  - {id: D.a, title: abc, citation: Art 1, source: NOPE, date: 2025-01-01}\n",
        "unknown source",
    ),
    (
        "dangling reference",
        "kind: obligation\nentries:\n  - {id: O.a, title: abc, citation: Art 1, source: AIA, basis: [X.y],"
        " applies_when: {all: [gpai]}, due: {rule: continuous}}\n",
        "unknown entry 'X.y'",
    ),
]


@pytest.mark.parametrize(("label", "body", "needle"), BROKEN, ids=[c[0] for c in BROKEN])
def test_broken_catalog_is_rejected(tmp_path: Path, label: str, body: str, needle: str) -> None:
    with pytest.raises(LawDataError, match=needle):
        load_catalog_from(_catalog_dir(tmp_path, body))
