"""One serious-incident report on the template's fields, through the forms engine (AI Office)."""

from __future__ import annotations

import datetime as dt
import json

from gpaikit._exceptions import InputError
from gpaikit.forms import FormContext, fill, load_form, view
from gpaikit.law import Catalog
from gpaikit.render import form_html, form_markdown
from gpaikit.safety import incident_values
from gpaikit.workspace import Incident, Workspace

__all__ = ["render_report"]

KINDS = ("initial", "intermediate", "final")


def render_report(
    workspace: Workspace,
    incident: Incident,
    catalog: Catalog,
    kind: str,
    output_format: str,
    as_of: dt.date,
) -> str:
    """The AI Office view of one report of ``incident`` (Markdown, HTML, JSON or text)."""
    if kind not in KINDS:
        raise InputError(f"unknown report '{kind}'", hint=f"one of {', '.join(KINDS)}")
    spec = load_form("ss_incident_report")
    model = workspace.model(incident.fields.model or "")
    sent = [s.on for s in incident.submissions if s.report == kind]
    values = incident_values(incident, catalog, kind, sent[-1] if sent else as_of)
    form = fill(spec, FormContext(workspace, model, catalog, supplied=values))
    v = view(form, "ai_office")
    meta = {"version": f"{kind} report", "date": (sent[-1] if sent else as_of).isoformat()}
    if output_format == "json":
        body = v.to_json(meta)
        body["missing"] = [p.item for p in form.problems if p.kind == "missing"]
        return json.dumps(body, indent=2, sort_keys=True) + "\n"
    if output_format == "html":
        return form_html(v, meta)
    return form_markdown(v, meta)
