"""Helpers for the verification tests: a signed build, a re-signer, a quick verdict."""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gpaikit.dossier import ENVELOPE_FILE, PREDICATE_TYPE, SiteReport, VerifyOptions, verify_path
from gpaikit.dossier._sign import file_subjects
from gpaikit.signing import PublicKey, SigningKey, sign_envelope, statement

REPO = Path(__file__).resolve().parents[2]
FRONTIER = REPO / "examples" / "frontier-lab"
AS_OF = dt.date(2026, 11, 28)


def statement_of(site: Path) -> dict[str, Any]:
    envelope = json.loads((site / ENVELOPE_FILE).read_text())
    return dict(json.loads(base64.b64decode(envelope["payload"])))


def resign(
    site: Path, key: SigningKey, change: Callable[[dict[str, Any]], None] | None = None
) -> None:
    """Sign ``site`` again as it is now (what a dishonest or broken build would produce)."""
    predicate = statement_of(site)["predicate"]
    if change is not None:
        change(predicate)
    payload = statement(file_subjects(site), PREDICATE_TYPE, predicate)
    envelope = sign_envelope(payload, key)
    (site / ENVELOPE_FILE).write_text(json.dumps(envelope.to_json()))
    (site / "signature" / "signer.pub").write_text(key.public.pem())


def verdict(site: Path, keys: list[PublicKey], **options: Any) -> tuple[SiteReport, dict[str, str]]:
    """The one site's report and each check's status by name."""
    (report,) = verify_path(site, VerifyOptions(keys=keys, **options))
    return report, {c.name: c.status for c in report.checks}


def details(report: SiteReport, name: str) -> str:
    check = report.check(name)
    assert check is not None
    return check.summary + "\n" + "\n".join(check.details)


def copy_site(site: Path, target: Path) -> Path:
    shutil.copytree(site, target, symlinks=True)
    return target
