"""SQL shared by the DuckDB and Spark engines, so that both apply exactly the same rules.

Only constructs both dialects accept are used (``TRY_CAST``, ``regexp_extract``, ``LIKE``,
``CASE``, ``lower``, ``instr``, ``substring``, ``split_part``). The two places where the
dialects differ (epoch micros of a timestamp, the string type name) are parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gpaikit._hosts import HOST_REGEX
from gpaikit.data._schema import CANONICAL_COLUMNS, MODALITIES

__all__ = [
    "AUTHORITY_REGEX",
    "CC_INDEX_MAPPING",
    "DUCKDB",
    "HOST_REGEX",
    "MAX_CONTENT_LENGTH",
    "MAX_DURATION_S",
    "MAX_TOKENS",
    "SPARK",
    "Dialect",
    "aggregate_sql",
    "bad_examples_sql",
    "classified_sql",
    "host_sql",
    "projection_sql",
]

#: The authority of an absolute http(s) URL (group 1): user info, host and port.
AUTHORITY_REGEX = "^[hH][tT][tT][pP][sS]?://([^/?#]*)"


def host_sql(url: str) -> str:
    """SQL for ``regexp_extract(url, HOST_REGEX, 1)`` in two cheap steps: the authority by a
    one-pass expression, then the part after the first ``@`` and before the first ``:``."""
    a = f"regexp_extract({url}, '{AUTHORITY_REGEX}', 1)"
    return _host_of(a)


def _host_of(a: str) -> str:
    hp = f"(CASE WHEN instr({a}, '@') > 0 THEN substring({a}, instr({a}, '@') + 1) ELSE {a} END)"
    return (
        f"(CASE WHEN substring({hp}, 1, 1) = '[' THEN substring({hp}, 1, instr({hp}, ']')) "
        f"ELSE split_part({hp}, ':', 1) END)"
    )


#: Per-row ceilings: beyond them a value is a bad row, not a number to add up (the sums of
#: a job stay far inside 64 bits, and NaN or infinite durations never reach them).
MAX_CONTENT_LENGTH = 2**40  # 1 TiB in one fetch
MAX_TOKENS = 2**40
MAX_DURATION_S = 1e9  # about 31 years of audio or video in one file

_SQL_TYPES = {
    "url": "STRING",
    "fetch_time": "TIMESTAMP",
    "http_status": "INT",
    "content_length": "BIGINT",
    "tokens": "BIGINT",
    "duration_s": "DOUBLE",
}

#: Common Crawl's columnar URL index (OS.CC.COLUMNS) -> canonical columns. The index has no
#: payload size: ``warc_record_length`` is the compressed WARC record (OS.CC.RECORD_LENGTH).
CC_INDEX_MAPPING = {
    "url": "url",
    "fetch_time": "fetch_time",
    "http_status": "fetch_status",
    "content_length": "warc_record_length",
    "content_type": "content_mime_type",
    "source_id": "crawl",
}


@dataclass(frozen=True)
class Dialect:
    """What differs between the engines' SQL."""

    name: str
    epoch_us: str  # format string with {0} for a timestamp expression
    quote: str  # identifier quote character

    def ident(self, name: str) -> str:
        return self.quote + name.replace(self.quote, "") + self.quote


DUCKDB = Dialect("duckdb", "epoch_us({0})", '"')
SPARK = Dialect("spark", "unix_micros({0})", "`")


def projection_sql(
    table: str, present: Sequence[str], mapping: dict[str, str] | None, dialect: Dialect
) -> str:
    """SELECT the canonical columns from ``table``; absent columns become typed NULLs."""
    mapping = mapping or {}
    have = set(present)
    cols = []
    for name in CANONICAL_COLUMNS:
        typ = _SQL_TYPES.get(name, "STRING")
        src = mapping.get(name, name)
        expr = f"TRY_CAST({dialect.ident(src)} AS {typ})" if src in have else f"CAST(NULL AS {typ})"
        cols.append(f"{expr} AS {name}")
    return f"SELECT {', '.join(cols)} FROM {table}"


def classified_sql(union: str, *, lower_host: bool = True) -> str:
    """Every row with its host, authority, modality and bad reason (NULL when the row is good).

    With ``lower_host=False`` the host keeps the URL's case (the caller folds it later,
    after grouping, which is cheaper than folding every row).
    """
    host = "lower(h)" if lower_host else "h"
    modalities = ", ".join(f"'{m}'" for m in MODALITIES)
    text_types = " OR ".join(
        f"ct LIKE '{p}%'"
        for p in (
            "text/",
            "application/xhtml",
            "application/xml",
            "application/json",
            "application/pdf",
            "application/rss",
            "application/atom",
        )
    )
    return f"""
SELECT
  {host} AS host,
  CASE
    WHEN modality IS NOT NULL THEN lower(modality)
    WHEN {text_types} THEN 'text'
    WHEN ct LIKE 'image/%' THEN 'image'
    WHEN ct LIKE 'audio/%' THEN 'audio'
    WHEN ct LIKE 'video/%' THEN 'video'
    ELSE 'other'
  END AS modality,
  CASE
    WHEN url IS NULL OR url = '' THEN 'missing_url'
    WHEN h = '' THEN 'invalid_url'
    WHEN fetch_time IS NULL THEN 'missing_fetch_time'
    WHEN http_status IS NULL OR http_status < 100 OR http_status > 599
      THEN 'invalid_http_status'
    WHEN content_length IS NULL OR content_length < 0 OR content_length > {MAX_CONTENT_LENGTH}
      THEN 'invalid_content_length'
    WHEN modality IS NOT NULL AND lower(modality) NOT IN ({modalities})
      THEN 'invalid_modality'
    WHEN tokens IS NOT NULL AND (tokens < 0 OR tokens > {MAX_TOKENS}) THEN 'invalid_tokens'
    WHEN duration_s IS NOT NULL
      AND NOT (duration_s >= 0 AND duration_s <= {MAX_DURATION_S:.0f}) THEN 'invalid_duration'
    ELSE NULL
  END AS bad_reason,
  url, fetch_time, http_status, content_length, tokens, duration_s,
  x_robots_tag, html_meta, content_usage, tdm_reservation, authority
FROM (
  SELECT {_host_of("authority")} AS h, ax.*
  FROM (
    SELECT regexp_extract(url, '{AUTHORITY_REGEX}', 1) AS authority,
      lower(coalesce(content_type, '')) AS ct, canonical.*
    FROM ({union}) AS canonical
  ) AS ax
) AS hx"""


def aggregate_sql(union: str, dialect: Dialect) -> str:
    """One pass: per (host, modality, ok, bad_reason) counts, volumes and time span.

    For groups of bad rows, the smallest and largest URL are kept as example keys; volumes
    are summed over good rows only (a bad row's value may be anything, even NaN).
    """
    epoch = dialect.epoch_us.format("fetch_time")
    good = "CASE WHEN bad_reason IS NULL THEN "
    return f"""
SELECT
  CASE WHEN bad_reason IS NULL THEN host ELSE '' END AS host,
  CASE WHEN bad_reason IS NULL THEN modality ELSE '' END AS modality,
  coalesce(bad_reason, '') AS bad_reason,
  coalesce(http_status >= 200 AND http_status < 300, false) AS ok,
  CAST(count(*) AS BIGINT) AS records,
  CAST(sum({good}content_length END) AS BIGINT) AS bytes,
  CAST(sum({good}tokens END) AS BIGINT) AS tokens,
  CAST(count({good}tokens END) AS BIGINT) AS tokens_known,
  CAST(sum({good}CAST(round(duration_s * 1000) AS BIGINT) END) AS BIGINT) AS duration_ms,
  min({epoch}) AS first_us,
  max({epoch}) AS last_us,
  min(CASE WHEN bad_reason IS NOT NULL THEN url END) AS url_min,
  max(CASE WHEN bad_reason IS NOT NULL THEN url END) AS url_max
FROM ({classified_sql(union, lower_host=False)}) AS c
GROUP BY 1, 2, 3, 4"""


def bad_examples_sql(union: str, keep: int, dialect: Dialect) -> str:
    """Up to ``keep`` bad rows per reason: the smallest by (url, fetch time, status, length),
    NULLs first (the native scan keeps the same rows, ``gpaikit.data._scan``)."""
    epoch = dialect.epoch_us.format("fetch_time")
    return f"""
SELECT bad_reason, url, fetch_us, http_status, content_length
FROM (
  SELECT bad_reason, url, fetch_us, http_status, content_length, row_number() OVER (
    PARTITION BY bad_reason ORDER BY url NULLS FIRST, fetch_us NULLS FIRST,
      http_status NULLS FIRST, content_length NULLS FIRST) AS rn
  FROM (
    SELECT bad_reason, url, {epoch} AS fetch_us, http_status, content_length
    FROM ({classified_sql(union)}) AS c WHERE bad_reason IS NOT NULL
  ) AS b
) AS r
WHERE rn <= {int(keep)}
ORDER BY bad_reason, rn"""
