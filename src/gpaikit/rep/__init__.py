"""Opt-out signals: robots.txt (RFC 9309 and google/robotstxt), fetch outcomes, TDMRep,
noai, aipref Content-Usage, a combined verdict and the AI crawler catalog. Pure: text in,
verdicts out, no network."""

from gpaikit.rep._aipref import (
    VOCABULARY,
    ContentUsage,
    combine_content_usage,
    parse_content_usage,
)
from gpaikit.rep._model import Decision, Group, ParseWarning, Rule, UsageRule
from gpaikit.rep._robots import AgentRules, RobotsTxt

__all__ = [
    "VOCABULARY",
    "AgentRules",
    "ContentUsage",
    "Decision",
    "Group",
    "ParseWarning",
    "RobotsTxt",
    "Rule",
    "UsageRule",
    "combine_content_usage",
    "parse_content_usage",
]
