"""Derivations of the training-data items: the data summary artefact of the own crawl, the
declared datasets and what their Hugging Face cards say (template sections 1.3 and 2)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from gpaikit.compute import significant
from gpaikit.forms._context import FormContext, summary_value
from gpaikit.forms._derive_model import Origin, Sourced, training_tokens
from gpaikit.forms._sizes import SIZE_UNITS, size_range_of
from gpaikit.law import Catalog
from gpaikit.workspace import Dataset

__all__ = [
    "DATA_DERIVATIONS",
    "SIZE_UNITS",
    "data_modalities",
    "dataset_modalities",
    "size_statement",
    "summary_modalities",
]

_TS = {"text": "text", "code": "text", "image": "image", "audio": "audio", "speech": "audio"}
_TS |= {"video": "video"}


def summary_modalities(ctx: FormContext) -> list[str]:
    """Modalities present in the data summary of the crawl (template names)."""
    found = summary_value(ctx, "modalities")
    return sorted(str(m) for m in found) if isinstance(found, Mapping) else []


def _ts_name(modality: str) -> str:
    return _TS.get(modality, f"other: {modality}")


def dataset_modalities(ctx: FormContext, dataset: Dataset) -> tuple[str, ...]:
    """Declared modalities, else those of the dataset's card."""
    if dataset.modalities:
        return tuple(dataset.modalities)
    facts = ctx.artefacts.datasets.get(dataset.name)
    return facts.modalities if facts else ()


def _languages(ctx: FormContext, dataset: Dataset) -> tuple[str, ...]:
    if dataset.languages:
        return dataset.languages
    facts = ctx.artefacts.datasets.get(dataset.name)
    return facts.languages if facts else ()


def data_modalities(ctx: FormContext) -> tuple[list[str], Origin] | None:
    """Every training-data modality (template names): the crawl's and the datasets'."""
    found = [_ts_name(m) for m in summary_modalities(ctx)]
    origin: Origin = "artefact" if found else "fact"
    for dataset in ctx.model.datasets:
        mods = dataset_modalities(ctx, dataset)
        if mods and not dataset.modalities:
            origin = "artefact"
        found += [_ts_name(m) for m in mods]
    ordered = sorted(dict.fromkeys(found), key=lambda m: (m.startswith("other"), m))
    return (ordered, origin) if ordered else None


def _modalities(mdf: bool) -> Callable[[FormContext], Any]:
    def derive(ctx: FormContext) -> Any:
        found = data_modalities(ctx)
        if found is None:
            return None
        values = ["images" if mdf and m == "image" else m for m in found[0]]
        return Sourced(values, found[1])

    return derive


def _crawl_modalities(ctx: FormContext) -> Any:
    found = summary_modalities(ctx)
    return [_ts_name(m) for m in found] or None


def size_statement(catalog: Catalog, modality: str, value: float) -> str | None:
    """The template's size range (TS.1.3.size) of ``value`` for text, image, audio or video
    (``None`` for another modality); boundary values count in the middle range."""
    found = size_range_of(modality, value, catalog=catalog) if modality in SIZE_UNITS else None
    return found.label if found else None


def _size_ranges(ctx: FormContext) -> Any:
    out: dict[str, str] = {}
    origin: Origin = "artefact"
    found = summary_value(ctx, "modalities")
    if isinstance(found, Mapping):
        for name in sorted(found):
            size = found[name].get("size", {}) if isinstance(found[name], Mapping) else {}
            if size.get("range"):
                out[name] = str(size["range"])
            elif size.get("value") is not None:
                out[name] = (
                    f"approximately {significant(float(size['value']), 2)} {size.get('unit')}"
                )
    tokens = training_tokens(ctx)
    if tokens is not None:
        # the runs' tokens are the whole training set; a crawl summary covers the crawl only
        out["text"] = size_statement(ctx.catalog, "text", tokens) or ""
        origin = "computation"
    return Sourced(out, origin) if out else None


def _language_text(ctx: FormContext) -> Any:
    found: list[str] = []
    carded = False
    for dataset in ctx.model.datasets:
        langs = _languages(ctx, dataset)
        carded = carded or (bool(langs) and not dataset.languages)
        found += langs
    if not found:
        return None
    ordered = ", ".join(dict.fromkeys(found))
    where = "the datasets' cards" if carded else "the declared datasets"
    return Sourced(
        f"Languages of the training data, from {where}: {ordered}.",
        "artefact" if carded else "fact",
    )


def _of(ctx: FormContext, *sources: str) -> list[Dataset]:
    return [d for d in ctx.model.datasets if d.source in sources]


def _used(*sources: str) -> Callable[[FormContext], Any]:
    def derive(ctx: FormContext) -> Any:
        if not ctx.model.datasets:
            return None
        return bool(_of(ctx, *sources))

    return derive


def _user_data(ctx: FormContext) -> Any:
    """No dataset of user data among the declared ones: no user data (template 2.4); with one,
    only the provider can say whether it came from the model or from other services."""
    if not ctx.model.datasets or _of(ctx, "user_data"):
        return None
    return False


def _mods_of(*sources: str) -> Callable[[FormContext], Any]:
    def derive(ctx: FormContext) -> Any:
        found: list[str] = []
        carded = False
        for dataset in _of(ctx, *sources):
            mods = dataset_modalities(ctx, dataset)
            if not mods:
                return None  # one dataset of unknown modality: the list would be incomplete
            carded = carded or not dataset.modalities
            found += [_ts_name(m) for m in mods]
        if not found:
            return None
        return Sourced(sorted(dict.fromkeys(found)), "artefact" if carded else "fact")

    return derive


def _large(ctx: FormContext) -> tuple[list[Dataset], list[Dataset]]:
    """Public datasets above the template's share of their modality, and the rest. Without
    every dataset's tokens the share is unknown and every dataset is listed as large."""
    public = _of(ctx, "public")
    share = ctx.catalog.value("TPL.datasets.large_share")
    by_modality: dict[str, list[Dataset]] = {}
    for dataset in public:
        for modality in dataset_modalities(ctx, dataset) or ("unknown",):
            by_modality.setdefault(_ts_name(modality), []).append(dataset)
    large: list[Dataset] = []
    for members in by_modality.values():
        if any(d.tokens is None for d in members):
            large += members
            continue
        total = sum(d.tokens or 0.0 for d in members)
        large += [d for d in members if total and (d.tokens or 0.0) / total > share]
    chosen = list(dict.fromkeys(large))
    return chosen, [d for d in public if d not in chosen]


def _describe(ctx: FormContext, dataset: Dataset) -> str:
    if dataset.url:
        return dataset.url
    if dataset.description:
        return dataset.description
    facts = ctx.artefacts.datasets.get(dataset.name)
    bits: list[str] = []
    licence = dataset.licence or (facts.licence if facts else None)
    if licence:
        bits.append(f"licence {licence}")
    langs = _languages(ctx, dataset)
    if langs:
        bits.append("languages " + ", ".join(langs))
    sizes = (
        (dataset.size_category,)
        if dataset.size_category
        else facts.size_categories
        if facts
        else ()
    )
    if sizes:
        bits.append(f"size category {sizes[0]}")
    return f"No link declared; {'; '.join(bits) or 'no metadata'}."


def _large_rows(ctx: FormContext) -> Any:
    if not _of(ctx, "public"):
        return None
    rows: list[dict[str, str]] = []
    for dataset in _large(ctx)[0]:
        row = {"name": dataset.name, "link": _describe(ctx, dataset)}
        if dataset.period:
            row["period"] = dataset.period
        rows.append(row)
    carded = any(d.card for d in _of(ctx, "public"))
    return Sourced(rows, "artefact" if carded else "fact")


def _rest(ctx: FormContext) -> Any:
    if not _of(ctx, "public"):
        return None
    rest = _large(ctx)[1]
    if not rest:
        return Sourced("None: every publicly available dataset used is listed above.", "fact")
    return Sourced(
        "Smaller publicly available datasets: " + ", ".join(d.name for d in rest) + ".",
        "computation",
    )


def _private_known(ctx: FormContext) -> Any:
    found = [d for d in _of(ctx, "private") if d.url]
    return [f"{d.name} ({d.url})" for d in found] or None


def _descriptions(source: str, lead: str) -> Callable[[FormContext], Any]:
    def derive(ctx: FormContext) -> Any:
        found = [d for d in _of(ctx, source) if source != "private" or not d.url]
        if not found or any(not d.description for d in found):
            return None
        return lead + " ".join(f"{d.name}: {d.description}" for d in found)

    return derive


def _crawls(ctx: FormContext) -> Any:
    if ctx.model.crawlers:
        return True
    return False if ctx.model.datasets else None


def _synthetic(ctx: FormContext) -> Any:
    runs = any(r.kind == "synthetic_data_generation" for r in ctx.model.training_runs)
    if runs or _of(ctx, "synthetic"):
        return True
    return False if ctx.model.datasets else None


def _provenance(ctx: FormContext) -> Any:
    found: list[str] = []
    if ctx.model.crawlers:
        found.append("web_crawling")
    options = {
        "public": "public_datasets",
        "licensed": "private_third_party",
        "private": "private_third_party",
        "user_data": "user_data",
        "synthetic": "synthetic",
    }
    for dataset in ctx.model.datasets:
        found.append(options.get(dataset.source, f"other: {dataset.name}"))
    if any(r.kind == "synthetic_data_generation" for r in ctx.model.training_runs):
        found.append("synthetic")
    return list(dict.fromkeys(found)) or None


DATA_DERIVATIONS: dict[str, Callable[[FormContext], Any]] = {
    "data.modalities": _modalities(mdf=True),
    "data.summary_modalities": _modalities(mdf=False),
    "data.crawl_modalities": _crawl_modalities,
    "data.size_ranges": _size_ranges,
    "data.languages": _language_text,
    "model.provenance": _provenance,
    "model.crawls": _crawls,
    "model.synthetic": _synthetic,
    "datasets.public_used": _used("public"),
    "datasets.public_modalities": _mods_of("public"),
    "datasets.public_large": _large_rows,
    "datasets.public_rest": _rest,
    "datasets.licensed_used": _used("licensed"),
    "datasets.licensed_modalities": _mods_of("licensed"),
    "datasets.private_used": _used("private"),
    "datasets.private_modalities": _mods_of("private"),
    "datasets.private_known": _private_known,
    "datasets.private_description": _descriptions(
        "private", "Private datasets not publicly known: "
    ),
    "datasets.synthetic_modalities": _mods_of("synthetic"),
    "datasets.user_data": _user_data,
    "datasets.other_used": _used("other"),
    "datasets.other_description": _descriptions("other", ""),
}
