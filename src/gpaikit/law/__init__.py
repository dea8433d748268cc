"""The legal catalog: AI Act provisions, guideline criteria, Code of Practice measures,
thresholds, dates, clocks, signatories, the hardware catalog, AI crawler tokens and usage
signals (Content-Signal keys, aipref categories), as versioned data with citations."""

from gpaikit.law._catalog import Catalog
from gpaikit.law._loader import ENTRY_KINDS, load_catalog, load_catalog_from
from gpaikit.law._model import (
    Accelerator,
    Applicability,
    Chapter,
    Clock,
    CrawlerToken,
    Criterion,
    DueRule,
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

__all__ = [
    "ENTRY_KINDS",
    "Accelerator",
    "Applicability",
    "Catalog",
    "Chapter",
    "Clock",
    "CrawlerToken",
    "Criterion",
    "DueRule",
    "Entry",
    "IncidentType",
    "KeyDate",
    "Measure",
    "Obligation",
    "Parameter",
    "Provision",
    "Region",
    "RunKind",
    "Signatory",
    "Source",
    "UsageSignal",
    "load_catalog",
    "load_catalog_from",
]
