"""audit reads the crawl twice (classes, then verdicts per URL), or once with --no-verdicts.

The classes are grouped by raw host before the hosts are checked; the rows of a host whose
canonical form differs (IDN, punycode in capitals, trailing dot) are read again under the
canonical host. The reference here is the straightforward order: a pass that finds and checks
every host, then the classes of the rows joined to the host map.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from gpaikit.cli._data import app
from gpaikit.data import DataInputError, DuckDBEngine, audit
from gpaikit.data._audit import _HOSTMAP, _classes, _host_map
from gpaikit.data._audit_sql import CLASSES_SQL, register_captures, rows_sql
from gpaikit.data._readers import prepare_inputs
from gpaikit.data._schema import BadRowReport
from gpaikit.data._snapshots import SnapshotStore
from gpaikit.data._sql import classified_sql
from tests.data.conftest import fetch, write_canonical
from tests.data.test_audit import ROBOTS, T, capture, write_captures

AGENTS = ["GPTBot", "CCBot"]

MANIFEST = [
    fetch("https://rules.example.com/private/a", T, length=1),
    fetch("https://RULES.example.com/news/b", T, length=2),
    fetch("https://rules.example.com./private/c", T, length=3),  # trailing dot
    fetch("https://www.bücher.de/private/d", T, length=4),  # IDN
    fetch("https://www.xn--bcher-kva.de/news/e", T, length=5),  # its punycode
    fetch("https://WWW.XN--BCHER-KVA.DE/ok", T, length=6),
    fetch("https://open.example.org/x", T, length=7),
    fetch("https://a..b.example/x", T, length=8),  # invalid host
    fetch("https://999.1.1.1/x", T, length=9),  # invalid host
    fetch("https://rules.example.com/neg", T, length=-5),  # bad row
    fetch("https://rules.example.com/huge", T, length=2**62),  # bad row, beyond any sum
    fetch("https://rules.example.com/status", T, status=42),  # bad row
    fetch("not a url", T),  # bad row
]


def _scenario(tmp_path: Path, manifest: list[dict[str, Any]]) -> dict[str, Any]:
    robots = write_captures(
        tmp_path / "robots.parquet",
        [
            capture("rules.example.com", T, 200, ROBOTS),
            capture("www.xn--bcher-kva.de", "2025-03-01T00:00:00", 200, ROBOTS),
            capture("open.example.org", "2025-03-01T00:00:00", 200, b"User-agent: *\n"),
        ],
    )
    return {
        "inputs": [write_canonical(tmp_path / "m.parquet", manifest)],
        "robots": [robots],
        "agents": AGENTS,
    }


_REFERENCE_HOSTS = """
SELECT CASE WHEN bad_reason IS NULL THEN host ELSE '' END AS host,
  coalesce(bad_reason, '') AS bad_reason, CAST(count(*) AS BIGINT) AS urls
FROM ({classified}) AS k GROUP BY 1, 2"""
_FOUND = pa.schema([("host", pa.string()), ("bad_reason", pa.string()), ("urls", pa.int64())])


def _sorted_rows(table: pa.Table) -> list[tuple[Any, ...]]:
    return sorted(tuple(r.values()) for r in table.to_pylist())


@pytest.mark.parametrize("moved", [True, False])
def test_classes_as_a_host_pass_then_checked_rows(tmp_path: Path, moved: bool) -> None:
    manifest = (
        MANIFEST if moved else [r for r in MANIFEST if r["content_length"] in (1, 2, 7, 8, -5)]
    )
    given = _scenario(tmp_path, manifest)
    prepared = prepare_inputs(given["inputs"], tmp_path / "staged", None)
    store = SnapshotStore.from_files(given["robots"], prepared.robots)
    tdm = SnapshotStore.from_files([])
    engine = DuckDBEngine(threads=1)
    union = engine.union_sql(prepared.sources)
    _rule_sets, used = register_captures(engine, AGENTS, store, tdm)

    bad = BadRowReport()
    _classes(engine, union, used, bad)
    classes = engine.sql_table("SELECT * FROM audit_classes", _schema(engine))
    hostmap = engine.sql_table("SELECT * FROM audit_hostmap", _HOSTMAP)

    reference_bad = BadRowReport()
    found = engine.sql_table(_REFERENCE_HOSTS.format(classified=classified_sql(union)), _FOUND)
    reference_map = _host_map(found, reference_bad)
    engine.register_arrow("reference_hostmap", reference_map)
    rows = rows_sql(union, engine.dialect, used, hostmap="reference_hostmap")
    reference = engine.sql_table(CLASSES_SQL.format(rows=f"({rows})"), _schema(engine))
    engine.close()

    assert _sorted_rows(classes) == _sorted_rows(reference)
    assert hostmap.equals(reference_map)
    assert bad.to_json() == reference_bad.to_json()
    assert bad.counts  # the scenario has bad rows and invalid hosts
    canonical = set(classes.column("host").to_pylist())
    assert "rules.example.com" in canonical
    if moved:
        assert "www.xn--bcher-kva.de" in canonical
        assert not any(h.endswith(".") or not h.isascii() for h in canonical)
        assert hostmap.num_rows > len(canonical)  # raw spellings share a canonical host


def _schema(engine: DuckDBEngine) -> pa.Schema:
    table = engine._con.sql("SELECT * FROM audit_classes LIMIT 0").to_arrow_table()
    return table.schema


def test_no_verdicts_gives_the_same_summary_and_violations(tmp_path: Path) -> None:
    given = _scenario(tmp_path, MANIFEST)
    full = audit(out=tmp_path / "full", engine=DuckDBEngine(threads=1), **given)
    quick = audit(out=tmp_path / "quick", engine=DuckDBEngine(threads=1), per_url=False, **given)
    assert (tmp_path / "full" / "verdicts").is_dir()
    assert not (tmp_path / "quick" / "verdicts").exists()
    assert quick.summary.pop("verdict_files") == []
    full.summary.pop("verdict_files")
    assert quick.summary == full.summary
    assert quick.violations.equals(full.violations)
    assert (
        quick.summary["crawl_verdicts"]["disallowed"] == 5
    )  # /private/ (3) and GPTBot's /news/ (2)
    written = json.loads((tmp_path / "quick" / "audit.json").read_text())
    assert written == json.loads((tmp_path / "full" / "audit.json").read_text())


def test_no_verdicts_refuses_the_reaudit(tmp_path: Path) -> None:
    given = _scenario(tmp_path, MANIFEST)
    with pytest.raises(DataInputError, match="re-audit"):
        audit(
            out=tmp_path / "out",
            engine=DuckDBEngine(threads=1),
            per_url=False,
            current_robots=given["robots"],
            **given,
        )
    assert not (tmp_path / "out").exists()


def test_cli_no_verdicts(tmp_path: Path) -> None:
    given = _scenario(tmp_path, MANIFEST)
    out = tmp_path / "out"
    args = ["audit", str(given["inputs"][0]), "--robots", str(given["robots"][0])]
    args += ["--agent", "GPTBot", "--out", str(out), "--no-verdicts"]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.output
    assert "verdicts/" not in done.output
    assert (out / "audit.json").is_file() and not (out / "verdicts").exists()
