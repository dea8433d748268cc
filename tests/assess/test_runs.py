"""Training runs counted as the guidelines count them (GL Annex A.1): the kinds, what may be left
out, and what may not; the catalog, the workspace schema and the estimator agree on the kinds."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import pytest

from gpaikit._exceptions import WorkspaceError
from gpaikit.assess import Classification, assess, classify
from gpaikit.compute import RUN_KINDS
from gpaikit.compute._model import CUMULATIVE_ONLY
from gpaikit.law import Catalog, RunKind
from gpaikit.workspace import TrainingRun, load_workspace
from tests.conftest import AS_OF, WorkspaceFactory


def _runs(
    make_workspace: WorkspaceFactory, catalog: Catalog, runs: list[dict[str, Any]]
) -> Classification:
    ws = make_workspace(model={"training_compute_flop": None, "training_runs": runs})
    return classify(ws.models[0], ws.provider, catalog, AS_OF)


def _kinds() -> set[str]:
    annotation = TrainingRun.model_fields["kind"].annotation
    return set(typing.get_args(annotation))


def test_workspace_kinds_are_the_catalog_kinds(catalog: Catalog) -> None:
    assert _kinds() == {e.id.removeprefix("RUN.") for e in catalog.of_kind(RunKind)}
    assert set(RUN_KINDS) == _kinds()


def test_catalog_notions_match_the_estimator(catalog: Catalog) -> None:
    for entry in catalog.of_kind(RunKind):
        stage = RUN_KINDS[entry.id.removeprefix("RUN.")]
        updates = stage not in CUMULATIVE_ONLY
        assert ("training" in entry.counts_toward) is updates, entry.id
        assert entry.citation.startswith(("GL Annex A.1", "reference")), entry.id
        assert entry.unconfirmed is (entry.source == "DERIVED"), entry.id


PT = {"name": "pt", "kind": "pre_training", "flop": 5e24}
COUNTED = [
    # (kind, extra, counts toward training, counts toward cumulative)
    ("continued_pre_training", {}, True, True),
    ("fine_tuning", {}, True, True),
    ("rl_policy_updates", {}, True, True),
    ("merged_or_initialised_weights", {}, True, True),
    ("synthetic_data_generation", {}, False, True),
    ("rl_rollout_generation", {}, False, True),
    ("synthetic_data_generation", {"publicly_accessible_output": True}, False, False),
    (
        "synthetic_data_generation",
        {"publicly_accessible_output": True, "excluded": False},
        False,
        True,
    ),
    ("evaluation", {}, False, False),
    ("evaluation", {"excluded": False}, False, True),
    ("red_teaming", {}, False, False),
    ("exploratory_research", {}, False, False),
    ("discarded_run", {}, False, False),
    ("failed_synthetic_data_experiment", {}, False, False),
    ("teacher_model_training", {}, False, False),
    ("teacher_model_training", {"excluded": False}, False, True),
    ("auxiliary_model_training", {}, False, False),
    ("auxiliary_model_training", {"excluded": True}, False, False),
    ("activation_recomputation", {}, False, False),
]


@pytest.mark.parametrize(("kind", "extra", "training", "cumulative"), COUNTED)
def test_each_kind_counts_as_the_guidelines_say(
    make_workspace: WorkspaceFactory,
    catalog: Catalog,
    kind: str,
    extra: dict[str, Any],
    training: bool,
    cumulative: bool,
) -> None:
    c = _runs(make_workspace, catalog, [PT, {"name": "x", "kind": kind, "flop": 1e24, **extra}])
    assert c.training_compute is not None and c.cumulative_compute is not None
    assert c.training_compute.flop == pytest.approx(5e24 + (1e24 if training else 0))
    assert c.cumulative_compute.flop == pytest.approx(5e24 + (1e24 if cumulative else 0))
    run = c.runs[1]
    assert run.counted is cumulative
    assert f"RUN.{kind}" in run.reason.citations
    if not cumulative:
        assert "GL.A_1.may_exclude" in run.reason.citations
        assert "excluded: false" in run.reason.text


@pytest.mark.parametrize(
    ("kind", "extra"),
    [
        ("pre_training", {}),
        ("fine_tuning", {}),
        ("merged_or_initialised_weights", {}),
        ("synthetic_data_generation", {}),  # not publicly accessible: always counted
    ],
)
def test_what_the_guidelines_count_cannot_be_excluded(
    tmp_path: Path, kind: str, extra: dict[str, Any]
) -> None:
    flags = "".join(f", {k}: {str(v).lower()}" for k, v in extra.items())
    (tmp_path / "gpaikit.yaml").write_text(
        "provider: {legal_name: X, country: FR}\n"
        "models:\n"
        "  - name: a\n"
        "    eu_placement_date: 2025-09-01\n"
        "    training_runs:\n"
        "      - {name: pt, flop: 5.0e24}\n"
        f"      - {{name: y, kind: {kind}, flop: 1.0e24, excluded: true{flags}}}\n"
    )
    with pytest.raises(WorkspaceError) as info:
        assess(load_workspace(tmp_path), as_of=AS_OF)
    rendered = info.value.render()
    assert "gpaikit.yaml:7" in rendered and "models.0.training_runs.1" in rendered
    assert "cannot be excluded" in rendered and "GL Annex A.1" in rendered


def test_a_counted_run_without_figures_makes_the_total_unknown(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    c = _runs(make_workspace, catalog, [PT, {"name": "sft", "kind": "fine_tuning"}])
    assert c.training_compute is None and c.gpai.value is None
    # an excluded run without figures does not matter
    c = _runs(make_workspace, catalog, [PT, {"name": "evals", "kind": "evaluation"}])
    assert c.training_compute is not None and c.training_compute.flop == pytest.approx(5e24)


def test_only_excluded_runs_leave_compute_unknown(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    c = _runs(make_workspace, catalog, [{"name": "evals", "kind": "evaluation", "flop": 1e24}])
    assert c.training_compute is None and c.cumulative_compute is None


def test_synthetic_data_counts_discarded_samples_as_forward_passes(
    make_workspace: WorkspaceFactory, catalog: Catalog
) -> None:
    # generate with a 1e11-parameter model 1e11 tokens, keep a tenth: count all forward passes
    c = _runs(
        make_workspace,
        catalog,
        [
            {"name": "pt", "params": 1e10, "tokens": 1e12},
            {"name": "gen", "kind": "synthetic_data_generation", "params": 1e11, "tokens": 1e11},
        ],
    )
    assert c.training_compute is not None and c.cumulative_compute is not None
    assert c.training_compute.flop == pytest.approx(6e22)
    assert c.cumulative_compute.flop == pytest.approx(6e22 + 2e22)
