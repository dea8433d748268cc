"""Audiences are a security boundary (issue 10, "Audience leaks").

A unique sentinel is written into every item that can hold one; the dossier is built; then
every file of every audience's site is scanned in every format (HTML, Markdown, JSON, DOCX
unzipped, PDF streams inflated). A sentinel may appear in an audience's site only when the
item is marked for that audience or for the public. Before, the one site held every view,
and its index and ``data/*.json`` showed AI-Office-only values to whoever got the site.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from gpaikit.dossier import AUDIENCES, build_site
from gpaikit.forms import Item, load_forms

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 28)
PARAMS = 7.31e10  # MDF.MP.07: the exact parameter count is for the AI Office only
AUDIT_SAMPLE = "https://leak-check.example/secret-sample-path"
CHOICES = {"TS.1.3.size"}  # answered with the template's size ranges


def _sentinel(n: int) -> str:
    return f"qz{n:04d}zq"


def _value(item: Item, n: int) -> Any:
    """A valid answer for ``item`` carrying sentinel ``n``, or None when none can."""
    s = _sentinel(n)
    if item.type == "text":
        return f"{s} text"
    if item.type == "url":
        return f"https://{s}.example/"
    if item.type == "list":
        return [f"{s} entry"]
    if item.type == "records":
        row = {}
        for f in item.fields:
            row[f.name] = {"text": f"{s} {f.name}", "url": f"https://{s}.example/"}.get(
                f.type, "1.5e13"
            )
        return [row]
    if item.type == "multi" and item.other:
        return [f"other: {s} other"]
    return None


def _answers() -> dict[str, tuple[Any, set[str]]]:
    """Item ID -> (answer, audiences allowed to see it), for the forms every GPAI model owes."""
    found: dict[str, tuple[Any, set[str]]] = {}
    n = 0
    for spec in load_forms():
        if spec.systemic_risk_only or spec.per != "model":
            continue  # covered on a systemic-risk workspace below
        for item in spec.items():
            if (item.derived_from or "").startswith("document."):
                continue  # the header: version and date come from the ledger
            n += 1
            value = _value(item, n)
            if value is not None:
                allowed = set(item.recipients)
                if "public" in allowed:
                    allowed |= set(AUDIENCES)
                found[item.id] = (value, allowed)
    return found


def _texts(path: Path) -> list[str]:
    """Every text a file holds, whatever its format."""
    data = path.read_bytes()
    if path.suffix == ".docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    if path.suffix == ".pdf":
        # what a reader sees (the text layer: fonts embed glyph IDs, not characters) and,
        # joined across line breaks, what wrapped; then every raw and inflated stream
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            seen = "\n".join(page.extract_text() or "" for page in pdf.pages)
        parts = [seen, seen.replace("\n", ""), data.decode("latin-1")]
        for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
            try:
                # a stream ending in \r loses it to the pattern: read what inflates
                parts.append(zlib.decompressobj().decompress(match.group(1)).decode("latin-1"))
            except zlib.error:
                parts.append(match.group(1).decode("latin-1"))
        return parts
    return [data.decode("utf-8")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("audiences")
    ws = root / "ws"
    shutil.copytree(REPO / "tests" / "forms" / "fixtures" / "complete", ws)
    text = (ws / "gpaikit.yaml").read_text()
    head = text[: text.index("    answers:\n")]
    head = head.replace("parameters: 8.03e9", f"parameters: {PARAMS:g}")
    answers = _answers()
    lines = [f"      {json.dumps(k)}: {json.dumps(v)}" for k, (v, _) in answers.items()]
    (ws / "gpaikit.yaml").write_text(head + "    answers:\n" + "\n".join(lines) + "\n")
    audit = ws / "artifacts" / "opt-out-audit" / "audit.json"
    audit.parent.mkdir(parents=True, exist_ok=True)  # the fixture ships its own audit
    audit.write_text(
        json.dumps(
            {
                "job": "audit",
                "engine": "duckdb",
                "urls": 1,
                "violations": {
                    "crawl": {
                        "urls": 1,
                        "bytes": 5,
                        "domains": 1,
                        "top_domains": [
                            {
                                "domain": "leak-check.example",
                                "urls": 1,
                                "bytes": 5,
                                "deciding_rule": "robots.txt line 2: Disallow: /",
                                "sample_urls": [AUDIT_SAMPLE],
                            }
                        ],
                    }
                },
            }
        )
    )
    result = build_site(ws, root / "site", as_of=AS_OF, record=False)
    assert not [p for p in result.problems if p.blocking], result.problems
    return root / "site", answers


def _found(site: Path, audience: str) -> dict[str, set[str]]:
    """Sentinel -> the files of ``audience``'s site that hold it."""
    hits: dict[str, set[str]] = {}
    files = [p for p in (site / audience).rglob("*") if p.is_file()]
    assert files
    for path in files:
        for text in _texts(path):
            for sentinel in set(re.findall(r"qz\d{4}zq", text)):
                hits.setdefault(sentinel, set()).add(str(path.relative_to(site)))
    return hits


def test_every_sentinel_stays_within_its_audiences(built: tuple[Path, dict[str, Any]]) -> None:
    site, answers = built
    owner = {_sentinel_of(v): (k, allowed) for k, (v, allowed) in answers.items()}
    assert len(owner) > 60
    for audience in AUDIENCES:
        for sentinel, files in _found(site, audience).items():
            item, allowed = owner[sentinel]
            assert audience in allowed, (audience, item, sorted(files)[:3])


def test_every_format_of_a_view_holds_its_items(built: tuple[Path, dict[str, Any]]) -> None:
    """The scan really sees the items: each audience finds its own items in each format."""
    site, answers = built
    for audience in AUDIENCES:
        hits = _found(site, audience)
        own = [(k, _sentinel_of(v)) for k, (v, allowed) in answers.items() if audience in allowed]
        assert own
        for item, sentinel in own:
            formats = {Path(f).suffix for f in hits.get(sentinel, set())}
            assert {".html", ".md", ".json"} <= formats, (audience, item, formats)
            assert {".docx", ".pdf"} <= formats, (audience, item, formats)


def test_ai_office_only_figures_and_artefacts_stay_in_its_site(
    built: tuple[Path, dict[str, Any]],
) -> None:
    site, _ = built
    office = json.loads((site / "ai_office" / "data" / "documents.json").read_text())
    mdf = next(e for e in office if e["form"] == "mdf")
    exact = mdf["values"]["MDF.MP.07"]
    assert exact is not None
    shown = {str(exact), "7.31e10", "73100000000", "73,100,000,000", "7.31×10", "7.31 × 10"}
    for audience in AUDIENCES:
        blob = "".join(t for p in (site / audience).rglob("*") if p.is_file() for t in _texts(p))
        present = AUDIT_SAMPLE in blob
        assert present == (audience == "ai_office"), audience
        if audience != "ai_office":
            assert "assessment.json" not in blob
        # the exact count: AI Office and, Annex XII 1(f), downstream providers; national
        # authorities get its range only, the public nothing
        owed = audience in ("ai_office", "downstream_provider")
        assert bool([s for s in shown if s in blob]) == owed, audience
        assert ("MDF.MP.07" in blob) == owed, audience


def test_non_public_sites_carry_the_confidentiality_line_and_public_does_not(
    built: tuple[Path, dict[str, Any]],
) -> None:
    site, _ = built
    for audience in AUDIENCES:
        pages = list((site / audience).rglob("*.html"))
        assert pages
        for page in pages:
            marked = "CONFIDENTIAL" in page.read_text()
            # a public document inside another audience's site is still a public document
            assert marked == (audience != "public" and page.name != "public.html"), page
    root = (site / "index.html").read_text()
    assert "qz" not in root and "never publish this folder as a whole" in root


def _sentinel_of(value: Any) -> str:
    found = re.search(r"qz\d{4}zq", json.dumps(value))
    assert found is not None
    return found.group(0)


@pytest.fixture(scope="module")
def frontier(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The frontier lab (systemic risk: Safety & Security documents too) with every free text
    of its workspace, wherever it sits, replaced by a sentinel."""
    from ruamel.yaml import YAML

    root = tmp_path_factory.mktemp("frontier")
    ws = root / "ws"
    shutil.copytree(REPO / "examples" / "frontier-lab", ws)
    yaml = YAML(typ="rt")
    data = yaml.load((ws / "gpaikit.yaml").read_text())
    sentinels: list[str] = []

    def walk(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(items):
            if key in CHOICES:
                continue  # a choice among the form's fixed options, not free text
            if isinstance(value, dict | list):
                walk(value)
            elif isinstance(value, str) and " " in value.strip() and len(value) >= 15:
                sentinels.append(_sentinel(9000 + len(sentinels)))
                node[key] = f"{sentinels[-1]} {value}"

    walk(data)
    with (ws / "gpaikit.yaml").open("w") as handle:
        yaml.dump(data, handle)
    result = build_site(ws, root / "site", as_of=AS_OF, record=False)
    assert {d.form.spec.id for d in result.documents} >= {"mdf", "ss_model_report"}
    return root / "site", sentinels


def test_nothing_outside_an_audiences_views_reaches_its_site(
    frontier: tuple[Path, list[str]],
) -> None:
    site, sentinels = frontier
    assert len(sentinels) > 50
    office = _found(site, "ai_office")
    for audience in AUDIENCES:
        if audience == "ai_office":
            continue
        entries = json.loads((site / audience / "data" / "documents.json").read_text())
        allowed = set(re.findall(r"qz\d{4}zq", json.dumps([e["values"] for e in entries])))
        for sentinel, files in _found(site, audience).items():
            assert sentinel in allowed, (audience, sentinel, sorted(files)[:3])
        # what only the AI Office receives (Safety & Security texts among them) is not here
        assert set(office) - allowed
    assert len(office) > len(sentinels) // 2
