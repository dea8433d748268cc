"""The dossier shows the training-data results: the domain ranking and the opt-out audit.

The artefacts are produced by the real jobs (``summarize`` and ``audit`` on DuckDB) over a small
``gpaikit data sample`` crawl inside a copy of examples/frontier-lab; the expected figures are
read from the jobs' Parquet outputs, independently of the JSON the dossier renders.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import shutil
import threading
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_dossier_build import CHROMIUM, _chromium, _QuietHandler

from gpaikit._exceptions import InputError
from gpaikit.data import DuckDBEngine, audit, summarize, write_sample
from gpaikit.dossier import build_site

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 28)
MODEL = "helios-ultra"
ANCHOR = "model-helios-ultra"


@dataclass(frozen=True)
class Built:
    workspace: Path
    site: Path
    summary_dir: Path
    audit_dir: Path


class _Tables(HTMLParser):
    """Every ``<table>`` of a page with its class, as rows of cell texts (nested lists joined)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append((dict(attrs).get("class") or "", []))
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "li" and self._cell is not None and self._cell:
            self._cell.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1][1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return {cls: rows for cls, rows in parser.tables if cls}


def _copy_example(ws: Path) -> None:
    """frontier-lab without its own opt-out audit (the tests put the jobs' outputs there)."""
    shutil.copytree(REPO / "examples" / "frontier-lab", ws)
    shutil.rmtree(ws / "artifacts" / "opt-out-audit")


def _run_jobs(crawl: Path, artifacts: Path) -> tuple[Path, Path]:
    engine = DuckDBEngine(threads=1)
    summary_dir = artifacts / "data-summary"
    audit_dir = artifacts / "opt-out-audit"
    summarize([crawl / "manifest.parquet"], summary_dir, engine)
    audit(
        [crawl / "manifest.parquet"],
        audit_dir,
        engine,
        robots=[crawl / "robots.parquet"],
        agents=["GPTBot", "CCBot"],
        blocklist=crawl / "blocklist.txt",
        tdmrep=[crawl / "tdmrep.parquet"],
    )
    return summary_dir, audit_dir


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("dossier-data")
    ws = root / "frontier-lab"
    _copy_example(ws)
    write_sample(root / "crawl", 4000, seed=11, threads=1)
    summary_dir, audit_dir = _run_jobs(root / "crawl", ws / "artifacts" / MODEL)
    build_site(ws, root / "site", as_of=AS_OF, record=False)
    return Built(ws, root / "site" / "ai_office", summary_dir, audit_dir)


def _fmt(n: int) -> str:
    return f"{n:,}"


def test_domain_table_shows_the_ranking_and_the_top_selection(built: Built) -> None:
    tables = _tables((built.site / "index.html").read_text())
    domains = pq.read_table(built.summary_dir / "domains.parquet").to_pylist()
    assert len(domains) > 10
    expected = [
        [
            str(d["rank"]),
            d["domain"],
            _fmt(d["bytes"]),
            f"{100 * d['share']:.2f} %",
            "yes" if d["top"] else "",
            "yes" if d["top_sme"] else "",
        ]
        for d in domains[:25]
    ]
    assert tables["ranking"][1:] == expected
    top = [d["domain"] for d in domains if d["top"]]
    sme = [d["domain"] for d in domains if d["top_sme"]]
    assert top and sme
    selection = tables["selection"]
    # frontier-lab is a large provider: the standard rule's list is the one its summary uses
    assert selection[1][0] == "Top domains, standard rule - used in the public summary"
    assert selection[2][0] == "Top domains, SME rule"
    assert selection[1][3].split(" ")[0] == str(len(top))
    assert selection[1][-1] == ", ".join(top)
    assert selection[2][-1] == ", ".join(sme)
    assert selection[1][2] == f"{len(top)} of {len(domains)}" or "tied" in selection[1][3]
    cutoff = next(d["bytes"] for d in reversed(domains) if d["top"])
    assert selection[1][4] == _fmt(cutoff)


def test_audit_shows_totals_sources_and_top_violations(built: Built) -> None:
    html = (built.site / "index.html").read_text()
    tables = _tables(html)
    verdicts = pq.read_table(built.audit_dir / "verdicts").to_pylist()
    total = len(verdicts)
    assert total == 4000
    assert f"{_fmt(total)} fetched URLs audited." in html

    def count(column: str, value: str) -> int:
        return sum(1 for v in verdicts if v[column] == value)

    rows = {(r[0], r[1]): r[2:] for r in tables["verdicts"][1:]}
    for column, label, values in (
        ("crawl_verdict", "Crawl (robots.txt)", ("allowed", "disallowed", "unknown")),
        ("ai_verdict", "AI-training use", ("allowed", "reserved", "unknown")),
    ):
        for value in values:
            n = count(column, value)
            assert rows[(label, value)] == [_fmt(n), f"{100 * n / total:.2f} %"], (label, value)
    sources = {r[0]: r[1] for r in tables["sources"][1:]}
    expected_sources = {
        s: _fmt(count("ai_source", s)) for s in {v["ai_source"] for v in verdicts} if s
    }
    assert sources == expected_sources
    assert {"blocklist", "robots.txt", "tdmrep"} <= set(sources)

    violations = pq.read_table(built.audit_dir / "violations.parquet").to_pylist()
    for kind in ("crawl", "training", "unverified"):
        mine = [v for v in violations if v["kind"] == kind]
        assert mine, kind
        shown = tables[f"violations-{kind}"][1:]
        assert len(shown) == min(10, len(mine))
        for row, v in zip(shown, mine, strict=False):
            assert row[:4] == [v["domain"], _fmt(v["urls"]), _fmt(v["bytes"]), v["deciding_rule"]]
            assert row[4].split(" | ") == v["sample_urls"]
        urls = sum(v["urls"] for v in mine)
        volume = sum(v["bytes"] for v in mine)
        assert f"{_fmt(urls)} URLs, {_fmt(volume)} bytes, {len(mine)} domain(s)." in html
    crawl = sum(1 for v in verdicts if v["crawl_verdict"] == "disallowed")
    assert sum(v["urls"] for v in violations if v["kind"] == "crawl") == crawl


def test_site_data_json_carries_the_results(built: Built) -> None:
    data = json.loads((built.site / "data" / "training-data.json").read_text())
    assert [e["model"] for e in data] == [MODEL]
    entry = data[0]
    summary = json.loads((built.summary_dir / "summary.json").read_text())
    job = json.loads((built.audit_dir / "audit.json").read_text())
    assert entry["summary"]["source"]["file"] == f"artifacts/{MODEL}/data-summary/summary.json"
    assert (
        entry["summary"]["ranking"][0]["domain"] == summary["domains"]["ranking_head"][0]["domain"]
    )
    assert (
        entry["summary"]["selections"][0]["domains"] == summary["public_summary"]["TS.2.3.domains"]
    )
    assert entry["audit"]["urls"] == job["urls"] == 4000
    assert entry["audit"]["crawl_verdicts"] == job["crawl_verdicts"]
    assert entry["audit"]["reserved_by"] == job["reserved_by"]
    assert entry["audit"]["violations"][0]["top_domains"][0] == {
        k: v for k, v in job["violations"]["crawl"]["top_domains"][0].items() if k != "kind"
    }
    index = (built.site / "index.html").read_text()
    assert 'href="data/training-data.json"' in index
    assert f'id="{ANCHOR}-domains"' in index and f'id="{ANCHOR}-audit"' in index


def test_the_build_is_deterministic_with_data(built: Built, tmp_path: Path) -> None:
    build_site(built.workspace, tmp_path / "again", as_of=AS_OF, record=False)
    for rel in ("index.html", "data/training-data.json"):
        again = tmp_path / "again" / "ai_office" / rel
        assert again.read_bytes() == (built.site / rel).read_bytes(), rel


def test_the_shared_artefact_location_and_the_overrides(built: Built, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    _copy_example(ws)
    shutil.copytree(built.audit_dir, ws / "artifacts" / "opt-out-audit")
    build_site(ws, tmp_path / "only-audit", as_of=AS_OF, record=False)
    index = (tmp_path / "only-audit" / "ai_office" / "index.html").read_text()
    assert f'id="{ANCHOR}-audit"' in index and f'id="{ANCHOR}-domains"' not in index
    build_site(
        ws,
        tmp_path / "both",
        as_of=AS_OF,
        record=False,
        data_summaries={MODEL: built.summary_dir / "summary.json"},
    )
    assert f'id="{ANCHOR}-domains"' in (tmp_path / "both" / "ai_office" / "index.html").read_text()


def test_no_artefacts_no_data_section(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    _copy_example(ws)
    build_site(ws, tmp_path / "site", as_of=AS_OF, record=False)
    assert not (tmp_path / "site" / "ai_office" / "data" / "training-data.json").exists()
    assert "Training data:" not in (tmp_path / "site" / "ai_office" / "index.html").read_text()


def test_a_wrong_artefact_names_the_file(built: Built, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    _copy_example(ws)
    wrong = ws / "artifacts" / "opt-out-audit" / "audit.json"
    wrong.parent.mkdir(parents=True)
    shutil.copy(built.summary_dir / "summary.json", wrong)
    with pytest.raises(InputError) as info:
        build_site(ws, tmp_path / "site", as_of=AS_OF, record=False)
    assert "audit.json" in info.value.render() and "not an opt-out audit" in info.value.render()
    assert not (tmp_path / "site").exists()


@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is missing; run scripts/ensure-browser.sh (CI installs it)",
)
def test_data_section_renders_in_headless_chromium(built: Built, tmp_path: Path) -> None:
    handler = functools.partial(_QuietHandler, directory=str(built.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        done = _chromium(f"http://127.0.0.1:{server.server_address[1]}/index.html", tmp_path / "p")
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 0, done.stderr[-2000:]
    for marker in ("Uncaught", "ERROR:CONSOLE", ":CONSOLE("):
        assert marker not in done.stderr, done.stderr[-2000:]
    dom = done.stdout
    assert "Training data: top domains by volume" in dom
    assert "Training data: opt-out audit" in dom
    top = json.loads((built.summary_dir / "summary.json").read_text())["domains"]["top"]
    assert f"<td>{', '.join(top['domains'])}</td>" in dom
