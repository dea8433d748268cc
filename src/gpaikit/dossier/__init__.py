"""The dossier: one browsable static site per audience, each with only that audience's items,
signed per audience (``gpaikit build --sign``) and verifiable on its own (``gpaikit verify``)."""

from gpaikit.dossier._build import (
    LEDGER_DIR,
    PROPOSED_FILE,
    BuildResult,
    build_documents,
    build_site,
)
from gpaikit.dossier._checks import document_evidence
from gpaikit.dossier._consistency import SITE_RULES
from gpaikit.dossier._manifest import (
    ENVELOPE_FILE,
    PREDICATE_TYPE,
    PUBLIC_KEY_FILE,
    catalog_version,
)
from gpaikit.dossier._report import verify_report_html
from gpaikit.dossier._result import CHECKS, Check, SiteReport
from gpaikit.dossier._site import AUDIENCES, unique_slugs
from gpaikit.dossier._verify import VerifyOptions, verify_path, verify_weights_file

__all__ = [
    "AUDIENCES",
    "CHECKS",
    "ENVELOPE_FILE",
    "LEDGER_DIR",
    "PREDICATE_TYPE",
    "PROPOSED_FILE",
    "PUBLIC_KEY_FILE",
    "SITE_RULES",
    "BuildResult",
    "Check",
    "SiteReport",
    "VerifyOptions",
    "build_documents",
    "build_site",
    "catalog_version",
    "document_evidence",
    "unique_slugs",
    "verify_path",
    "verify_report_html",
    "verify_weights_file",
]
