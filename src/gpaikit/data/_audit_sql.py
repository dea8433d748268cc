"""The SQL of ``audit`` (``gpaikit.data._audit``) and of its re-audit (``_recheck``).

Rows with the captures in force, classes of equivalent URLs, the questions for
:class:`gpaikit.data._verdicts.KeyJudge`, and the verdicts per class or per URL. The
captures in force are those at the fetch, or (re-audit) each host's latest, given ``at``.
"""

from __future__ import annotations

from collections.abc import Sequence

from gpaikit.data._engine import Engine
from gpaikit.data._snapshots import CACHE_CEILING, SnapshotStore
from gpaikit.data._sql import Dialect, classified_sql
from gpaikit.data._verdicts import (
    MAX_PATTERNS,
    NO_SNAPSHOT,
    SAFE_PATH,
    TDM_FILE_REASON,
    RuleSets,
)

__all__ = [
    "CHECKED_CLASSES_SQL",
    "CLASSES_SQL",
    "KEYS_SQL",
    "PER_CLASS",
    "PER_URL",
    "register_captures",
    "rows_sql",
    "verdict_sql",
]


def register_captures(
    engine: Engine, agents: Sequence[str], robots: SnapshotStore, tdm: SnapshotStore
) -> tuple[RuleSets, tuple[int, int]]:
    """Register the capture tables :func:`rows_sql` reads (``audit_snaps``, ``audit_tdm``,
    ``audit_variants``, ``audit_tdm_variants``); the rule sets and their pattern counts."""
    engine.register_arrow("audit_snaps", robots.table())
    engine.register_arrow("audit_tdm", tdm.table())
    rule_sets = RuleSets.build(agents, robots.variants, tdm.variants)
    engine.register_arrow("audit_variants", rule_sets.variants)
    engine.register_arrow("audit_tdm_variants", rule_sets.tdm_variants)
    used = (
        rule_sets.patterns_used(rule_sets.variants),
        rule_sets.patterns_used(rule_sets.tdm_variants),
    )
    return rule_sets, used


def _in_force(table: str, alias: str, when: str) -> str:
    """Join the capture in force at ``when``: the host's latest capture at or before it."""
    return (
        f"LEFT JOIN {table} AS {alias} ON {alias}.host = p.host AND {alias}.t_us <= {when} "
        f"AND ({alias}.next_us IS NULL OR {when} < {alias}.next_us)"
    )


def _bits(alias: str, used: int) -> str:
    """Which of the ``used`` (at most MAX_PATTERNS) patterns of a rule set the path matches."""
    terms = [
        f"(CASE WHEN p.path LIKE {alias}.l{i} ESCAPE '!' THEN {1 << i} ELSE 0 END)"
        for i in range(min(used, MAX_PATTERNS))
    ]
    return "CAST(" + (" + ".join(terms) or "0") + " AS BIGINT)"


def rows_sql(
    union: str,
    dialect: Dialect,
    used: tuple[int, int],
    at: int | None = None,
    *,
    hostmap: str | None = "audit_hostmap",
) -> str:
    """The good rows with what the verdicts need: the capture in force and the class keys
    (``cut``: length of the scheme and authority; the path is ``substring(url, cut + 1)``).
    Hosts are canonical (``hostmap``: raw -> canonical); rows with an invalid host are left
    out here and counted as bad rows from the host map's pass. With ``hostmap=None`` every row
    comes with its lower-cased raw host unchecked, and a bad row as host ``''`` with its
    ``bad_reason`` (and no URL or length): the classes of that pass give the host map, and
    are right as they are for hosts that are their own canonical form. With ``at`` (epoch
    microseconds), the captures in force are those at ``at``, never stale (the re-audit: what
    the sites say now)."""
    if hostmap is None:
        good = "k.bad_reason IS NULL"
        source = f"""
    SELECT CASE WHEN {good} THEN k.host ELSE '' END AS chost, k.bad_reason AS bad,
      CASE WHEN {good} THEN k.url END AS url,
      CASE WHEN {good} THEN k.content_length END AS content_length,
      k.fetch_time, k.http_status, k.x_robots_tag, k.html_meta, k.content_usage,
      k.tdm_reservation, k.authority
    FROM ({classified_sql(union)}) AS k"""
    else:
        source = f"""
    SELECT hm.host AS chost, CAST(NULL AS STRING) AS bad, k.url, k.content_length,
      k.fetch_time, k.http_status, k.x_robots_tag, k.html_meta, k.content_usage,
      k.tdm_reservation, k.authority
    FROM ({classified_sql(union)}) AS k
    JOIN {hostmap} AS hm ON hm.raw = k.host
    WHERE k.bad_reason IS NULL"""
    when = "p.fetch_us" if at is None else str(int(at))
    epoch = dialect.epoch_us
    ceiling = int(CACHE_CEILING.total_seconds()) * 1_000_000
    stale = f"((p.fetch_us - s.t_us) > {ceiling})" if at is None else "false"
    return f"""
WITH p AS (
  SELECT chost AS host, bad, url, {epoch.format("fetch_time")} AS fetch_us, http_status,
    content_length,
    coalesce(x_robots_tag, '') AS xr, coalesce(html_meta, '') AS mr,
    coalesce(content_usage, '') AS cu, coalesce(tdm_reservation, '') AS tr,
    length(url) - length(path) AS cut, path,
    (regexp_extract(path, '{SAFE_PATH}', 0) = path AND path <> ''
     AND NOT path LIKE '/robots.txt%') AS safe
  FROM (
    SELECT f.*, substring(url, instr(url, '://') + 3 + length(authority)) AS path
    FROM ({source}) AS f
  ) AS c
)
SELECT p.host, p.bad AS bad_reason, p.url, p.fetch_us, p.http_status, p.content_length,
  p.xr, p.mr, p.cu, p.tr, p.cut,
  s.variant AS variant, s.t_us AS snap_us, v.stale AS stale, v.rs_id AS rs_id,
  CASE WHEN v.rs_id IS NULL THEN NULL
       WHEN v.classes AND p.safe THEN concat('b', CAST({_bits("v", used[0])} AS STRING))
       ELSE p.path END AS rkey,
  t.variant AS tdm_variant,
  CASE WHEN t.variant IS NULL THEN NULL
       WHEN tw.classes AND p.safe THEN concat('b', CAST({_bits("tw", used[1])} AS STRING))
       ELSE p.path END AS tkey
FROM p
{_in_force("audit_snaps", "s", when)}
LEFT JOIN audit_variants AS v ON v.variant = s.variant
  AND v.stale = {stale}
{_in_force("audit_tdm", "t", when)}
LEFT JOIN audit_tdm_variants AS tw ON tw.tdm_variant = t.variant"""


#: The classes of URLs: every combination of what decides a verdict (host signals, capture,
#: rule-set key, TDMRep key, 2xx or not), with the URLs, bytes, sample URLs and the smallest
#: path of each. The totals and the violations are computed from these classes, not per URL.
CLASSES_SQL = """
SELECT host, bad_reason, xr, mr, cu, tr,
  coalesce(http_status >= 200 AND http_status < 300, false) AS ok,
  variant, stale, rs_id, rkey, tdm_variant, tkey,
  CAST(count(*) AS BIGINT) AS urls, CAST(sum(content_length) AS BIGINT) AS bytes,
  min(url) AS first_url, max(url) AS last_url, min(substring(url, cut + 1)) AS rep
FROM {rows} AS r
GROUP BY host, bad_reason, xr, mr, cu, tr, ok, variant, stale, rs_id, rkey, tdm_variant,
  tkey"""

_CLASS_KEYS = "host, bad_reason, xr, mr, cu, tr, ok, variant, stale, rs_id, rkey, tdm_variant, tkey"

#: The classes of the unchecked pass (``rows_sql(hostmap=None)``, table ``audit_raw_classes``)
#: whose host is valid and its own canonical form (``audit_hostmap`` with raw = host), with
#: the classes of the rows of the other valid hosts recomputed under their canonical host
#: (``{fixed}``, or nothing), summed again where both give the same class.
CHECKED_CLASSES_SQL = f"""
SELECT {_CLASS_KEYS},
  CAST(sum(urls) AS BIGINT) AS urls, CAST(sum(bytes) AS BIGINT) AS bytes,
  min(first_url) AS first_url, max(last_url) AS last_url, min(rep) AS rep
FROM (
  SELECT * FROM audit_raw_classes AS c
  WHERE c.bad_reason IS NULL
    AND c.host IN (SELECT hm.raw FROM audit_hostmap AS hm WHERE hm.raw = hm.host)
  {{fixed}}
) AS u
GROUP BY {_CLASS_KEYS}"""

KEYS_SQL = """
SELECT 'r' AS kind, rs_id AS id, rkey AS key, min(rep) AS rep FROM audit_classes
WHERE rs_id IS NOT NULL GROUP BY rs_id, rkey
UNION ALL
SELECT 't' AS kind, tdm_variant AS id, tkey AS key, min(rep) AS rep FROM audit_classes
WHERE tdm_variant IS NOT NULL GROUP BY tdm_variant, tkey"""

PER_URL = """url, host, domain, fetch_us, http_status, content_length, snap_us AS snapshot_us,
  crawl_verdict, crawl_reason"""
PER_CLASS = "domain, ok, urls, bytes, first_url, last_url, crawl_verdict, crawl_reason"


def verdict_sql(table: str, columns: str) -> str:
    """The verdicts of the rows of ``table`` (the crawl's rows or ``audit_classes``)."""
    return f"""
WITH x AS (
  SELECT j.*, h.domain, h.blocked, g.reason AS header_reason, g.source AS header_source,
    CASE WHEN j.variant IS NULL THEN 'unknown'
         WHEN v.const_verdict IS NOT NULL THEN v.const_verdict ELSE rv.verdict END
      AS crawl_verdict,
    CASE WHEN j.variant IS NULL THEN '{NO_SNAPSHOT}'
         WHEN v.const_verdict IS NOT NULL THEN v.const_reason ELSE rv.reason END
      AS crawl_reason,
    tv.verdict AS tdm_verdict, rv.usage AS robots_usage
  FROM {table} AS j
  JOIN audit_hosts AS h ON h.host = j.host
  LEFT JOIN audit_variants AS v ON v.variant = j.variant AND v.stale = j.stale
  LEFT JOIN audit_signals AS g ON g.xr = j.xr AND g.mr = j.mr AND g.cu = j.cu AND g.tr = j.tr
  LEFT JOIN audit_key_verdicts AS rv ON rv.kind = 'r' AND rv.id = j.rs_id AND rv.key = j.rkey
  LEFT JOIN audit_key_verdicts AS tv ON tv.kind = 't' AND tv.id = j.tdm_variant
    AND tv.key = j.tkey
), y AS (
  SELECT x.*,
    CASE WHEN blocked THEN 'blocklist: domain excluded'
         WHEN crawl_verdict = 'disallowed' THEN crawl_reason
         WHEN robots_usage IS NOT NULL THEN robots_usage
         WHEN tdm_verdict = 'reserved' THEN '{TDM_FILE_REASON}'
         ELSE header_reason END AS ai_reason,
    CASE WHEN blocked THEN 'blocklist'
         WHEN crawl_verdict = 'disallowed' THEN 'robots.txt'
         WHEN robots_usage IS NOT NULL THEN split_part(robots_usage, ':', 1)
         WHEN tdm_verdict = 'reserved' THEN 'tdmrep'
         ELSE header_source END AS ai_source
  FROM x
)
SELECT {columns},
  CASE WHEN ai_reason IS NOT NULL THEN 'reserved'
       WHEN crawl_verdict = 'unknown' THEN 'unknown' ELSE 'allowed' END AS ai_verdict,
  ai_source, ai_reason
FROM y"""
