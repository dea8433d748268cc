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
