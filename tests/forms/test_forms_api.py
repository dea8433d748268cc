"""gpaikit.forms and gpaikit.dossier export exactly their public names."""

from __future__ import annotations

import importlib

import pytest

EXPECTED = {
    "gpaikit.forms": {
        "CONFIDENTIALITY",
        "DATA_SUMMARY_PATHS",
        "DERIVATIONS",
        "ITEM_TYPES",
        "RECIPIENTS",
        "RECIPIENT_LABELS",
        "SIZE_UNITS",
        "Completeness",
        "Condition",
        "Document",
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
        "ModelCard",
        "Option",
        "Problem",
        "Recipient",
        "RecordField",
        "Section",
        "SectionView",
        "SizeRange",
        "VersionRecord",
        "check_value",
        "content_hash",
        "diff_records",
        "fill",
        "find_data_summary",
        "gate_of",
        "git_commit",
        "import_model_card",
        "item_status",
        "json_schema",
        "latest_version",
        "load_data_summary",
        "load_form",
        "load_forms",
        "load_layout",
        "load_record",
        "model_estimate",
        "next_version",
        "parse_number",
        "prepare",
        "retention_date",
        "significant_figures",
        "size_range_of",
        "size_ranges",
        "unknown_answer_keys",
        "view",
        "write_record",
    },
    "gpaikit.dossier": {
        "AUDIENCES",
        "unique_slugs",
        "LEDGER_DIR",
        "PROPOSED_FILE",
        "BuildResult",
        "build_documents",
        "build_site",
    },
}


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
    } == set(render.__all__)
