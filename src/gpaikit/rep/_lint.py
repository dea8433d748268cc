"""``gpaikit rep lint``: findings about a robots.txt, as data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from gpaikit.rep._catalog import crawler_catalog, product_token
from gpaikit.rep._robots import RobotsTxt

__all__ = ["CrawlerStatus", "LintFinding", "LintReport", "lint_robots"]

Severity = Literal["error", "warning", "info"]

# Recognised by Google's reporting library but not used for matching (OS.GRT.REPORTING_TAGS).
# content-signal and content-usage are on that list too; gpaikit reads them into the groups
# (see usage_in_force), so they never reach the unknown lines.
_KNOWN_UNUSED = frozenset(
    {
        "clean-param",
        "crawl-delay",
        "domain",
        "host",
        "noarchive",
        "nofollow",
        "noindex",
        "request-rate",
        "revisit-after",
        "visit-time",
    }
)
_SEVERITY: dict[str, Severity] = {
    "size-limit": "error",
    "rule-outside-group": "warning",
    "invalid-product-token": "warning",
    "missing-colon": "warning",
    "typo-accepted": "warning",
    "unknown-directive": "warning",
    "line-too-long": "warning",
    "nul-byte": "warning",
    "no-separator": "warning",
    "empty-key": "warning",
}


@dataclass(frozen=True)
class LintFinding:
    line: int
    code: str
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.severity}: {self.code}: {self.message}"


@dataclass(frozen=True)
class CrawlerStatus:
    """How the file treats one catalog crawler: ``blocked`` (``/`` disallowed), ``partial``
    (some rule disallows something) or ``allowed``; ``named`` if a group names its token."""

    token: str
    operator: str
    purpose: str
    status: Literal["blocked", "partial", "allowed"]
    named: bool


@dataclass(frozen=True)
class LintReport:
    findings: tuple[LintFinding, ...]
    crawlers: tuple[CrawlerStatus, ...]

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)


def _unreachable(robots: RobotsTxt) -> list[LintFinding]:
    """Rules that can never decide: same pattern as a rule that wins ties within the group."""
    out: list[LintFinding] = []
    for group in robots.groups:
        seen: dict[str, tuple[bool, int]] = {}
        for rule in group.rules:
            if rule.derived:
                continue
            if not rule.pattern:
                if not rule.allow:
                    continue  # "Disallow:" (empty) is the usual way to allow everything
                out.append(
                    LintFinding(rule.line, "empty-rule", "info", "empty allow rule matches nothing")
                )
                continue
            previous = seen.get(rule.pattern)
            if previous is None:
                seen[rule.pattern] = (rule.allow, rule.line)
                continue
            allow, line = previous
            if allow or not rule.allow:
                why = "duplicates" if allow == rule.allow else "loses the tie to"
                out.append(
                    LintFinding(
                        rule.line,
                        "unreachable-rule",
                        "warning",
                        f"{rule.directive} '{rule.raw}' {why} the rule on line {line}; "
                        "it can never decide",
                    )
                )
            else:
                seen[rule.pattern] = (True, rule.line)
                out.append(
                    LintFinding(
                        line,
                        "unreachable-rule",
                        "warning",
                        f"disallow on line {line} loses the tie to allow on line {rule.line}",
                    )
                )
    return out


def _crawlers(robots: RobotsTxt) -> list[CrawlerStatus]:
    named = {a.lower() for g in robots.groups for a in g.agents}
    out: list[CrawlerStatus] = []
    for entry in crawler_catalog():
        token = entry.token if entry.valid_product_token else product_token(entry.token)
        applied = robots.rules_for(token)
        if not robots.allowed("/", token):
            status: Literal["blocked", "partial", "allowed"] = "blocked"
        elif any(not r.allow for r in applied.ruleset.rules):
            status = "partial"
        else:
            status = "allowed"
        out.append(
            CrawlerStatus(
                entry.token, entry.operator, entry.purpose, status, token.lower() in named
            )
        )
    return out


def lint_robots(robots: RobotsTxt) -> LintReport:
    """Findings (unknown directives, invalid tokens, unreachable rules, size limit) and the
    status of every crawler of the catalog."""
    findings = [
        LintFinding(w.line, w.code, _SEVERITY.get(w.code, "warning"), w.message)
        for w in robots.warnings
    ]
    for line, key, _value in robots.others:
        if key.lower() in _KNOWN_UNUSED:
            findings.append(
                LintFinding(line, "unused-directive", "info", f"'{key}' is not used for matching")
            )
        elif not any(f.line == line for f in findings):
            findings.append(
                LintFinding(line, "unknown-directive", "warning", f"unknown directive '{key}'")
            )
    for group in robots.groups:
        for rule in group.signal_rules:
            findings += [
                LintFinding(rule.line, "content-signal", "warning", f"Content-Signal: {w}")
                for w in rule.warnings
            ]
    findings += _unreachable(robots)
    if not robots.groups:
        findings.append(LintFinding(0, "no-groups", "info", "no group: everything is allowed"))
    findings.sort(key=lambda f: (f.line, f.code))
    return LintReport(tuple(findings), tuple(_crawlers(robots)))
