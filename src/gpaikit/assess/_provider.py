"""Provider-level notes: the declared Code status against the public signatory list, and the
enforcement dates that frame every overdue obligation."""

from __future__ import annotations

import datetime as dt
import re

from gpaikit.assess._model import Reason
from gpaikit.law import Catalog, Signatory
from gpaikit.workspace import Provider

__all__ = ["provider_notes"]

CHAPTERS = ("transparency", "copyright", "safety_security")
_LEGAL_FORMS = re.compile(
    r"\b(inc|llc|ltd|plc|gmbh|ag|sa|sas|sarl|srl|s\.r\.l|s\.l|bv|b\.v|nv|ab|oy|e\.v|spa|s\.p\.a|"
    r"corp|corporation|company|co|platforms)\b\.?",
    re.IGNORECASE,
)


def _normalise(name: str) -> str:
    return " ".join(_LEGAL_FORMS.sub(" ", name.lower()).replace(",", " ").split())


def _match(provider: Provider, catalog: Catalog) -> Signatory | None:
    wanted = _normalise(provider.legal_name)
    for signatory in catalog.signatories():
        names = (signatory.name, *signatory.aliases)
        if any(_normalise(n) == wanted for n in names):
            return signatory
    return None


def provider_notes(provider: Provider, catalog: Catalog, as_of: dt.date) -> tuple[Reason, ...]:
    notes: list[Reason] = []
    signatory = _match(provider, catalog)
    declared = {c: getattr(provider.code_of_practice, c) for c in CHAPTERS}
    if signatory is not None:
        listed = set(signatory.chapters)
        for chapter in CHAPTERS:
            on_list = chapter in listed
            if (declared[chapter] == "signed") != on_list:
                notes.append(
                    Reason(
                        text=f"declared '{declared[chapter].replace('_', ' ')}' for the "
                        f"{chapter.replace('_', ' ')} chapter, but the signatory list "
                        f"({signatory.as_of}) says {signatory.status}"
                        f"{' for it' if on_list else ''}: check which is current",
                        citations=(signatory.id,),
                    )
                )
    if any(v == "not_signed" for v in declared.values()):
        notes.append(
            Reason(
                text="not a signatory of every chapter: for those chapters, compliance must be "
                "shown by other adequate means (typically a gap analysis against the Code), "
                "reported to the AI Office; expect more requests for information",
                citations=("AIA.53_4", "AIA.55_2", "GL.5_1.signatory_route"),
            )
        )
    start = catalog.date("DATE.enforcement_start")
    if as_of >= start:
        notes.append(
            Reason(
                text=f"since {start} the Commission can request information, evaluate, order "
                "measures and fine (up to 3 % of worldwide turnover or EUR 15 million)",
                citations=("DATE.enforcement_start", "AIA.101", "AIA.91", "AIA.93"),
            )
        )
    else:
        notes.append(
            Reason(
                text=f"the obligations apply already; fines and enforcement powers start {start}",
                citations=("DATE.enforcement_start", "AIA.101"),
            )
        )
    return tuple(notes)
