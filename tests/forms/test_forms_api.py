"""gpaikit.forms exports exactly its public names."""

from __future__ import annotations

import importlib

import pytest

EXPECTED = {
    "gpaikit.forms": {
        "AUDIT_PATHS",
        "CONFIDENTIALITY",
        "DATA_SUMMARY_PATHS",
        "DERIVATIONS",
        "ITEM_TYPES",
        "ORIGINS",
        "ORIGIN_NAMES",
        "RECIPIENTS",
        "RECIPIENT_LABELS",
        "SIZE_UNITS",
        "Completeness",
        "RULES",
        "Condition",
        "ConsistencyInputs",
        "Document",
        "DocumentStats",
        "FilledForm",
        "FilledItem",
        "FormContext",
        "FormLayout",
        "FormSpec",
        "FormView",
        "Item",
        "ItemChange",
        "ItemStatus",
        "LayoutPart",
        "LayoutRow",
        "ModelArtefacts",
        "ModelCard",
        "Option",
        "Problem",
        "Recipient",
        "RecordField",
        "Section",
        "SectionView",
        "SizeRange",
        "Sourced",
        "VersionRecord",
        "answer_example",
        "answer_hint",
        "answer_schemas",
        "card_proposals",
        "check_consistency",
        "check_value",
        "content_hash",
        "diff_records",
        "document_stats",
        "fill",
        "find_data_summary",
        "gate_of",
        "git_commit",
        "import_model_card",
        "item_status",
        "json_schema",
        "latest_version",
        "link_hash",
        "load_artefacts",
        "load_data_summary",
        "load_form",
        "load_forms",
        "load_layout",
        "load_record",
        "model_estimate",
        "next_version",
        "parse_number",
        "parse_size",
        "prepare",
        "retention_date",
        "significant_figures",
        "size_range_of",
        "size_ranges",
        "total_stats",
        "unknown_answer_keys",
        "view",
        "write_record",
    },
}
# gpaikit.dossier's exports are listed in tests/test_public_api.py


@pytest.mark.parametrize("module", sorted(EXPECTED))
def test_exports_are_exact(module: str) -> None:
    mod = importlib.import_module(module)
    assert set(mod.__all__) == EXPECTED[module]
    for name in mod.__all__:
        assert hasattr(mod, name), name


def test_render_keeps_assessment_markdown_and_adds_form_renderers() -> None:
    import gpaikit.render as render

    assert {
        "assessment_markdown",
        "catalog_markdown",
        "form_markdown",
        "form_html",
        "html_page",
        "model_card_markdown",
        "workspace_markdown",
    } == set(render.__all__)
