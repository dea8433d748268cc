"""Opt-out signals: robots.txt (RFC 9309 and google/robotstxt), fetch outcomes, TDMRep,
noai, aipref Content-Usage, Cloudflare Content-Signal, a combined verdict and the AI crawler
catalog.

Pure: text in, verdicts out, no network. ``docs/rep.md`` documents the two robots.txt modes
(``"rfc"`` and ``"google"``), every point where they differ, and the native engine
(``gpaikit[fast]``) that answers through the same API when installed.
"""

from gpaikit.rep._aipref import (
    VOCABULARY,
    ContentUsage,
    combine_content_usage,
    parse_content_usage,
)
from gpaikit.rep._catalog import (
    crawler_by_token,
    crawler_catalog,
    is_valid_product_token,
    product_token,
    usage_signal_catalog,
)
from gpaikit.rep._fetch import (
    CACHE_CEILING,
    MAX_REDIRECTS,
    UNREACHABLE_GRACE,
    EffectiveRobots,
    effective_robots,
)
from gpaikit.rep._lint import CrawlerStatus, LintFinding, LintReport, lint_robots
from gpaikit.rep._model import (
    DIALECTS,
    Decision,
    Dialect,
    Group,
    ParseWarning,
    Rule,
    SignalRule,
    UsageRule,
)
from gpaikit.rep._native import default_engine
from gpaikit.rep._noai import (
    RobotsDirectives,
    noai_optout,
    parse_robots_meta,
    parse_x_robots_tag,
)
from gpaikit.rep._robots import AgentRules, RobotsTxt
from gpaikit.rep._tdmrep import (
    TdmRepFile,
    TdmRule,
    TdmValue,
    parse_tdm_headers,
    parse_tdm_meta,
    parse_tdmrep_json,
    tdm_reservation,
)
from gpaikit.rep._usage import (
    UsageInForce,
    UsagePreference,
    robots_content_usage,
    usage_in_force,
)
from gpaikit.rep._verdict import SignalResult, Verdict, VerdictPolicy, verdict

__all__ = [
    "CACHE_CEILING",
    "DIALECTS",
    "MAX_REDIRECTS",
    "UNREACHABLE_GRACE",
    "VOCABULARY",
    "AgentRules",
    "ContentUsage",
    "CrawlerStatus",
    "Decision",
    "Dialect",
    "EffectiveRobots",
    "Group",
    "LintFinding",
    "LintReport",
    "ParseWarning",
    "RobotsDirectives",
    "RobotsTxt",
    "Rule",
    "SignalResult",
    "SignalRule",
    "TdmRepFile",
    "TdmRule",
    "TdmValue",
    "UsageInForce",
    "UsagePreference",
    "UsageRule",
    "Verdict",
    "VerdictPolicy",
    "combine_content_usage",
    "crawler_by_token",
    "crawler_catalog",
    "default_engine",
    "effective_robots",
    "is_valid_product_token",
    "lint_robots",
    "noai_optout",
    "parse_content_usage",
    "parse_robots_meta",
    "parse_tdm_headers",
    "parse_tdm_meta",
    "parse_tdmrep_json",
    "parse_x_robots_tag",
    "product_token",
    "robots_content_usage",
    "tdm_reservation",
    "usage_in_force",
    "usage_signal_catalog",
    "verdict",
]
