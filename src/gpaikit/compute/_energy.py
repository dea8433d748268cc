"""Training energy for the MDF (Annex XI 2(e)): metered readings, or an estimate from the fleet.

Where the provider has no meter reading the energy "may be estimated from the computational
resources": accelerator-hours x the accelerator's board power x the data centre's PUE. The
estimate says that it is one and which figures it used (catalog board power and PUE default,
or the fleet's own), because both assumptions can be far from the real draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gpaikit.compute._common import catalog_or_default
from gpaikit.compute._hardware import find_accelerator
from gpaikit.compute._model import significant
from gpaikit.compute._runs import run_excluded
from gpaikit.law import Catalog, RunKind
from gpaikit.workspace import TrainingRun

__all__ = ["EnergyEstimate", "EnergyPart", "fleet_energy", "training_energy"]

WATT_HOURS_PER_MWH = 1e6


@dataclass(frozen=True)
class EnergyPart:
    """One run's energy: metered, or one fleet segment's estimate."""

    run: str
    mwh: float
    measured: bool
    accelerator: str | None = None
    accelerator_hours: float | None = None
    board_power_w: float | None = None
    pue: float | None = None
    power_source: str | None = None
    pue_source: str | None = None

    def text(self) -> str:
        if self.measured:
            return f"{self.run}: {significant(self.mwh, 2)} MWh metered"
        return (
            f"{self.run}: {self.accelerator_hours:,.0f} {self.accelerator} accelerator-hours x "
            f"{self.board_power_w:g} W ({self.power_source}) x PUE {self.pue:g} "
            f"({self.pue_source}) = {significant(self.mwh, 2)} MWh"
        )


@dataclass(frozen=True)
class EnergyEstimate:
    """Training energy in MWh with its parts; ``missing`` names runs that give no basis."""

    mwh: float
    parts: tuple[EnergyPart, ...]
    missing: tuple[str, ...] = ()

    @property
    def estimated(self) -> bool:
        return any(not p.measured for p in self.parts)

    @property
    def complete(self) -> bool:
        return not self.missing and bool(self.parts)

    def method_text(self) -> str:
        """The methodology statement the MDF asks for (MDF.EN.02)."""
        if not self.estimated:
            how = "Metered energy of the training runs"
        else:
            how = (
                "Estimated, not metered: accelerator-hours x maximum board power x power usage "
                "effectiveness (PUE) of the data centre"
            )
        parts = "; ".join(p.text() for p in self.parts)
        caveat = (
            " Board power at its maximum overstates the accelerators' draw; host CPUs, memory, "
            "network and storage are not included."
            if self.estimated
            else ""
        )
        return (
            "In the absence of a delegated act under Art. 53(5): "
            f"{how}. {parts}.{caveat} Total {significant(self.mwh, 2)} MWh (gpaikit.compute)."
        )


def fleet_energy(run: TrainingRun, catalog: Catalog | None = None) -> list[EnergyPart] | None:
    """The estimate for one run's fleet, or ``None`` when a segment's board power is unknown."""
    cat = catalog_or_default(catalog)
    pue_default = cat.value("PAR.pue_default")
    parts: list[EnergyPart] = []
    for seg in run.fleet:
        acc = find_accelerator(seg.accelerator, cat)
        power = seg.board_power_w if seg.board_power_w is not None else acc.board_power_w
        if power is None:
            return None
        pue = seg.pue if seg.pue is not None else pue_default
        hours = seg.count * seg.hours
        parts.append(
            EnergyPart(
                run=run.name,
                mwh=hours * power * pue / WATT_HOURS_PER_MWH,
                measured=False,
                accelerator=acc.name,
                accelerator_hours=hours,
                board_power_w=power,
                pue=pue,
                power_source="declared" if seg.board_power_w is not None else acc.id,
                pue_source="declared" if seg.pue is not None else "PAR.pue_default",
            )
        )
    return parts


def _trains(run: TrainingRun, catalog: Catalog) -> bool:
    excluded, rule = run_excluded(run, catalog)
    return not excluded and "training" in catalog.typed(rule.id, RunKind).counts_toward


def training_energy(
    runs: Sequence[TrainingRun], catalog: Catalog | None = None
) -> EnergyEstimate | None:
    """Energy of the runs counted toward training compute: metered where ``energy_mwh`` is
    declared, else estimated from the fleet. ``None`` when no run gives either."""
    cat = catalog_or_default(catalog)
    parts: list[EnergyPart] = []
    missing: list[str] = []
    for run in runs:
        if not _trains(run, cat):
            continue
        if run.energy_mwh is not None:
            parts.append(EnergyPart(run=run.name, mwh=run.energy_mwh, measured=True))
            continue
        found = fleet_energy(run, cat) if run.fleet else None
        if found:
            parts.extend(found)
        else:
            missing.append(run.name)
    if not parts:
        return None
    return EnergyEstimate(mwh=sum(p.mwh for p in parts), parts=tuple(parts), missing=tuple(missing))
