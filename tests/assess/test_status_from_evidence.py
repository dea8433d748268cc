"""Status from evidence: obligations met through complete, versioned (and, for the public
summary, published) documents are proposed as met; declarations confirm or override."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from typer.testing import CliRunner

from gpaikit.assess import DocumentEvidence, assess
from gpaikit.cli._app import app
from gpaikit.dossier import build_site
from tests.conftest import WorkspaceFactory

AS_OF = dt.date(2026, 11, 28)
REPO = Path(__file__).resolve().parents[2]


def _doc(
    form: str, *, complete: bool = True, recorded: bool = True, **more: object
) -> DocumentEvidence:
    return DocumentEvidence(
        form=form,
        title=form,
        version=2,
        date=dt.date(2025, 8, 20),
        complete=complete,
        recorded=recorded,
        **more,  # type: ignore[arg-type]
    )


def _status(
    make_workspace: WorkspaceFactory, documents: dict[str, DocumentEvidence], **model: object
) -> dict[str, tuple[str, bool]]:
    ws = make_workspace(model=dict(model))
    result = assess(ws, as_of=AS_OF, documents={"m": documents})
    return {o.id: (o.status, o.proposed) for o in result.models[0].obligations}


PUBLISHED = {"published_url": "https://x.example/summary", "published_on": dt.date(2025, 8, 30)}


def test_complete_versioned_documents_are_proposed_as_met(make_workspace: WorkspaceFactory) -> None:
    docs = {
        "mdf": _doc("mdf"),
        "copyright_policy": _doc("copyright_policy"),
        "training_summary": _doc("training_summary", **PUBLISHED),
    }
    found = _status(make_workspace, docs)
    for obligation in (
        "OBL.technical_documentation",
        "OBL.downstream_information",
        "OBL.copyright_policy",
        "OBL.training_summary",
    ):
        assert found[obligation] == ("met", True), obligation
    assert found["OBL.cooperation"][1] is False  # no document: nothing to propose


def test_the_public_summary_needs_its_publication(make_workspace: WorkspaceFactory) -> None:
    found = _status(make_workspace, {"training_summary": _doc("training_summary")})
    assert found["OBL.training_summary"] == ("overdue", False)


def test_incomplete_or_unrecorded_documents_propose_nothing(
    make_workspace: WorkspaceFactory,
) -> None:
    policy = "copyright_policy"
    assert _status(make_workspace, {policy: _doc(policy, complete=False)})[
        "OBL.copyright_policy"
    ] == ("overdue", False)
    assert _status(make_workspace, {policy: _doc(policy, recorded=False)})[
        "OBL.copyright_policy"
    ] == ("overdue", False)


def test_a_declaration_overrides_the_proposal(make_workspace: WorkspaceFactory) -> None:
    docs = {"copyright_policy": _doc("copyright_policy")}
    declared = {"OBL.copyright_policy": {"status": "missing"}}
    found = _status(make_workspace, docs, compliance=declared)
    assert found["OBL.copyright_policy"] == ("overdue", False)
    confirmed = {"OBL.copyright_policy": {"status": "met", "date": dt.date(2025, 8, 1)}}
    found = _status(make_workspace, docs, compliance=confirmed)
    assert found["OBL.copyright_policy"] == ("met", False)


def test_the_proposal_asks_for_confirmation_and_dates_the_publication(
    make_workspace: WorkspaceFactory,
) -> None:
    ws = make_workspace()
    docs = {"training_summary": _doc("training_summary", **PUBLISHED)}
    model = assess(ws, as_of=AS_OF, documents={"m": docs}).models[0]
    summary = next(o for o in model.obligations if o.id == "OBL.training_summary")
    # placed on 2025-09-01, published two days before: met on time
    assert summary.met_on == dt.date(2025, 8, 30) and summary.late_by_days is None
    assert "published 2025-08-30 at https://x.example/summary" in summary.evidence[0]
    assert any(s.startswith("confirm OBL.training_summary as met") for s in model.next_steps)


def test_build_records_the_versions_and_assess_then_proposes(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(REPO / "tests" / "forms" / "fixtures" / "complete", ws)
    before = CliRunner().invoke(app, ["assess", str(ws), "--as-of", "2026-11-28"])
    assert "proposed from the documents" not in before.output
    build_site(ws, tmp_path / "site", as_of=AS_OF, record=True)
    after = CliRunner().invoke(
        app, ["assess", str(ws), "--as-of", "2026-11-28", "--format", "json"]
    )
    assert after.exit_code == 0, after.output
    assert '"proposed": true' in after.output
