"""The dossier: a browsable static site with the assessment and every document per recipient."""

from gpaikit.dossier._build import (
    LEDGER_DIR,
    PROPOSED_FILE,
    BuildResult,
    build_documents,
    build_site,
)

__all__ = ["LEDGER_DIR", "PROPOSED_FILE", "BuildResult", "build_documents", "build_site"]
