"""The workspace facts the assessment needs: placement and internal use, the two threshold
dates, run kinds and exclusions, base-model facts; schema 1 files keep loading."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gpaikit._exceptions import WorkspaceError
from gpaikit.assess import assess
from gpaikit.cli import app
from gpaikit.workspace import load_workspace

OLD = """schema_version: 1
provider: {legal_name: Old Lab SAS, country: FR}
models:
  - name: old-model
    eu_placement_date: 2026-01-10
    modalities: {input: [text], output: [text]}
    training_compute_flop: 2.0e25
    systemic_risk:
      threshold_met_on: 2025-09-01
      notified_on: 2025-09-12
"""


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "gpaikit.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_schema_1_threshold_date_loads_with_a_migration_note(tmp_path: Path) -> None:
    ws = load_workspace(_write(tmp_path, OLD))
    status = ws.models[0].systemic_risk
    assert status.threshold_exceeded_on == dt.date(2025, 9, 1)
    assert status.threshold_foreseen_on is None and status.migrated
    a = assess(ws, as_of=dt.date(2026, 11, 28))
    (note,) = a.migrations
    assert "gpaikit.yaml:9" in note and "threshold_met_on" in note
    assert "threshold_exceeded_on" in note and "threshold_foreseen_on" in note
    # the notification clock is unchanged: two weeks from the one date
    notification = next(
        o for o in a.models[0].obligations if o.id == "OBL.systemic_risk_notification"
    )
    assert notification.due_date == dt.date(2025, 9, 15)
    text = CliRunner().invoke(app, ["assess", str(tmp_path), "--as-of", "2026-11-28"])
    assert text.exit_code == 0 and "threshold_met_on" in text.output
    markdown = CliRunner().invoke(
        app, ["assess", str(tmp_path), "--as-of", "2026-11-28", "--format", "markdown"]
    )
    assert "workspace: " in markdown.output


def test_old_and_new_threshold_keys_together_are_an_error(tmp_path: Path) -> None:
    text = OLD.replace(
        "      threshold_met_on: 2025-09-01\n",
        "      threshold_met_on: 2025-09-01\n      threshold_exceeded_on: 2025-10-01\n",
    )
    with pytest.raises(WorkspaceError) as info:
        load_workspace(_write(tmp_path, text))
    rendered = info.value.render()
    assert "models.0.systemic_risk" in rendered and "keep threshold_exceeded_on" in rendered


def test_current_schema_has_no_migration_notes(tmp_path: Path) -> None:
    text = OLD.replace("threshold_met_on", "threshold_foreseen_on")
    ws = load_workspace(_write(tmp_path, text))
    assert ws.migrations() == ()
    assert ws.models[0].systemic_risk.threshold_foreseen_on == dt.date(2025, 9, 1)


NEW_FACTS = """provider: {legal_name: New Lab SAS, country: FR}
models:
  - name: m
    modalities: {input: [text], output: [text]}
    internal_use:
      since: 2026-02-01
      essential_to_third_party_services: false
      affects_natural_persons_rights: true
    training_runs:
      - {name: pt, flop: 4.0e23}
      - {name: rm, kind: auxiliary_model_training, flop: 1.0e22, excluded: false}
    systemic_risk:
      threshold_foreseen_on: 2026-01-05
      threshold_exceeded_on: 2026-03-01
      designated_on: 2026-04-01
      designation_basis: annex_xiii
      designation_maintained_on: 2026-10-01
"""


def test_new_facts_load(tmp_path: Path) -> None:
    model = load_workspace(_write(tmp_path, NEW_FACTS)).models[0]
    assert model.internal_use is not None
    assert model.internal_use.affects_natural_persons_rights is True
    assert model.training_runs[1].excluded is False
    assert model.systemic_risk.designation_maintained_on == dt.date(2026, 10, 1)


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "kind: auxiliary_model_training",
            "kind: reward_model",
            "models.0.training_runs.1.kind",
            "auxiliary_model_training",
        ),
        (
            "affects_natural_persons_rights: true",
            "affects_rights: true",
            "models.0.internal_use.affects_rights",
            "affects_natural_persons_rights",
        ),
        (
            "since: 2026-02-01",
            "since: 1926-02-01",
            "models.0.internal_use.since",
            "check the year",
        ),
        (
            "      designated_on: 2026-04-01\n      designation_basis: annex_xiii\n",
            "",
            "models.0.systemic_risk",
            "designation_maintained_on needs designated_on",
        ),
    ],
)
def test_bad_new_facts_name_the_field(
    tmp_path: Path, old: str, new: str, field: str, message: str
) -> None:
    assert old in NEW_FACTS
    with pytest.raises(WorkspaceError) as info:
        load_workspace(_write(tmp_path, NEW_FACTS.replace(old, new)))
    rendered = "\n".join(p.render() for p in info.value.problems) or info.value.render()
    assert field in rendered and message in rendered


def test_base_model_cumulative_compute_is_checked(tmp_path: Path) -> None:
    text = """provider: {legal_name: X, country: FR}
models:
  - name: m
    role: modifier
    base_model: {name: b, training_compute_flop: 2.0e24, cumulative_compute_flop: 1.0e24}
    modification_compute_flop: 1.0e23
"""
    with pytest.raises(WorkspaceError) as info:
        load_workspace(_write(tmp_path, text))
    assert "cumulative compute includes all training compute" in info.value.render() + "".join(
        p.render() for p in info.value.problems
    )
