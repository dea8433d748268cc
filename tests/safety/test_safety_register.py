"""Register, tiers with safety margins, acceptance, Appendix 2, checks and the gap analysis."""

from __future__ import annotations

from typing import Any

import pytest
from safety_helpers import MakeWs, report

from gpaikit._exceptions import InputError, WorkspaceError
from gpaikit.law import Catalog

SPECIFIED = ["SS.APP1.4.1", "SS.APP1.4.2", "SS.APP1.4.3", "SS.APP1.4.4"]


def _risk(rid: str, spec: str | None, value: float = 0.5, margin: float = 0.05) -> dict[str, Any]:
    return {
        "id": rid,
        "name": rid.upper(),
        "specified": spec,
        "tiers": [
            {
                "id": f"{rid}-1",
                "name": "one",
                "capability": "c",
                "acceptable": True,
                "thresholds": [{"evaluation": f"ev-{rid}", "value": value, "margin": margin}],
            },
            {
                "id": f"{rid}-2",
                "name": "two",
                "capability": "c",
                "acceptable": False,
                "thresholds": [{"evaluation": f"ev-{rid}", "value": 0.9}],
            },
        ],
    }


def _safety(score: float, **entry: Any) -> dict[str, Any]:
    risks = [_risk(f"r{i}", s) for i, s in enumerate(SPECIFIED)]
    evaluations = [
        {
            "id": f"ev-r{i}",
            "title": "t",
            "risk": f"r{i}",
            "score": score,
            "method": "red_teaming",
            "samples": [{"input": "i", "output": "o"}] * 5,
        }
        for i in range(4)
    ]
    register = [
        {
            "risk": f"r{i}",
            "scenarios": [{"id": "s", "description": "d"}],
            "estimate": {"probability": "low", "severity": "high"},
            "justification": "j",
            **entry,
        }
        for i in range(4)
    ]
    return {
        "framework": {"risks": risks},
        "models": {
            "m": {
                "risks": register,
                "evaluations": evaluations,
                "mitigations": [{"id": "x", "kind": "behaviour", "description": "d"}],
                "decision": {"outcome": "proceed", "reasons": "r"},
            }
        },
    }


def _errors(rep: Any) -> set[str]:
    return {f.measure for f in rep.findings if f.severity == "error"}


@pytest.mark.parametrize(
    ("score", "reached", "acceptable"),
    [(0.44, None, True), (0.45, "r0-1", True), (0.5, "r0-1", True), (0.9, "r0-2", False)],
)
def test_tier_reached_with_safety_margin(
    make_ws: MakeWs, catalog: Catalog, score: float, reached: str | None, acceptable: bool
) -> None:
    rep = report(make_ws(safety=_safety(score)), "2026-12-01", catalog)
    risk = rep.risks[0]
    assert risk.highest_tier_reached == reached and risk.acceptable is acceptable


def test_every_tier_reached_and_proceeding_is_an_error(make_ws: MakeWs, catalog: Catalog) -> None:
    rep = report(make_ws(safety=_safety(0.95, acceptable=True)), "2026-12-01", catalog)
    errors = _errors(rep)
    assert {"SS.C4.M4.1.a", "SS.C4.M4.1.DECISION", "SS.C4.M4.2"} <= errors


def test_specified_risks_are_required_with_tiers(make_ws: MakeWs, catalog: Catalog) -> None:
    safety = _safety(0.1)
    safety["framework"]["risks"] = safety["framework"]["risks"][:3]
    safety["models"]["m"]["risks"] = safety["models"]["m"]["risks"][:3]
    safety["framework"]["risks"][0]["tiers"] = []
    rep = report(make_ws(safety=safety), "2026-12-01", catalog)
    messages = " ".join(f.message for f in rep.findings)
    assert "SS.APP1.4.4" in messages and "needs tiers" in messages
    assert {"SS.C2.M2.1.2", "SS.C4.M4.1.a"} <= _errors(rep)


def test_a_clean_register_has_no_errors(make_ws: MakeWs, catalog: Catalog) -> None:
    rep = report(make_ws(safety=_safety(0.1)), "2026-12-01", catalog)
    assert {f.measure for f in rep.findings if f.severity == "error"} - {"SS.C6.M6.1"} == set()


def _reference(placed: str | None, **extra: Any) -> dict[str, Any]:
    ref = {
        "name": "old",
        "placed_on": placed,
        "visibility": "own_model",
        "materially_different_scenario": False,
        "known_risk_increasing_differences": False,
        "benchmarks": [{"name": "b", "model_score": 0.51, "reference_score": 0.5, "margin": 0.01}],
    }
    ref.update(extra)
    return ref


@pytest.mark.parametrize(("placed", "qualifies"), [("2025-07-09", True), ("2025-07-10", False)])
def test_reference_model_cut_off(
    make_ws: MakeWs, catalog: Catalog, placed: str, qualifies: bool
) -> None:
    rep = report(make_ws(safety=_safety(0.1, reference=_reference(placed))), "2026-12-01", catalog)
    result = rep.risks[0].reference
    assert result is not None and result.qualifies is qualifies
    assert result.similarly_safe is qualifies


def test_reference_after_the_cut_off_with_a_reported_assessment(
    make_ws: MakeWs, catalog: Catalog
) -> None:
    ref = _reference(
        "2026-01-01", full_assessment_acceptable=True, report_received_by_ai_office=True
    )
    rep = report(make_ws(safety=_safety(0.1, reference=ref)), "2026-12-01", catalog)
    assert rep.risks[0].reference is not None and rep.risks[0].reference.qualifies


@pytest.mark.parametrize(("score", "similar"), [(0.51, True), (0.52, False)])
def test_benchmark_within_negligible_margin(
    make_ws: MakeWs, catalog: Catalog, score: float, similar: bool
) -> None:
    ref = _reference("2025-01-01")
    ref["benchmarks"][0]["model_score"] = score
    rep = report(make_ws(safety=_safety(0.1, reference=ref)), "2026-12-01", catalog)
    assert rep.risks[0].reference is not None
    assert rep.risks[0].reference.similarly_safe is similar


@pytest.mark.parametrize(("as_of", "similar"), [("2027-02-28", True), ("2027-03-01", False)])
def test_lost_reference_keeps_relief_six_months(
    make_ws: MakeWs, catalog: Catalog, as_of: str, similar: bool
) -> None:
    ref = _reference("2025-01-01", lost_on="2026-08-31")
    rep = report(make_ws(safety=_safety(0.1, reference=ref)), as_of, catalog)
    assert rep.risks[0].reference is not None
    assert rep.risks[0].reference.similarly_safe is similar


def test_too_few_samples_is_an_error(make_ws: MakeWs, catalog: Catalog) -> None:
    safety = _safety(0.1)
    safety["models"]["m"]["evaluations"][0]["samples"] = [{"input": "i", "output": "o"}] * 4
    rep = report(make_ws(safety=safety), "2026-12-01", catalog)
    assert "SS.C7.M7.3.1.f" in _errors(rep)


def test_security_checklist_and_governance(make_ws: MakeWs, catalog: Catalog) -> None:
    safety = _safety(0.1)
    safety["models"]["m"]["security"] = {
        "threat_actors": ["non_state_external"],
        "encryption_bits": 128,
        "objectives": {"SS.APP4.2.5": {"status": "alternative"}},
    }
    safety["governance"] = {
        "responsibilities": [
            {"role": "oversight", "holder": "Risk Committee", "level": "supervisory"},
            {
                "role": "support_monitoring",
                "holder": "CRO",
                "level": "executive",
                "runs_risk_business": True,
            },
        ]
    }
    rep = report(make_ws(safety=safety), "2026-12-01", catalog)
    assert len(rep.security) == 25
    assert {"SS.APP4.DEPARTURE", "SS.C6.M6.1"} <= _errors(rep)
    assert any(f.measure == "SS.APP4.2.3" for f in rep.findings)
    checks = {g.role: g.presumed_adequate for g in rep.governance}
    assert checks == {
        "oversight": True,
        "ownership": False,
        "support_monitoring": False,
        "assurance": False,
    }


def test_gap_analysis_for_a_non_signatory(make_ws: MakeWs, catalog: Catalog) -> None:
    safety = {
        "own_measures": {
            "SS.C1.M1.1": {"measure": "Scaling policy v3", "evidence": ["p"]},
            "SS.C9.M9.3": {"measure": "Incident runbook", "coverage": "partial"},
        }
    }
    ws = make_ws(safety=safety, provider={"code_of_practice": {"safety_security": "not_signed"}})
    rep = report(ws, "2026-12-01", catalog)
    assert rep.route == "alternative_means" and len(rep.gaps) == 32
    rows = {g.measure: g for g in rep.gaps}
    assert not rows["SS.C1.M1.1"].scrutiny_risk and rows["SS.C1.M1.1"].own_measure
    assert rows["SS.C9.M9.3"].scrutiny_risk and rows["SS.C2.M2.1"].coverage == "undeclared"
    signed = report(make_ws(safety=safety), "2026-12-01", catalog)
    assert signed.gaps == ()


@pytest.mark.parametrize(
    ("safety", "message"),
    [
        ({"models": {"ghost": {}}}, "no model named 'ghost'"),
        (
            {
                "framework": {"risks": [{"id": "a", "name": "A"}]},
                "models": {"m": {"risks": [{"risk": "b"}]}},
            },
            "risk 'b' is not defined",
        ),
        (
            {"models": {"m": {"security": {"objectives": {"SS.APP4.9.9": {"status": "met"}}}}}},
            "not an Appendix 4 point",
        ),
        ({"own_measures": {"CR.M1.1": {"measure": "x"}}}, "not a Safety & Security measure"),
        (
            {"framework": {"risks": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}},
            "declared twice",
        ),
    ],
)
def test_safety_section_errors_name_the_field(
    make_ws: MakeWs, safety: dict[str, Any], message: str
) -> None:
    with pytest.raises(WorkspaceError) as info:
        make_ws(safety=safety)
    text = info.value.render()
    assert message in text and "gpaikit.yaml:" in text


def test_evaluation_log_outside_the_workspace(make_ws: MakeWs, catalog: Catalog) -> None:
    safety = {
        "models": {
            "m": {
                "evaluations": [
                    {
                        "id": "e",
                        "title": "t",
                        "risk": "r",
                        "source": {
                            "format": "lm_eval",
                            "path": "../../etc/passwd",
                            "metric": "acc",
                        },
                    }
                ]
            }
        }
    }
    with pytest.raises(InputError, match="leaves the workspace"):
        report(make_ws(safety=safety), "2026-12-01", catalog)


def test_assess_text_shows_clocks_and_the_gap_analysis(make_ws: MakeWs) -> None:
    from typer.testing import CliRunner

    from gpaikit.cli import app

    safety = {"own_measures": {"SS.C1.M1.1": {"measure": "Scaling policy v3"}}}
    ws = make_ws(safety=safety, provider={"code_of_practice": {"safety_security": "not_signed"}})
    result = CliRunner().invoke(
        app, ["assess", str(ws.root), "--as-of", "2026-12-01"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "Safety & Security chapter: clocks" in result.stdout
    assert "31 of 32 measures are scrutiny risks" in result.stdout
    assert "Scaling policy v3" in result.stdout
