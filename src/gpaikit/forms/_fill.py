"""Fill a form from a context and validate it: every problem at once, each with its location."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from gpaikit._exceptions import Location
from gpaikit.forms._derive import FormContext, derive, model_estimate, top_domain_selection
from gpaikit.forms._spec import FormSpec, Item, load_forms
from gpaikit.forms._values import NA, check_value, parse_number
from gpaikit.workspace import WORKSPACE_FILE

__all__ = ["FilledForm", "FilledItem", "Problem", "fill", "unknown_answer_keys"]

Source = Literal["answer", "derived", "proposed", "unset"]
Kind = Literal["missing", "invalid", "contradiction", "length", "unknown"]


@dataclass(frozen=True)
class Problem:
    """One finding of validation. ``error`` blocks a build when ``kind`` is invalid or
    contradiction; ``missing`` items are shown as gaps; warnings never block."""

    severity: Literal["error", "warning"]
    kind: Kind
    form: str
    item: str
    message: str
    location: Location | None = None
    hint: str | None = None

    @property
    def blocking(self) -> bool:
        return self.severity == "error" and self.kind in ("invalid", "contradiction", "unknown")

    def render(self) -> str:
        where = f"{self.location}: " if self.location and str(self.location) else ""
        fix = f" (how to fix: {self.hint})" if self.hint else ""
        return f"{where}{self.severity} {self.form} {self.item}: {self.message}{fix}"

    def to_json(self) -> dict[str, Any]:
        loc = self.location
        return {
            "severity": self.severity,
            "kind": self.kind,
            "form": self.form,
            "item": self.item,
            "message": self.message,
            "file": str(loc.file) if loc and loc.file else None,
            "line": loc.line if loc else None,
            "hint": self.hint,
        }


@dataclass(frozen=True)
class FilledItem:
    item: Item
    value: Any
    source: Source

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


def _location(ctx: FormContext, item_id: str) -> Location:
    workspace = ctx.workspace
    index = workspace.models.index(ctx.model)
    line = workspace.line_of("models", index, "answers", item_id)
    if line is None:
        line = workspace.line_of("models", index)
    file = workspace.root / WORKSPACE_FILE if workspace.root is not None else WORKSPACE_FILE
    return Location(file=file, line=line, field=f"models[{index}].answers.{item_id}")


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {} or value == ""


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
        if item.id in answers and answers[item.id] is not None:
            raw, source = answers[item.id], "answer"
        elif item.derived_from is not None:
            raw = derive(item.derived_from, ctx)
            source = "derived" if raw is not None else "unset"
        if raw is None and item.id in ctx.proposed:
            raw, source = ctx.proposed[item.id], "proposed"
        value: Any = None
        if raw is not None:
            checked = check_value(item, raw, allow_unavailable=spec.allow_unavailable)
            value = checked.value
            where = _location(ctx, item.id) if source == "answer" else None
            origin = "" if source == "answer" else f" ({source} value)"
            for message in checked.errors:
                problems.append(
                    Problem(
                        "error",
                        "invalid",
                        spec.id,
                        item.id,
                        message + origin,
                        where,
                        hint=item.help or None,
                    )
                )
            for message in checked.warnings:
                problems.append(Problem("warning", "length", spec.id, item.id, message, where))
            if checked.errors:
                value = None
        filled.append(FilledItem(item, value, source if value is not None else "unset"))
    form = FilledForm(spec, ctx.model.name, tuple(filled), ())
    problems.extend(_rules(form, ctx))
    return FilledForm(spec, ctx.model.name, tuple(filled), tuple(problems))


def _yes_no(value: Any) -> str:
    return "yes" if value is True else "no" if value is False else str(value)


def _rules(form: FilledForm, ctx: FormContext) -> Iterator[Problem]:
    spec = form.spec
    for filled in form.items:
        item = filled.item
        loc = _location(ctx, item.id)
        cond = item.required_when
        trigger = (
            next((i for i in cond.items() if cond.holds(form.value(i))), None) if cond else None
        )
        needed = item.required and (cond is None or trigger is not None)
        if item.or_item and not _empty(form.value(item.or_item)):
            needed = False
        if needed and _empty(filled.value):
            why = ""
            if trigger is not None:
                value = form.value(trigger)
                why = f" because {trigger} is {_yes_no(value)}"
            if item.or_item:
                why += f" (or answer {item.or_item})"
            yield Problem(
                "error",
                "missing",
                spec.id,
                item.id,
                f"'{item.label}' is required{why}",
                loc,
                hint=f"answer it under models[].answers.{item.id} in {WORKSPACE_FILE}",
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
                "error",
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
    yield from _domains(form, ctx)
    yield from _compute_agreement(form, ctx)


def _compute_agreement(form: FilledForm, ctx: FormContext) -> Iterator[Problem]:
    if "MDF.CR.02b" not in form.spec.item_ids() or form.get("MDF.CR.02b").source != "derived":
        return
    found = model_estimate(ctx.model, ctx.catalog)
    if found is not None and found.agree is False:
        yield Problem(
            "warning",
            "contradiction",
            form.spec.id,
            "MDF.CR.02b",
            f"the architecture and hardware methods disagree (ratio {found.ratio:.2f}); "
            "the figure is the combined estimate",
            _location(ctx, "MDF.CR.02b"),
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
            "error",
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


def _domains(form: FilledForm, ctx: FormContext) -> Iterator[Problem]:
    if "TS.2.3.domains" not in form.spec.item_ids():
        return
    filled = form.get("TS.2.3.domains")
    selection = top_domain_selection(ctx)
    if filled.source != "answer" or not isinstance(filled.value, list) or selection is None:
        return
    listed = {d.lower() for d in filled.value}
    missing = [d for d in selection.get("domains", []) if d.lower() not in listed]
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        yield Problem(
            "error",
            "contradiction",
            form.spec.id,
            "TS.2.3.domains",
            f"the list lacks {len(missing)} of the top domains the rule requires "
            f"({selection.get('rule')}): {shown}",
            _location(ctx, "TS.2.3.domains"),
            hint="remove the explicit answer to use the data summary's list",
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
            _location(ctx, key),
            hint="check the ID against `gpaikit docs list`",
        )
        for key in sorted(ctx.model.answers)
        if key not in known
    ]
