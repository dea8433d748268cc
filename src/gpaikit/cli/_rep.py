"""`gpaikit rep`: check URLs against a robots.txt and lint a robots.txt."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gpaikit._exceptions import InputError
from gpaikit._untrusted import DEFAULT_LIMITS, read_bytes
from gpaikit.cli._console import make_console
from gpaikit.cli._errors import EXIT_FAILED_CHECK, handles_errors
from gpaikit.cli._safe import echo
from gpaikit.rep import RobotsTxt, lint_robots

app = typer.Typer(
    help="robots.txt and opt-out signals: check URLs, lint a file.", no_args_is_help=True
)
console = make_console()

_MODES = ("rfc", "google")
#: RFC 9309 asks parsers to read at least 500 KiB; a file far beyond that is not a robots.txt.
ROBOTS_FILE_LIMITS = DEFAULT_LIMITS.but(max_bytes=32 * 1024 * 1024)


def _read(path: Path, mode: str) -> RobotsTxt:
    if mode not in _MODES:
        raise InputError(f"unknown mode '{mode}'", hint="use --mode rfc or --mode google")
    body = read_bytes(path, limits=ROBOTS_FILE_LIMITS, what="robots.txt")
    return RobotsTxt.parse(body, mode=mode)


@app.command("check")
@handles_errors
def check(
    robots_file: Annotated[Path, typer.Argument(help="The robots.txt file.")],
    urls: Annotated[list[str], typer.Argument(help="URLs (or paths) to check.")],
    agent: Annotated[str, typer.Option("--agent", help="The crawler's product token.")],
    mode: Annotated[str, typer.Option(help="Matching mode: rfc or google.")] = "rfc",
    explain: Annotated[
        bool, typer.Option("--explain", help="Show the rule, line and group that decided.")
    ] = False,
) -> None:
    """Check URLs for one agent. Exit 0 if all are allowed, 1 if any is disallowed."""
    robots = _read(robots_file, mode)
    if not agent.strip():
        raise InputError("--agent is empty", hint="give a product token such as GPTBot")
    any_disallowed = False
    for url in urls:
        decision = robots.decision(url, agent)
        any_disallowed |= not decision.allowed
        word = "allowed" if decision.allowed else "disallowed"
        line = f"{word}\t{url}"
        if explain:
            line += f"\t{decision.explain()}"
        echo(line)
    if any_disallowed:
        raise typer.Exit(EXIT_FAILED_CHECK)


@app.command("lint")
@handles_errors
def lint(
    robots_file: Annotated[Path, typer.Argument(help="The robots.txt file.")],
    mode: Annotated[str, typer.Option(help="Parsing mode: rfc or google.")] = "rfc",
) -> None:
    """Report unknown directives, invalid tokens, unreachable rules, the size limit, and
    which known AI crawlers the file blocks. Exit 1 if there is an error-level finding."""
    robots = _read(robots_file, mode)
    report = lint_robots(robots)
    for finding in report.findings:
        echo(f"{robots_file}:{finding.line}: {finding.severity}: {finding.code}: {finding.message}")
    groups: dict[str, list[str]] = {"blocked": [], "partial": [], "allowed": []}
    for crawler in report.crawlers:
        groups[crawler.status].append(crawler.token)
    echo(f"AI crawlers blocked ({len(groups['blocked'])}): {', '.join(groups['blocked']) or '-'}")
    echo(
        f"AI crawlers partly blocked ({len(groups['partial'])}): "
        f"{', '.join(groups['partial']) or '-'}"
    )
    echo(
        f"AI crawlers not blocked ({len(groups['allowed'])}): {', '.join(groups['allowed']) or '-'}"
    )
    if not report.ok:
        raise typer.Exit(EXIT_FAILED_CHECK)
