"""Benchmark of gpaikit.rep's robots.txt matcher against Protego, urllib.robotparser and
Google's library (the fast-robotstxt binding), plus an adversarial linearity benchmark.

    .venv/bin/python bench/rep.py [--hosts 400] [--urls 5000] [--repeat 2] [--skip-adversarial]

One workload for every engine: many hosts, each with a real-world-shaped robots.txt (CMS
defaults, shops with query wildcards, news sites with long lists, AI-crawler blocks), many
URLs per host, three agents. Each engine parses each host's file once (the binding has no
parse-once API, so it parses on every call, which is how it is used) and answers every URL.
Single process, single core; every engine starts cold (no compiled regexes or parses kept
from an earlier run). Prints verdicts per second (best round) and the ratios.
"""

from __future__ import annotations

import argparse
import random
import re
import time
import urllib.robotparser
from collections.abc import Callable

from gpaikit.rep import RobotsTxt
from gpaikit.rep._robots import _parse_shared

AGENTS = ("GPTBot", "CCBot", "Googlebot")

AI_BLOCK = "".join(
    f"User-agent: {bot}\nDisallow: /\n\n"
    for bot in ("GPTBot", "ClaudeBot", "CCBot", "Google-Extended", "Bytespider")
)


def _words(rnd: random.Random, n: int) -> list[str]:
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(3, 9))) for _ in range(n)]


def make_robots(rnd: random.Random) -> tuple[str, list[str]]:
    """A robots.txt of one of five real-world shapes, and the site's directory names."""
    dirs = _words(rnd, 30)
    kind = rnd.randrange(5)
    if kind == 0:  # CMS default
        body = (
            "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
            "Disallow: /wp-login.php\nDisallow: /?s=\nDisallow: /search/\n"
            "Sitemap: https://example.com/sitemap.xml\n"
        )
    elif kind == 1:  # shop with query wildcards
        body = "User-agent: *\n" + "".join(
            f"Disallow: /*?{p}=\n" for p in ("sort", "filter", "sessionid", "ref", "utm_source")
        )
        body += "Disallow: /cart\nDisallow: /checkout/\nDisallow: /account/\nDisallow: /*.pdf$\n"
        body += "".join(f"Disallow: /{d}/private/\n" for d in dirs[:8])
        body += "Allow: /*.css$\nAllow: /*.js$\nCrawl-delay: 2\n"
    elif kind == 2:  # news site: long literal lists, AI crawlers blocked
        body = AI_BLOCK + "User-agent: *\n"
        body += "".join(f"Disallow: /{d}/\n" for d in dirs[:25])
        body += "".join(f"Allow: /{d}/public/\n" for d in dirs[:5])
        body += "Disallow: /archive/*/print$\nDisallow: /*/amp/\n"
    elif kind == 3:  # per-bot groups with overlapping rules
        body = (
            "User-agent: Googlebot\nDisallow: /private/\nAllow: /private/press/\n\n"
            "User-agent: GPTBot\nUser-agent: CCBot\nDisallow: /articles/\nAllow: /articles/free/\n"
            "\nUser-agent: *\nDisallow: /tmp/\nDisallow: /private/\nDisallow: /*?print=1\n"
        )
        body += "".join(f"Disallow: /{d}\n" for d in dirs[:12])
    else:  # small and permissive
        body = "User-agent: *\nDisallow:\n\nUser-agent: Bytespider\nDisallow: /\n"
    return body, dirs


def make_urls(rnd: random.Random, dirs: list[str], n: int) -> list[str]:
    common = ["wp-admin", "search", "cart", "articles", "private", "tmp", "archive", "products"]
    names = dirs + common
    urls = []
    for _ in range(n):
        depth = rnd.randint(1, 4)
        path = "/" + "/".join(rnd.choice(names) for _ in range(depth))
        r = rnd.random()
        if r < 0.2:
            path += f"/page-{rnd.randint(1, 9999)}.html"
        elif r < 0.3:
            path += rnd.choice([".pdf", ".css", ".js", "/print", "/amp/x"])
        if rnd.random() < 0.25:
            key = rnd.choice(["sort", "id", "ref", "print", "s", "page", "utm_source"])
            path += f"?{key}={rnd.randint(1, 99)}"
        urls.append("https://example.com" + path)
    return urls


Workload = list[tuple[str, list[str], str]]


def make_workload(hosts: int, urls: int, seed: int = 9309) -> Workload:
    rnd = random.Random(seed)
    out = []
    for i in range(hosts):
        body, dirs = make_robots(rnd)
        out.append((body, make_urls(rnd, dirs, urls), AGENTS[i % len(AGENTS)]))
    return out


def cold_start() -> None:
    """Forget compiled regexes and shared parses, so every run starts cold."""
    re.purge()
    _parse_shared.cache_clear()


def run_gpaikit(work: Workload, mode: str) -> list[bool]:
    cold_start()
    out: list[bool] = []
    for body, urls, agent in work:
        out.extend(RobotsTxt.parse(body, mode=mode).allowed_many(urls, agent))
    return out


def run_gpaikit_single(work: Workload, mode: str) -> list[bool]:
    cold_start()
    out: list[bool] = []
    for body, urls, agent in work:
        robots = RobotsTxt.parse(body, mode=mode)
        out.extend(robots.allowed(u, agent) for u in urls)
    return out


def run_protego(work: Workload) -> list[bool]:
    from protego import Protego

    re.purge()
    out: list[bool] = []
    for body, urls, agent in work:
        parser = Protego.parse(body)
        out.extend(bool(parser.can_fetch(u, agent)) for u in urls)
    return out


def run_urllib(work: Workload) -> list[bool]:
    out: list[bool] = []
    for body, urls, agent in work:
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(body.splitlines())
        out.extend(parser.can_fetch(agent, u) for u in urls)
    return out


def run_google(work: Workload) -> list[bool]:
    from robotstxt import RobotsMatcher

    matcher = RobotsMatcher()
    out: list[bool] = []
    for body, urls, agent in work:
        out.extend(matcher.is_allowed(body, agent, u) for u in urls)
    return out


def timed(fn: Callable[[], list[bool]]) -> tuple[float, list[bool]]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def throughput(args: argparse.Namespace) -> None:
    work = make_workload(args.hosts, args.urls)
    total = sum(len(u) for _b, u, _a in work)
    print(f"workload: {args.hosts} hosts x {args.urls} URLs = {total:,} checks, agents {AGENTS}")
    engines: list[tuple[str, Callable[[], list[bool]]]] = [
        ("gpaikit rfc (allowed_many)", lambda: run_gpaikit(work, "rfc")),
        ("gpaikit google (allowed_many)", lambda: run_gpaikit(work, "google")),
        ("gpaikit rfc (allowed, one by one)", lambda: run_gpaikit_single(work, "rfc")),
        ("protego", lambda: run_protego(work)),
        ("urllib.robotparser", lambda: run_urllib(work)),
        ("google binding (fast-robotstxt)", lambda: run_google(work)),
    ]
    best: dict[str, float] = {}
    results: dict[str, list[bool]] = {}
    # Rounds interleave the engines; the best round counts (the machine may be shared).
    for _round in range(args.repeat):
        for name, fn in engines:
            try:
                seconds, verdicts = timed(fn)
            except ImportError as exc:
                print(f"{name:36s} skipped ({exc})")
                continue
            best[name] = min(seconds, best.get(name, seconds))
            results[name] = verdicts
    rates = {name: total / seconds for name, seconds in best.items()}
    for name, rate in rates.items():
        print(f"{name:36s} {rate:>12,.0f} verdicts/s  ({best[name]:6.2f} s, best of {args.repeat})")
    print()
    for ours in ("gpaikit rfc (allowed_many)", "gpaikit google (allowed_many)"):
        for other in ("protego", "urllib.robotparser", "google binding (fast-robotstxt)"):
            if other in rates:
                print(f"{ours} / {other}: {rates[ours] / rates[other]:.1f}x")
    reference = results.get("google binding (fast-robotstxt)")
    if reference is not None:
        print()
        for name, verdicts in results.items():
            same = sum(a == b for a, b in zip(verdicts, reference, strict=True))
            print(f"agreement with Google's library: {name:36s} {same / total:7.2%}")


def adversarial() -> None:
    print("\nadversarial: time per check as the input doubles (linear => ratio ~2)")
    cases = {
        "many '*' (/a*a*…*b vs /aaa…)": lambda n: ("/" + "*a" * (n // 4) + "*b", "/" + "a" * n),
        "'$' tail (/*a*a$ vs /aaa…b)": lambda n: (
            "/*" + "a*" * (n // 4) + "a$",
            "/" + "a" * n + "b",
        ),
        "500 wildcard rules vs long path": lambda n: (None, "/" + "ab" * (n // 2)),
    }
    for label, make in cases.items():
        previous = None
        line = f"{label:36s}"
        for n in (2_000, 4_000, 8_000, 16_000, 32_000):
            pattern, path = make(n)
            if pattern is None:
                body = "User-agent: *\n" + "".join(
                    f"Disallow: /{'*ab' * k}*c{'*' * k}$\n" for k in range(1, 500)
                )
            else:
                body = f"User-agent: *\nDisallow: {pattern}\n"
            robots = RobotsTxt.parse(body, mode="google")
            reps = 40  # a batch large enough to use the compiled regex
            robots.allowed_many([path] * reps, "x")  # warm up and compile
            start = time.perf_counter()
            robots.allowed_many([path] * reps, "x")
            robots.allowed(path, "x")
            per = (time.perf_counter() - start) / (reps + 1)
            ratio = f" (x{per / previous:.1f})" if previous else ""
            line += f"  n={n}: {per * 1e6:9.1f} us{ratio}"
            previous = per
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=400)
    parser.add_argument("--urls", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=2, help="rounds; the best one counts")
    parser.add_argument("--skip-adversarial", action="store_true")
    args = parser.parse_args()
    throughput(args)
    if not args.skip_adversarial:
        adversarial()


if __name__ == "__main__":
    main()
