"""Documents: a filled form with its version record; the data-summary artefact at the edge."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from gpaikit.forms._derive import FormContext
from gpaikit.forms._fill import FilledForm, fill
from gpaikit.forms._spec import FormSpec
from gpaikit.forms._versions import VersionRecord, next_version, retention_date
from gpaikit.workspace import Model, Workspace, find_artifact, load_job_output

__all__ = ["DATA_SUMMARY_PATHS", "Document", "find_data_summary", "load_data_summary", "prepare"]

DATA_SUMMARY_PATHS = (
    "artifacts/{model}/data-summary/summary.json",
    "artifacts/data-summary/summary.json",
)
"""Where a workspace keeps the output of ``gpaikit data summarize`` (first match wins)."""


@dataclass(frozen=True)
class Document:
    """One document of one model: the filled form at its version."""

    form: FilledForm
    record: VersionRecord
    retention_until: dt.date | None

    def meta(self) -> dict[str, Any]:
        return {
            "version": self.record.version,
            "date": self.record.date.isoformat(),
            "content_hash": self.record.content_hash,
            "commit": self.record.commit,
            "retention_until": self.retention_until.isoformat() if self.retention_until else None,
        }


def prepare(
    spec: FormSpec,
    ctx: FormContext,
    *,
    previous: VersionRecord | None,
    date: dt.date,
    commit: str | None = None,
) -> Document:
    """Fill ``spec``, decide its version against ``previous`` and fill the header with it."""
    draft = fill(spec, replace(ctx, version=None, date=None))
    record = next_version(previous, draft, date, commit)
    final = fill(spec, replace(ctx, version=str(record.version), date=record.date))
    return Document(final, record, retention_date(ctx.placed_on, ctx.catalog))


def find_data_summary(workspace: Workspace, model: Model) -> Path | None:
    return find_artifact(workspace, model, DATA_SUMMARY_PATHS)


def load_data_summary(path: Path) -> Mapping[str, Any]:
    """Read a ``summary.json`` of ``gpaikit data summarize``; errors name the file."""
    return load_job_output(path, job="summarize", what="data summary")
