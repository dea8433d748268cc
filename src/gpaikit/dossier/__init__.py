"""The dossier: one browsable static site per audience, each with only that audience's items."""

from gpaikit.dossier._build import (
    LEDGER_DIR,
    PROPOSED_FILE,
    BuildResult,
    build_documents,
    build_site,
)
from gpaikit.dossier._checks import document_evidence
from gpaikit.dossier._site import AUDIENCES, unique_slugs

__all__ = [
    "AUDIENCES",
    "LEDGER_DIR",
    "PROPOSED_FILE",
    "BuildResult",
    "build_documents",
    "build_site",
    "document_evidence",
    "unique_slugs",
]
