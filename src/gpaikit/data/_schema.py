"""The canonical manifest schema every input format is mapped to, and bad-row accounting.

A manifest has one row per fetched URL (a capture). Required columns describe the fetch;
optional columns carry what a format may know (modality, tokens, opt-out headers). Rows that
break a rule are never dropped silently: each gets a ``bad_reason`` and is counted, with a few
examples, in the job's report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from gpaikit._exceptions import InputError
from gpaikit._hosts import UrlPolicy, redact_url

__all__ = [
    "AGGREGATE_SCHEMA",
    "BAD_REASONS",
    "CANONICAL_COLUMNS",
    "CANONICAL_SCHEMA",
    "MODALITIES",
    "REQUIRED_COLUMNS",
    "BadRowReport",
    "DataInputError",
]

#: name -> (arrow type, required, description). The order is the column order of staged files.
CANONICAL_COLUMNS: dict[str, tuple[pa.DataType, bool, str]] = {
    "url": (pa.string(), True, "absolute http(s) URL as fetched"),
    "fetch_time": (pa.timestamp("us", tz="UTC"), True, "time of the fetch, UTC"),
    "http_status": (pa.int32(), True, "HTTP status of the response (100-599)"),
    "content_length": (
        pa.int64(),
        True,
        "payload bytes (Common Crawl index and CDX: compressed WARC record length, a proxy)",
    ),
    "content_type": (pa.string(), False, "MIME type from the response header"),
    "modality": (pa.string(), False, "text, image, audio, video or other; else from content_type"),
    "source_id": (pa.string(), False, "which crawl, dataset or shard the row comes from"),
    "tokens": (pa.int64(), False, "tokens of the document after tokenisation (text)"),
    "duration_s": (pa.float64(), False, "duration in seconds (audio, video)"),
    "x_robots_tag": (pa.string(), False, "X-Robots-Tag response header(s), joined by ', '"),
    "tdm_reservation": (pa.string(), False, "tdm-reservation response header (TDMRep)"),
    "tdm_policy": (pa.string(), False, "tdm-policy response header (TDMRep)"),
    "content_usage": (pa.string(), False, "Content-Usage response header (IETF aipref)"),
    "html_meta": (
        pa.string(),
        False,
        "opt-out <meta> elements of the HTML (robots, noai, tdm-*), as HTML",
    ),
}

#: What every engine's aggregation returns: per (raw host, modality, ok, bad reason) the
#: records, volumes, time span and the example keys of the bad rows.
AGGREGATE_SCHEMA = pa.schema(
    [
        ("host", pa.string()),
        ("modality", pa.string()),
        ("bad_reason", pa.string()),
        ("ok", pa.bool_()),
        ("records", pa.int64()),
        ("bytes", pa.int64()),
        ("tokens", pa.int64()),
        ("tokens_known", pa.int64()),
        ("duration_ms", pa.int64()),
        ("first_us", pa.int64()),
        ("last_us", pa.int64()),
        ("url_min", pa.string()),
        ("url_max", pa.string()),
    ]
)

CANONICAL_SCHEMA = pa.schema(
    [pa.field(name, typ, nullable=True) for name, (typ, _req, _doc) in CANONICAL_COLUMNS.items()]
)
REQUIRED_COLUMNS = tuple(n for n, (_t, req, _d) in CANONICAL_COLUMNS.items() if req)
MODALITIES = ("text", "image", "audio", "video", "other")

#: Why a row is bad. Most are checked by the engines on every row (one SQL rule, shared by
#: DuckDB and Spark); ``invalid_host`` once per distinct host (:func:`gpaikit._hosts.check_host`);
#: ``unparsable`` and ``truncated`` by the readers of text and archive formats.
BAD_REASONS = {
    "missing_url": "the url is empty",
    "invalid_url": "the url is not an absolute http(s) URL with a host",
    "missing_fetch_time": "fetch_time is empty or not a date-time",
    "invalid_http_status": "http_status is empty or outside 100-599",
    "invalid_content_length": "content_length is empty, not an integer, negative or over 2^40",
    "invalid_modality": "modality is not one of text, image, audio, video, other",
    "invalid_tokens": "tokens is not a whole number from 0 to 2^40",
    "invalid_duration": "duration_s is not a number of seconds from 0 to 10^9",
    "invalid_host": "the URL's host is not a valid DNS name or IP address literal",
    "unparsable": "the line or record could not be parsed at all",
    "truncated": "the file ends in the middle of a record (a cut download); the rest is lost",
    "invalid_record_length": "a WARC record's Content-Length does not match its content",
}


class DataInputError(InputError):
    """A manifest, robots snapshot or blocklist cannot be read or has the wrong shape."""


@dataclass
class BadRowReport:
    """Counts of bad rows by reason, with up to ``keep`` examples per reason."""

    keep: int = 5
    counts: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, reason: str, example: dict[str, Any], count: int = 1) -> None:
        self.counts[reason] = self.counts.get(reason, 0) + count
        kept = self.examples.setdefault(reason, [])
        if len(kept) < self.keep:
            kept.append(example)

    def merge(self, other: BadRowReport) -> None:
        for reason, count in other.counts.items():
            self.counts[reason] = self.counts.get(reason, 0) + count
            kept = self.examples.setdefault(reason, [])
            kept.extend(other.examples.get(reason, [])[: max(0, self.keep - len(kept))])

    def redact_urls(self, policy: UrlPolicy) -> None:
        """Redact the URL of every example (:func:`gpaikit.data.redact_url`) before publishing."""
        for kept in self.examples.values():
            for example in kept:
                if isinstance(example.get("url"), str):
                    example["url"] = redact_url(example["url"], policy)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "by_reason": {
                reason: {
                    "count": self.counts[reason],
                    "meaning": BAD_REASONS.get(reason, reason),
                    "examples": self.examples.get(reason, []),
                }
                for reason in sorted(self.counts)
            },
        }
