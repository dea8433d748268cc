from __future__ import annotations

import gpaikit.data


def test_public_names_are_exactly_these() -> None:
    assert sorted(gpaikit.data.__all__) == sorted(
        [
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
            "ManifestSource",
            "PreparedInput",
            "RobotsCapture",
            "SampleInfo",
            "Snapshot",
            "SnapshotStore",
            "SparkEngine",
            "SummaryResult",
            "TopDomains",
            "KeyJudge",
            "audit",
            "detect_format",
            "local_spark_session",
            "make_engine",
            "prepare_inputs",
            "psl_info",
            "read_blocklist",
            "registrable_domain",
            "select_top",
            "size_range",
            "summarize",
            "summarize_prepared",
            "write_sample",
            "HostCheck",
            "UrlPolicy",
            "check_host",
            "redact_url",
            "url_policy",
        ]
    )
    for name in gpaikit.data.__all__:
        assert hasattr(gpaikit.data, name)


def test_data_input_error_is_an_input_error() -> None:
    from gpaikit._exceptions import InputError

    assert issubclass(gpaikit.data.DataInputError, InputError)
