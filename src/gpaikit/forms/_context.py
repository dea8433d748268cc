"""What a form is filled from: the workspace, the model, the catalog and the artefacts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gpaikit.forms._artefacts import ModelArtefacts
from gpaikit.law import Catalog
from gpaikit.workspace import Model, Workspace

__all__ = ["FormContext", "summary_value"]


@dataclass(frozen=True)
class FormContext:
    """Everything a form is filled from. ``data_summary`` is the JSON of ``gpaikit data
    summarize`` (``summary.json``); ``proposed`` holds imported values (e.g. a model card);
    ``supplied`` holds values another engine computed (the safety engine's ``safety.*``
    derivations), keyed by the derivation name a spec's ``derived_from`` uses; ``artefacts``
    what the model's config, weights and dataset cards say
    (:func:`~gpaikit.forms.load_artefacts`); ``placement`` the placement date the assessment
    found (internal use can place a model, AI Act Art. 3(9)), else the declared
    ``eu_placement_date`` stands."""

    workspace: Workspace
    model: Model
    catalog: Catalog
    data_summary: Mapping[str, Any] | None = None
    version: str | None = None
    date: dt.date | None = None
    proposed: Mapping[str, Any] = field(default_factory=dict)
    supplied: Mapping[str, Any] = field(default_factory=dict)
    artefacts: ModelArtefacts = field(default_factory=ModelArtefacts)
    placement: dt.date | None = None

    @property
    def placed_on(self) -> dt.date | None:
        """The date the model is (to be) placed on the market, as far as known."""
        return self.placement or self.model.eu_placement_date


def summary_value(ctx: FormContext, *keys: str) -> Any:
    """The data summary's value at ``keys`` (``None`` when absent)."""
    node: Any = ctx.data_summary
    for key in keys:
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return node
