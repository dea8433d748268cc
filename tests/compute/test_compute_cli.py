"""`gpaikit compute estimate` and `gpaikit compute hardware`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gpaikit.cli import app

CONFIGS = Path(__file__).parent / "configs"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["compute", *args])
    return result.exit_code, result.stdout, result.stderr


def test_architecture_json() -> None:
    code, out, _ = run("estimate", "--params", "3.8e9", "--tokens", "3.3e12", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["two_significant"] == "7.5e22" and data["method"] == "architecture"
    for key in ("flop", "low", "high", "params_total", "params_active", "assumptions", "flags"):
        assert key in data
    assert data["low"] == pytest.approx(0.7 * data["flop"])


def test_config_and_moe() -> None:
    code, out, _ = run(
        "estimate",
        "--config",
        str(CONFIGS / "mixtral-8x7b-v0.1.json"),
        "--tokens",
        "1e12",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["params_total"] == 46_702_792_704
    assert data["params_active"] == 12_879_925_248
    assert data["flop"] == pytest.approx(6 * 12_879_925_248 * 1e12)
    assert data["parameter_count"]["breakdown"]["experts"] > 0


def test_both_methods_text() -> None:
    code, out, _ = run(
        "estimate",
        "--params",
        "8e9",
        "--tokens",
        "15e12",
        "--accelerator",
        "H100",
        "--count",
        "1024",
        "--hours",
        "500",
        "--utilization",
        "0.4",
    )
    assert code == 0
    assert "ratio" in out and "AI Office" in out and "national authorities" in out
    assert "THR.systemic_risk_compute" in out


def test_mixed_fleet_json() -> None:
    code, out, _ = run(
        "estimate",
        "--accelerator",
        "A100",
        "--count",
        "512",
        "--hours",
        "100",
        "--accelerator",
        "H100",
        "--count",
        "256",
        "--hours",
        "100",
        "--utilization",
        "0.4",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    expected = 512 * 100 * 3600 * 312e12 * 0.4 + 256 * 100 * 3600 * 989.4e12 * 0.4
    assert data["flop"] == pytest.approx(expected)
    assert data["params_total"] is None and data["method"] == "hardware"


def test_gpu_hours_and_notification() -> None:
    code, out, _ = run(
        "estimate",
        "--accelerator",
        "H100",
        "--gpu-hours",
        "370000",
        "--utilization",
        "0.5",
        "--notification",
    )
    assert code == 0
    assert out.startswith("Cumulative training compute: 6.6e23 FLOP")
    assert "hardware-based method" in out


def test_modification() -> None:
    code, out, _ = run(
        "estimate",
        "--params",
        "7e9",
        "--tokens",
        "1e12",
        "--original-flop",
        "1e23",
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(out)["modification"]["becomes_provider"] is True
    code, out, _ = run(
        "estimate",
        "--params",
        "7e9",
        "--tokens",
        "1e10",
        "--modification",
        "--original-systemic-risk",
    )
    assert code == 0 and "modifier becomes provider: no" in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--params", "-8e9", "--tokens", "1e12"), "--params"),
        (("--params", "8e9", "--tokens", "-1"), "--tokens"),
        (("--accelerator", "H1000", "--count", "8", "--hours", "1"), "did you mean"),
        (("--accelerator", "H100", "--count", "-8", "--hours", "1"), "--count"),
        (("--accelerator", "H100", "--count", "8"), "--count and --hours"),
        (("--accelerator", "H100", "--gpu-hours", "8", "--utilization", "40"), "fraction"),
        (
            ("--accelerator", "A100", "--accelerator", "H100", "--count", "8", "--hours", "1"),
            "--count",
        ),
        (
            (
                "--tokens",
                "1e12",
            ),
            "--params",
        ),
        (
            (
                "--params",
                "8e9",
            ),
            "--tokens",
        ),
        ((), "nothing to estimate"),
        (("--config", "/nonexistent/config.json", "--tokens", "1"), "cannot read"),
        (("--params", "8e9", "--tokens", "1", "--notion", "weird"), "--notion"),
        (("--params", "8e9", "--tokens", "1", "--precision", "int4"), "--precision"),
    ],
)
def test_errors_exit_2_with_a_clear_message(args: tuple[str, ...], fragment: str) -> None:
    code, out, err = run("estimate", *args)
    assert code == 2
    assert fragment in err
    assert "Traceback" not in err + out


def test_malformed_config_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text('{"model_type": "llama", "hidden_size": 4096}')
    code, _, err = run("estimate", "--config", str(path), "--tokens", "1e12")
    assert code == 2 and "vocab_size" in err and "config.json" in err


def test_hardware_lists_the_catalog() -> None:
    code, out, _ = run("hardware", "--format", "json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert {"HW.nvidia_h100_sxm", "HW.google_tpu_v6e"} <= {r["id"] for r in rows}
    code, out, _ = run("hardware")
    assert code == 0 and "HW.nvidia_a100" in out
