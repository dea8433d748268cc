"""Training-data jobs over crawl manifests: content statistics, the top-domain list of the
public summary, and the opt-out audit of a whole crawl, on DuckDB (default) or Apache Spark."""

from gpaikit._hosts import HostCheck, UrlPolicy, check_host, redact_url, url_policy
from gpaikit.data._audit import AuditResult, audit, read_blocklist
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
from gpaikit.data._snapshots import Snapshot, SnapshotStore
from gpaikit.data._spark import SparkEngine, local_spark_session
from gpaikit.data._summarize import SummaryResult, size_range, summarize, summarize_prepared
from gpaikit.data._verdicts import VERDICT_SCHEMA, KeyJudge

__all__ = [
    "AGGREGATE_SCHEMA",
    "BAD_REASONS",
    "CANONICAL_COLUMNS",
    "CANONICAL_SCHEMA",
    "FORMATS",
    "MODALITIES",
    "REQUIRED_COLUMNS",
    "VERDICT_SCHEMA",
    "AuditResult",
    "BadRowReport",
    "DataInputError",
    "DuckDBEngine",
    "Engine",
    "HostCheck",
    "KeyJudge",
    "ManifestSource",
    "PreparedInput",
    "RobotsCapture",
    "SampleInfo",
    "Snapshot",
    "SnapshotStore",
    "SparkEngine",
    "SummaryResult",
    "TopDomains",
    "UrlPolicy",
    "audit",
    "check_host",
    "detect_format",
    "local_spark_session",
    "make_engine",
    "prepare_inputs",
    "psl_info",
    "read_blocklist",
    "redact_url",
    "registrable_domain",
    "select_top",
    "size_range",
    "summarize",
    "summarize_prepared",
    "url_policy",
    "write_sample",
]
