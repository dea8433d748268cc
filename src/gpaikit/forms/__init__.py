"""The forms engine: spec -> values -> validation -> recipient views -> versions.

A form is a spec in ``gpaikit/law/data/forms`` (sections, items with stable IDs, types,
recipients, conditions, derivations). Values come from the workspace's explicit answers
(``models[].answers``), from derivations (workspace facts, :mod:`gpaikit.compute`, the
data-summary artefact) and from proposed values (a Hugging Face model card)::

    from gpaikit.forms import FormContext, fill, load_form, view

    filled = fill(load_form("mdf"), FormContext(workspace, workspace.models[0], load_catalog()))
    filled.problems            # every problem at once, with file, line and item ID
    view(filled, "downstream_provider").items   # only the items marked for that recipient
"""

# Names load on first use (gpaikit._lazy): a command that needs one table of the forms
# (the size ranges of `data summarize`) does not import the whole engine.

from __future__ import annotations

from typing import TYPE_CHECKING

from gpaikit._lazy import lazy_exports

if TYPE_CHECKING:
    from gpaikit.forms._artefacts import AUDIT_PATHS, ModelArtefacts, load_artefacts
    from gpaikit.forms._consistency import RULES, ConsistencyInputs, check_consistency, parse_size
    from gpaikit.forms._derive import DERIVATIONS, ORIGINS, FormContext, Sourced, model_estimate
    from gpaikit.forms._documents import (
        DATA_SUMMARY_PATHS,
        Document,
        find_data_summary,
        load_data_summary,
        prepare,
    )
    from gpaikit.forms._fill import FilledForm, FilledItem, Problem, fill, unknown_answer_keys
    from gpaikit.forms._layout import FormLayout, LayoutPart, LayoutRow, load_layout
    from gpaikit.forms._modelcard import ModelCard, card_proposals, import_model_card
    from gpaikit.forms._schema import answer_schemas, json_schema
    from gpaikit.forms._shapes import answer_example, answer_hint
    from gpaikit.forms._sizes import SIZE_UNITS, SizeRange, size_range_of, size_ranges
    from gpaikit.forms._spec import (
        ITEM_TYPES,
        RECIPIENTS,
        Condition,
        FormSpec,
        Item,
        Option,
        Recipient,
        RecordField,
        Section,
        load_form,
        load_forms,
    )
    from gpaikit.forms._stats import ORIGIN_NAMES, DocumentStats, document_stats, total_stats
    from gpaikit.forms._status import Completeness, ItemStatus, gate_of, item_status
    from gpaikit.forms._values import check_value, parse_number, significant_figures
    from gpaikit.forms._versions import (
        ItemChange,
        VersionRecord,
        content_hash,
        diff_records,
        git_commit,
        latest_version,
        link_hash,
        load_record,
        next_version,
        retention_date,
        write_record,
    )
    from gpaikit.forms._views import CONFIDENTIALITY, RECIPIENT_LABELS, FormView, SectionView, view

#: Public name -> the module that defines it.
_SOURCES: dict[str, str] = {
    "AUDIT_PATHS": "gpaikit.forms._artefacts",
    "CONFIDENTIALITY": "gpaikit.forms._views",
    "Completeness": "gpaikit.forms._status",
    "Condition": "gpaikit.forms._spec",
    "ConsistencyInputs": "gpaikit.forms._consistency",
    "DATA_SUMMARY_PATHS": "gpaikit.forms._documents",
    "DERIVATIONS": "gpaikit.forms._derive",
    "Document": "gpaikit.forms._documents",
    "DocumentStats": "gpaikit.forms._stats",
    "FilledForm": "gpaikit.forms._fill",
    "FilledItem": "gpaikit.forms._fill",
    "FormContext": "gpaikit.forms._derive",
    "FormLayout": "gpaikit.forms._layout",
    "FormSpec": "gpaikit.forms._spec",
    "FormView": "gpaikit.forms._views",
    "ITEM_TYPES": "gpaikit.forms._spec",
    "Item": "gpaikit.forms._spec",
    "ItemChange": "gpaikit.forms._versions",
    "ItemStatus": "gpaikit.forms._status",
    "LayoutPart": "gpaikit.forms._layout",
    "LayoutRow": "gpaikit.forms._layout",
    "ModelArtefacts": "gpaikit.forms._artefacts",
    "ModelCard": "gpaikit.forms._modelcard",
    "ORIGINS": "gpaikit.forms._derive",
    "ORIGIN_NAMES": "gpaikit.forms._stats",
    "Option": "gpaikit.forms._spec",
    "Problem": "gpaikit.forms._fill",
    "RECIPIENTS": "gpaikit.forms._spec",
    "RECIPIENT_LABELS": "gpaikit.forms._views",
    "RULES": "gpaikit.forms._consistency",
    "Recipient": "gpaikit.forms._spec",
    "RecordField": "gpaikit.forms._spec",
    "SIZE_UNITS": "gpaikit.forms._sizes",
    "Section": "gpaikit.forms._spec",
    "SectionView": "gpaikit.forms._views",
    "SizeRange": "gpaikit.forms._sizes",
    "Sourced": "gpaikit.forms._derive",
    "VersionRecord": "gpaikit.forms._versions",
    "answer_example": "gpaikit.forms._shapes",
    "answer_hint": "gpaikit.forms._shapes",
    "answer_schemas": "gpaikit.forms._schema",
    "card_proposals": "gpaikit.forms._modelcard",
    "check_consistency": "gpaikit.forms._consistency",
    "check_value": "gpaikit.forms._values",
    "content_hash": "gpaikit.forms._versions",
    "diff_records": "gpaikit.forms._versions",
    "document_stats": "gpaikit.forms._stats",
    "fill": "gpaikit.forms._fill",
    "find_data_summary": "gpaikit.forms._documents",
    "gate_of": "gpaikit.forms._status",
    "git_commit": "gpaikit.forms._versions",
    "import_model_card": "gpaikit.forms._modelcard",
    "item_status": "gpaikit.forms._status",
    "json_schema": "gpaikit.forms._schema",
    "latest_version": "gpaikit.forms._versions",
    "link_hash": "gpaikit.forms._versions",
    "load_artefacts": "gpaikit.forms._artefacts",
    "load_data_summary": "gpaikit.forms._documents",
    "load_form": "gpaikit.forms._spec",
    "load_forms": "gpaikit.forms._spec",
    "load_layout": "gpaikit.forms._layout",
    "load_record": "gpaikit.forms._versions",
    "model_estimate": "gpaikit.forms._derive",
    "next_version": "gpaikit.forms._versions",
    "parse_number": "gpaikit.forms._values",
    "parse_size": "gpaikit.forms._consistency",
    "prepare": "gpaikit.forms._documents",
    "retention_date": "gpaikit.forms._versions",
    "significant_figures": "gpaikit.forms._values",
    "size_range_of": "gpaikit.forms._sizes",
    "size_ranges": "gpaikit.forms._sizes",
    "total_stats": "gpaikit.forms._stats",
    "unknown_answer_keys": "gpaikit.forms._fill",
    "view": "gpaikit.forms._views",
    "write_record": "gpaikit.forms._versions",
}

__all__ = [
    "AUDIT_PATHS",
    "CONFIDENTIALITY",
    "DATA_SUMMARY_PATHS",
    "DERIVATIONS",
    "ITEM_TYPES",
    "ORIGINS",
    "ORIGIN_NAMES",
    "RECIPIENTS",
    "RECIPIENT_LABELS",
    "RULES",
    "SIZE_UNITS",
    "Completeness",
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
]

__getattr__, __dir__ = lazy_exports(__name__, _SOURCES)
