"""One layout per form, the official one, whatever the format (issue 11): the MDF's table with
its three recipient columns, the template's numbered sections with their questions and tick
boxes, a clean policy document; provenance in one annex, not under every item."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from render_helpers import REPO, html_text

from gpaikit.dossier import build_documents, build_site
from gpaikit.forms import FormLayout, FormView, load_form, load_forms, load_layout, view
from gpaikit.render import form_html, form_markdown
from gpaikit.render._blocks import Field, Heading, Table, Text, Ticks
from gpaikit.render._layout import MARK, layout
from gpaikit.workspace import load_workspace

AS_OF = dt.date(2026, 11, 28)
NUMBERED = [
    "1. General information",
    "1.1 Provider identification",
    "1.2 Model identification",
    "1.3 Modalities, overall training data size and other characteristics",
    "2. List of data sources",
    "2.1 Publicly available datasets",
    "2.2 Private non-publicly available datasets obtained from third parties",
    "2.2.1 Datasets commercially licensed by rightsholders or their representatives",
    "2.2.2 Private datasets obtained from other third parties",
    "2.3 Data crawled and scraped from online sources",
    "2.4 User data",
    "2.5 Synthetic data",
    "2.6 Other sources of data",
    "3. Data processing aspects",
    "3.1 Respect of reservation of rights from the text and data mining exception or limitation",
    "3.2 Removal of illegal content",
    "3.3 Other information (optional)",
]


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], FormView]:
    ws = tmp_path_factory.mktemp("layouts") / "ws"
    shutil.copytree(REPO / "examples" / "frontier-lab", ws)
    documents, _ = build_documents(load_workspace(ws), as_of=AS_OF, ledger=None)
    return {(d.form.spec.id, r): view(d.form, r) for d in documents for r in d.form.spec.recipients}


def test_every_form_has_a_layout_and_templates_place_every_item_once() -> None:
    styles = {spec.id: load_layout(spec.id).style for spec in load_forms()}
    assert styles["mdf"] == "recipient_table" and styles["training_summary"] == "template"
    assert styles["copyright_policy"] == "sections"
    broken = FormLayout.model_validate(
        {
            "form": "training_summary",
            "style": "template",
            "parts": [{"title": "x", "rows": [{"items": ["TS.H.01"], "question": "?"}]}],
        }
    )
    with pytest.raises(ValueError, match="not placed"):
        broken.check(load_form("training_summary"))


@pytest.mark.parametrize("recipient", ["ai_office", "national_authority", "downstream_provider"])
def test_mdf_is_its_table_with_three_recipient_columns(views, recipient: str) -> None:  # type: ignore[no-untyped-def]
    v = views[("mdf", recipient)]
    doc = layout(v)
    tables = [b for b in doc.blocks if isinstance(b, Table) and len(b.columns) == 5]
    sections = [s for s in v.sections if s.section.id != "header"]
    assert len(tables) == len(sections) == (8 if recipient != "downstream_provider" else 5)
    own = ("ai_office", "national_authority", "downstream_provider").index(recipient) + 2
    rows = [(anchor, row) for t in tables for anchor, row in zip(t.anchors, t.rows, strict=True)]
    assert [c.title for c in tables[0].columns] == ["Item", "Information", "AIO", "NCAs", "DPs"]
    assert {a for a, _ in rows} == {
        f.item.id for f in v.items if not f.item.id.startswith("MDF.H.")
    }
    for anchor, row in rows:
        marks = [cell[0].text for cell in row[2:] if isinstance(cell[0], Text)]
        assert marks[own - 2] == MARK, anchor  # each view holds only its column's rows
        item = load_form("mdf").item(anchor)
        assert [m == MARK for m in marks] == [
            r in item.recipients for r in ("ai_office", "national_authority", "downstream_provider")
        ]


def test_public_summary_is_the_template(views) -> None:  # type: ignore[no-untyped-def]
    v = views[("training_summary", "public")]
    doc = layout(v)
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert [h for h in headings if re.match(r"\d", h)] == NUMBERED
    questions = [b.label for b in doc.blocks if isinstance(b, Field)]
    rows = [r.question for r in load_layout("training_summary").rows()]
    assert [q for q in rows if q in questions] == questions  # verbatim, in the template's order
    assert "Have you used publicly available datasets to train the model?" in questions
    fields = {b.label: b for b in doc.blocks if isinstance(b, Field)}
    ticks = fields["Were crawlers used by the provider or on its behalf?"].content[0]
    assert ticks == Ticks((("Yes", True), ("No", False)))
    gated = fields["If yes, provide a narrative description of these sources and the data"]
    assert gated.content[0] == Text("N/A", "na")  # 2.6 answered no: N/A, not "Not answered."
    sizes = next(
        b
        for b in doc.blocks
        if isinstance(b, Table)
        and [c.title for c in b.columns][:2] == ["Modality", "Training data size"]
    )
    assert [row[0][0] for row in sizes.rows][:4] == [
        Ticks((("Text", True),)),
        Ticks((("Image", True),)),
        Ticks((("Audio", False),)),
        Ticks((("Video", False),)),
    ]
    text_sizes = sizes.rows[0][1][0]
    assert isinstance(text_sizes, Ticks) and text_sizes.choices == (
        ("Less than 1 billion tokens", False),
        ("1 billion to 10 trillion tokens", False),
        ("More than 10 trillion tokens", True),
    )


def test_copyright_policy_is_a_policy_document(views) -> None:  # type: ignore[no-untyped-def]
    doc = layout(views[("copyright_policy", "public")])
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert headings[:5] == [
        "1.1 Copyright policy",
        "1.2 Lawfully accessible content when crawling",
        "1.3 Identifying and honouring rights reservations",
        "1.4 Copyright-infringing outputs",
        "1.5 Point of contact and complaints",
    ]
    facts = dict(doc.facts)
    assert (
        facts["Policy version"] == "1"
        and facts["Date the policy was last updated"] == "28 November 2026"
    )
    protocols = next(
        b for b in doc.blocks if isinstance(b, Field) and b.anchor == "CP.1.3.protocols"
    )
    assert not any(isinstance(c, Ticks) for c in protocols.content)  # the honoured ones, listed


@pytest.mark.parametrize("form", ["mdf", "training_summary", "copyright_policy", "ss_model_report"])
def test_provenance_is_in_one_annex_not_under_every_item(views, form: str) -> None:  # type: ignore[no-untyped-def]
    v = next(x for (f, _), x in views.items() if f == form)
    page = form_html(v, {})
    body, annex = page.split('<details class="annex">')
    for line in ("Source: derived", "Source: answer", "Basis:", "Unconfirmed:", "For: "):
        assert line not in html_text(body)
    annex_text = html_text(annex)
    assert "Completeness:" in annex_text
    for f in v.items:
        assert annex_text.count(f.item.id) >= 1, f.item.id
        if f.item.unconfirmed:
            assert f.item.unconfirmed in annex_text
    markdown = form_markdown(v, {})
    assert "Annex: sources of the answers" in markdown and "Source: derived" not in markdown


def test_every_view_has_unique_html_ids(views) -> None:  # type: ignore[no-untyped-def]
    """An item a template shows twice links to its first place: no ID twice, none empty."""
    for (form, recipient), v in views.items():
        ids = re.findall(r'\bid="([^"]*)"', form_html(v, {}))
        assert "" not in ids, (form, recipient)
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        assert repeated == [], (form, recipient, repeated)


def test_dossier_counts_required_and_optional_apart(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(REPO / "tests" / "forms" / "fixtures" / "complete", ws)
    build_site(ws, tmp_path / "site", as_of=AS_OF, record=False, binary_formats=False)
    page = html_text((tmp_path / "site" / "public" / "index.html").read_text())
    found = re.findall(
        r"(complete|incomplete)\s+(all \d+ required items answered|\d+ of \d+ required items missing)",
        page,
    )
    assert found, page[:2000]
    assert not re.search(r"\d+ of \d+ items answered", page)  # no "11 of 22 answered"
