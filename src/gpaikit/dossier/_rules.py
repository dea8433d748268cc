"""The checks of a site's content against its signed manifest: audience, completeness,
consistency and version chain. Each reads only the site itself (never another audience's
files) and the form specs of this installation; each returns a named :class:`Check`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from gpaikit._exceptions import InputError
from gpaikit._untrusted import DEFAULT_LIMITS, load_json
from gpaikit.dossier._checks import Check, outcome
from gpaikit.dossier._manifest import WEIGHTS_DIR
from gpaikit.dossier._reader import SiteSource
from gpaikit.dossier._site import AUDIENCES
from gpaikit.forms import CONFIDENTIALITY, link_hash, load_forms
from gpaikit.signing import Subject, check_relative_path

__all__ = [
    "SITE_RULES",
    "DocEntry",
    "ModelEntry",
    "SiteData",
    "audience_check",
    "chain_check",
    "completeness_check",
    "consistency_check",
    "read_models",
]

JSON_LIMITS = DEFAULT_LIMITS.but(max_bytes=64 * 1024 * 1024)
_HASH = re.compile(r"sha256:[0-9a-f]{64}")
_AI_OFFICE_ONLY = ("data/assessment.json", "data/problems.json", "data/training-data.json")
_CHAIN_FIELDS = ("form", "model", "version", "date", "content_hash", "commit", "previous")


@dataclass(frozen=True)
class DocEntry:
    form: str
    title: str
    required: bool | None
    reason: str
    view: str
    files: tuple[str, ...]
    version: int
    date: str
    view_hash: str
    missing: tuple[str, ...]
    chain: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class ModelEntry:
    name: str
    folder: str
    documents: tuple[DocEntry, ...]
    weights: tuple[str, str] | None = None


def _text(d: Mapping[str, Any], key: str, where: str, problems: list[str]) -> str:
    value = d.get(key)
    if not isinstance(value, str):
        problems.append(f"{where}: '{key}' is not text")
        return ""
    return value


def _doc(raw: Any, where: str, problems: list[str]) -> DocEntry | None:
    if not isinstance(raw, Mapping):
        problems.append(f"{where} is not an object")
        return None
    n = len(problems)
    files = raw.get("files")
    if not isinstance(files, list) or not all(isinstance(f, str) and not check_relative_path(f) for f in files):
        problems.append(f"{where}: 'files' is not a list of safe relative paths")
        files = []
    missing = raw.get("missing", [])
    if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
        problems.append(f"{where}: 'missing' is not a list of item IDs")
        missing = []
    chain = raw.get("chain")
    if not isinstance(chain, list) or not all(isinstance(c, Mapping) for c in chain):
        problems.append(f"{where}: 'chain' is not a list of versions")
        chain = []
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        problems.append(f"{where}: 'version' is not a whole number")
        version = 0
    required = raw.get("required")
    if required is not None and not isinstance(required, bool):
        problems.append(f"{where}: 'required' is not true, false or null")
    entry = DocEntry(
        form=_text(raw, "form", where, problems),
        title=str(raw.get("title") or ""),
        required=required if isinstance(required, bool) else None,
        reason=str(raw.get("reason") or ""),
        view=_text(raw, "view", where, problems),
        files=tuple(files),
        version=version,
        date=_text(raw, "date", where, problems),
        view_hash=_text(raw, "view_hash", where, problems),
        missing=tuple(missing),
        chain=tuple(chain),
    )
    return entry if len(problems) == n else None


def read_models(predicate: Mapping[str, Any]) -> tuple[list[ModelEntry], list[str]]:
    """The predicate's models, typed; malformed parts are listed as problems."""
    problems: list[str] = []
    if predicate.get("audience") not in AUDIENCES:
        problems.append(f"'audience' is not one of {', '.join(AUDIENCES)}")
    raw = predicate.get("models")
    if not isinstance(raw, list):
        return [], [*problems, "'models' is not a list"]
    models = []
    for n, m in enumerate(raw):
        where = f"models[{n}]"
        if not isinstance(m, Mapping):
            problems.append(f"{where} is not an object")
            continue
        name, folder = _text(m, "name", where, problems), _text(m, "folder", where, problems)
        docs_raw = m.get("documents")
        if not isinstance(docs_raw, list):
            problems.append(f"{where}: 'documents' is not a list")
            docs_raw = []
        docs = [_doc(d, f"{where}.documents[{i}]", problems) for i, d in enumerate(docs_raw)]
        weights = m.get("weights")
        pair = None
        if weights is not None:
            if (
                isinstance(weights, Mapping)
                and isinstance(weights.get("file"), str)
                and not check_relative_path(weights["file"])
                and isinstance(weights.get("root_digest"), str)
            ):
                pair = (weights["file"], weights["root_digest"])
            else:
                problems.append(f"{where}: 'weights' is malformed")
        models.append(ModelEntry(name, folder, tuple(d for d in docs if d), pair))
    return models, problems


@dataclass
class SiteData:
    """A site as the rules see it: its source, audience, signed subjects and models."""

    source: SiteSource
    audience: str | None
    subjects: Sequence[Subject]
    models: Sequence[ModelEntry]
    errors: dict[str, str] = field(default_factory=dict)

    @cached_property
    def listed(self) -> set[str]:
        return {s.name for s in self.subjects}

    def json(self, name: str) -> Any:
        """A JSON file of the site, bounded; None (and an entry in ``errors``) if unreadable."""
        raw = self.source.read(name, JSON_LIMITS.max_bytes)
        if raw is None:
            self.errors[name] = "missing or too large"
            return None
        try:
            return load_json(raw, source=name, limits=JSON_LIMITS)
        except InputError as exc:
            self.errors[name] = exc.message
            return None

    @cached_property
    def documents_json(self) -> dict[tuple[str, str, str], Mapping[str, Any]]:
        """``data/documents.json`` by (model, form, recipient)."""
        data = self.json("data/documents.json")
        found: dict[tuple[str, str, str], Mapping[str, Any]] = {}
        for e in data if isinstance(data, list) else []:
            if isinstance(e, Mapping):
                key = (str(e.get("model")), str(e.get("form")), str(e.get("recipient")))
                found[key] = e
        return found

    def forbidden_markers(self) -> dict[str, str]:
        """The confidentiality lines of every *other* audience (their core phrase)."""
        found = {}
        for recipient, line in CONFIDENTIALITY.items():
            if line and recipient != self.audience:
                found[recipient] = line.split(" (", 1)[0].removeprefix("CONFIDENTIAL - ")
        return found


def _path_audience(name: str) -> str | None:
    """Which audience a site path belongs to, when the layout says ('public' = anyone)."""
    parts = name.split("/")
    if name in _AI_OFFICE_ONLY:
        return "ai_office"
    if len(parts) == 4 and parts[0] == "docs":
        return parts[3].split(".", 1)[0]
    if len(parts) == 3 and parts[0] == "docs" and parts[2] == "model-card-section.md":
        return "downstream_provider"
    if len(parts) == 2 and parts[0] == "schemas" and parts[1].count(".") >= 2:
        return parts[1].split(".")[1]
    return None


def audience_check(data: SiteData, marked: Mapping[str, Sequence[str]]) -> Check:
    """Paths and confidentiality lines of other audiences; the folder name vs the manifest."""
    audience = data.audience
    failures: list[str] = []
    if audience is None:
        return Check("audience", "fail", "the manifest names no audience")
    folder = data.source.folder_name
    if folder in AUDIENCES and folder != audience:
        failures.append(f"the folder is named {folder!r} but the manifest is the {audience!r} site's")
    allowed = {audience, "public"}
    weights_ok = audience in _weights_audiences()
    for name in sorted(data.listed | set(data.source.sizes)):
        owner = _path_audience(name)
        if owner is not None and owner not in allowed:
            failures.append(f"{name}: a file of the {owner!r} site, not for {audience!r}")
        if name.startswith(WEIGHTS_DIR + "/") and not weights_ok:
            failures.append(f"{name}: the weights manifest is not for {audience!r}")
    for name, labels in sorted(marked.items()):
        failures.append(f"{name}: carries the confidentiality line of {', '.join(labels)}")
    for m in data.models:
        for d in m.documents:
            if d.view not in allowed:
                failures.append(f"manifest: {d.form} of {m.name} is the {d.view!r} view")
    return outcome(
        "audience", failures, f"only what the {audience!r} audience receives",
        "{n} item(s) that the audience may not receive",
    )


def _weights_audiences() -> frozenset[str]:
    mdf = next((s for s in load_forms() if s.id == "mdf"), None)
    return frozenset(mdf.item("MDF.GI.03").recipients) if mdf else frozenset()


def completeness_check(data: SiteData) -> Check:
    failures: list[str] = []
    warn: list[str] = []
    specs = {s.id: s for s in load_forms()}
    owed_here = 0
    for m in data.models:
        for d in m.documents:
            label = f"{d.form} of {m.name} ({d.view} view)"
            if d.form not in specs:
                warn.append(f"{label}: a form this installation does not know")
            if d.required is False:
                warn.append(f"{label}: in the site although the manifest says it is not owed")
                continue
            owed_here += 1
            base = f"docs/{m.folder}/{d.form}/{d.view}"
            for ext in ("html", "md", "json"):
                if f"{base}.{ext}" not in d.files:
                    failures.append(f"{label}: {base}.{ext} is not in the document's files")
            for f in d.files:
                if f not in data.listed:
                    failures.append(f"{label}: {f} is not in the manifest")
                elif f not in data.source.sizes:
                    failures.append(f"{label}: {f} is missing from the site")
            if (m.name, d.form, d.view) not in data.documents_json:
                failures.append(f"{label}: no entry in data/documents.json")
            if d.missing:
                warn.append(f"{label}: {len(d.missing)} required item(s) unanswered: {', '.join(d.missing)}")
    listed = {(m.name, d.form, d.view) for m in data.models for d in m.documents}
    for key in sorted(set(data.documents_json) - listed):
        failures.append(f"data/documents.json lists {key[1]} of {key[0]} ({key[2]} view), which the manifest does not")
    if data.audience == "ai_office":
        failures.extend(_owed_by_assessment(data, specs))
    return outcome(
        "completeness", failures,
        f"all {owed_here} document(s) owed to this audience are present",
        "{n} document(s) or file(s) owed but absent",
        warn,
    )


def _owed_by_assessment(data: SiteData, specs: Mapping[str, Any]) -> list[str]:
    """In the AI Office's site: every form the assessment says is owed is in the manifest."""
    if "data/assessment.json" not in data.source.sizes:
        return ["data/assessment.json is missing from the AI Office's site"]
    assessment = data.json("data/assessment.json")
    if not isinstance(assessment, Mapping) or not isinstance(assessment.get("models"), list):
        return ["data/assessment.json is not an assessment"]
    have = {(m.name, d.form) for m in data.models for d in m.documents}
    failures = []
    for model in assessment["models"]:
        if not isinstance(model, Mapping) or not isinstance(model.get("documents"), list):
            continue
        for doc in model["documents"]:
            if not isinstance(doc, Mapping) or doc.get("required") is not True:
                continue
            spec = specs.get(str(doc.get("form")))
            if spec is None or spec.per != "model":
                continue
            if (str(model.get("name")), spec.id) not in have:
                failures.append(f"{spec.id} of {model.get('name')}: owed ({doc.get('reason')}) but not in the site")
    return failures


# -- consistency -------------------------------------------------------------------------------


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _view_hash(values: Any) -> str:
    import hashlib

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
                out.append(f"SITE.view_hash: {d.form} of {m.name}: the values in data/documents.json are not those of version {d.version} the manifest signs")
            if entry.get("content_hash") != d.view_hash:
                out.append(f"SITE.view_hash: {d.form} of {m.name}: data/documents.json gives another view hash")
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
            values = {k: (v.get("value") if isinstance(v, Mapping) else None) for k, v in doc["items"].items()}
            if _canonical(values) != _canonical(entry.get("values")):
                changed = sorted(k for k in set(values) | set(entry.get("values") or {}) if _canonical(values.get(k)) != _canonical((entry.get("values") or {}).get(k)))
                out.append(f"SITE.document_json: {name} and data/documents.json differ in {', '.join(changed[:10])}")
            meta = doc.get("document") if isinstance(doc.get("document"), Mapping) else {}
            if meta.get("version") != d.version or meta.get("content_hash") != d.view_hash:
                out.append(f"SITE.document_json: {name} gives version {meta.get('version')}, the manifest signs version {d.version}")
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
                    out.append(f"SITE.same_value: {other_form} {other_item} and {form} {item} ({model}) differ, though both state {name}")
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
            out.append(f"SITE.weights_digest: {rel} (the weights manifest of {m.name}) is not in the manifest")
        for (model, form, _), entry in data.documents_json.items():
            values = entry.get("values") if isinstance(entry.get("values"), Mapping) else {}
            stated = values.get("MDF.GI.03") if model == m.name and form == "mdf" else None
            if isinstance(stated, str) and digest.removeprefix("sha256:") not in stated:
                out.append(f"SITE.weights_digest: MDF.GI.03 of {m.name} does not name the weights digest {digest[:23]}…")
    return out


SITE_RULES: tuple[tuple[str, Callable[[SiteData], list[str]]], ...] = (
    ("SITE.view_hash", rule_view_hash),
    ("SITE.document_json", rule_document_files),
    ("SITE.same_value", rule_same_derivation),
    ("SITE.weights_digest", rule_weights_digest),
)
"""The consistency rules that can be checked from one signed site. The catalog's rules
(``docs validate``) need the workspace; those that only need the site's data plug in here."""


def consistency_check(data: SiteData) -> Check:
    failures: list[str] = []
    for _, rule in SITE_RULES:
        failures.extend(rule(data))
    for name, why in sorted(data.errors.items()):
        failures.append(f"{name}: cannot be read ({why})")
    return outcome(
        "consistency", failures,
        f"{len(SITE_RULES)} rules hold ({', '.join(r for r, _ in SITE_RULES)})",
        "{n} inconsistenc(ies) between the site's files",
    )


# -- version chain -----------------------------------------------------------------------------


def _chain_problems(label: str, d: DocEntry, m: ModelEntry) -> list[str]:
    out = []
    if not d.chain:
        return [f"{label}: no version chain"]
    previous_link: str | None = None
    previous_date = ""
    for n, entry in enumerate(d.chain, start=1):
        fields = {k: entry.get(k) for k in _CHAIN_FIELDS}
        if entry.get("version") != n:
            out.append(f"{label}: version {entry.get('version')} stands where version {n} should (a version is missing or repeated)")
            break
        if fields["form"] != d.form or fields["model"] != m.name:
            out.append(f"{label}: version {n} is a version of another document")
        if not isinstance(entry.get("link"), str) or link_hash(fields) != entry.get("link"):
            out.append(f"{label}: version {n}'s link hash does not match its fields (edited)")
        if fields["previous"] != previous_link:
            what = "names no predecessor" if fields["previous"] is None else "does not chain to the version before it"
            out.append(f"{label}: version {n} {what} (a published version was replaced or dropped)")
        date = str(fields["date"])
        if date < previous_date:
            out.append(f"{label}: version {n} is dated {date}, before version {n - 1} ({previous_date})")
        previous_link, previous_date = str(entry.get("link")), date
    head = d.chain[-1]
    if head.get("version") != d.version or head.get("date") != d.date:
        out.append(f"{label}: the site shows version {d.version} of {d.date}, the chain ends with version {head.get('version')} of {head.get('date')}")
    return out


def chain_check(data: SiteData, previous: Sequence[ModelEntry] | None) -> Check:
    failures: list[str] = []
    count = 0
    for m in data.models:
        for d in m.documents:
            label = f"{d.form} of {m.name}"
            count += 1
            failures.extend(_chain_problems(label, d, m))
            entry = data.documents_json.get((m.name, d.form, d.view))
            if entry is None:
                continue
            if entry.get("version") != d.version:
                failures.append(f"{label}: the site shows version {entry.get('version')}, the signed chain's latest is version {d.version} (a stale version)")
            history = entry.get("history")
            expected = [{"version": c.get("version"), "date": c.get("date")} for c in d.chain]
            if isinstance(history, list) and _canonical(history) != _canonical(expected):
                failures.append(f"{label}: the history in data/documents.json is not the signed chain")
            record = entry.get("record_hash")
            if record is not None and d.chain and record != d.chain[-1].get("content_hash"):
                failures.append(f"{label}: the record hash in data/documents.json is not the latest version's")
    if previous is not None:
        failures.extend(_against_previous(data.models, previous))
    suffix = " and extends the earlier site's" if previous is not None else ""
    return outcome(
        "version-chain", failures,
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
                    out.append(f"{label}: version {n} published before is not in the chain now (replaced or dropped)")
            if new.version < old.version:
                out.append(f"{label}: version {new.version} is older than version {old.version} published before")
    return out
