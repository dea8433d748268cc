"""Training-data jobs over crawl manifests: content statistics, the top-domain list of the
public summary, and the opt-out audit of a whole crawl, on DuckDB (default) or Apache Spark."""

# The jobs load on first use (gpaikit._lazy): `gpaikit data summarize` does not pay for the
# audit's modules, nor the audit for Spark's. Type checkers see ordinary imports.

from __future__ import annotations

from typing import TYPE_CHECKING

from gpaikit._lazy import lazy_exports

if TYPE_CHECKING:
    from gpaikit._hosts import (
        HostCheck,
        UrlPolicy,
        check_host,
        redact_url,
        url_policy,
    )
    from gpaikit.data._audit import (
        AuditResult,
        audit,
        read_blocklist,
    )
    from gpaikit.data._domains import (
        TopDomains,
        psl_info,
        registrable_domain,
        select_top,
    )
    from gpaikit.data._engine import (
        AGGREGATE_SCHEMA,
        DuckDBEngine,
        Engine,
        make_engine,
    )
    from gpaikit.data._readers import (
        FORMATS,
        ManifestSource,
        PreparedInput,
        RobotsCapture,
        detect_format,
        prepare_inputs,
    )
    from gpaikit.data._sample import (
        SampleInfo,
        write_sample,
    )
    from gpaikit.data._schema import (
        BAD_REASONS,
        CANONICAL_COLUMNS,
        CANONICAL_SCHEMA,
        MODALITIES,
        REQUIRED_COLUMNS,
        BadRowReport,
        DataInputError,
    )
    from gpaikit.data._snapshots import (
        Snapshot,
        SnapshotStore,
    )
    from gpaikit.data._spark import (
        SparkEngine,
        local_spark_session,
    )
    from gpaikit.data._summarize import (
        SummaryResult,
        size_range,
        summarize,
        summarize_prepared,
    )
    from gpaikit.data._verdicts import (
        VERDICT_SCHEMA,
        KeyJudge,
    )

#: Public name -> the module that defines it.
_SOURCES: dict[str, str] = {
    "AGGREGATE_SCHEMA": "gpaikit.data._engine",
    "AuditResult": "gpaikit.data._audit",
    "BAD_REASONS": "gpaikit.data._schema",
    "BadRowReport": "gpaikit.data._schema",
    "CANONICAL_COLUMNS": "gpaikit.data._schema",
    "CANONICAL_SCHEMA": "gpaikit.data._schema",
    "DataInputError": "gpaikit.data._schema",
    "DuckDBEngine": "gpaikit.data._engine",
    "Engine": "gpaikit.data._engine",
    "FORMATS": "gpaikit.data._readers",
    "HostCheck": "gpaikit._hosts",
    "KeyJudge": "gpaikit.data._verdicts",
    "MODALITIES": "gpaikit.data._schema",
    "ManifestSource": "gpaikit.data._readers",
    "PreparedInput": "gpaikit.data._readers",
    "REQUIRED_COLUMNS": "gpaikit.data._schema",
    "RobotsCapture": "gpaikit.data._readers",
    "SampleInfo": "gpaikit.data._sample",
    "Snapshot": "gpaikit.data._snapshots",
    "SnapshotStore": "gpaikit.data._snapshots",
    "SparkEngine": "gpaikit.data._spark",
    "SummaryResult": "gpaikit.data._summarize",
    "TopDomains": "gpaikit.data._domains",
    "UrlPolicy": "gpaikit._hosts",
    "VERDICT_SCHEMA": "gpaikit.data._verdicts",
    "audit": "gpaikit.data._audit",
    "check_host": "gpaikit._hosts",
    "detect_format": "gpaikit.data._readers",
    "local_spark_session": "gpaikit.data._spark",
    "make_engine": "gpaikit.data._engine",
    "prepare_inputs": "gpaikit.data._readers",
    "psl_info": "gpaikit.data._domains",
    "read_blocklist": "gpaikit.data._audit",
    "redact_url": "gpaikit._hosts",
    "registrable_domain": "gpaikit.data._domains",
    "select_top": "gpaikit.data._domains",
    "size_range": "gpaikit.data._summarize",
    "summarize": "gpaikit.data._summarize",
    "summarize_prepared": "gpaikit.data._summarize",
    "url_policy": "gpaikit._hosts",
    "write_sample": "gpaikit.data._sample",
}

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

__getattr__, __dir__ = lazy_exports(__name__, _SOURCES)
