"""The dossier: a browsable static site with the assessment and every document per recipient."""

from gpaikit.dossier._build import (
    LEDGER_DIR,
    PROPOSED_FILE,
    BuildResult,
    build_documents,
    build_site,
)
from gpaikit.dossier._checks import document_evidence

__all__ = [
    "LEDGER_DIR",
    "PROPOSED_FILE",
    "BuildResult",
    "build_documents",
    "build_site",
    "document_evidence",
]
