"""The loaded catalog: every entry by ID, with typed accessors the engines use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from gpaikit._exceptions import LawDataError
from gpaikit.law._model import (
    Accelerator,
    Chapter,
    Clock,
    ConsistencyRule,
    CrawlerToken,
    Entry,
    IncidentType,
    KeyDate,
    Measure,
    Obligation,
    Parameter,
    Signatory,
    Source,
    UsageSignal,
)

__all__ = ["Catalog"]

E = TypeVar("E", bound=Entry)


@dataclass(frozen=True)
class Catalog:
    """An immutable view of the legal catalog. Build it with :func:`gpaikit.law.load_catalog`."""

    entries: Mapping[str, Entry]
    sources: Mapping[str, Source]
    origin: Mapping[str, str] = field(default_factory=dict)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self.entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> Entry:
        """The entry with this ID; a clear error lists close IDs when it does not exist."""
        try:
            return self.entries[entry_id]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(entry_id, list(self.entries), n=5, cutoff=0.6)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            raise KeyError(f"no catalog entry '{entry_id}'.{hint}") from None

    def typed(self, entry_id: str, kind: type[E]) -> E:
        entry = self.get(entry_id)
        if not isinstance(entry, kind):
            raise LawDataError(
                f"catalog entry {entry_id} is a {type(entry).__name__}, not {kind.__name__}"
            )
        return entry

    def of_kind(self, kind: type[E]) -> tuple[E, ...]:
        return tuple(e for e in self.entries.values() if isinstance(e, kind))

    # --- typed shortcuts used by the engines -------------------------------------------

    def value(self, entry_id: str) -> float:
        """The numeric value of a :class:`Parameter` (threshold, fraction, default)."""
        return self.typed(entry_id, Parameter).value

    def date(self, entry_id: str) -> dt.date:
        return self.typed(entry_id, KeyDate).date

    def clock(self, entry_id: str) -> Clock:
        return self.typed(entry_id, Clock)

    def obligations(self) -> tuple[Obligation, ...]:
        return self.of_kind(Obligation)

    def measures(self, chapter: Chapter | None = None) -> tuple[Measure, ...]:
        return tuple(m for m in self.of_kind(Measure) if chapter is None or m.chapter == chapter)

    def signatories(self) -> tuple[Signatory, ...]:
        return self.of_kind(Signatory)

    def accelerators(self) -> tuple[Accelerator, ...]:
        return self.of_kind(Accelerator)

    def consistency_rules(self) -> tuple[ConsistencyRule, ...]:
        return self.of_kind(ConsistencyRule)

    def crawler_tokens(self) -> tuple[CrawlerToken, ...]:
        return self.of_kind(CrawlerToken)

    def usage_signals(self) -> tuple[UsageSignal, ...]:
        return self.of_kind(UsageSignal)

    def incident_types(self) -> tuple[IncidentType, ...]:
        return self.of_kind(IncidentType)

    def incident_type(self, key: str) -> IncidentType:
        """The Measure 9.3 category named ``key``; the error lists the known keys."""
        for found in self.incident_types():
            if found.key == key:
                return found
        known = ", ".join(t.key for t in self.incident_types())
        raise KeyError(f"no incident type '{key}' (known: {known})")

    def source_of(self, entry: Entry) -> Source:
        return self.sources[entry.source]
