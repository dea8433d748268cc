"""The form specs: complete against the reference, well-formed, every derivation known."""

from __future__ import annotations

import pytest

from gpaikit.forms import DERIVATIONS, RECIPIENTS, load_form, load_forms
from gpaikit.forms._derive import SUPPLIED_PREFIX

# Every item ID of the reference's MDF table (transparency reference §7), in order.
MDF_REFERENCE = [
    "MDF.H.01",
    "MDF.H.02",
    "MDF.GI.01",
    "MDF.GI.02",
    "MDF.GI.03",
    "MDF.GI.04",
    "MDF.GI.05",
    "MDF.GI.06",
    "MDF.MP.01",
    "MDF.MP.02",
    "MDF.MP.03",
    "MDF.MP.04",
    "MDF.MP.05",
    "MDF.MP.06",
    "MDF.MP.07",
    "MDF.MP.08",
    "MDF.DL.01a",
    "MDF.DL.01b",
    "MDF.DL.02",
    "MDF.DL.03",
    "MDF.DL.04",
    "MDF.US.01",
    "MDF.US.02",
    "MDF.US.03",
    "MDF.US.04",
    "MDF.US.05",
    "MDF.US.06",
    "MDF.TP.01",
    "MDF.TP.02",
    "MDF.DA.01",
    "MDF.DA.02",
    "MDF.DA.03",
    "MDF.DA.04a",
    "MDF.DA.04b",
    "MDF.DA.05",
    "MDF.DA.06",
    "MDF.DA.07",
    "MDF.DA.08",
    "MDF.CR.01a",
    "MDF.CR.01b",
    "MDF.CR.02a",
    "MDF.CR.02b",
    "MDF.CR.03",
    "MDF.EN.01",
    "MDF.EN.02",
    "MDF.EN.03",
    "MDF.EN.04",
]
# Every field of the template (reference §13).
TS_REFERENCE = [
    "TS.H.01",
    "TS.H.02",
    "TS.1.1.i",
    "TS.1.1.ii",
    "TS.1.2.i",
    "TS.1.2.ii",
    "TS.1.2.iii",
    "TS.1.3.mod",
    "TS.1.3.size",
    "TS.1.3.types",
    "TS.1.3.date",
    "TS.1.3.ongoing",
    "TS.1.3.ling",
    "TS.1.3.other",
    "TS.1.3.cmt",
    "TS.2.1.used",
    "TS.2.1.mod",
    "TS.2.1.large",
    "TS.2.1.rest",
    "TS.2.1.cmt",
    "TS.2.2.1.used",
    "TS.2.2.1.mod",
    "TS.2.2.2.used",
    "TS.2.2.2.mod",
    "TS.2.2.2.known",
    "TS.2.2.2.desc",
    "TS.2.2.2.cmt",
    "TS.2.3.used",
    "TS.2.3.names",
    "TS.2.3.purpose",
    "TS.2.3.behav",
    "TS.2.3.period",
    "TS.2.3.content",
    "TS.2.3.mod",
    "TS.2.3.domains",
    "TS.2.3.cmt",
    "TS.2.4.model",
    "TS.2.4.services",
    "TS.2.4.desc",
    "TS.2.4.mod",
    "TS.2.4.cmt",
    "TS.2.5.used",
    "TS.2.5.mod",
    "TS.2.5.gpai",
    "TS.2.5.othermodels",
    "TS.2.5.cmt",
    "TS.2.6.used",
    "TS.2.6.desc",
    "TS.2.6.cmt",
    "TS.3.1.sig",
    "TS.3.1.measures",
    "TS.3.1.cmt",
    "TS.3.2.measures",
    "TS.3.3.other",
]
# Items whose recipient marks the reference confirms from the final form ([F], S6/S7).
MDF_FINAL_MARKS = {
    "MDF.CR.01a": {"national_authority"},
    "MDF.CR.02a": {"national_authority"},
    "MDF.CR.02b": {"ai_office"},
    "MDF.EN.01": {"ai_office", "national_authority"},
    "MDF.EN.02": {"ai_office", "national_authority"},
    "MDF.EN.03": {"ai_office", "national_authority"},
    "MDF.EN.04": {"ai_office", "national_authority"},
}


def _covers(ids: list[str], ref: str) -> bool:
    return ref in ids or any(i.startswith(ref + ".") for i in ids)


def test_the_forms_ship() -> None:
    assert [s.id for s in load_forms()] == [
        "copyright_policy",
        "mdf",
        "ss_framework",
        "ss_incident_report",
        "ss_incidents",
        "ss_model_report",
        "ss_risk_register",
        "training_summary",
    ]


def test_mdf_has_every_reference_item_in_order() -> None:
    ids = list(load_form("mdf").item_ids())
    assert all(_covers(ids, ref) for ref in MDF_REFERENCE)
    positions = [
        next(n for n, i in enumerate(ids) if i == r or i.startswith(r + ".")) for r in MDF_REFERENCE
    ]
    assert positions == sorted(positions)


def test_training_summary_has_every_template_field_in_order() -> None:
    ids = list(load_form("training_summary").item_ids())
    assert [i for i in ids if i in TS_REFERENCE] == TS_REFERENCE


def test_training_summary_has_legacy_fields() -> None:
    ids = load_form("training_summary").item_ids()
    assert {"TS.L.01", "TS.L.02"} <= set(ids)
    assert load_form("training_summary").allow_unavailable


@pytest.mark.parametrize(
    "topic",
    [
        "CP.1.3.crawlers",
        "CP.1.3.protocols",
        "CP.1.2.tpm",
        "CP.1.2.piracy",
        "CP.1.4.safeguards",
        "CP.1.5.contact",
        "CP.1.5.complaints",
        "CP.1.3.identification",
        "CP.1.3.honouring",
    ],
)
def test_copyright_policy_covers_measure_content(topic: str) -> None:
    assert topic in load_form("copyright_policy").item_ids()


def test_final_marks_are_exact_and_draft_marks_are_flagged() -> None:
    spec = load_form("mdf")
    for item in spec.items():
        if item.id in MDF_FINAL_MARKS:
            assert set(item.recipients) == MDF_FINAL_MARKS[item.id], item.id
        if item.confidence != "F" and item.id not in ("MDF.H.01", "MDF.H.02"):
            assert item.unconfirmed, f"{item.id} ({item.confidence}) must be flagged"


def test_downstream_providers_get_no_compute_energy_time_or_data_points() -> None:
    for item in load_form("mdf").items():
        if item.id.startswith(("MDF.CR.", "MDF.EN.", "MDF.DA.04")):
            assert "downstream_provider" not in item.recipients, item.id


@pytest.mark.parametrize(
    ("item", "recipients", "basis"),
    [
        # Annex XII 1(f): architecture *and number of parameters* for integrators
        ("MDF.MP.07", {"ai_office", "downstream_provider"}, "Annex XII 1(f)"),
        # Annex XII 1(h): the licence itself, not only its category
        ("MDF.DL.02", {"ai_office", "national_authority", "downstream_provider"}, "1(h)"),
        # Annex XI Section 1 2(a): technical means for integration in the technical documentation
        ("MDF.US.04", {"ai_office", "national_authority", "downstream_provider"}, "2(a)"),
    ],
)
def test_recipient_marks_follow_annexes_xi_and_xii(
    item: str, recipients: set[str], basis: str
) -> None:
    found = load_form("mdf").item(item)
    assert set(found.recipients) == recipients
    assert basis in found.citation
    assert found.unconfirmed and "Third Draft" in found.unconfirmed  # the marks stay flagged


@pytest.mark.parametrize("spec", load_forms(), ids=lambda s: s.id)
def test_items_are_complete_and_derivations_known(spec) -> None:  # type: ignore[no-untyped-def]
    for item in spec.items():
        assert item.citation and item.label and item.recipients
        assert set(item.recipients) <= set(RECIPIENTS)
        if item.derived_from and not item.derived_from.startswith(SUPPLIED_PREFIX):
            assert item.derived_from in DERIVATIONS, item.id


def test_ids_are_unique_across_forms() -> None:
    ids = [i for s in load_forms() for i in s.item_ids()]
    assert len(ids) == len(set(ids))
