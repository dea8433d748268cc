"""Benchmark of gpaikit.rep's robots.txt engines against Protego and Google's library (the
fast-robotstxt binding), on three crawl-shaped workloads, plus an adversarial linearity check.

    .venv/bin/python bench/rep.py [--repeat 3] [--only many,ten,one] [--skip-adversarial]
                                  [--skip-python] [--binding-on-many]

Workloads (parse included, every host its own robots.txt of 10-150 rules in real-world
shapes, agent CCBot, one process on one core):

* ``many``: 400 hosts x 2,500 URLs (1,000,000 checks);
* ``ten``: 20,000 hosts x 10 URLs (200,000 checks);
* ``one``: 30,000 hosts x 1 URL (30,000 checks).

Each engine parses each host's file once and answers its URLs (gpaikit: ``allowed_many``;
Protego: ``can_fetch`` per URL). The binding has no parse-once API: it parses on every call,
which is how it is used; on ``many`` it is skipped unless ``--binding-on-many`` is given
(it would parse 1,000,000 files). Every engine starts cold (no parse or compiled rules kept
from an earlier round). Rounds interleave the engines; the best round counts, because the
machine is shared. Prints verdicts per second, ratios, agreement, and the issue's targets.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Callable

from gpaikit.rep import RobotsTxt, _native
from gpaikit.rep._robots import _parse_shared

AGENT = "CCBot"
AI_BOTS = ("GPTBot", "ClaudeBot", "CCBot", "Google-Extended", "Bytespider", "PerplexityBot")
WORKLOADS = {"many": (400, 2_500), "ten": (20_000, 10), "one": (30_000, 1)}
EXTENSIONS = (".pdf", ".css", ".js", ".jpg", ".php", ".html", ".xml", ".zip")
PARAMS = ("sort", "filter", "sessionid", "ref", "utm_source", "page", "q", "print", "id", "s")
COMMON = ("wp-admin", "search", "cart", "checkout", "account", "private", "tmp", "archive")


def _words(rnd: random.Random, n: int) -> list[str]:
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(3, 10))) for _ in range(n)]


def _rule(rnd: random.Random, dirs: list[str]) -> str:
    """One allow/disallow line in one of the forms real files use."""
    d, e = rnd.choice(dirs), rnd.choice(dirs)
    form = rnd.random()
    if form < 0.45:
        value = f"/{d}/"
    elif form < 0.6:
        value = f"/{d}/{e}/"
    elif form < 0.68:
        value = f"/{d}"
    elif form < 0.78:
        value = f"/*?{rnd.choice(PARAMS)}="
    elif form < 0.85:
        value = f"/*{rnd.choice(EXTENSIONS)}$"
    elif form < 0.9:
        value = f"/{d}/*/{e}"
    elif form < 0.95:
        value = f"/{d}.html$"
    else:
        value = f"/{d}/*{rnd.choice(EXTENSIONS)}"
    return ("Allow" if rnd.random() < 0.15 else "Disallow") + ": " + value


def make_robots(rnd: random.Random) -> tuple[str, list[str]]:
    """A robots.txt of 10-150 rules in one of five real-world shapes, and the site's dirs."""
    dirs = _words(rnd, 60) + list(COMMON)
    n_rules = rnd.randint(10, 150)
    kind = rnd.randrange(5)
    lines: list[str] = []
    if kind == 0:  # CMS default plus plugins
        lines = ["User-agent: *", "Disallow: /wp-admin/", "Allow: /wp-admin/admin-ajax.php"]
    elif kind == 1:  # shop: query wildcards
        lines = ["User-agent: *"] + [f"Disallow: /*?{p}=" for p in PARAMS[:6]]
    elif kind == 2:  # news: AI crawlers blocked, long lists for the rest
        for bot in AI_BOTS:
            lines += [f"User-agent: {bot}", "Disallow: /", ""]
        lines.append("User-agent: *")
    elif kind == 3:  # per-bot groups that include CCBot
        lines = ["User-agent: Googlebot", "Disallow: /private/", ""]
        lines += ["User-agent: GPTBot", "User-agent: CCBot", "Disallow: /articles/"]
        lines += ["Allow: /articles/free/"]
    else:  # large site: everything in the * group, a sitemap, a crawl delay
        lines = ["User-agent: *", "Crawl-delay: 2"]
    rules_so_far = sum(1 for line in lines if "allow:" in line.lower())
    tail = 5 if kind == 3 else 0  # kind 3 ends with a small '*' group
    lines += [_rule(rnd, dirs) for _ in range(max(0, n_rules - rules_so_far - tail))]
    if kind == 3:
        lines += ["", "User-agent: *"] + [_rule(rnd, dirs) for _ in range(tail)]
    lines.append("Sitemap: https://example.com/sitemap.xml")
    return "\n".join(lines) + "\n", dirs


def make_urls(rnd: random.Random, host: str, dirs: list[str], n: int) -> list[str]:
    urls = []
    for _ in range(n):
        path = "/" + "/".join(rnd.choice(dirs) for _ in range(rnd.randint(1, 4)))
        r = rnd.random()
        if r < 0.25:
            path += f"/page-{rnd.randint(1, 9999)}.html"
        elif r < 0.4:
            path += rnd.choice(EXTENSIONS)
        elif r < 0.5:
            path += "/"
        if rnd.random() < 0.25:
            path += f"?{rnd.choice(PARAMS)}={rnd.randint(1, 99)}"
        urls.append(f"https://{host}{path}")
    return urls


Workload = list[tuple[str, list[str]]]


def make_workload(hosts: int, urls: int, seed: int = 9309) -> Workload:
    rnd = random.Random(seed)
    out = []
    for i in range(hosts):
        body, dirs = make_robots(rnd)
        out.append((body, make_urls(rnd, f"host{i}.example", dirs, urls)))
    return out


def cold_start() -> None:
    """Forget compiled regexes and shared parses, so every run starts cold."""
    re.purge()
    _parse_shared.cache_clear()


def run_gpaikit(work: Workload, engine: str) -> list[bool]:
    cold_start()
    out: list[bool] = []
    for body, urls in work:
        out += RobotsTxt.parse(body, engine=engine).allowed_many(urls, AGENT)
    return out


def run_protego(work: Workload) -> list[bool]:
    from protego import Protego

    re.purge()
    out: list[bool] = []
    for body, urls in work:
        parser = Protego.parse(body)
        out += [bool(parser.can_fetch(u, AGENT)) for u in urls]
    return out


def run_binding(work: Workload) -> list[bool]:
    from robotstxt import RobotsMatcher

    matcher = RobotsMatcher()
    out: list[bool] = []
    for body, urls in work:
        out += [matcher.is_allowed(body, AGENT, u) for u in urls]
    return out


NATIVE = "gpaikit native (allowed_many)"
PYTHON = "gpaikit python (allowed_many)"
PROTEGO = "protego"
BINDING = "google binding (fast-robotstxt)"

# The targets: (workload, ours, peer, factor). Per core, one process.
TARGETS = [
    ("many", NATIVE, PROTEGO, 20.0),
    ("ten", NATIVE, PROTEGO, 3.0),
    ("ten", NATIVE, BINDING, 1.0),
    ("one", NATIVE, BINDING, 1.0),
]


def throughput(name: str, args: argparse.Namespace) -> dict[str, float]:
    hosts, per_host = WORKLOADS[name]
    work = make_workload(hosts, per_host)
    total = hosts * per_host
    rules = [sum(1 for ln in b.splitlines() if "allow:" in ln.lower()) for b, _u in work]
    print(
        f"\n== {name}: {hosts:,} hosts x {per_host:,} URLs = {total:,} checks, agent {AGENT}, "
        f"{min(rules)}-{max(rules)} rules per file (mean {sum(rules) / len(rules):.0f})"
    )
    engines: list[tuple[str, Callable[[], list[bool]]]] = []
    if _native.available():
        engines.append((NATIVE, lambda: run_gpaikit(work, "native")))
    if not args.skip_python:
        engines.append((PYTHON, lambda: run_gpaikit(work, "python")))
    engines.append((PROTEGO, lambda: run_protego(work)))
    if name != "many" or args.binding_on_many:
        engines.append((BINDING, lambda: run_binding(work)))
    best: dict[str, float] = {}
    results: dict[str, list[bool]] = {}
    for _round in range(args.repeat):
        for engine, fn in engines:
            try:
                start = time.perf_counter()
                verdicts = fn()
                seconds = time.perf_counter() - start
            except ImportError as exc:
                print(f"  {engine:34s} skipped ({exc})")
                continue
            best[engine] = min(seconds, best.get(engine, seconds))
            results[engine] = verdicts
    rates = {engine: total / seconds for engine, seconds in best.items()}
    for engine, rate in rates.items():
        print(f"  {engine:34s} {rate:>12,.0f} verdicts/s  ({best[engine]:6.3f} s)")
    ours = NATIVE if NATIVE in rates else PYTHON
    for peer in (PYTHON, PROTEGO, BINDING):
        if peer in rates and peer != ours:
            print(f"  {ours} / {peer}: {rates[ours] / rates[peer]:.2f}x")
    reference = results.get(BINDING) or results.get(PYTHON)
    if reference is not None:
        for engine, verdicts in results.items():
            same = sum(a == b for a, b in zip(verdicts, reference, strict=True))
            print(f"  agreement with {BINDING if BINDING in results else PYTHON}: "
                  f"{engine:34s} {same / total:8.3%}")  # fmt: skip
    return rates


def adversarial() -> None:
    print("\nadversarial (google mode): time per check as the input doubles (linear: ratio ~2)")
    cases: dict[str, Callable[[int], tuple[str | None, str]]] = {
        "many '*' (/a*a*…*b vs /aaa…)": lambda n: ("/" + "*a" * (n // 4) + "*b", "/" + "a" * n),
        "'$' tail (/*a*a$ vs /aaa…b)": lambda n: (
            "/*" + "a*" * (n // 4) + "a$",
            "/" + "a" * n + "b",
        ),
        "500 wildcard rules vs long path": lambda n: (None, "/" + "ab" * (n // 2)),
    }
    engines = ["native", "python"] if _native.available() else ["python"]
    for engine in engines:
        for label, make in cases.items():
            previous = None
            line = f"  {engine:6s} {label:32s}"
            for n in (2_000, 4_000, 8_000, 16_000, 32_000):
                pattern, path = make(n)
                if pattern is None:
                    body = "User-agent: *\n" + "".join(
                        f"Disallow: /{'*ab' * k}*c{'*' * k}$\n" for k in range(1, 500)
                    )
                else:
                    body = f"User-agent: *\nDisallow: {pattern}\n"
                robots = RobotsTxt.parse(body, mode="google", engine=engine)
                reps = 40  # a batch large enough to use the compiled form
                robots.allowed_many([path] * reps, "x")  # warm up and compile
                start = time.perf_counter()
                robots.allowed_many([path] * reps, "x")
                per = (time.perf_counter() - start) / reps
                ratio = f" (x{per / previous:.1f})" if previous else ""
                line += f"  {per * 1e6:9.1f} us{ratio}"
                previous = per
            print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the best one counts")
    parser.add_argument("--only", default="many,ten,one", help="workloads, comma-separated")
    parser.add_argument("--binding-on-many", action="store_true")
    parser.add_argument("--skip-adversarial", action="store_true")
    parser.add_argument(
        "--skip-python", action="store_true", help="leave out the pure-Python engine"
    )
    args = parser.parse_args()
    print(f"default engine: {_native.default_engine()}")
    rates = {name: throughput(name, args) for name in args.only.split(",")}
    print("\ntargets (issue 16):")
    for name, ours, peer, factor in TARGETS:
        if name in rates and ours in rates[name] and peer in rates[name]:
            ratio = rates[name][ours] / rates[name][peer]
            verdict = "met" if ratio >= factor else "NOT met"
            print(f"  {name:5s} {ours} >= {factor:g}x {peer}: {ratio:.2f}x  {verdict}")
    if "many" in rates and NATIVE in rates["many"]:
        rate = rates["many"][NATIVE]
        print(f"  many  {NATIVE} >= 1,000,000 verdicts/s: {rate:,.0f}  "
              f"{'met' if rate >= 1e6 else 'NOT met'}")  # fmt: skip
    if not args.skip_adversarial:
        adversarial()


if __name__ == "__main__":
    main()
