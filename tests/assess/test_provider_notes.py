"""Provider-level notes: signatory list cross-check, alternative means, enforcement dates."""

from __future__ import annotations

import datetime as dt

import pytest

from gpaikit.assess import assess
from gpaikit.law import Catalog
from tests.conftest import AS_OF, WorkspaceFactory

ALL_SIGNED = {"transparency": "signed", "copyright": "signed", "safety_security": "signed"}


def _notes(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    provider: dict[str, object],
    as_of: dt.date = AS_OF,
) -> list[str]:
    result = assess(make_workspace(provider=provider), as_of=as_of, catalog=catalog)
    return [f"{n.text} {n.citations}" for n in result.provider_notes]


def test_declared_signature_contradicting_the_list(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    notes = _notes(
        make_workspace,
        catalog,
        {"legal_name": "Meta Platforms, Inc.", "code_of_practice": ALL_SIGNED},
    )
    assert sum("SIG.meta" in n and "declined" in n for n in notes) == 3


def test_partial_signatory_matches_per_chapter(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    notes = _notes(
        make_workspace,
        catalog,
        {"legal_name": "xAI Corp.", "code_of_practice": {"safety_security": "signed"}},
    )
    assert not any("SIG.xai" in n for n in notes)
    notes = _notes(make_workspace, catalog, {"legal_name": "xAI", "code_of_practice": ALL_SIGNED})
    assert sum("SIG.xai" in n for n in notes) == 2


def test_unlisted_provider_gets_no_list_note(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    notes = _notes(make_workspace, catalog, {"code_of_practice": ALL_SIGNED})
    assert not any("SIG." in n for n in notes)
    assert not any("other adequate means" in n for n in notes)


@pytest.mark.parametrize(
    ("as_of", "needle"),
    [(dt.date(2026, 8, 1), "start 2026-08-02"), (dt.date(2026, 8, 2), "since 2026-08-02")],
)
def test_enforcement_date_note(
    make_workspace: WorkspaceFactory, catalog: Catalog, as_of: dt.date, needle: str
) -> None:
    notes = _notes(make_workspace, catalog, {}, as_of=as_of)
    assert any(needle in n and "AIA.101" in n for n in notes)


def test_reassessment_date_after_designation(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    ws = make_workspace(
        model={
            "training_compute_flop": 5e24,
            "systemic_risk": {
                "designated_on": dt.date(2026, 2, 28),
                "designation_basis": "annex_xiii",
            },
        }
    )
    found = assess(ws, as_of=AS_OF, catalog=catalog).models[0].dates.reassessment_possible_from
    assert found is not None and found.date == dt.date(2026, 8, 28)
    assert "AIA.52_5" in found.citations
