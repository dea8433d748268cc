"""The defects a review of the forms against Annexes XI/XII and the Commission's template found
(issue 11), each fixed in the spec with its citation."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from gpaikit.forms import check_value, load_form, load_forms, size_ranges, view
from gpaikit.law import load_catalog
from tests.forms.conftest import FillFn


def _problems(form, item: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.message for p in form.problems if p.item == item]


# -- option spellings: "image" for the MDF's "images" was read as "Other: image" ---------------


@pytest.mark.parametrize(
    ("item", "written", "stored"),
    [
        ("MDF.DA.01", ["text", "image"], ["text", "images"]),
        ("MDF.MP.03", ["Image", "video"], ["images", "video"]),
        ("TS.1.3.mod", ["text", "images"], ["text", "image"]),
        # provenance: licensed and synthetic data are the form's own options, not "Other"
        ("MDF.DA.02", ["licensed_data", "synthetic_data"], ["private_third_party", "synthetic"]),
        ("MDF.DA.02", ["web_crawl", "public_datasets"], ["web_crawling", "public_datasets"]),
        ("MDF.DA.02", ["other: annotation vendors"], ["other: annotation vendors"]),
    ],
)
def test_choices_are_read_as_the_forms_own_options(
    item: str, written: list[str], stored: list[str]
) -> None:
    spec = next(s for s in load_forms() if item in s.item_ids())
    checked = check_value(spec.item(item), written)
    assert checked.errors == [] and checked.value == stored


# -- TS.1.3.size: the template's three ranges per modality --------------------------------------


def test_size_ranges_come_from_the_catalog() -> None:
    catalog = load_catalog()
    text = size_ranges("text")
    assert text is not None
    assert [r.label for r in text] == [
        "Less than 1 billion tokens",
        "1 billion to 10 trillion tokens",
        "More than 10 trillion tokens",
    ]
    assert text[1].low == catalog.value("TPL.size.text_low")
    assert [r.label for r in size_ranges("images") or ()][2] == "More than 1 billion images"
    assert [r.label for r in size_ranges("audio") or ()][1] == "10,000 to 1 million hours"
    assert size_ranges("3d meshes") is None


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ({"text": "more than 10 trillion tokens"}, {"text": "More than 10 trillion tokens"}),
        (
            {"text": "medium", "image": "small"},
            {"text": "1 billion to 10 trillion tokens", "image": "Less than 1 million images"},
        ),
        # "alternatively, the approximate size in a different unit" (Apertus: 15 trillion tokens)
        ({"text": "15 trillion tokens"}, {"text": "approximately 15 trillion tokens"}),
        ({"video": "about 2.4e5 hours"}, {"video": "approximately 2.4e5 hours"}),
        ({"other: 3D meshes": "40 TB of meshes"}, {"other: 3D meshes": "40 TB of meshes"}),
    ],
)
def test_size_answers_are_ranges_or_approximate_sizes(
    written: dict[str, str], stored: dict[str, str]
) -> None:
    checked = check_value(load_form("training_summary").item("TS.1.3.size"), written)
    assert checked.errors == [] and checked.value == stored


@pytest.mark.parametrize(
    "written",
    [
        {"image": "1 billion to 10 billion images"},  # no such range (the example's old answer)
        {"text": "a lot"},
        {"audio": "between 5 and 50 thousand hours"},
    ],
)
def test_free_text_sizes_are_refused_with_the_ranges_offered(written: dict[str, str]) -> None:
    checked = check_value(load_form("training_summary").item("TS.1.3.size"), written)
    assert checked.value == {} and len(checked.errors) == 1
    assert "Less than" in checked.errors[0] and "approximately" in checked.errors[0]


# -- conditions: user-data modality, synthetic-data generator, data collection ------------------


def test_user_data_modality_is_required_when_user_data_is_used(filled: FillFn) -> None:
    used = filled("training_summary", "TS.2.4.model: no\nTS.2.4.services: yes")
    assert any(
        "required because TS.2.4.services is yes" in m for m in _problems(used, "TS.2.4.mod")
    )
    answered = filled(
        "training_summary", "TS.2.4.model: yes\nTS.2.4.services: no\nTS.2.4.mod: [text]"
    )
    assert not _problems(answered, "TS.2.4.mod")
    unused = filled("training_summary", "TS.2.4.model: no\nTS.2.4.services: no")
    assert not _problems(unused, "TS.2.4.mod")


def test_the_synthetic_data_generator_must_be_named(filled: FillFn) -> None:
    unnamed = filled("training_summary", "TS.2.5.used: yes\nTS.2.5.mod: [text]")
    assert any("or answer TS.2.5.othermodels" in m for m in _problems(unnamed, "TS.2.5.gpai"))
    on_market = filled(
        "training_summary", "TS.2.5.used: yes\nTS.2.5.mod: [text]\nTS.2.5.gpai: [Mistral Large 2]"
    )
    own = filled(
        "training_summary",
        "TS.2.5.used: yes\nTS.2.5.mod: [text]\nTS.2.5.othermodels: Our own unreleased 70B model.",
    )
    assert not _problems(on_market, "TS.2.5.gpai") and not _problems(own, "TS.2.5.gpai")
    assert not _problems(filled("training_summary", "TS.2.5.used: no"), "TS.2.5.gpai")


def test_data_collection_continuing_is_not_required(filled: FillFn) -> None:
    item = load_form("training_summary").item("TS.1.3.ongoing")
    assert item.required is False and item.unconfirmed
    assert not _problems(filled("training_summary"), "TS.1.3.ongoing")


def test_template_fields_added() -> None:
    spec = load_form("training_summary")
    comments = spec.item("TS.2.2.1.cmt")  # 2.2.1 has its own additional comments
    assert comments.required is False and "2.2.1" in comments.citation
    previous = spec.item("TS.H.03")  # version "with link(s) to previous versions"
    assert previous.required is False and "previous versions" in previous.help


def test_units_are_the_forms_own() -> None:
    mdf = load_form("mdf")
    units = {i.id: i.unit for i in mdf.items() if i.unit}
    assert units == {
        "MDF.MP.07": "parameters",
        "MDF.CR.01b.days": "days",
        "MDF.CR.02a": "FLOP",
        "MDF.CR.02b": "FLOP",
        "MDF.EN.01": "MWh",
        "MDF.EN.03": "FLOP",
    }
    assert mdf.item("MDF.CR.01b.hardware").fields[1].unit == "days"


# -- the template is cited one way everywhere --------------------------------------------------

TEMPLATE = "Commission Template for the Public Summary of Training Content, C(2025) 5235 final"


def test_the_template_is_cited_one_way_across_documents_and_catalog() -> None:
    folder = resources.files("gpaikit.law").joinpath("data")
    texts = [e.read_text("utf-8") for e in folder.iterdir() if e.name.endswith(".yaml")]
    texts += [
        e.read_text("utf-8") for e in folder.joinpath("forms").iterdir() if e.name.endswith(".yaml")
    ]
    citations = [
        c for t in texts for c in re.findall(r"citation: (.*)", t) if re.search(r"5235|8311", c)
    ]
    assert len(citations) >= 10
    assert all(TEMPLATE in c for c in citations), [c for c in citations if TEMPLATE not in c]
    assert TEMPLATE in load_form("training_summary").citation


# -- completeness counts required and optional items apart -------------------------------------


def test_completeness_does_not_read_optional_gaps_as_missing(filled: FillFn) -> None:
    answers = """\
        TS.1.3.mod: [text]
        TS.1.3.size: {text: medium}
        TS.1.3.types: {text: web pages}
        TS.1.3.date: 2025-06
        TS.1.3.ling: English
        TS.1.2.ii: N/A
        TS.2.1.used: no
        TS.2.2.1.used: no
        TS.2.2.2.used: no
        TS.2.3.used: no
        TS.2.4.model: no
        TS.2.4.services: no
        TS.2.5.used: no
        TS.2.6.used: no
        TS.3.1.sig: no
        TS.3.1.measures: robots.txt honoured.
        TS.3.2.measures: Blocklists.
    """
    form = filled("training_summary", answers)
    done = view(form, "public").completeness()
    assert done.complete, done
    assert done.optional > done.optional_answered  # optional comments left empty
    assert done.not_applicable >= 15  # every field under the eight "no" answers
    assert done.text().startswith(f"all {done.required} required items answered")
    gaps = filled("training_summary", "TS.2.1.used: yes")
    assert not view(gaps, "public").completeness().complete
