"""Invalid workspaces give one clear message with file, line and field; valid ones load whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from gpaikit._exceptions import InputError, WorkspaceError
from gpaikit.workspace import load_workspace, scaffold_workspace

HEADER = "schema_version: 1\nprovider:\n  legal_name: X\n  country: FR\nmodels:\n  - name: a\n"


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "gpaikit.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def _problems(exc: WorkspaceError) -> list[str]:
    return [p.render() for p in exc.problems] or [exc.render()]


INVALID = [
    ("wrong type", HEADER + "    parameters: seven\n", 7, "models.0.parameters", "valid number"),
    (
        "unknown key with suggestion",
        HEADER + "    licence_name: x\n",
        7,
        "models.0.licence_name",
        "unknown key",
    ),
    (
        "negative compute",
        HEADER + "    training_compute_flop: -1e24\n",
        7,
        "models.0.training_compute_flop",
        "greater than 0",
    ),
    (
        "bad country code",
        HEADER.replace("country: FR", "country: France"),
        4,
        "provider.country",
        "pattern",
    ),
    (
        "bad enum",
        HEADER + "    role: fine-tuner\n",
        7,
        "models.0.role",
        "'developer' or 'modifier'",
    ),
    (
        "implausible year",
        HEADER + "    release_date: 1925-01-01\n",
        7,
        "models.0.release_date",
        "check the year",
    ),
    (
        "unknown obligation",
        HEADER + "    compliance:\n      OBL.copyright: {status: met}\n",
        8,
        "models.0.compliance.OBL.copyright",
        "OBL.copyright_policy",
    ),
    ("modifier without base", HEADER + "    role: modifier\n", 6, "models.0", "needs base_model"),
]


@pytest.mark.parametrize(
    ("label", "text", "line", "field", "needle"), INVALID, ids=[c[0] for c in INVALID]
)
def test_invalid_workspace_names_line_and_field(
    tmp_path: Path, label: str, text: str, line: int, field: str, needle: str
) -> None:
    with pytest.raises(WorkspaceError) as info:
        load_workspace(_write(tmp_path, text))
    rendered = "\n".join(_problems(info.value))
    assert f"gpaikit.yaml:{line}" in rendered
    assert field in rendered
    assert needle in rendered


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    text = HEADER + "    parameters: seven\n    colour: blue\n  - name: a\n"
    with pytest.raises(WorkspaceError) as info:
        load_workspace(_write(tmp_path, text))
    rendered = "\n".join(_problems(info.value))
    assert "parameters" in rendered and "colour" in rendered


def test_duplicate_model_names(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="declared twice"):
        load_workspace(_write(tmp_path, HEADER + "  - name: a\n"))


def test_impossible_calendar_date_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as info:
        load_workspace(_write(tmp_path, HEADER + "    release_date: 2025-02-30\n"))
    assert "gpaikit.yaml:7" in info.value.render()


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as info:
        load_workspace(_write(tmp_path, HEADER + "    modalities: {input: [text\n"))
    assert "invalid YAML" in info.value.render()
    assert info.value.location is not None and info.value.location.line is not None


def test_missing_workspace_suggests_init(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as info:
        load_workspace(tmp_path / "nowhere")
    assert "gpaikit init" in info.value.render()


def test_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="must be a mapping"):
        load_workspace(_write(tmp_path, "- just\n- a list\n"))


def test_scaffold_round_trips_and_refuses_overwrite(tmp_path: Path) -> None:
    target = scaffold_workspace(tmp_path / "ws")
    workspace = load_workspace(target.parent)
    assert workspace.models[0].name == "example-7b"
    with pytest.raises(InputError, match="already exists"):
        scaffold_workspace(tmp_path / "ws")
    scaffold_workspace(tmp_path / "ws", force=True)
    assert not list((tmp_path / "ws").glob(".*.tmp"))
