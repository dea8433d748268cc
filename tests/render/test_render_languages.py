"""Answers in every script and accent of the EU's official languages print intact in PDF and
DOCX: Greek, Bulgarian Cyrillic, and Latin with Polish, Czech, Hungarian, Romanian and Maltese
letters (issue 11: Greek printed as "?????" with the core PDF fonts)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import unicodedata

import pytest
from render_helpers import REPO, docx_text, pdf_pages

from gpaikit.forms import FormContext, fill, load_form, view
from gpaikit.law import load_catalog
from gpaikit.render._docx import form_docx
from gpaikit.render._pdf import form_pdf
from gpaikit.workspace import load_workspace

ANSWERS = {
    "el": "Μοντέλο γλώσσας με αρχιτεκτονική μετασχηματιστή· εκπαιδεύτηκε σε ελληνικά κείμενα",
    "bg": "Езиков модел с трансформърна архитектура, обучен върху български текстове",
    "pl": "Zbiór danych zawiera źródła: książki, gazety i żółć — zażółć gęślą jaźń",
    "cs": "Příliš žluťoučký kůň úpěl ďábelské ódy; řídicí data",
    "hu": "Árvíztűrő tükörfúrógép: őszi szélben ülő kőműves",
    "ro": "Șapte țânțari și o știucă într-un râu; înțelegere",
    "mt": "Il-mudell ġie mħarreġ fuq test Malti: ċirasa, ħobż, żebbuġa, għasfur",
}
ITEMS = {
    "el": "MDF.MP.01",
    "bg": "MDF.MP.02",
    "pl": "MDF.DA.03",
    "cs": "MDF.DA.05",
    "hu": "MDF.DA.06",
    "ro": "MDF.DA.07",
    "mt": "MDF.DA.08",
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The frontier lab's MDF with seven of its free-text answers in seven languages."""
    from ruamel.yaml import YAML

    root = tmp_path_factory.mktemp("lang")
    yaml = YAML(typ="rt")
    data = yaml.load((REPO / "examples" / "frontier-lab" / "gpaikit.yaml").read_text("utf-8"))
    for lang, text in ANSWERS.items():
        data["models"][0]["answers"][ITEMS[lang]] = text
    with (root / "gpaikit.yaml").open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    workspace = load_workspace(root)
    ctx = FormContext(
        workspace, workspace.models[0], load_catalog(), version="1", date=dt.date(2026, 11, 28)
    )
    v = view(fill(load_form("mdf"), ctx), "ai_office")
    meta = {"version": 1, "date": "2026-11-28"}
    return {"pdf": form_pdf(v, meta), "docx": form_docx(v, meta)}


def _same(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.mark.parametrize("lang", sorted(ANSWERS))
def test_answers_print_intact_in_pdf_and_docx(outputs: dict[str, bytes], lang: str) -> None:
    pages = pdf_pages(outputs["pdf"])
    pdf = _same(" ".join(p["text"] for p in pages))
    words = ANSWERS[lang].split()
    for word in words:
        assert _same(word) in pdf, (lang, word)
    assert "?" not in pdf  # a glyph the font lacks would print as "?"
    assert _same(ANSWERS[lang]) in _same(docx_text(outputs["docx"]))


def test_every_letter_is_drawn_with_a_font_that_has_it(outputs: dict[str, bytes]) -> None:
    """No tofu: each non-ASCII letter comes from DejaVu Sans, whose character map holds it."""
    from fontTools.ttLib import TTFont

    path = subprocess.run(
        ["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True, check=True
    ).stdout
    cmap = TTFont(path).getBestCmap()
    letters = {ch for text in ANSWERS.values() for ch in text if not ch.isascii()}
    assert all(ord(ch) in cmap for ch in letters), sorted(
        ch for ch in letters if ord(ch) not in cmap
    )
    drawn = {c["text"]: c["fontname"] for p in pdf_pages(outputs["pdf"]) for c in p["chars"]}
    assert letters <= set(drawn), sorted(letters - set(drawn))
    fonts = {re.sub(r"[^a-z]", "", drawn[ch].split("+")[-1].lower()) for ch in letters}
    assert all(f.startswith("dejavusans") for f in fonts), fonts
