"""Each package exports exactly its public names (a small, deliberate surface)."""

from __future__ import annotations

import importlib

import pytest

EXPECTED = {
    "gpaikit.law": {
        "ENTRY_KINDS",
        "Accelerator",
        "Applicability",
        "Catalog",
        "Chapter",
        "Clock",
        "CrawlerToken",
        "Criterion",
        "DueRule",
        "Entry",
        "IncidentType",
        "KeyDate",
        "Measure",
        "Obligation",
        "Parameter",
        "Provision",
        "Region",
        "Signatory",
        "Source",
        "load_catalog",
        "load_catalog_from",
    },
    "gpaikit.workspace": {
        "WORKSPACE_FILE",
        "BaseModelRef",
        "CodeOfPractice",
        "ContactPoint",
        "Evidence",
        "FleetSegment",
        "Licence",
        "Modalities",
        "Model",
        "Monetisation",
        "Provider",
        "Publication",
        "Representative",
        "SystemicRiskStatus",
        "TrainingRun",
        "Version",
        "Workspace",
        "find_artifact",
        "load_job_output",
        "load_workspace",
        "parse_workspace",
        "scaffold_workspace",
    },
    "gpaikit.assess": {
        "Assessment",
        "Classification",
        "ComputeFigure",
        "Fact",
        "MeasureFinding",
        "ModelAssessment",
        "ObligationResult",
        "OpenSourceResult",
        "Reason",
        "ThresholdWarning",
        "assess",
        "assess_model",
        "classify",
    },
    "gpaikit.render": {
        "assessment_markdown",
        "catalog_markdown",
        "form_html",
        "form_markdown",
        "html_page",
        "model_card_markdown",
    },
    "gpaikit.cli": {"app", "main"},
}


@pytest.mark.parametrize("module_name", sorted(EXPECTED))
def test_exports_are_exact(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert set(module.__all__) == EXPECTED[module_name]
    for name in module.__all__:
        assert hasattr(module, name), name
