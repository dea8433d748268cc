"""Usage preferences in robots.txt: Cloudflare Content-Signal (OS.CSIG.LINE) and aipref
Content-Usage rules (OS.AIPREF.ROBOTS_RULE), their catalog data, and the crawler catalog."""

from __future__ import annotations

import pytest

from gpaikit.law import load_catalog
from gpaikit.rep import (
    RobotsTxt,
    crawler_by_token,
    crawler_catalog,
    effective_robots,
    lint_robots,
    usage_in_force,
    usage_signal_catalog,
    verdict,
)

# The managed robots.txt shape Cloudflare publishes (comments shortened).
CLOUDFLARE = """\
# As a condition of accessing this website, you agree to abide by the following
# content signals: ...
User-Agent: *
Content-Signal: search=yes,ai-train=no
Allow: /

User-agent: Bytespider
Disallow: /
"""


def test_content_signal_lines_belong_to_their_group() -> None:
    robots = RobotsTxt.parse(CLOUDFLARE)
    (rule,) = robots.groups[0].signal_rules
    assert rule.line == 4 and rule.pattern == "" and rule.group == 0
    assert rule.signals == (("search", "yes"), ("ai-train", "no"))
    assert robots.groups[1].signal_rules == ()
    assert not robots.others  # no longer an unknown line


def test_cloudflare_default_reserves_training_but_not_search() -> None:
    robots = RobotsTxt.parse(CLOUDFLARE)
    usage = usage_in_force(robots, "https://example.com/article", "GPTBot")
    assert usage.crawl_allowed
    assert usage.get("ai-train") == "disallowed" and usage.get("search") == "allowed"
    assert usage.get("ai-input") == "unknown"
    assert usage.training == "disallowed"
    (reserving,) = usage.reserving_training
    assert reserving.entry == "SIG.csig.ai-train" and reserving.lines == (4,)
    # Bytespider has a group of its own without a Content-Signal line, and may not crawl.
    bytespider = usage_in_force(robots, "https://example.com/article", "Bytespider")
    assert not bytespider.crawl_allowed and bytespider.preferences == ()


def test_values_and_keys_are_read_case_insensitively_and_junk_is_reported() -> None:
    body = "User-agent: *\nContent-Signal: AI-Train=NO, search, =yes, ai-input=\n"
    robots = RobotsTxt.parse(body)
    (rule,) = robots.groups[0].signal_rules
    assert rule.signals == (("ai-train", "no"),)
    assert len(rule.warnings) == 3
    assert usage_in_force(robots, "/x", "bot").training == "disallowed"
    codes = [f.code for f in lint_robots(robots).findings]
    assert codes.count("content-signal") == 3


def test_use_key_is_reported_but_unconfirmed() -> None:
    robots = RobotsTxt.parse("User-agent: *\nContent-Signal: use=reference, ai-train=yes\n")
    usage = usage_in_force(robots, "/x", "bot")
    (use,) = [p for p in usage.preferences if p.key == "use"]
    assert use.value == "reference" and use.state == "unknown" and use.unconfirmed
    assert usage.training == "allowed"


def test_unknown_keys_are_kept_without_catalog_entry() -> None:
    robots = RobotsTxt.parse("User-agent: *\nContent-Signal: ai-fun=no\n")
    (pref,) = usage_in_force(robots, "/x", "bot").preferences
    assert pref.entry is None and pref.state == "unknown" and pref.value == "no"


def test_signals_follow_group_selection() -> None:
    body = (
        "User-agent: *\nContent-Signal: ai-train=yes\nAllow: /\n\n"
        "User-agent: GPTBot\nContent-Signal: ai-train=no\nDisallow: /private/\n"
    )
    robots = RobotsTxt.parse(body)
    assert usage_in_force(robots, "/a", "gptbot").training == "disallowed"
    assert usage_in_force(robots, "/a", "CCBot").training == "allowed"
    assert usage_in_force(robots, "/private/a", "GPTBot").preferences == ()


def test_a_signal_line_does_not_close_a_group() -> None:
    # Like other non-rule lines (OS.GRT.GROUPING): without a rule after it, the next
    # user-agent line joins the same group, and its signals apply to both agents.
    body = "User-agent: *\nContent-Signal: ai-train=yes\n\nUser-agent: GPTBot\nAllow: /\n"
    robots = RobotsTxt.parse(body)
    assert len(robots.groups) == 1 and robots.groups[0].agents == ("*", "GPTBot")
    assert usage_in_force(robots, "/a", "GPTBot").training == "allowed"


def test_content_signal_before_any_group_is_a_warning() -> None:
    robots = RobotsTxt.parse("Content-Signal: ai-train=no\nUser-agent: *\nAllow: /\n")
    assert [w.code for w in robots.warnings] == ["rule-outside-group"]
    assert usage_in_force(robots, "/x", "bot").training == "unknown"


# OS.AIPREF.ROBOTS_RULE: longest path, restrictive on identical paths, order irrelevant,
# a rule without a path applies everywhere with the lowest priority, crawlable paths only.
AIPREF = [
    "Content-Usage: train-ai=y",
    "Content-Usage: /news/ train-ai=n",
    "Content-Usage: /news/ train-ai=y, search=y",
    "Content-Usage: /news/open/ train-ai=y",
    "Content-Usage: /*.pdf$ train-ai=n",
    "Disallow: /news/closed/",
]
AIPREF_CASES = [
    ("/a", "allowed", "unknown"),
    ("/news/x", "disallowed", "allowed"),
    ("/news/open/x", "allowed", "unknown"),
    ("/news/x.pdf", "disallowed", "unknown"),  # /*.pdf$ (7 octets) beats /news/ (6)
    ("/news/closed/x", "unknown", "unknown"),  # not crawlable: nothing implied
]


@pytest.mark.parametrize("order", [1, -1])
@pytest.mark.parametrize(("path", "train", "search"), AIPREF_CASES)
def test_content_usage_rule_in_robots(order: int, path: str, train: str, search: str) -> None:
    body = "User-agent: *\n" + "\n".join(AIPREF[::order]) + "\n"
    usage = usage_in_force(RobotsTxt.parse(body), "https://h" + path, "bot")
    assert usage.get("train-ai", "content-usage") == train
    assert usage.get("search") == search
    assert usage.training == train


def test_longest_match_between_wildcard_and_prefix() -> None:
    body = "User-agent: *\nContent-Usage: /news/ train-ai=y\nContent-Usage: /*.pdf$ train-ai=n\n"
    usage = usage_in_force(RobotsTxt.parse(body), "/news/x.pdf", "bot")
    assert usage.content_usage().get("train-ai") == "disallowed"  # 7 octets beat 6


def test_both_signals_combine_restrictively() -> None:
    body = "User-agent: *\nContent-Usage: train-ai=y\nContent-Signal: ai-train=no\n"
    usage = usage_in_force(RobotsTxt.parse(body), "/x", "bot")
    assert usage.get("train-ai") == "allowed" and usage.get("ai-train") == "disallowed"
    assert usage.training == "disallowed"


def test_fetch_outcomes_without_rules() -> None:
    assert not usage_in_force(effective_robots(503, None), "/x", "bot").crawl_allowed
    open_usage = usage_in_force(effective_robots(404, None), "/x", "bot")
    assert open_usage.crawl_allowed and open_usage.preferences == ()
    cached = usage_in_force(effective_robots(200, CLOUDFLARE), "/x", "bot")
    assert cached.training == "disallowed"


def test_verdict_honours_content_signal() -> None:
    from gpaikit.rep import VerdictPolicy

    robots = RobotsTxt.parse(CLOUDFLARE)
    v = verdict("https://example.com/a", "CCBot", robots=robots)
    assert v.crawl_allowed and not v.training_allowed
    assert v.training_signal == "OS.PREC.CONTENT_SIGNAL"
    off = verdict(
        "https://example.com/a",
        "CCBot",
        robots=robots,
        policy=VerdictPolicy(honour_content_signal=False),
    )
    assert off.training_allowed


def test_usage_signal_catalog_is_data_with_sources() -> None:
    catalog = load_catalog()
    signals = {(s.signal, s.key): s for s in usage_signal_catalog()}
    assert set(signals) == {
        ("content-signal", "search"),
        ("content-signal", "ai-input"),
        ("content-signal", "ai-train"),
        ("content-signal", "use"),
        ("content-usage", "train-ai"),
        ("content-usage", "search"),
    }
    assert {k for k, s in signals.items() if s.training} == {
        ("content-signal", "ai-train"),
        ("content-usage", "train-ai"),
    }
    assert signals[("content-signal", "use")].unconfirmed
    assert catalog.sources["CSIG-USE"].unconfirmed
    for s in signals.values():
        assert s.source in catalog.sources and s.citation
        assert s.values or s.unconfirmed


# OS.TOK.TRAINING / SEARCH / USER_TRIGGERED: purpose and operator as the reference lists them.
PURPOSES = [
    ("GPTBot", "OpenAI", "training"),
    ("ClaudeBot", "Anthropic", "training"),
    ("CCBot", "Common Crawl", "training"),
    ("Google-Extended", "Google", "training"),
    ("Applebot-Extended", "Apple", "training"),
    ("Meta-ExternalAgent", "Meta", "training"),
    ("Bytespider", "ByteDance", "training"),
    ("OAI-SearchBot", "OpenAI", "search"),
    ("Claude-SearchBot", "Anthropic", "search"),
    ("PerplexityBot", "Perplexity", "search"),
    ("Applebot", "Apple", "search"),
    ("ChatGPT-User", "OpenAI", "user_triggered"),
    ("Perplexity-User", "Perplexity", "user_triggered"),
    ("MistralAI-User", "Mistral AI", "user_triggered"),
    ("Gemini-Deep-Research", "Google", "user_triggered"),
]


@pytest.mark.parametrize(("token", "operator", "purpose"), PURPOSES)
def test_crawler_purpose_and_operator(token: str, operator: str, purpose: str) -> None:
    entry = crawler_by_token(token.lower())
    assert entry is not None and entry.operator == operator and entry.purpose == purpose
    assert entry.purpose_ref == f"OS.TOK.{purpose.upper()}"


def test_catalog_marks_control_tokens_and_robots_refusers() -> None:
    by_token = {t.token: t for t in crawler_catalog()}
    assert {t for t, e in by_token.items() if e.control_token} == {
        "Google-Extended",
        "Applebot-Extended",
    }
    assert by_token["Bytespider"].respects_robots_txt is False
    assert by_token["Perplexity-User"].respects_robots_txt is False
    assert all(e.purpose_ref for e in by_token.values() if e.purpose != "other")
    assert crawler_by_token("NoSuchBot") is None
