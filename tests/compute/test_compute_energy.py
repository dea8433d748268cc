"""Training energy: metered readings, or accelerator-hours x board power x PUE, stated as such."""

from __future__ import annotations

import pytest

from gpaikit._exceptions import ComputeInputError
from gpaikit.compute import fleet_energy, training_energy
from gpaikit.law import Catalog
from gpaikit.workspace import TrainingRun


def _run(**fields: object) -> TrainingRun:
    return TrainingRun.model_validate({"name": "pt", "kind": "pre_training", **fields})


def test_fleet_estimate_uses_catalog_power_and_the_pue_default(catalog: Catalog) -> None:
    run = _run(fleet=[{"accelerator": "H100", "count": 1000, "hours": 100}])
    found = training_energy([run], catalog)
    assert found is not None and found.estimated and found.complete
    # 1000 x 100 h x 700 W x 1.56 = 109.2 MWh
    assert found.mwh == pytest.approx(1000 * 100 * 700 * catalog.value("PAR.pue_default") / 1e6)
    part = found.parts[0]
    assert (part.power_source, part.pue_source) == ("HW.nvidia_h100_sxm", "PAR.pue_default")
    text = found.method_text()
    assert text.startswith("In the absence of a delegated act under Art. 53(5)")
    assert "Estimated, not metered" in text and "not included" in text


def test_declared_power_pue_and_meter_readings_win(catalog: Catalog) -> None:
    declared = _run(
        fleet=[{"accelerator": "A100", "count": 10, "hours": 10, "board_power_w": 300, "pue": 1.1}]
    )
    assert training_energy([declared], catalog).mwh == pytest.approx(10 * 10 * 300 * 1.1 / 1e6)  # type: ignore[union-attr]
    metered = _run(energy_mwh=55.0, fleet=[{"accelerator": "A100", "count": 10, "hours": 10}])
    found = training_energy([metered], catalog)
    assert found is not None and not found.estimated and found.mwh == 55.0
    assert "Metered energy" in found.method_text()


def test_runs_without_a_basis_are_named_and_excluded_kinds_skipped(catalog: Catalog) -> None:
    runs = [
        _run(fleet=[{"accelerator": "H100", "count": 8, "hours": 10}]),
        _run(name="sft", kind="fine_tuning", tokens=1e9, params=7e9),
        _run(name="evals", kind="evaluation", flop=1e20),
    ]
    found = training_energy(runs, catalog)
    assert found is not None and found.missing == ("sft",) and not found.complete


def test_tpus_have_no_published_board_power(catalog: Catalog) -> None:
    tpu = _run(fleet=[{"accelerator": "tpu-v5p", "count": 8, "hours": 10}])
    assert fleet_energy(tpu, catalog) is None
    assert training_energy([tpu], catalog) is None
    with pytest.raises(ComputeInputError):
        training_energy(
            [_run(fleet=[{"accelerator": "nope-9000", "count": 1, "hours": 1}])], catalog
        )


def test_every_board_power_is_cited(catalog: Catalog) -> None:
    powered = [a for a in catalog.accelerators() if a.board_power_w is not None]
    assert len(powered) >= 8 and all(a.board_power_citation for a in powered)
