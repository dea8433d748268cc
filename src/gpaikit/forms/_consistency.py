"""Consistency rules: the same fact, wherever it appears in a dossier, must say the same.

Each rule is a catalog entry (``CHK.*`` in ``law/data/consistency.yaml``: title, explanation,
the items it ties, severity, accepted ratio) and one stateless function here, registered
explicitly in :data:`RULES`; a test keeps the two sets equal. A rule returns
:class:`~gpaikit.forms.Problem` values of kind ``inconsistent`` with the file and line of the
value that disagrees, the rule's ID and a hint.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gpaikit._exceptions import GpaikitError, Location
from gpaikit.compute import estimate, run_inputs, significant, training_energy
from gpaikit.forms._context import FormContext
from gpaikit.forms._derive import top_domain_selection
from gpaikit.forms._derive_model import active_parameters
from gpaikit.forms._fill import FilledForm, FilledItem, Problem, location_of
from gpaikit.forms._values import NA, parse_number
from gpaikit.law import ConsistencyRule
from gpaikit.workspace import WORKSPACE_FILE

__all__ = ["RULES", "ConsistencyInputs", "check_consistency", "parse_size"]


@dataclass(frozen=True)
class ConsistencyInputs:
    """One model's filled documents (by form ID) with what they were filled from, and the
    compute figure the assessment classified the model with (``assessed_flop``; for a
    modifier that became provider, the modification's)."""

    ctx: FormContext
    forms: Mapping[str, FilledForm]
    assessed_flop: float | None = None

    def item(self, item_id: str) -> tuple[str, FilledItem] | None:
        for form_id, form in self.forms.items():
            if item_id in form.spec.item_ids():
                return form_id, form.get(item_id)
        return None

    def value(self, item_id: str) -> Any:
        found = self.item(item_id)
        return found[1].value if found else None


Check = Callable[[ConsistencyInputs, ConsistencyRule], Iterator[Problem]]


def _fact_location(inputs: ConsistencyInputs, *path: str | int) -> Location:
    """Where a workspace fact of this model is written (``models[i].<path>``)."""
    workspace = inputs.ctx.workspace
    index = workspace.models.index(inputs.ctx.model)
    line = workspace.line_of("models", index, *path) or workspace.line_of("models", index)
    file = workspace.root / WORKSPACE_FILE if workspace.root is not None else WORKSPACE_FILE
    field = f"models[{index}]" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    return Location(file=file, line=line, field=field)


def _where(inputs: ConsistencyInputs, item_id: str, *fact: str | int) -> Location:
    """The answer's line when the item was answered, else the fact it was derived from."""
    found = inputs.item(item_id)
    if found is not None and found[1].source == "answer":
        return location_of(inputs.ctx, item_id)
    return _fact_location(inputs, *fact) if fact else location_of(inputs.ctx, item_id)


def _problem(
    rule: ConsistencyRule,
    form: str,
    item: str,
    message: str,
    location: Location | None,
    hint: str,
) -> Problem:
    return Problem(
        rule.severity, "inconsistent", form, item, message, location, hint=hint, rule=rule.id
    )


def _outside(ratio: float, rule: ConsistencyRule) -> bool:
    low, high = rule.bounds or (1.0, 1.0)
    return not low <= ratio <= high


def _form_of(inputs: ConsistencyInputs, item_id: str) -> str:
    found = inputs.item(item_id)
    return found[0] if found else "-"


# --- CHK.parameters_artefacts ---------------------------------------------------------------


def _parameters(inputs: ConsistencyInputs, rule: ConsistencyRule) -> Iterator[Problem]:
    arts = inputs.ctx.artefacts
    model = inputs.ctx.model
    hint = "correct the typed count, or remove it and let gpaikit read the files"
    for index, run in enumerate(model.training_runs):
        config, weights = arts.counts.get(run.name, (None, None))
        if (
            config is not None
            and weights is not None
            and _outside(config.total / weights.total, rule)
        ):
            yield _problem(
                rule,
                "mdf",
                "MDF.MP.07",
                f"training run '{run.name}': config.json counts {config.total:,} parameters, the "
                f"safetensors headers {weights.total:,}",
                _fact_location(inputs, "training_runs", index, "config"),
                "point `config` and `weights` at the same model",
            )
        own = weights or config
        if run.params is not None and own is not None and _outside(run.params / own.total, rule):
            yield _problem(
                rule,
                "mdf",
                "MDF.MP.07",
                f"training run '{run.name}' declares params {run.params:.3g}, its files count "
                f"{own.total:,}",
                _fact_location(inputs, "training_runs", index, "params"),
                hint,
            )
    reference = arts.parameters
    if reference is None:
        return
    typed: list[tuple[float, Location, str]] = []
    if model.parameters is not None:
        typed.append((model.parameters, _fact_location(inputs, "parameters"), "parameters"))
    found = inputs.item("MDF.MP.07")
    if found is not None and found[1].source == "answer":
        number = parse_number(found[1].value)
        if number is not None:
            typed.append((number, location_of(inputs.ctx, "MDF.MP.07"), "MDF.MP.07"))
    for value, where, what in typed:
        if _outside(value / reference.total, rule):
            yield _problem(
                rule,
                "mdf",
                "MDF.MP.07",
                f"{what} is {value:.3g}, but {reference.source} counts {reference.total:,} "
                f"parameters (training run '{arts.parameters_run}')",
                where,
                hint,
            )


# --- CHK.compute_assessment -----------------------------------------------------------------


def _compute(inputs: ConsistencyInputs, rule: ConsistencyRule) -> Iterator[Problem]:
    found = inputs.item("MDF.CR.02b")
    value = parse_number(found[1].value) if found else None
    if value is None or inputs.assessed_flop is None or inputs.assessed_flop <= 0:
        return
    if _outside(value / inputs.assessed_flop, rule):
        yield _problem(
            rule,
            "mdf",
            "MDF.CR.02b",
            f"the MDF reports {found[1].value if found else value} FLOP, the assessment "
            f"classified the model with {significant(inputs.assessed_flop, 2)} FLOP",
            _where(inputs, "MDF.CR.02b", "training_compute_flop"),
            "remove the answer so the MDF takes the assessment's figure, or correct the "
            "declared compute and training runs",
        )


# --- CHK.tokens_size_range ------------------------------------------------------------------

_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "t": 1e12,
}
_NUMBER = re.compile(
    r"(\d+(?:[.,]\d+)*(?:e[+-]?\d+)?)\s*(thousand|trillion|billion|million|bn|mn|k|m|b|t)?(?![a-z])"
)
_BELOW = re.compile(r"\b(?:less than|below|under|fewer than|up to|lt)\b|<")
_ABOVE = re.compile(r"\b(?:more than|above|over|greater than|gt)\b|>")
_KNOWN_WORDS = re.compile(
    r"\b(?:less|than|below|under|fewer|up|to|more|above|over|greater|about|approximately|"
    r"approx|around|roughly|some|lt|gt|between|and|tokens?|thousand|million|billion|trillion|"
    r"bn|mn|k|m|b|t|e)\b"
)


def _numbers(text: str) -> list[float]:
    found: list[float] = []
    for digits, scale in _NUMBER.findall(text):
        cleaned = digits.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", digits) else digits
        try:
            value = float(cleaned.replace(",", "."))
        except ValueError:
            continue
        found.append(value * _SCALES.get(scale, 1.0))
    return found


def parse_size(statement: str) -> tuple[float, float, bool] | None:
    """A size statement in tokens as ``(low, high, exact)``: a template range ("1 billion to
    10 trillion tokens", "More than 10 trillion tokens", an option ID such as ``1b_10t``) or
    an approximate size ("about 1.8e13 tokens", ``exact`` True). ``None`` when the statement
    is in another unit or has no number."""
    text = statement.lower().replace("_", " ").replace("-", " to ")
    rest = _KNOWN_WORDS.sub(" ", _NUMBER.sub(" ", text))
    if re.sub(r"[\d.,+<>()%:]+", " ", rest).strip():
        return None  # a unit or word the rule does not know (bytes, words, documents)
    numbers = _numbers(text)
    if not numbers:
        return None
    if len(numbers) >= 2:
        return min(numbers[:2]), max(numbers[:2]), False
    if _BELOW.search(text):
        return 0.0, numbers[0], False
    if _ABOVE.search(text):
        return numbers[0], math.inf, False
    return numbers[0], numbers[0], True


def _training_tokens_row(value: Any) -> tuple[float, int] | None:
    if not isinstance(value, list):
        return None
    for index, row in enumerate(value):
        if not isinstance(row, Mapping):
            continue
        split, unit = str(row.get("split", "")).lower(), str(row.get("unit", "")).lower()
        if "train" in split and "token" in unit:
            number = parse_number(row.get("value"))
            if number is not None:
                return number, index
    return None


def _tokens(inputs: ConsistencyInputs, rule: ConsistencyRule) -> Iterator[Problem]:
    row = _training_tokens_row(inputs.value("MDF.DA.04a"))
    sizes = inputs.value("TS.1.3.size")
    if row is None or not isinstance(sizes, Mapping):
        return
    statement = next((str(v) for k, v in sizes.items() if str(k).lower() == "text"), None)
    parsed = parse_size(statement) if statement else None
    if parsed is None:
        return
    low, high, exact = parsed
    tokens = row[0]
    if exact:
        bad = _outside(tokens / low, rule) if low > 0 else True
    else:
        bad = not (low <= tokens <= high)
    if bad:
        yield _problem(
            rule,
            "training_summary",
            "TS.1.3.size",
            f"the summary states '{statement}' for text, the MDF {tokens:.3g} training tokens "
            "(MDF.DA.04a)",
            _where(inputs, "TS.1.3.size"),
            "state the range that holds the MDF's token count (remove the answer to derive it), "
            "or correct MDF.DA.04a",
        )


# --- CHK.modalities_data --------------------------------------------------------------------

_AS_DATA = {"code": "text", "speech": "audio", "images": "image"}


def _plain(value: str) -> str:
    name = value.removeprefix("other: ").strip().lower()
    return _AS_DATA.get(name, name)


def _modalities(inputs: ConsistencyInputs, rule: ConsistencyRule) -> Iterator[Problem]:
    mods = inputs.ctx.model.modalities
    model = {_plain(m) for m in (*mods.input, *mods.output)}
    if not model:
        return
    for item_id in ("TS.1.3.mod", "MDF.DA.01"):
        value = inputs.value(item_id)
        if not isinstance(value, list):
            continue
        extra = sorted({_plain(str(v)) for v in value} - model)
        if extra:
            yield _problem(
                rule,
                _form_of(inputs, item_id),
                item_id,
                f"training data in {', '.join(extra)}, which the model neither takes nor "
                f"produces (model modalities: {', '.join(sorted(model))})",
                _where(inputs, item_id, "modalities"),
                "build the data summary from the training subset only, or declare the model's "
                "modalities completely",
            )


# --- CHK.energy_fleet -----------------------------------------------------------------------


def _run_flop(inputs: ConsistencyInputs, names: set[str]) -> float | None:
    """The summed cumulative compute of the named runs, or None when one is unknown."""
    total = 0.0
    for run in inputs.ctx.model.training_runs:
        if run.name not in names:
            continue
        try:
            stages, fleet = run_inputs(run, inputs.ctx.workspace.root)
            if not stages and not fleet:
                return None
            total += estimate(stages, fleet, catalog=inputs.ctx.catalog).cumulative_flop
        except GpaikitError:
            return None
    return total


def fleet_reference(inputs: ConsistencyInputs) -> float | None:
    """Energy the declared fleets can draw, in MWh; runs without a fleet or meter reading are
    added in proportion to their compute (``None`` when that is unknown too)."""
    try:
        found = training_energy(inputs.ctx.model.training_runs, inputs.ctx.catalog)
    except GpaikitError:
        return None
    if found is None or found.mwh <= 0:
        return None
    if not found.missing:
        return found.mwh
    known = _run_flop(inputs, {p.run for p in found.parts})
    other = _run_flop(inputs, set(found.missing))
    if not known or other is None:
        return None
    return found.mwh * (known + other) / known


def _energy(inputs: ConsistencyInputs, rule: ConsistencyRule) -> Iterator[Problem]:
    found = inputs.item("MDF.EN.01")
    if found is None or found[1].value in (None, NA) or found[1].source != "answer":
        return
    value = parse_number(found[1].value)
    reference = fleet_reference(inputs)
    if value is None or reference is None:
        return
    ratio = value / reference
    if not _outside(ratio, rule):
        return
    unit = ""
    if 300 <= ratio <= 3000:
        unit = " (about 1,000 times more: kWh typed as MWh?)"
    elif 1 / 3000 <= ratio <= 1 / 300:
        unit = " (about 1,000 times less: GWh typed as MWh?)"
    yield _problem(
        rule,
        "mdf",
        "MDF.EN.01",
        f"{found[1].value} MWh is {ratio:.3g} times the {significant(reference, 2)} MWh the "
        f"declared fleet can draw{unit}",
        location_of(inputs.ctx, "MDF.EN.01"),
        "give the energy in MWh, or check the fleet's accelerators, hours, board power and PUE; "
        "remove the answer to use gpaikit's estimate",
    )


# --- CHK.inference_compute ------------------------------------------------------------------

_TOKENS = re.compile(
    r"(\d[\d,._]*(?:\.\d+)?(?:e[+-]?\d+)?)\s*(thousand|million|billion|k|m|b)?\s*"
    r"(?:output |input )?tokens?",
    re.IGNORECASE,
)


def benchmark_tokens(text: str) -> float | None:
    """The token count a methodology text names ("generating 100,000 tokens", "1e5 tokens")."""
    match = _TOKENS.search(text)
    if not match:
        return None
    numbers = _numbers(f"{match.group(1)} {match.group(2) or ''}".lower())
    return numbers[0] if numbers else None


def _inference(inputs: ConsistencyInputs, rule: ConsistencyRule) -> Iterator[Problem]:
    found = inputs.item("MDF.EN.03")
    if found is None or found[1].source != "answer":
        return
    value = parse_number(found[1].value)
    bench = inputs.ctx.model.inference_benchmark
    method = inputs.value("MDF.EN.04")
    tokens = (
        bench.tokens if bench else benchmark_tokens(method) if isinstance(method, str) else None
    )
    active = active_parameters(inputs.ctx)
    if value is None or tokens is None or not active:
        return
    per_token = inputs.ctx.catalog.value("PAR.flop_per_param_token_forward")
    expected = per_token * active * tokens
    ratio = value / expected
    if _outside(ratio, rule):
        yield _problem(
            rule,
            "mdf",
            "MDF.EN.03",
            f"{found[1].value} FLOP is {ratio:.3g} times {per_token:g} x {active:.3g} active "
            f"parameters x {tokens:.3g} tokens = {significant(expected, 2)} FLOP",
            location_of(inputs.ctx, "MDF.EN.03"),
            "check the figure and the token count of the benchmark task; remove the answer and "
            "declare inference_benchmark to let gpaikit estimate it",
        )


# --- CHK.top_domains ------------------------------------------------------------------------


def _top_domains(inputs: ConsistencyInputs, rule: ConsistencyRule) -> Iterator[Problem]:
    selection = top_domain_selection(inputs.ctx)
    if selection is None or inputs.item("TS.2.3.domains") is None:
        return
    listed = inputs.value("TS.2.3.domains")
    if isinstance(listed, list):
        have = {str(d).lower() for d in listed}
        lacking = [d for d in selection.get("domains", []) if str(d).lower() not in have]
        if lacking:
            shown = ", ".join(lacking[:5]) + (" ..." if len(lacking) > 5 else "")
            yield _problem(
                rule,
                "training_summary",
                "TS.2.3.domains",
                f"the list lacks {len(lacking)} of the {selection.get('required')} top domains "
                f"the rule requires ({selection.get('rule')}): {shown}",
                _where(inputs, "TS.2.3.domains"),
                "remove the explicit answer to use the data summary's list",
            )
    statement = inputs.item("TS.2.3.domains_rule")
    required = selection.get("required")
    if statement is not None and statement[1].source == "answer" and required is not None:
        numbers = {int(n) for n in re.findall(r"\d+", str(statement[1].value).replace(",", ""))}
        if int(required) not in numbers:
            yield _problem(
                rule,
                "training_summary",
                "TS.2.3.domains_rule",
                f"the rule statement does not name the {required} domains the data summary "
                f"selects under the provider's rule ({selection.get('rule')})",
                location_of(inputs.ctx, "TS.2.3.domains_rule"),
                "remove the answer so the summary states the data summary's rule and count",
            )


# --- CHK.crawl_audit ------------------------------------------------------------------------


def _crawl_audit(inputs: ConsistencyInputs, rule: ConsistencyRule) -> Iterator[Problem]:
    model = inputs.ctx.model
    declared = bool(model.crawlers) or inputs.value("TS.2.3.used") is True
    audit: Path | None = inputs.ctx.artefacts.audit_file
    if declared and audit is None:
        yield _problem(
            rule,
            _form_of(inputs, "TS.2.3.used"),
            "TS.2.3.used",
            "crawling is declared but no opt-out audit of the crawl is in the workspace",
            _where(inputs, "TS.2.3.used", "crawlers"),
            "run `gpaikit data audit MANIFEST --robots ... --out "
            "artifacts/opt-out-audit` on the crawl",
        )
    elif audit is not None and not declared:
        yield _problem(
            rule,
            _form_of(inputs, "TS.2.3.used"),
            "TS.2.3.used",
            f"an opt-out audit ({audit.name}) is present but no crawler is declared",
            _where(inputs, "TS.2.3.used", "crawlers"),
            "declare the crawlers under `crawlers:`, or remove the audit of someone else's crawl",
        )


RULES: dict[str, Check] = {
    "CHK.parameters_artefacts": _parameters,
    "CHK.compute_assessment": _compute,
    "CHK.tokens_size_range": _tokens,
    "CHK.modalities_data": _modalities,
    "CHK.energy_fleet": _energy,
    "CHK.inference_compute": _inference,
    "CHK.top_domains": _top_domains,
    "CHK.crawl_audit": _crawl_audit,
}


def check_consistency(inputs: ConsistencyInputs) -> list[Problem]:
    """Every violation of every consistency rule of the catalog, in catalog order."""
    found: list[Problem] = []
    for rule in inputs.ctx.catalog.consistency_rules():
        name = inputs.ctx.model.name
        found.extend(dataclasses.replace(p, model=name) for p in RULES[rule.id](inputs, rule))
    return found
