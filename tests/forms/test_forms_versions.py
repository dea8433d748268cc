"""Versions: content hash, version numbering, ledger, retention date and the item-by-item diff."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from gpaikit.cli._docs import app
from gpaikit.dossier import LEDGER_DIR, build_documents
from gpaikit.forms import (
    FilledForm,
    content_hash,
    diff_records,
    latest_version,
    next_version,
    retention_date,
    write_record,
)
from gpaikit.law import load_catalog
from gpaikit.workspace import load_workspace

FillFn = Callable[..., FilledForm]
DAY = dt.date(2026, 11, 28)


def test_hash_ignores_the_header_but_not_the_content(filled: FillFn) -> None:
    a = filled("mdf", "MDF.MP.01: Transformer")
    b = filled("mdf", "MDF.MP.01: Transformer\nMDF.H.02: '99'")
    c = filled("mdf", "MDF.MP.01: Mixture of experts")
    assert content_hash(a) == content_hash(b) != content_hash(c)
    assert content_hash(a).startswith("sha256:")


def test_unchanged_content_keeps_its_version(filled: FillFn, tmp_path: Path) -> None:
    form = filled("mdf", "MDF.MP.01: Transformer")
    first = next_version(None, form, DAY, "a" * 40)
    assert (first.version, first.date, first.commit) == (1, DAY, "a" * 40)
    write_record(tmp_path, first)
    again = next_version(latest_version(tmp_path, "m", "mdf"), form, DAY.replace(day=29), None)
    assert again == first
    changed = filled("mdf", "MDF.MP.01: Mixture of experts")
    second = next_version(first, changed, DAY.replace(day=29), None)
    assert second.version == 2 and second.date == DAY.replace(day=29)


def test_diff_lists_changes_item_by_item(filled: FillFn) -> None:
    before = next_version(None, filled("mdf", "MDF.MP.01: Transformer"), DAY, None)
    after_form = filled("mdf", "MDF.MP.01: Mixture of experts\nMDF.MP.02: Sparse routing")
    after = dataclasses.replace(next_version(before, after_form, DAY, None))
    changes = {(c.item, c.change) for c in diff_records(before, after)}
    assert changes == {("MDF.MP.01", "changed"), ("MDF.MP.02", "added")}
    back = {(c.item, c.change) for c in diff_records(after, before)}
    assert ("MDF.MP.02", "removed") in back


def test_retention_is_placement_plus_ten_years() -> None:
    catalog = load_catalog()
    assert retention_date(dt.date(2025, 9, 1), catalog) == dt.date(2035, 9, 1)
    assert retention_date(dt.date(2028, 2, 29), catalog) == dt.date(2038, 2, 28)
    assert retention_date(None, catalog) is None


def test_cli_diff_between_two_recorded_versions(
    make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_workspace(tmp_path / "ws", "MDF.MP.01: Transformer")
    ledger = root / LEDGER_DIR
    for text in ("MDF.MP.01: Transformer", "MDF.MP.01: Mixture of experts"):
        make_workspace(root, text)
        documents, _ = build_documents(load_workspace(root), as_of=DAY, ledger=ledger)
        for d in documents:
            if latest_version(ledger, d.form.model, d.form.spec.id) != d.record:
                write_record(ledger, d.record)
    result = CliRunner().invoke(app, ["diff", "1", "2", "--form", "mdf", "--dir", str(root)])
    assert result.exit_code == 0, result.output
    assert '~ MDF.MP.01: "Transformer" -> "Mixture of experts"' in result.output
    assert "1 item(s) changed" in result.output
    by_file = CliRunner().invoke(
        app,
        ["diff", str(ledger / "m" / "mdf" / "v1.json"), str(ledger / "m" / "mdf" / "v2.json")],
    )
    assert by_file.exit_code == 0 and "MDF.MP.01" in by_file.output
    bad = CliRunner().invoke(app, ["diff", "x", "y"])
    assert bad.exit_code == 2
