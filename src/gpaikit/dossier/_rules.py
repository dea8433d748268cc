"""The checks of a site's content against its signed manifest: audience, completeness,
consistency and version chain. Each reads only the site itself (never another audience's
files) and the form specs of this installation; each returns a named :class:`Check`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from gpaikit._exceptions import InputError
from gpaikit._untrusted import DEFAULT_LIMITS, load_json
from gpaikit.dossier._manifest import WEIGHTS_DIR
from gpaikit.dossier._reader import SiteSource
from gpaikit.dossier._result import Check, outcome
from gpaikit.dossier._site import AUDIENCES
from gpaikit.forms import CONFIDENTIALITY, load_forms
from gpaikit.signing import Subject, check_relative_path

__all__ = [
    "DocEntry",
    "ModelEntry",
    "SiteData",
    "audience_check",
    "completeness_check",
    "read_models",
]

JSON_LIMITS = DEFAULT_LIMITS.but(max_bytes=64 * 1024 * 1024)
_HASH = re.compile(r"sha256:[0-9a-f]{64}")
_AI_OFFICE_ONLY = ("data/assessment.json", "data/problems.json", "data/training-data.json")


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
    rules: tuple[str, ...] = ()
    """The catalog's consistency rules the build ran (the AI Office's manifest only)."""
    findings: tuple[Mapping[str, Any], ...] = ()
    """Their violations, as the build found them."""


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
    if not isinstance(files, list) or not all(
        isinstance(f, str) and not check_relative_path(f) for f in files
    ):
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


def _catalog_rules(
    raw: Any, where: str, problems: list[str]
) -> tuple[tuple[str, ...], tuple[Mapping[str, Any], ...]]:
    if raw is None:
        return (), ()
    rules = raw.get("rules") if isinstance(raw, Mapping) else None
    findings = raw.get("findings") if isinstance(raw, Mapping) else None
    if (
        not isinstance(rules, list)
        or not all(isinstance(r, str) for r in rules)
        or not isinstance(findings, list)
        or not all(isinstance(f, Mapping) for f in findings)
    ):
        problems.append(f"{where}: 'consistency' is malformed")
        return (), ()
    return tuple(rules), tuple(findings)


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
        rules, findings = _catalog_rules(m.get("consistency"), where, problems)
        models.append(ModelEntry(name, folder, tuple(d for d in docs if d), pair, rules, findings))
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
        found: dict[str, str] = {}
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
        failures.append(
            f"the folder is named {folder!r} but the manifest is the {audience!r} site's"
        )
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
        "audience",
        failures,
        f"only what the {audience!r} audience receives",
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
                warn.append(
                    f"{label}: {len(d.missing)} required item(s) unanswered: {', '.join(d.missing)}"
                )
    listed = {(m.name, d.form, d.view) for m in data.models for d in m.documents}
    for key in sorted(set(data.documents_json) - listed):
        failures.append(
            f"data/documents.json lists {key[1]} of {key[0]} ({key[2]} view), which the manifest "
            "does not"
        )
    if data.audience == "ai_office":
        failures.extend(_owed_by_assessment(data, specs))
    return outcome(
        "completeness",
        failures,
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
                failures.append(
                    f"{spec.id} of {model.get('name')}: owed ({doc.get('reason')}) but not in the "
                    "site"
                )
    return failures
