"""Consistency rules: each one trips on the inconsistency it is written for and stays quiet on
the consistent variant; the shipped examples pass every rule."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from gpaikit.dossier import build_documents
from gpaikit.forms import RULES, Problem, parse_size
from gpaikit.law import Catalog
from gpaikit.workspace import load_workspace

REPO = Path(__file__).resolve().parents[2]
HUB = REPO / "examples" / "hub" / "lumen-7b"
AUDIT = REPO / "examples" / "frontier-lab" / "artifacts" / "opt-out-audit" / "audit.json"
AS_OF = dt.date(2026, 11, 28)

BASE: dict[str, Any] = {
    "provider": {"legal_name": "Rules SA", "country": "FR"},
    "models": [
        {
            "name": "m",
            "eu_placement_date": "2026-01-05",
            "modalities": {"input": ["text"], "output": ["text"]},
            "training_runs": [{"name": "pre-training", "kind": "pre_training", "tokens": 1.8e13}],
            "answers": {},
        }
    ],
}


def _findings(tmp_path: Path, change: dict[str, Any], **files: Any) -> list[Problem]:
    """Problems of kind inconsistent for BASE with ``change`` merged into the model."""
    data = copy.deepcopy(BASE)
    model = data["models"][0]
    for key, value in change.items():
        if key == "answers":
            model["answers"].update(value)
        elif key == "provider":
            data["provider"].update(value)
        else:
            model[key] = value
    root = tmp_path / "ws"
    root.mkdir(parents=True, exist_ok=True)
    with (root / "gpaikit.yaml").open("w") as handle:
        YAML().dump(data, handle)
    if files.get("audit"):
        target = root / "artifacts" / "opt-out-audit"
        target.mkdir(parents=True)
        shutil.copy(AUDIT, target / "audit.json")
    if files.get("summary") is not None:
        target = root / "artifacts" / "data-summary"
        target.mkdir(parents=True)
        (target / "summary.json").write_text(json.dumps(files["summary"]))
    _, problems = build_documents(load_workspace(root), as_of=AS_OF, ledger=None)
    return [p for p in problems if p.kind == "inconsistent"]


def _rules(found: list[Problem]) -> list[str]:
    return sorted({p.rule or "" for p in found})


def test_every_catalog_rule_has_exactly_one_check(catalog: Catalog) -> None:
    assert sorted(RULES) == sorted(r.id for r in catalog.consistency_rules())


RUN = {"name": "pre-training", "kind": "pre_training", "tokens": 1.8e13}


def test_parameters_against_config_and_weights(tmp_path: Path) -> None:
    run = {**RUN, "config": str(HUB / "config.json"), "weights": str(HUB)}
    assert _rules(_findings(tmp_path / "ok", {"training_runs": [run], "parameters": 7.24e9})) == []
    typo = _findings(tmp_path / "typo", {"training_runs": [run], "parameters": 7.0e9})
    assert _rules(typo) == ["CHK.parameters_artefacts"]
    assert typo[0].location is not None and typo[0].location.line is not None
    assert "7,241,732,096" in typo[0].message
    other = {**run, "config": str(REPO / "tests" / "compute" / "configs" / "llama-3.1-8b.json")}
    mixed = _findings(tmp_path / "mixed", {"training_runs": [other]})
    assert (
        _rules(mixed) == ["CHK.parameters_artefacts"] and "config.json counts" in mixed[0].message
    )


def test_mdf_compute_is_the_assessment_figure(tmp_path: Path) -> None:
    change = {"training_compute_flop": 7.8e23}
    assert _rules(_findings(tmp_path / "ok", change)) == []
    wrong = _findings(tmp_path / "bad", {**change, "answers": {"MDF.CR.02b": "9.1e23"}})
    assert _rules(wrong) == ["CHK.compute_assessment"]
    assert "7.8e23" in wrong[0].message


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("1 billion to 10 trillion tokens", (1e9, 1e13, False)),
        ("More than 10 trillion tokens", (1e13, float("inf"), False)),
        ("Less than 1 billion tokens", (0.0, 1e9, False)),
        ("approximately 1.8e13 tokens", (1.8e13, 1.8e13, True)),
        ("15 trillion tokens", (1.5e13, 1.5e13, True)),
        ("1b_10t", (1e9, 1e13, False)),
        ("gt_10t", (1e13, float("inf"), False)),
        ("about 500 GB", None),
        ("approximately 2e9 words", None),
    ],
)
def test_size_statements(statement: str, expected: tuple[float, float, bool] | None) -> None:
    assert parse_size(statement) == expected


def test_mdf_tokens_fall_in_the_summary_range(tmp_path: Path) -> None:
    rows = [{"split": "training", "value": "1.8e13", "unit": "tokens"}]
    ok = {"answers": {"MDF.DA.04a": rows, "TS.1.3.size": {"text": "More than 10 trillion tokens"}}}
    assert _rules(_findings(tmp_path / "ok", ok)) == []
    bad = {"answers": {"MDF.DA.04a": rows, "TS.1.3.size": {"text": "Less than 1 billion tokens"}}}
    found = _findings(tmp_path / "bad", bad)
    assert _rules(found) == ["CHK.tokens_size_range"] and found[0].item == "TS.1.3.size"
    # without answers both are derived from the runs' tokens and agree
    assert _rules(_findings(tmp_path / "derived", {})) == []


def _summary(*modalities: str) -> dict[str, Any]:
    return {
        "job": "summarize",
        "modalities": {m: {"records": 1, "size": {"value": 1, "unit": "x"}} for m in modalities},
        "time_span": {"first": "2025-01-01T00:00:00Z", "last": "2025-03-01T00:00:00Z"},
        "domains": {},
    }


def test_data_modalities_against_the_model(tmp_path: Path) -> None:
    crawl = {"crawlers": ["RuleBot"]}
    text = _findings(tmp_path / "ok", crawl, summary=_summary("text"), audit=True)
    assert _rules(text) == []
    mixed = _findings(
        tmp_path / "bad", crawl, summary=_summary("audio", "image", "text", "video"), audit=True
    )
    assert _rules(mixed) == ["CHK.modalities_data"]
    assert "audio, image, video" in mixed[0].message


def test_energy_against_the_fleet(tmp_path: Path) -> None:
    fleet = [{"accelerator": "H100", "count": 1024, "hours": 1000, "pue": 1.2}]
    runs = [{**RUN, "fleet": fleet}]
    # 1024 x 1000 h x 700 W x 1.2 = 860 MWh
    ok = _findings(tmp_path / "ok", {"training_runs": runs, "answers": {"MDF.EN.01": "9.0e2"}})
    assert _rules(ok) == []
    kwh = _findings(tmp_path / "kwh", {"training_runs": runs, "answers": {"MDF.EN.01": "8.6e5"}})
    assert _rules(kwh) == ["CHK.energy_fleet"] and "kWh typed as MWh" in kwh[0].message
    low = _findings(tmp_path / "low", {"training_runs": runs, "answers": {"MDF.EN.01": "1.0e2"}})
    assert _rules(low) == ["CHK.energy_fleet"]


def test_inference_compute_against_two_p_n(tmp_path: Path) -> None:
    base = {"parameters": 1.6e11, "training_compute_flop": 5e23}
    text = "Generating 100,000 tokens on one inference node."
    ok = {**base, "answers": {"MDF.EN.03": "3.4e16", "MDF.EN.04": text}}
    assert _rules(_findings(tmp_path / "ok", ok)) == []
    tenth = {**base, "answers": {"MDF.EN.03": "3.4e15", "MDF.EN.04": text}}
    found = _findings(tmp_path / "bad", tenth)
    assert _rules(found) == ["CHK.inference_compute"] and "3.2e16" in found[0].message
    bench = {"task": "a chat", "tokens": 1.0e6}
    declared = {**base, "inference_benchmark": bench, "answers": {"MDF.EN.03": "3.2e15"}}
    assert _rules(_findings(tmp_path / "bench", declared)) == ["CHK.inference_compute"]


def _domains_summary() -> dict[str, Any]:
    top = {"rule": "TPL.domains.top_fraction", "domain_count": 30, "required": 3, "listed": 3}
    sme = {"rule": "TPL.domains.top_fraction_sme", "domain_count": 30, "required": 2, "listed": 2}
    return {
        **_summary("text"),
        "domains": {
            "top": {**top, "domains": ["a.com", "b.com", "c.com"]},
            "top_sme": {**sme, "domains": ["a.com", "b.com"]},
        },
    }


def test_top_domains_one_rule_one_number(tmp_path: Path) -> None:
    crawl = {"crawlers": ["RuleBot"]}
    summary = _domains_summary()
    assert _rules(_findings(tmp_path / "ok", crawl, summary=summary, audit=True)) == []
    lacking = {**crawl, "answers": {"TS.2.3.domains": ["a.com", "c.com"]}}
    found = _findings(tmp_path / "lacks", lacking, summary=summary, audit=True)
    assert _rules(found) == ["CHK.top_domains"] and "b.com" in found[0].message
    # an SME lists the SME selection: two domains, and a statement naming 3 is wrong
    sme = {**crawl, "provider": {"size": "sme"}, "answers": {"TS.2.3.domains_rule": "top 3"}}
    found = _findings(tmp_path / "sme", sme, summary=summary, audit=True)
    assert _rules(found) == ["CHK.top_domains"] and "the 2 domains" in found[0].message


def test_crawling_and_the_audit_go_together(tmp_path: Path) -> None:
    crawl = {"crawlers": ["RuleBot"]}
    assert _rules(_findings(tmp_path / "both", crawl, audit=True)) == []
    assert _rules(_findings(tmp_path / "neither", {})) == []
    without = _findings(tmp_path / "no-audit", crawl)
    assert _rules(without) == ["CHK.crawl_audit"] and "no opt-out audit" in without[0].message
    stray = _findings(tmp_path / "no-crawler", {}, audit=True)
    assert _rules(stray) == ["CHK.crawl_audit"]


@pytest.mark.parametrize(
    "example", sorted(p.parent for p in (REPO / "examples").glob("*/gpaikit.yaml")), ids=str
)
def test_examples_pass_every_rule(example: Path) -> None:
    _, problems = build_documents(load_workspace(example), as_of=AS_OF, ledger=None)
    assert [p.render() for p in problems if p.kind == "inconsistent"] == []
