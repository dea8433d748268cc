"""Every form, every recipient, every format: the text a reader extracts holds every answered
value with its unit, and no character of a PDF lies outside its page (issue 11).

The expected strings are built here from the raw values with the formatting module (tested on
its own in test_render_quantities); the renderers' own display code is not used, so a value a
layout drops or garbles is found missing.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from render_helpers import (
    MM,
    REPO,
    docx_document,
    docx_text,
    html_text,
    md_text,
    pdf_pages,
    squeeze,
)

from gpaikit._quantities import date_text, magnitude_text, month_text, quantity_text
from gpaikit.dossier import build_documents
from gpaikit.forms import FilledItem, FormContext, FormView, fill, load_form, view
from gpaikit.law import load_catalog
from gpaikit.render import form_html, form_markdown
from gpaikit.render._docx import form_docx
from gpaikit.render._pdf import form_pdf
from gpaikit.safety import incident_values
from gpaikit.workspace import load_incidents, load_workspace

AS_OF = dt.date(2026, 11, 28)


def _views(tmp: Path) -> list[tuple[FormView, dict[str, Any]]]:
    ws_dir = tmp / "frontier-lab"
    shutil.copytree(REPO / "examples" / "frontier-lab", ws_dir)
    workspace = load_workspace(ws_dir)
    documents, problems = build_documents(workspace, as_of=AS_OF, ledger=None)
    assert not [p for p in problems if p.blocking]
    found = [
        (view(d.form, r), view(d.form, r).meta(d.meta()))
        for d in documents
        for r in d.form.spec.recipients
    ]
    # the serious-incident report is filled per incident (gpaikit incident show --report)
    catalog = load_catalog()
    incident = next(i for i in load_incidents(workspace, catalog) if i.id == "INC-2026-002")
    values = incident_values(incident, catalog, "initial", AS_OF)
    model = workspace.model(incident.fields.model or "")
    report = fill(
        load_form("ss_incident_report"), FormContext(workspace, model, catalog, supplied=values)
    )
    found.append(
        (view(report, "ai_office"), {"version": "initial report", "date": AS_OF.isoformat()})
    )
    return found


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[FormView, dict[str, Any]]]:
    out = []
    for v, meta in _views(tmp_path_factory.mktemp("docs")):
        out.append(
            (
                v,
                {
                    "html": form_html(v, meta),
                    "md": form_markdown(v, meta),
                    "docx": form_docx(v, meta),
                    "pdf": form_pdf(v, meta),
                },
            )
        )
    return out


def _cell(kind: str, unit: str | None, value: Any) -> str:
    if kind == "number":
        return quantity_text(value, unit)
    if kind == "date":
        return date_text(value)
    if kind == "month":
        return month_text(value)
    return str(value)


def expected(filled: FilledItem) -> Iterator[str]:
    """What a reader must find of an answered item, formatted independently of the layout."""
    item, value = filled.item, filled.value
    if isinstance(value, Mapping) and set(value) == {"unavailable"}:
        yield str(value["unavailable"])
    elif value == "N/A":
        yield "N/A"
    elif item.type == "bool":
        yield "Yes" if value else "No"
    elif item.type in ("enum", "bracket", "multi"):
        for v in value if isinstance(value, list) else [value]:
            yield v.removeprefix("other: ") if v.startswith("other: ") else item.option_label(v)
    elif item.type == "list":
        yield from map(str, value)
    elif item.type == "map":
        yield from map(str, value.values())
    elif item.type == "period":
        yield month_text(value["start"])
        yield month_text(value["end"])
    elif item.type == "records":
        for row in value:
            for f in item.fields:
                if row.get(f.name) is not None:
                    yield _cell(f.type, f.unit, row[f.name])
    elif item.type == "number":
        yield quantity_text(value, item.unit)
    elif item.type == "magnitude":
        yield magnitude_text(value, item.unit)
    elif item.type == "date":
        yield date_text(value)
    elif item.type == "month":
        yield month_text(value)
    else:
        yield str(value)


def _extract(fmt: str, data: str | bytes) -> str:
    if fmt == "pdf":
        assert isinstance(data, bytes)
        return "\n".join(p["text"] for p in pdf_pages(data))
    if fmt == "docx":
        assert isinstance(data, bytes)
        return docx_text(data)
    assert isinstance(data, str)
    return html_text(data) if fmt == "html" else md_text(data)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "md"])
def test_every_answered_value_is_found_with_its_unit(rendered, fmt: str) -> None:  # type: ignore[no-untyped-def]
    seen_forms = set()
    for v, outputs in rendered:
        text = squeeze(_extract(fmt, outputs[fmt]))
        answered = [f for f in v.items if f.value is not None]
        assert answered, (v.form.spec.id, v.recipient)
        for filled in answered:
            for wanted in expected(filled):
                assert squeeze(wanted) in text, (
                    fmt,
                    v.form.spec.id,
                    v.recipient,
                    filled.item.id,
                    wanted,
                )
        seen_forms.add(v.form.spec.id)
    assert seen_forms == {
        "mdf",
        "training_summary",
        "copyright_policy",
        "ss_framework",
        "ss_risk_register",
        "ss_model_report",
        "ss_incidents",
        "ss_incident_report",
    }


def test_units_a_reviewer_looks_for(rendered) -> None:  # type: ignore[no-untyped-def]
    """The frontier lab's figures, as the reviewer reads them in the AI Office's PDF."""
    mdf = next(o for v, o in rendered if v.form.spec.id == "mdf" and v.recipient == "ai_office")
    text = squeeze(_extract("pdf", mdf["pdf"]))
    for shown in (
        "1.2 × 10¹² parameters (1.2 trillion)",
        "2.4 × 10²⁵ FLOP",  # compute, two significant figures
        "21,000 MWh",  # training energy
        "3.4 × 10¹⁶ FLOP",  # inference compute
        "41 days",  # wall-clock
        "680,000 days",  # H100 hardware days
        "2.4 × 10¹³",  # data points, with the Unit column's "tokens"
        "10 March 2026",
    ):
        assert squeeze(shown) in text, shown
    nca = next(
        o for v, o in rendered if v.form.spec.id == "mdf" and v.recipient == "national_authority"
    )
    assert squeeze("10²⁵ FLOP") in squeeze(_extract("pdf", nca["pdf"]))
    assert "2.4×10²⁵" not in squeeze(_extract("pdf", nca["pdf"]))


def test_no_character_lies_outside_the_page(rendered) -> None:  # type: ignore[no-untyped-def]
    for v, outputs in rendered:
        pages = pdf_pages(outputs["pdf"])
        assert pages
        for n, page in enumerate(pages, start=1):
            assert (round(page["width"]), round(page["height"])) == (595, 842)  # A4
            for c in page["chars"]:
                where = (v.form.spec.id, v.recipient, n, c["text"])
                assert c["x0"] >= 0 and c["x1"] <= page["width"] - 14 * MM, where
                assert c["top"] >= 0 and c["bottom"] <= page["height"], where


def test_docx_has_the_forms_structure(rendered) -> None:  # type: ignore[no-untyped-def]
    for v, outputs in rendered:
        document = docx_document(outputs["docx"])
        styles = [p.style.name for p in document.paragraphs]
        assert "Title" in styles and any(s.startswith("Heading") for s in styles)
        assert document.tables, v.form.spec.id
        if v.form.spec.id == "mdf":  # the MDF's table: item, information, three recipient columns
            heads = [[c.text for c in t.rows[0].cells] for t in document.tables]
            assert ["Item", "Information", "AIO", "NCAs", "DPs"] in heads
        if v.confidentiality:
            assert document.sections[0].header.paragraphs[0].text == v.confidentiality


def test_same_view_same_bytes(rendered) -> None:  # type: ignore[no-untyped-def]
    v, _outputs = rendered[0]
    meta = json.loads(json.dumps(v.meta({"version": 1, "date": "2026-11-28"})))
    assert form_pdf(v, meta) == form_pdf(v, meta)
    assert form_docx(v, meta) == form_docx(v, meta)


def test_long_unbroken_values_wrap_inside_the_page(tmp_path: Path) -> None:
    """A hash, a URL or a hostile 600-character word stays inside its cell and its page."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    shutil.copytree(REPO / "examples" / "frontier-lab", tmp_path, dirs_exist_ok=True)
    data = yaml.load((tmp_path / "gpaikit.yaml").read_text("utf-8"))
    answers = data["models"][0]["answers"]
    word = "x" * 600
    url = "https://helios.example/" + "/".join(["a-very-long-path-segment"] * 12)
    answers["MDF.GI.03"] = word
    answers["MDF.US.01"] = url
    answers["MDF.DL.04"] = [{"asset": word[:200], "access": url, "licence": "Apache-2.0"}]
    with (tmp_path / "gpaikit.yaml").open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    workspace = load_workspace(tmp_path)
    documents, _ = build_documents(workspace, as_of=AS_OF, ledger=None)
    mdf = next(d for d in documents if d.form.spec.id == "mdf")
    v = view(mdf.form, "ai_office")
    pages = pdf_pages(form_pdf(v, v.meta(mdf.meta())))
    for page in pages:
        for c in page["chars"]:
            assert c["x1"] <= page["width"] - 14 * MM and c["bottom"] <= page["height"], c
    assert squeeze(word) in squeeze("".join(p["text"] for p in pages))
