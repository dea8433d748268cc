"""The dossier lists consistency findings on the AI Office's index only (they quote figures
only the AI Office receives) and proposes obligation statuses from recorded documents."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from gpaikit.dossier import AUDIENCES, build_site

REPO = Path(__file__).resolve().parents[2]


def test_findings_stay_in_the_ai_office_site(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(REPO / "examples" / "frontier-lab", ws)
    text = (ws / "gpaikit.yaml").read_text()
    (ws / "gpaikit.yaml").write_text(text.replace('MDF.EN.01: "2.1e4"', 'MDF.EN.01: "2.1e7"'))
    build_site(ws, tmp_path / "site", as_of=dt.date(2026, 11, 28), record=False)
    office = (tmp_path / "site" / "ai_office" / "index.html").read_text()
    assert "CHK.energy_fleet" in office and "kWh typed as MWh" in office
    for audience in AUDIENCES:
        if audience != "ai_office":
            page = (tmp_path / "site" / audience / "index.html").read_text()
            assert "CHK." not in page and "Consistency checks" not in page, audience


def test_a_consistent_dossier_says_so(tmp_path: Path) -> None:
    build_site(
        REPO / "examples" / "frontier-lab",
        tmp_path / "site",
        as_of=dt.date(2026, 11, 28),
        record=False,
    )
    office = (tmp_path / "site" / "ai_office" / "index.html").read_text()
    assert "The documents pass all 8 consistency rules" in office
