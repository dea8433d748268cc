"""Load and validate the YAML files of the legal catalog shipped inside the package.

Each file under ``data/`` has a ``kind`` and a list of ``entries`` (``sources.yaml`` lists the
documents the entries cite). Loading checks every entry's shape, that IDs are unique across
files, that every cited source exists and that every cross-reference points to a real entry.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gpaikit._exceptions import LawDataError
from gpaikit.law._catalog import Catalog
from gpaikit.law._model import (
    Accelerator,
    Clock,
    ConsistencyRule,
    CrawlerToken,
    Criterion,
    Entry,
    IncidentType,
    KeyDate,
    Measure,
    Obligation,
    Parameter,
    Provision,
    Region,
    RunKind,
    Signatory,
    Source,
    UsageSignal,
)
from gpaikit.law._yaml import YAMLError, load_packaged

__all__ = ["ENTRY_KINDS", "load_catalog", "load_catalog_from"]

ENTRY_KINDS: dict[str, type[Entry]] = {
    "provision": Provision,
    "criterion": Criterion,
    "parameter": Parameter,
    "date": KeyDate,
    "clock": Clock,
    "measure": Measure,
    "obligation": Obligation,
    "signatory": Signatory,
    "accelerator": Accelerator,
    "crawler_token": CrawlerToken,
    "usage_signal": UsageSignal,
    "region": Region,
    "incident_type": IncidentType,
    "run_kind": RunKind,
    "consistency_rule": ConsistencyRule,
}


def _read_yaml(path: Path) -> Any:
    try:
        return load_packaged(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError) as exc:
        raise LawDataError(f"{path.name}: cannot read catalog file: {exc}") from exc


def _validate(model: type[Entry] | type[Source], raw: Any, where: str) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise LawDataError(f"{where}: {problems}") from exc


def load_catalog_from(directory: Path) -> Catalog:
    """Load every ``*.yaml`` file under ``directory`` into a validated :class:`Catalog`."""
    files = sorted(directory.glob("*.yaml"))
    sources: dict[str, Source] = {}
    entries: dict[str, Entry] = {}
    origin: dict[str, str] = {}
    for path in files:
        doc = _read_yaml(path)
        if not isinstance(doc, dict) or "kind" not in doc or "entries" not in doc:
            raise LawDataError(f"{path.name}: expected a mapping with 'kind' and 'entries'")
        kind = doc["kind"]
        if kind != "source" and kind not in ENTRY_KINDS:
            raise LawDataError(f"{path.name}: unknown kind '{kind}' (known: {sorted(ENTRY_KINDS)})")
        for index, raw in enumerate(doc["entries"] or ()):
            entry_id = raw.get("id", "?") if isinstance(raw, dict) else "?"
            where = f"{path.name} entry {index + 1} ({entry_id})"
            if kind == "source":
                src: Source = _validate(Source, raw, where)
                if src.id in sources:
                    raise LawDataError(f"{where}: duplicate source id {src.id}")
                sources[src.id] = src
                continue
            model = ENTRY_KINDS.get(kind)
            if model is None:
                raise LawDataError(
                    f"{path.name}: unknown kind '{kind}' (known: {sorted(ENTRY_KINDS)})"
                )
            entry: Entry = _validate(model, raw, where)
            if entry.id in entries:
                raise LawDataError(f"{where}: duplicate id {entry.id} (also in {origin[entry.id]})")
            entries[entry.id] = entry
            origin[entry.id] = path.name
    catalog = Catalog(entries=entries, sources=sources, origin=origin)
    _check_references(catalog)
    return catalog


def _check_references(catalog: Catalog) -> None:
    for entry in catalog:
        where = f"{catalog.origin[entry.id]}: {entry.id}"
        if entry.source not in catalog.sources:
            raise LawDataError(f"{where}: unknown source '{entry.source}'")
        refs: tuple[str, ...] = ()
        if isinstance(entry, Measure):
            refs = entry.serves + (entry.commitment,) + ((entry.parent,) if entry.parent else ())
        elif isinstance(entry, Obligation):
            refs = entry.basis + ((entry.due.clock,) if entry.due.clock else ())
        elif isinstance(entry, IncidentType):
            refs = (entry.measure, entry.clock)
        elif isinstance(entry, Clock):
            refs = entry.references()
            for ref in entry.earliest_of + entry.extends:
                if ref in catalog and not isinstance(catalog.get(ref), Clock):
                    raise LawDataError(f"{where}: '{ref}' is not a clock")
        for ref in refs:
            if ref not in catalog:
                raise LawDataError(f"{where}: refers to unknown entry '{ref}'")


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The catalog shipped with gpaikit, loaded once per process."""
    data = resources.files("gpaikit.law") / "data"
    with resources.as_file(data) as directory:
        return load_catalog_from(Path(directory))
