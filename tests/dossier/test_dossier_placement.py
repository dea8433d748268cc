"""The documents read the placement the assessment found, not only the declared date: internal
use that places a model on the market (AI Act Art. 3(9); reference ai-act-gpai.md §2.6) dates
it, and with it the Art. 111(3) legacy questions of the training-content summary."""

from __future__ import annotations

import datetime as dt

import pytest

from gpaikit.dossier._build import build_documents
from tests.conftest import WorkspaceFactory

AS_OF = dt.date(2026, 11, 28)


@pytest.mark.parametrize(("since", "legacy"), [("2025-05-01", True), ("2025-08-02", False)])
def test_internal_use_placement_decides_the_legacy_answer(
    make_workspace: WorkspaceFactory, since: str, legacy: bool
) -> None:
    ws = make_workspace(
        model={
            "eu_placement_date": None,
            "internal_use": {
                "since": since,
                "essential_to_third_party_services": True,
                "affects_natural_persons_rights": False,
            },
        }
    )
    documents, _ = build_documents(ws, as_of=AS_OF, ledger=None)
    (summary,) = (d for d in documents if d.form.spec.id == "training_summary")
    assert summary.form.value("TS.L.01") is legacy
