"""Fill a form from a context and validate it: every problem at once, each with its location."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from gpaikit._exceptions import Location
from gpaikit.forms._derive import FormContext, Sourced, derive, model_estimate, origin_of
from gpaikit.forms._shapes import answer_hint
from gpaikit.forms._spec import FormSpec, Item, load_forms
from gpaikit.forms._values import NA, check_value, parse_number
from gpaikit.workspace import WORKSPACE_FILE

__all__ = [
    "FilledForm",
    "FilledItem",
    "Problem",
    "fill",
    "is_required",
    "location_of",
    "unknown_answer_keys",
]

Source = Literal["answer", "derived", "proposed", "unset"]
Origin = Literal["answer", "fact", "artefact", "computation", "proposal"]
"""Where a value came from, finer than :data:`Source`: a typed answer, a declared workspace
fact, an artefact the provider already has, gpaikit's computation, or a card's proposal."""
Kind = Literal["missing", "invalid", "contradiction", "inconsistent", "length", "unknown"]
Severity = Literal["error", "missing", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding of validation.

    ``error`` with kind invalid, contradiction or unknown blocks a build (a malformed answer);
    an ``error`` of kind inconsistent (a consistency rule, ``rule`` is its catalog ID) is shown
    on the dossier and fails ``docs validate``; ``missing`` is a required item without a value,
    a gap, not an error; warnings never block.
    """

    severity: Severity
    kind: Kind
    form: str
    item: str
    message: str
    location: Location | None = None
    hint: str | None = None
    rule: str | None = None
    model: str | None = None

    @property
    def blocking(self) -> bool:
        return self.severity == "error" and self.kind in ("invalid", "contradiction", "unknown")

    def render(self) -> str:
        where = f"{self.location}: " if self.location and str(self.location) else ""
        fix = f" (how to fix: {self.hint})" if self.hint else ""
        rule = f" [{self.rule}]" if self.rule else ""
        return f"{where}{self.severity} {self.form} {self.item}{rule}: {self.message}{fix}"

    def to_json(self, root: Path | None = None) -> dict[str, Any]:
        """The problem as JSON; with ``root``, a file inside it is named relative to it."""
        loc = self.location
        file = str(loc.file) if loc and loc.file else None
        if file is not None and root is not None:
            inside = Path(file).resolve()
            if inside.is_relative_to(root.resolve()):
                file = inside.relative_to(root.resolve()).as_posix()
        return {
            "severity": self.severity,
            "kind": self.kind,
            "form": self.form,
            "item": self.item,
            "rule": self.rule,
            "model": self.model,
            "message": self.message,
            "file": file,
            "line": loc.line if loc else None,
            "hint": self.hint,
        }


@dataclass(frozen=True)
class FilledItem:
    item: Item
    value: Any
    source: Source
    origin: Origin | None = None

    @property
    def answered(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class FilledForm:
    spec: FormSpec
    model: str
    items: tuple[FilledItem, ...]
    problems: tuple[Problem, ...]

    def __iter__(self) -> Iterator[FilledItem]:
        return iter(self.items)

    def get(self, item_id: str) -> FilledItem:
        for filled in self.items:
            if filled.item.id == item_id:
                return filled
        raise KeyError(item_id)

    def value(self, item_id: str) -> Any:
        return self.get(item_id).value

    @property
    def blocking(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.blocking)

    def values(self) -> dict[str, Any]:
        """Item ID -> value (``None`` when unanswered), in spec order."""
        return {f.item.id: f.value for f in self.items}


def location_of(ctx: FormContext, item_id: str) -> Location:
    workspace = ctx.workspace
    index = workspace.models.index(ctx.model)
    line = workspace.line_of("models", index, "answers", item_id)
    if line is None:
        line = workspace.line_of("models", index)
    file = workspace.root / WORKSPACE_FILE if workspace.root is not None else WORKSPACE_FILE
    return Location(file=file, line=line, field=f"models[{index}].answers.{item_id}")


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {} or value == ""


def is_required(form: FilledForm, item: Item) -> bool:
    """Required now: by the spec, under its condition, unless its alternative is answered
    (the one rule behind "missing" problems and the completeness counts)."""
    if not item.required:
        return False
    cond = item.required_when
    if cond is not None and not any(cond.holds(form.value(i)) for i in cond.items()):
        return False
    return not (item.or_item and not _empty(form.value(item.or_item)))


def _magnitude(value: float) -> int:
    exponent = math.floor(math.log10(value))
    if 10.0 ** (exponent + 1) <= value:
        exponent += 1
    return exponent


def fill(spec: FormSpec, ctx: FormContext) -> FilledForm:
    """Values from explicit answers, then derivations, then proposed values; then validation."""
    problems: list[Problem] = []
    filled: list[FilledItem] = []
    answers = ctx.model.answers
    for item in spec.items():
        raw: Any = None
        source: Source = "unset"
        origin: Origin | None = None
        if item.id in answers and answers[item.id] is not None:
            raw, source, origin = answers[item.id], "answer", "answer"
        elif item.derived_from is not None:
            raw = derive(item.derived_from, ctx)
            origin = origin_of(item.derived_from)
            if isinstance(raw, Sourced):
                raw, origin = raw.value, raw.origin
            source = "derived" if raw is not None else "unset"
        if raw is None and item.id in ctx.proposed:
            raw, source, origin = ctx.proposed[item.id], "proposed", "proposal"
        value: Any = None
        if raw is not None:
            checked = check_value(item, raw, allow_unavailable=spec.allow_unavailable)
            value = checked.value
            where = location_of(ctx, item.id) if source == "answer" else None
            whence = "" if source == "answer" else f" ({source} value)"
            for message in checked.errors:
                problems.append(
                    Problem(
                        "error",
                        "invalid",
                        spec.id,
                        item.id,
                        message + whence,
                        where,
                        hint=item.help or None,
                    )
                )
            for message in checked.warnings:
                problems.append(Problem("warning", "length", spec.id, item.id, message, where))
            if checked.errors:
                value = None
        kept = value is not None
        filled.append(
            FilledItem(item, value, source if kept else "unset", origin if kept else None)
        )
    form = FilledForm(spec, ctx.model.name, tuple(filled), ())
    problems.extend(_rules(form, ctx))
    return FilledForm(spec, ctx.model.name, tuple(filled), tuple(problems))


def _yes_no(value: Any) -> str:
    return "yes" if value is True else "no" if value is False else str(value)


def _rules(form: FilledForm, ctx: FormContext) -> Iterator[Problem]:
    spec = form.spec
    for filled in form.items:
        item = filled.item
        loc = location_of(ctx, item.id)
        cond = item.required_when
        trigger = (
            next((i for i in cond.items() if cond.holds(form.value(i))), None) if cond else None
        )
        if is_required(form, item) and _empty(filled.value):
            why = ""
            if trigger is not None:
                value = form.value(trigger)
                why = f" because {trigger} is {_yes_no(value)}"
            if item.or_item:
                why += f" (or answer {item.or_item})"
            yield Problem(
                "missing",
                "missing",
                spec.id,
                item.id,
                f"'{item.label}' is required{why}",
                loc,
                hint=answer_hint(item, spec, index=ctx.workspace.models.index(ctx.model)),
            )
        if (
            cond is not None
            and cond.equals is True
            and all(form.value(i) is False for i in cond.items())
            and filled.source == "answer"
        ):
            gate = " and ".join(cond.items())
            yield Problem(
                "error",
                "contradiction",
                spec.id,
                item.id,
                f"answered although {gate} {'is' if len(cond.items()) == 1 else 'are'} no",
                loc,
                hint=f"remove the answer or answer {cond.item} with yes",
            )
        if filled.value == NA and item.na_requires and _empty(form.value(item.na_requires)):
            yield Problem(
                "missing",
                "missing",
                spec.id,
                item.id,
                f"N/A needs an explanation in {item.na_requires}",
                loc,
                hint=f"say in {item.na_requires} which information is missing",
            )
        if (
            filled.value is None
            or filled.value == NA
            or (isinstance(filled.value, dict) and set(filled.value) == {"unavailable"})
        ):
            continue
        if item.keys_of:
            yield from _keys(form, filled, loc)
        if item.subset_of:
            yield from _subset(form, filled, loc)
        if item.not_before:
            earlier = form.value(item.not_before)
            if (
                isinstance(earlier, str)
                and isinstance(filled.value, str)
                and filled.value < earlier
            ):
                yield Problem(
                    "warning",
                    "contradiction",
                    spec.id,
                    item.id,
                    f"{filled.value} is before {item.not_before} ({earlier})",
                    loc,
                )
        if item.bracket_of:
            yield from _bracket(form, filled, loc)
        if item.magnitude_of:
            yield from _magnitude_check(form, filled, loc)
        if item.band_of:
            yield from _band(form, filled, loc)
    yield from _compute_agreement(form, ctx)


def _compute_agreement(form: FilledForm, ctx: FormContext) -> Iterator[Problem]:
    if "MDF.CR.02b" not in form.spec.item_ids() or form.get("MDF.CR.02b").source != "derived":
        return
    found = model_estimate(ctx.model, ctx.catalog, ctx.workspace.root)
    if found is not None and found.agree is False:
        yield Problem(
            "warning",
            "contradiction",
            form.spec.id,
            "MDF.CR.02b",
            f"the architecture and hardware methods disagree (ratio {found.ratio:.2f}); "
            "the figure is the combined estimate",
            location_of(ctx, "MDF.CR.02b"),
            hint="check the parameter and token counts against the fleet hours and utilisation",
        )


def _ticked(form: FilledForm, item_id: str) -> list[str]:
    value = form.value(item_id)
    return [str(v) for v in value] if isinstance(value, list) else []


def _keys(form: FilledForm, filled: FilledItem, loc: Location) -> Iterator[Problem]:
    keys = {k.lower() for k in filled.value}
    wanted = [t.removeprefix("other: ") for t in _ticked(form, filled.item.keys_of or "")]
    missing = [t for t in wanted if t.lower() not in keys]
    if missing:
        yield Problem(
            "missing",
            "missing",
            form.spec.id,
            filled.item.id,
            f"no entry for {', '.join(missing)} (ticked in {filled.item.keys_of})",
            loc,
            hint="give one entry per ticked modality (or N/A as its value)",
        )


def _subset(form: FilledForm, filled: FilledItem, loc: Location) -> Iterator[Problem]:
    overall = set(_ticked(form, filled.item.subset_of or ""))
    extra = [v for v in filled.value if v not in overall]
    if overall and extra:
        yield Problem(
            "warning",
            "contradiction",
            form.spec.id,
            filled.item.id,
            f"{', '.join(extra)} not ticked in {filled.item.subset_of}",
            loc,
            hint=f"tick every modality of the data sources in {filled.item.subset_of}",
        )


def _bracket(form: FilledForm, filled: FilledItem, loc: Location) -> Iterator[Problem]:
    count = parse_number(form.value(filled.item.bracket_of or ""))
    if count is None:
        return
    option = next(o for o in filled.item.options if o.id == filled.value)
    if (option.low is not None and count < option.low) or (
        option.high is not None and count >= option.high
    ):
        yield Problem(
            "error",
            "contradiction",
            form.spec.id,
            filled.item.id,
            f"range '{option.label}' does not contain the parameter count {count:.3g} "
            f"({filled.item.bracket_of})",
            loc,
            hint="correct the range or the exact count; ranges include their lower bound",
        )


def _magnitude_check(form: FilledForm, filled: FilledItem, loc: Location) -> Iterator[Problem]:
    precise = parse_number(form.value(filled.item.magnitude_of or ""))
    if precise is None or precise <= 0:
        return
    expected = f"1e{_magnitude(precise)}"
    if filled.value != expected:
        yield Problem(
            "error",
            "contradiction",
            form.spec.id,
            filled.item.id,
            f"order of magnitude {filled.value} does not match {filled.item.magnitude_of} "
            f"= {form.value(filled.item.magnitude_of or '')} (expected {expected})",
            loc,
            hint="the national-authority figure is the AI Office figure's power of ten",
        )


def _band(form: FilledForm, filled: FilledItem, loc: Location) -> Iterator[Problem]:
    days = parse_number(form.value(filled.item.band_of or ""))
    if days is None:
        return
    option = next(o for o in filled.item.options if o.id == filled.value)
    low, high = option.low or 0.0, option.high or math.inf
    if low <= days < high:
        return
    near = min(abs(days - low), abs(days - high) if high != math.inf else math.inf)
    severity: Literal["error", "warning"] = "warning" if near <= 0.1 * max(low, 1) else "error"
    yield Problem(
        severity,
        "contradiction",
        form.spec.id,
        filled.item.id,
        f"band '{option.label}' does not match {days:g} wall-clock days ({filled.item.band_of})",
        loc,
        hint="month bands are approximate (30/90/180 days); check the period measured",
    )


def unknown_answer_keys(ctx: FormContext) -> list[Problem]:
    """Answers keyed by an ID that no form knows (usually a typo)."""
    known = {i for spec in load_forms() for i in spec.item_ids()}
    return [
        Problem(
            "error",
            "unknown",
            "-",
            key,
            "no form has an item with this ID",
            location_of(ctx, key),
            hint="check the ID against `gpaikit docs list`",
        )
        for key in sorted(ctx.model.answers)
        if key not in known
    ]
