"""Documents know what applies: per-model applicability, used by `docs validate/render` and
`build`; the JSON form's structured dates; the examples assess cleanly."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gpaikit.assess import ModelAssessment, assess
from gpaikit.cli import app
from gpaikit.dossier import build_documents, build_site
from gpaikit.forms import load_forms
from gpaikit.law import Catalog
from gpaikit.workspace import load_workspace
from tests.assess.test_classification import OPEN
from tests.conftest import AS_OF, EXAMPLES, REPO, WorkspaceFactory


def _assess(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    model: dict[str, Any],
    provider: dict[str, Any] | None = None,
) -> ModelAssessment:
    return assess(
        make_workspace(model=model, provider=provider), as_of=AS_OF, catalog=catalog
    ).models[0]


def test_every_document_is_a_form(catalog: Catalog) -> None:
    forms = {spec.id for spec in load_forms()}
    named = {form for o in catalog.obligations() for form in o.documents}
    assert named == forms


def test_open_source_exemption_means_no_mdf(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    m = _assess(make_workspace, catalog, OPEN, {"country": "US"})
    mdf = m.document("mdf")
    assert mdf is not None and mdf.required is False
    assert "open-source exemption" in mdf.reason
    assert {"AIA.53_1_a", "AIA.53_1_b"} <= set(mdf.citations)
    for form in ("copyright_policy", "training_summary"):
        found = m.document(form)
        assert found is not None and found.required is True
    # the exempt obligations are listed, not dropped
    exempt = {o.id: o for o in m.obligations if o.applies is False}
    for oid in (
        "OBL.technical_documentation",
        "OBL.downstream_information",
        "OBL.authorised_representative",
    ):
        assert exempt[oid].status == "not_applicable"
        assert exempt[oid].reasons[0].text.startswith("exempt: open-source exemption")
        assert {"AIA.53_2", "AIA.54_6"} <= set(exempt[oid].reasons[0].citations)


def test_undecided_exemption_leaves_the_mdf_undecided(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    m = _assess(make_workspace, catalog, {"licence": {"name": "X", "access": True}})
    mdf = m.document("mdf")
    assert mdf is not None and mdf.required is None
    assert "open_source_exempt" in mdf.reason


def test_modifier_provider_documents_cover_the_modification(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    m = _assess(
        make_workspace,
        catalog,
        {
            "training_compute_flop": None,
            "role": "modifier",
            "base_model": {"name": "b", "training_compute_flop": 3e23},
            "modification_compute_flop": 2e23,
            "licence": {"name": "Closed", "access": False},
        },
    )
    owed = [d for d in m.documents if not d.form.startswith("ss_")]
    assert all(d.required for d in owed)
    assert all("Recital 109" in d.reason for d in owed)
    # not a systemic-risk model: the Safety & Security documents are not owed
    assert all(d.required is False for d in m.documents if d.form.startswith("ss_"))


def _copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(REPO / "examples" / name, target)
    return target


def test_validate_does_not_demand_what_is_not_owed(tmp_path: Path) -> None:
    ws = load_workspace(_copy("open-weights-7b", tmp_path))
    documents, problems = build_documents(ws, as_of=AS_OF, ledger=None)
    assert {d.form.spec.id for d in documents} == {"copyright_policy", "training_summary"}
    assert not [p for p in problems if p.form == "mdf"]


def test_a_modifier_that_is_not_the_provider_owes_no_document(tmp_path: Path) -> None:
    ws_dir = _copy("finetuner-below-threshold", tmp_path)
    documents, problems = build_documents(load_workspace(ws_dir), as_of=AS_OF, ledger=None)
    assert documents == [] and problems == []
    runner = CliRunner()
    validate = runner.invoke(app, ["docs", "validate", str(ws_dir), "--as-of", "2026-11-28"])
    assert validate.exit_code == 0, validate.output
    render = runner.invoke(app, ["docs", "render", "mdf", str(ws_dir)])
    assert render.exit_code == 2
    assert "does not owe the Model Documentation Form" in render.output
    site = tmp_path / "site"
    result = build_site(ws_dir, site, as_of=AS_OF, record=False, binary_formats=False)
    assert result.documents == ()
    index = (site / "ai_office" / "index.html").read_text()
    assert "No obligations under Arts 53–55" in index
    assert "does not exceed one third" in index and "remains the provider" in index
    assert 'href="docs/' not in index


def test_the_json_form_has_every_date_field(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "assess",
            str(REPO / "examples" / "frontier-lab"),
            "--as-of",
            "2026-11-28",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    model = json.loads(result.output)["models"][0]
    assert set(model["dates"]) == {
        "placement",
        "compliance_due",
        "threshold_foreseen",
        "threshold_exceeded",
        "notification_due",
        "systemic_risk_since",
        "systemic_risk_until",
        "representative_due",
        "representative_retention_until",
        "framework_confirmation_due",
        "fines_possible_from",
        "reassessment_possible_from",
    }
    dates = {k: (v or {}).get("date") for k, v in model["dates"].items()}
    assert dates["notification_due"] == "2025-09-15"
    assert dates["framework_confirmation_due"] == "2025-10-08"  # notified 2025-09-10 + 4 weeks
    assert dates["systemic_risk_since"] == "2026-01-12"
    assert dates["fines_possible_from"] == "2026-08-02"
    assert [d["form"] for d in model["documents"]] == [
        "mdf",
        "copyright_policy",
        "training_summary",
        "ss_risk_register",
        "ss_model_report",
        "ss_framework",
        "ss_incidents",
        "ss_incident_report",
    ]
    assert all(d["required"] for d in model["documents"])
    assert {"required", "reason"} <= set(model["documents"][0])
    assert model["classification"]["gpai"]["value"] is True
    assert model["summary"]["text"].startswith("As provider of a general-purpose AI model with")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_assesses_cleanly(example: Path, catalog: Catalog) -> None:
    a = assess(load_workspace(example), as_of=AS_OF, catalog=catalog)
    assert a.migrations == ()  # the examples use the current schema
    for m in a.models:
        assert m.summary.text and m.summary.citations
        assert m.classification.role != "unknown", m.name
        assert m.classification.in_scope.value is not None, m.name


def test_internal_use_example(catalog: Catalog) -> None:
    a = assess(load_workspace(REPO / "examples" / "internal-use"), as_of=AS_OF, catalog=catalog)
    archive, claims = a.models
    assert (archive.classification.role, archive.obligations) == ("none", ())
    assert archive.classification.placement.status == "not_placed"
    assert claims.classification.role == "provider"
    assert claims.dates.placement is not None
    assert claims.dates.placement.date == dt.date(2026, 3, 1)
