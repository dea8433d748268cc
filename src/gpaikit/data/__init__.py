"""Training-data jobs over crawl manifests: content statistics, the top-domain list of the
public summary, and the opt-out audit of a whole crawl, on DuckDB (default) or Apache Spark."""

from gpaikit.data._domains import TopDomains, psl_info, registrable_domain, select_top
from gpaikit.data._engine import AGGREGATE_SCHEMA, DuckDBEngine, Engine, make_engine
from gpaikit.data._readers import (
    FORMATS,
    ManifestSource,
    PreparedInput,
    RobotsCapture,
    detect_format,
    prepare_inputs,
)
from gpaikit.data._sample import SampleInfo, write_sample
from gpaikit.data._schema import (
    BAD_REASONS,
    CANONICAL_COLUMNS,
    CANONICAL_SCHEMA,
    MODALITIES,
    REQUIRED_COLUMNS,
    BadRowReport,
    DataInputError,
)
from gpaikit.data._summarize import SummaryResult, size_range, summarize, summarize_prepared

__all__ = [
    "AGGREGATE_SCHEMA",
    "BAD_REASONS",
    "CANONICAL_COLUMNS",
    "CANONICAL_SCHEMA",
    "FORMATS",
    "MODALITIES",
    "REQUIRED_COLUMNS",
    "BadRowReport",
    "DataInputError",
    "DuckDBEngine",
    "Engine",
    "ManifestSource",
    "PreparedInput",
    "RobotsCapture",
    "SampleInfo",
    "SummaryResult",
    "TopDomains",
    "detect_format",
    "make_engine",
    "prepare_inputs",
    "psl_info",
    "registrable_domain",
    "select_top",
    "size_range",
    "summarize",
    "summarize_prepared",
    "write_sample",
]
