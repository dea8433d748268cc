"""The consistency rules and the version chain of a site, checked from its signed data only.

Consistency: what several files of the site state must agree (the values of each document in
``data/documents.json``, in its own JSON file and under the signed view hash; the same fact
derived into several documents; the weights digest). The catalog's consistency rules
(``gpaikit docs validate``) need the workspace; those that can be evaluated on a site's data
plug into :data:`SITE_RULES`. Version chain: each document's versions link to the one before
by hash (:func:`gpaikit.forms.link_hash`), and the site shows the chain's latest version.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from gpaikit.dossier._result import Check, as_map, outcome
from gpaikit.dossier._rules import DocEntry, ModelEntry, SiteData
from gpaikit.forms import link_hash, load_forms
from gpaikit.law import load_catalog

__all__ = ["SITE_RULES", "chain_check", "consistency_check"]

_HASH = re.compile(r"sha256:[0-9a-f]{64}")
_CHAIN_FIELDS = ("form", "model", "version", "date", "content_hash", "commit", "previous")


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _view_hash(values: Any) -> str:
    return "sha256:" + hashlib.sha256(_canonical(values).encode("utf-8")).hexdigest()


def rule_view_hash(data: SiteData) -> list[str]:
    """SITE.view_hash: the values in data/documents.json are the signed version's."""
    out = []
    for m in data.models:
        for d in m.documents:
            entry = data.documents_json.get((m.name, d.form, d.view))
            if entry is None:
                continue
            if _view_hash(entry.get("values")) != d.view_hash:
                out.append(
                    f"SITE.view_hash: {d.form} of {m.name}: the values in data/documents.json are "
                    f"not those of version {d.version} the manifest signs"
                )
            if entry.get("content_hash") != d.view_hash:
                out.append(
                    f"SITE.view_hash: {d.form} of {m.name}: data/documents.json gives another "
                    "view hash"
                )
    return out


def rule_document_files(data: SiteData) -> list[str]:
    """SITE.document_json: each document's JSON file holds the same values and version."""
    out = []
    for m in data.models:
        for d in m.documents:
            entry = data.documents_json.get((m.name, d.form, d.view))
            name = f"docs/{m.folder}/{d.form}/{d.view}.json"
            if entry is None or name not in data.source.sizes:
                continue
            doc = data.json(name)
            if not isinstance(doc, Mapping) or not isinstance(doc.get("items"), Mapping):
                out.append(f"SITE.document_json: {name} is not a document view")
                continue
            values = {
                k: (v.get("value") if isinstance(v, Mapping) else None)
                for k, v in doc["items"].items()
            }
            if _canonical(values) != _canonical(entry.get("values")):
                changed = sorted(
                    k
                    for k in set(values) | set(entry.get("values") or {})
                    if _canonical(values.get(k)) != _canonical((entry.get("values") or {}).get(k))
                )
                out.append(
                    f"SITE.document_json: {name} and data/documents.json differ in "
                    f"{', '.join(changed[:10])}"
                )
            meta = as_map(doc.get("document"))
            if meta.get("version") != d.version or meta.get("content_hash") != d.view_hash:
                out.append(
                    f"SITE.document_json: {name} gives version {meta.get('version')}, the "
                    f"manifest signs version {d.version}"
                )
    return out


def rule_same_derivation(data: SiteData) -> list[str]:
    """SITE.same_value: items of different documents computed from the same fact (the same
    ``derived_from`` in the specs) show the same value."""
    derived: dict[tuple[str, str], str] = {}
    for spec in load_forms():
        for item in spec.items():
            if item.derived_from and not item.derived_from.startswith("document."):
                derived[(spec.id, item.id)] = item.derived_from
    out = []
    seen: dict[tuple[str, str], tuple[str, str, Any]] = {}
    for (model, form, _), entry in sorted(data.documents_json.items()):
        values = entry.get("values")
        if not isinstance(values, Mapping):
            continue
        for item, value in values.items():
            name = derived.get((form, item))
            if name is None or value is None:
                continue
            scope = "" if name.startswith(("provider.", "workspace.")) else model
            key = (scope, name)
            if key in seen and seen[key][0] != form:
                other_form, other_item, other = seen[key]
                if _canonical(other) != _canonical(value):
                    out.append(
                        f"SITE.same_value: {other_form} {other_item} and {form} {item} ({model}) "
                        f"differ, though both state {name}"
                    )
            else:
                seen.setdefault(key, (form, item, value))
    return out


def rule_weights_digest(data: SiteData) -> list[str]:
    """SITE.weights_digest: the MDF's authenticity item names the weights manifest's digest."""
    out = []
    for m in data.models:
        if m.weights is None:
            continue
        rel, digest = m.weights
        if rel not in data.listed:
            out.append(
                f"SITE.weights_digest: {rel} (the weights manifest of {m.name}) is not in the "
                "manifest"
            )
        for (model, form, _), entry in data.documents_json.items():
            values = as_map(entry.get("values"))
            stated = values.get("MDF.GI.03") if model == m.name and form == "mdf" else None
            if isinstance(stated, str) and digest.removeprefix("sha256:") not in stated:
                out.append(
                    f"SITE.weights_digest: MDF.GI.03 of {m.name} does not name the weights digest "
                    f"{digest[:23]}…"
                )
    return out


def rule_catalog_findings(data: SiteData) -> list[str]:
    """CHK.*: the catalog's consistency rules (``gpaikit docs validate``), which need the
    workspace, as the signed build evaluated them; the AI Office's manifest records every
    rule it ran and every violation, and a violation of severity ``error`` fails here."""
    out = []
    for m in data.models:
        for f in m.findings:
            if f.get("severity") == "error":
                out.append(
                    f"{f.get('rule')} (found by the signed build): {f.get('form')} "
                    f"{f.get('item')} of {m.name}: {f.get('message')}"
                )
    return out


SITE_RULES: tuple[tuple[str, Callable[[SiteData], list[str]]], ...] = (
    ("SITE.view_hash", rule_view_hash),
    ("SITE.document_json", rule_document_files),
    ("SITE.same_value", rule_same_derivation),
    ("SITE.weights_digest", rule_weights_digest),
    ("CHK.*", rule_catalog_findings),
)
"""The consistency rules checked from one signed site. The catalog's rules (``docs
validate``) need the workspace: the AI Office's manifest carries their outcome (``CHK.*``);
a catalog rule that can be evaluated on a site's data alone plugs in here."""


def consistency_check(data: SiteData) -> Check:
    failures: list[str] = []
    for _, rule in SITE_RULES:
        failures.extend(rule(data))
    for name, why in sorted(data.errors.items()):
        failures.append(f"{name}: cannot be read ({why})")
    warn = [
        f"{f.get('rule')} (found by the signed build, {f.get('severity')}): {f.get('form')} "
        f"{f.get('item')} of {m.name}: {f.get('message')}"
        for m in data.models
        for f in m.findings
        if f.get("severity") != "error"
    ]
    known = {r.id for r in load_catalog().consistency_rules()}
    for m in data.models:
        unknown = sorted(set(m.rules) - known)
        if unknown:
            warn.append(f"rules this installation does not know: {', '.join(unknown)}")
    ran = sorted({r for m in data.models for r in m.rules})
    catalog = f"; the build ran {len(ran)} catalog rule(s) (CHK.*)" if ran else ""
    return outcome(
        "consistency",
        failures,
        f"{len(SITE_RULES)} rules hold ({', '.join(r for r, _ in SITE_RULES)}){catalog}",
        "{n} inconsistenc(ies) between the site's files or found by the build",
        warn,
    )


def _chain_problems(label: str, d: DocEntry, m: ModelEntry, full: bool) -> list[str]:
    """Breaks in one document's chain; ``full``: the audience sees every content hash (the
    AI Office), so every link hash is recomputed, not only followed."""
    out = []
    if not d.chain:
        return [f"{label}: no version chain"]
    previous_link: str | None = None
    previous_date = ""
    for n, entry in enumerate(d.chain, start=1):
        fields = {k: entry.get(k) for k in _CHAIN_FIELDS}
        if entry.get("version") != n:
            out.append(
                f"{label}: version {entry.get('version')} stands where version {n} should (a "
                "version is missing or repeated)"
            )
            break
        if fields["form"] != d.form or fields["model"] != m.name:
            out.append(f"{label}: version {n} is a version of another document")
        link = entry.get("link")
        if not isinstance(link, str) or not _HASH.fullmatch(link):
            out.append(f"{label}: version {n} has no link hash")
        elif fields["content_hash"] is None and not full:
            pass  # redacted for this audience: only the links between versions can be checked
        elif link_hash(fields) != link:
            out.append(f"{label}: version {n}'s link hash does not match its fields (edited)")
        if fields["previous"] != previous_link:
            what = (
                "names no predecessor"
                if fields["previous"] is None
                else "does not chain to the version before it"
            )
            out.append(f"{label}: version {n} {what} (a published version was replaced or dropped)")
        date = str(fields["date"])
        if date < previous_date:
            out.append(
                f"{label}: version {n} is dated {date}, before version {n - 1} ({previous_date})"
            )
        previous_link, previous_date = str(entry.get("link")), date
    head = d.chain[-1]
    if head.get("version") != d.version or head.get("date") != d.date:
        out.append(
            f"{label}: the site shows version {d.version} of {d.date}, the chain ends with "
            f"version {head.get('version')} of {head.get('date')}"
        )
    return out


def chain_check(data: SiteData, previous: Sequence[ModelEntry] | None) -> Check:
    failures: list[str] = []
    count = 0
    for m in data.models:
        for d in m.documents:
            label = f"{d.form} of {m.name}"
            count += 1
            failures.extend(_chain_problems(label, d, m, data.audience == "ai_office"))
            entry = data.documents_json.get((m.name, d.form, d.view))
            if entry is None:
                continue
            if entry.get("version") != d.version:
                failures.append(
                    f"{label}: the site shows version {entry.get('version')}, the signed chain's "
                    f"latest is version {d.version} (a stale version)"
                )
            history = entry.get("history")
            expected = [{"version": c.get("version"), "date": c.get("date")} for c in d.chain]
            if isinstance(history, list) and _canonical(history) != _canonical(expected):
                failures.append(
                    f"{label}: the history in data/documents.json is not the signed chain"
                )
            record = entry.get("record_hash")
            if record is not None and d.chain and record != d.chain[-1].get("content_hash"):
                failures.append(
                    f"{label}: the record hash in data/documents.json is not the latest version's"
                )
    if previous is not None:
        failures.extend(_against_previous(data.models, previous))
    suffix = " and extends the earlier site's" if previous is not None else ""
    return outcome(
        "version-chain",
        failures,
        f"the versions of {count} document(s) form unbroken hash chains{suffix}",
        "{n} break(s) in the version chains",
    )


def _against_previous(models: Sequence[ModelEntry], previous: Sequence[ModelEntry]) -> list[str]:
    """Every version published before must still be in the chain, unchanged."""
    now = {(m.name, d.form): d for m in models for d in m.documents}
    out = []
    for m in previous:
        for old in m.documents:
            label = f"{old.form} of {m.name}"
            new = now.get((m.name, old.form))
            if new is None:
                out.append(f"{label}: published before, absent now")
                continue
            for entry in old.chain:
                n = entry.get("version")
                match = next((c for c in new.chain if c.get("version") == n), None)
                if match is None or match.get("link") != entry.get("link"):
                    out.append(
                        f"{label}: version {n} published before is not in the chain now (replaced "
                        "or dropped)"
                    )
            if new.version < old.version:
                out.append(
                    f"{label}: version {new.version} is older than version {old.version} "
                    "published before"
                )
    return out
