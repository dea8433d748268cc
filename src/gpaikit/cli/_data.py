"""`gpaikit data`: training-data jobs over crawl manifests (summarize, audit, sample)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from gpaikit.cli._console import make_console
from gpaikit.cli._errors import handles_errors
from gpaikit.cli._safe import clean, echo_json, plain, text

app = typer.Typer(
    help="Training-data jobs: content statistics, the top-domain list, the opt-out audit.",
    no_args_is_help=True,
)
console = make_console()
progress_console = make_console(stderr=True)

EngineOpt = Annotated[
    str, typer.Option("--engine", help="duckdb (default, embedded) or spark (needs pyspark).")
]
MasterOpt = Annotated[
    str | None,
    typer.Option("--master", help="Spark master (default local[2], bound to 127.0.0.1)."),
]
FormatOpt = Annotated[str, typer.Option("--format", help="Output: text (default) or json.")]
RedactionOpt = Annotated[
    str,
    typer.Option(
        "--url-redaction",
        help="What URLs in the report lose: full (credentials, query, fragment; default), "
        "credentials (only user:password@), none (private reports only).",
    ),
]
InputFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--input-format",
        help="Force the manifest format: parquet, cc-index, csv, jsonl, cdx, warc.",
    ),
]


@contextmanager
def _progress(enabled: bool) -> Iterator[tuple[Callable[[str], None], Callable[[float], None]]]:
    """A stage line and a progress bar on stderr; both are no-ops when disabled."""
    if not enabled:
        yield (lambda _s: None), (lambda _f: None)
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=progress_console,
        transient=True,
    ) as bar:
        task = bar.add_task("starting", total=1.0)

        def stage(text: str) -> None:
            bar.update(task, description=text, completed=0.0)

        def advance(fraction: float) -> None:
            bar.update(task, completed=fraction)

        yield stage, advance


def _engine(name: str, master: str | None) -> Any:
    from gpaikit.data import make_engine

    return make_engine(name, master=master)


def _policy(redaction: str) -> Any:
    from gpaikit.data import url_policy

    if redaction not in ("full", "credentials", "none"):
        raise typer.BadParameter(
            "--url-redaction must be full, credentials or none", param_hint="--url-redaction"
        )
    return url_policy(redaction)  # type: ignore[arg-type]


def _check_format(fmt: str) -> None:
    if fmt not in ("text", "json"):
        raise typer.BadParameter("--format must be text or json")


def _print_summary(summary: dict[str, Any], out: Path) -> None:
    rows = summary["rows"]
    span = summary["time_span"]
    console.print(
        f"[bold]summarize[/] on {summary['engine']}: {rows['read']:,} rows read, "
        f"{rows['good']:,} good, {rows['bad']:,} bad; fetched {span['first']} to {span['last']}"
    )
    for note in summary["notes"]:
        console.print(Text.assemble(("note: ", "yellow"), clean(note)))
    doms = summary["domains"]
    top = doms["top"]
    psl = summary["public_suffix_list"]
    console.print(
        f"{doms['count']:,} registrable domains ({doms['hosts']:,} hosts; PSL {psl['version']}, "
        f"{psl['section']} section). Top-domain list (TS.2.3.domains): {top['listed']:,} under "
        f"the standard rule (top 10 %, {top['volume_share']:.1%} of volume), "
        f"{doms['top_sme']['listed']:,} under the SME rule (top 5 % or 1,000); the public "
        "summary takes the one of provider.size."
    )
    table = Table("rank", "domain", "bytes", "share")
    for row in doms["ranking_head"][:10]:
        table.add_row(
            str(row["rank"]), text(row["domain"]), f"{row['bytes']:,}", f"{row['share']:.2%}"
        )
    if doms["ranking_head"]:
        console.print(table)
    mods = Table("modality", "records", "bytes", "size", "template range")
    for name, entry in summary["modalities"].items():
        size = entry["size"]
        value = f"{size['value']:,} {size['unit']}" if size["value"] is not None else "-"
        mods.add_row(
            name, f"{entry['records']:,}", f"{entry['bytes']:,}", value, size["range"] or "-"
        )
    console.print(mods)
    for reason, info in summary["bad_rows"]["by_reason"].items():
        console.print(
            Text.assemble(
                ("bad rows ", "red"), clean(f"{reason}: {info['count']:,} ({info['meaning']})")
            )
        )
    console.print(text(f"written: {out}/summary.json, {out}/domains.parquet"))


@app.command("summarize")
@handles_errors
def summarize_cmd(
    manifests: Annotated[list[Path], typer.Argument(help="Manifest files or directories.")],
    out: Annotated[Path, typer.Option("--out", help="Output directory (replaced atomically).")],
    engine: EngineOpt = "duckdb",
    master: MasterOpt = None,
    fmt: FormatOpt = "text",
    input_format: InputFormatOpt = None,
    redaction: RedactionOpt = "full",
) -> None:
    """Volume per registrable domain, the top-domain list, size per modality, time span."""
    from gpaikit.data import summarize

    _check_format(fmt)
    policy = _policy(redaction)
    runner = _engine(engine, master)
    try:
        with _progress(fmt == "text") as (stage, advance):
            result = summarize(
                manifests,
                out,
                runner,
                fmt=input_format,
                progress=advance,
                stage=stage,
                policy=policy,
            )
    finally:
        runner.close()
    if fmt == "json":
        echo_json(result.summary)
    else:
        _print_summary(result.summary, out)


@app.command("sample")
@handles_errors
def sample_cmd(
    out: Annotated[Path, typer.Option("--out", help="Directory for the synthetic crawl.")],
    rows: Annotated[int, typer.Option("--rows", min=1, help="Number of fetched URLs.")] = 100_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (output is deterministic).")] = 7,
) -> None:
    """Write a realistic synthetic crawl: manifest, robots.txt and TDMRep captures, blocklist."""
    from gpaikit.data import write_sample

    with _progress(True) as (stage, _advance):
        stage(f"generating {rows:,} rows")
        info = write_sample(out, rows, seed=seed)
    console.print(
        text(
            f"{info.rows:,} fetches over {info.domains:,} domains ({info.hosts:,} hosts) in "
            f"{out}/:\n  manifest.parquet  robots.parquet  tdmrep.parquet  blocklist.txt"
        )
    )


def _print_audit(summary: dict[str, Any], out: Path, verdicts: bool = True) -> None:
    crawl = summary["crawl_verdicts"]
    ai = summary["ai_use_verdicts"]
    snaps = summary["robots_snapshots"]
    console.print(
        f"[bold]audit[/] on {summary['engine']} for {plain(', '.join(summary['agents']))}: "
        f"{summary['urls']:,} URLs; {snaps['captures']:,} robots.txt captures of "
        f"{snaps['hosts']:,} hosts ({snaps['distinct_files']:,} distinct files)"
    )
    console.print(
        f"crawl: {crawl['allowed']:,} allowed, [red]{crawl['disallowed']:,} disallowed[/], "
        f"[yellow]{crawl['unknown']:,} unknown[/]"
    )
    console.print(
        f"AI training use: {ai['allowed']:,} allowed, [red]{ai['reserved']:,} reserved[/], "
        f"[yellow]{ai['unknown']:,} unknown[/]; reserved by "
        + ", ".join(f"{k} {v:,}" for k, v in summary["reserved_by"].items())
    )
    labels = {
        "crawl": "fetched although robots.txt disallowed",
        "training": "2xx content whose AI training use is reserved",
        "unverified": "no usable robots.txt at fetch time",
    }
    for kind, label in labels.items():
        part = summary["violations"][kind]
        table = Table(
            "domain",
            "URLs",
            "bytes",
            "deciding rule",
            "sample URL",
            title=f"{kind}: {part['urls']:,} URLs on {part['domains']:,} domains ({label})",
        )
        for row in part["top_domains"][:8]:
            table.add_row(
                text(row["domain"]),
                f"{row['urls']:,}",
                f"{row['bytes']:,}",
                text(row["deciding_rule"] or "-"),
                text(row["sample_urls"][0]),
            )
        if part["top_domains"]:
            console.print(table)
    since = summary.get("reserved_since_fetch")
    if since is not None:
        table = Table(
            "domain",
            "signal",
            "URLs",
            "bytes",
            "reason",
            title=f"reserved since the fetch: {since['urls']:,} collected URLs on "
            f"{since['domains']:,} domains (drop them from the next training run)",
        )
        for row in since["top"][:8]:
            table.add_row(
                text(row["domain"]),
                text(row["signal"]),
                f"{row['urls']:,}",
                f"{row['bytes']:,}",
                text(row["reason"]),
            )
        if since["top"]:
            console.print(table)
        console.print(
            text(f"written: {out}/reserved_since_fetch.parquet, {out}/reserved-since-fetch/")
        )
    listed = f"{out}/audit.json, {out}/violations.parquet"
    listed += f", {out}/verdicts/" if verdicts else ""
    console.print(text(f"written: {listed}"))


@app.command("audit")
@handles_errors
def audit_cmd(
    manifests: Annotated[list[Path], typer.Argument(help="Manifest files or directories.")],
    robots: Annotated[
        list[Path],
        typer.Option("--robots", help="robots.txt captures: Parquet or WARC (repeatable)."),
    ],
    agent: Annotated[
        list[str], typer.Option("--agent", help="A product token the crawler honours (repeatable).")
    ],
    out: Annotated[Path, typer.Option("--out", help="Output directory (replaced atomically).")],
    blocklist: Annotated[
        Path | None, typer.Option("--blocklist", help="File of excluded domains, one per line.")
    ] = None,
    tdmrep: Annotated[
        list[Path] | None,
        typer.Option("--tdmrep", help="Captured /.well-known/tdmrep.json files (Parquet)."),
    ] = None,
    current_robots: Annotated[
        list[Path] | None,
        typer.Option(
            "--current-robots",
            help="Newer robots.txt captures (Parquet or WARC, repeatable): also report the "
            "collected URLs reserved now though not at fetch time.",
        ),
    ] = None,
    current_tdmrep: Annotated[
        list[Path] | None,
        typer.Option(
            "--current-tdmrep",
            help="Newer tdmrep.json captures (Parquet, repeatable), as --current-robots.",
        ),
    ] = None,
    engine: EngineOpt = "duckdb",
    master: MasterOpt = None,
    fmt: FormatOpt = "text",
    input_format: InputFormatOpt = None,
    redaction: RedactionOpt = "full",
    verdicts: Annotated[
        bool,
        typer.Option(
            "--verdicts/--no-verdicts",
            help="Write verdicts/ (one row per URL). --no-verdicts judges every URL as well "
            "but writes only audit.json and violations.parquet, reading the crawl once less.",
        ),
    ] = True,
) -> None:
    """Per URL: crawl verdict and AI-training-use verdict; violations by domain and volume."""
    from gpaikit.data import audit

    _check_format(fmt)
    policy = _policy(redaction)
    runner = _engine(engine, master)
    try:
        with _progress(fmt == "text") as (stage, advance):
            result = audit(
                manifests,
                out,
                runner,
                robots=robots,
                agents=agent,
                blocklist=blocklist,
                tdmrep=tdmrep or (),
                current_robots=current_robots or (),
                current_tdmrep=current_tdmrep or (),
                fmt=input_format,
                progress=advance,
                stage=stage,
                policy=policy,
                per_url=verdicts,
            )
    finally:
        runner.close()
    if fmt == "json":
        echo_json(result.summary)
    else:
        _print_audit(result.summary, out, verdicts)
