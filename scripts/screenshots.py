"""Page 1 of the frontier lab's MDF (AI Office view), public summary and copyright policy PDFs,
as PNG images in docs/screenshots/ (the README shows them). Run by `make screenshots`.

The example is copied to a temporary folder first, so that the pages carry no git commit and
the images change only when the documents do.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

import pypdfium2

from gpaikit.dossier import build_documents
from gpaikit.forms import view
from gpaikit.render._pdf import form_pdf
from gpaikit.workspace import load_workspace

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"
AS_OF = dt.date(2026, 11, 28)
PAGES = {
    ("mdf", "ai_office"): "mdf-ai-office.png",
    ("training_summary", "public"): "public-summary.png",
    ("copyright_policy", "public"): "copyright-policy.png",
}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "frontier-lab"
        shutil.copytree(REPO / "examples" / "frontier-lab", ws)
        documents, _ = build_documents(load_workspace(ws), as_of=AS_OF, ledger=None)
        for document in documents:
            for recipient in document.form.spec.recipients:
                name = PAGES.get((document.form.spec.id, recipient))
                if name is None:
                    continue
                v = view(document.form, recipient)
                pdf = pypdfium2.PdfDocument(form_pdf(v, v.meta(document.meta())))
                image = pdf[0].render(scale=150 / 72).to_pil()
                image.save(OUT / name, optimize=True)
                print(f"docs/screenshots/{name}: {image.width}x{image.height}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
