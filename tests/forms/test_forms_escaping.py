"""Markdown renderers escape user text; HTML pages send a strict CSP; JSON has no NaN
(issue 10, "Markup injection"). Before, raw HTML from answers and crawl strings reached the
Markdown documents and the model-card section, and pages set no Content-Security-Policy.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import math
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from gpaikit._exceptions import OutputError
from gpaikit._io import dumps_json
from gpaikit.assess import assess
from gpaikit.forms import FilledForm, view
from gpaikit.render import assessment_markdown, form_html, form_markdown, model_card_markdown
from gpaikit.render._escape import md_text
from gpaikit.workspace import Workspace

HOSTILE: list[str] = json.loads(
    (Path(__file__).resolve().parents[1] / "hostile" / "strings.json").read_text("utf-8")
)
_MD = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


def _rendered(markdown: str) -> tuple[str, list[str]]:
    """HTML of ``markdown`` and the kinds of every token (inline children included)."""
    tokens = _MD.parse(markdown)
    kinds = [t.type for t in tokens]
    for token in tokens:
        kinds += [c.type for c in token.children or ()]
    return _MD.render(markdown), kinds


@pytest.mark.parametrize("value", HOSTILE)
def test_escaped_text_renders_as_the_text_itself(value: str) -> None:
    html, kinds = _rendered(md_text(value))
    assert not {"html_inline", "html_block", "link_open", "image", "code_inline"} & set(kinds)
    assert not {"heading_open", "bullet_list_open", "ordered_list_open", "blockquote_open"} & set(
        kinds
    )
    assert not {"table_open", "code_block", "fence", "hr", "s_open", "em_open"} & set(kinds)
    assert re.search(r"<(script|img|svg|a|iframe)\b", html) is None
    assert "\x1b" not in html and "\u202e" not in html


def _hostile_form(filled, form_id: str) -> FilledForm:  # type: ignore[no-untyped-def]
    from gpaikit.forms import load_form

    spec = load_form(form_id)
    answers = "\n".join(
        f"{json.dumps(i.id)}: {json.dumps(HOSTILE[n % len(HOSTILE)])}"
        for n, i in enumerate(spec.items())
        if i.type == "text" and i.derived_from is None
    )
    return filled(form_id, answers)


@pytest.mark.parametrize("form_id", ["mdf", "copyright_policy", "training_summary"])
def test_documents_and_the_model_card_carry_no_markup_from_answers(filled, form_id: str) -> None:  # type: ignore[no-untyped-def]
    form = _hostile_form(filled, form_id)
    for recipient in form.spec.recipients:
        v = view(form, recipient)
        outputs = [form_markdown(v)]
        if recipient == "downstream_provider":
            outputs.append(model_card_markdown(v))
        for markdown in outputs:
            html, kinds = _rendered(markdown)
            assert "html_block" not in kinds and "image" not in kinds
            assert "<script" not in html and "<svg" not in html and "<img" not in html
            assert 'href="javascript' not in html
            assert "\x1b" not in markdown and "\u202e" not in markdown
            # the only inline HTML is gpaikit's own <sub> provenance line
            inline = re.findall(r"<(/?[a-z]+)", markdown)
            assert set(inline) <= {"sub", "/sub"}, set(inline)
        page = form_html(v)
        assert "<script" not in page and "<svg" not in page and "<img" not in page


def test_assessment_markdown_escapes_names() -> None:
    ws = Workspace.model_validate(
        {
            "provider": {"legal_name": "<script>alert(1)</script> Acme", "country": "FR"},
            "models": [
                {
                    "name": "<img src=x onerror=alert(1)> [x](javascript:alert(1))",
                    "eu_placement_date": dt.date(2025, 9, 1),
                    "training_compute_flop": 5e23,
                }
            ],
        }
    )
    markdown = assessment_markdown(assess(ws, as_of=dt.date(2026, 11, 28)))
    html, kinds = _rendered(markdown)
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "html_inline" not in kinds and "html_block" not in kinds


def test_the_model_card_is_only_ever_the_downstream_view(filled) -> None:  # type: ignore[no-untyped-def]
    form = filled("mdf")
    card = model_card_markdown(view(form, "downstream_provider"))
    assert card.startswith("## EU AI Act: information for downstream providers")
    with pytest.raises(ValueError, match="downstream providers' view"):
        model_card_markdown(view(form, "ai_office"))


def test_pages_declare_a_strict_csp_that_admits_their_own_style_only(filled) -> None:  # type: ignore[no-untyped-def]
    page = form_html(view(filled("mdf"), "ai_office"))
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    directives = dict(d.strip().split(" ", 1) for d in policy.group(1).split(";"))
    assert directives["default-src"] == "'none'" and directives["script-src"] == "'none'"
    assert "unsafe-inline" not in policy.group(1)
    styles = re.findall(r"<style>(.*?)</style>", page, re.DOTALL)
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    assert directives["style-src"] == f"'sha256-{digest}'"
    assert "<script" not in page and " style=" not in page and " on" not in page.split("<body")[0]


def test_non_public_pages_say_they_are_confidential(filled) -> None:  # type: ignore[no-untyped-def]
    form = filled("mdf")
    for recipient in form.spec.recipients:
        v = view(form, recipient)
        assert v.confidentiality and "CONFIDENTIAL" in v.confidentiality
        assert v.confidentiality in form_html(v)
        assert "CONFIDENTIAL" in form_markdown(v)
        assert json.loads(json.dumps(v.to_json()))["confidentiality"] == v.confidentiality
    ts = view(filled("training_summary"), "public")
    assert ts.confidentiality is None and "CONFIDENTIAL" not in form_html(ts)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_json_output_never_contains_nan_or_infinity(bad: float) -> None:
    with pytest.raises(OutputError, match="non-finite"):
        dumps_json({"value": bad})
    assert dumps_json({"value": 1.5}) == '{\n  "value": 1.5\n}'
