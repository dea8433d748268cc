"""Benchmark of the document renderers (issue 11): build time per document and format.

For every view of the frontier lab's documents (MDF per recipient, public summary, copyright
policy, Safety & Security documents) it times the laid-out HTML page, Markdown, DOCX
(python-docx) and PDF (WeasyPrint from the same HTML), the median of ``--repeat`` runs, and
prints each format's time as a ratio to the HTML page of the same view, the named baseline
(the PDF is that page typeset; its ratio is the cost of the typesetting).

    python bench/render.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2

from gpaikit.dossier import build_documents
from gpaikit.forms import FormView, view
from gpaikit.render import _docx, _pdf, form_html, form_markdown
from gpaikit.render._docx import form_docx
from gpaikit.render._pdf import form_pdf
from gpaikit.workspace import load_workspace

REPO = Path(__file__).resolve().parents[1]
FORMATS: dict[str, Callable[[FormView, dict[str, Any]], Any]] = {
    "html": form_html,
    "md": form_markdown,
    "docx": form_docx,
    "pdf": form_pdf,
}


def _median(
    render: Callable[[FormView, dict[str, Any]], Any],
    v: FormView,
    meta: dict[str, Any],
    repeat: int,
) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        # the renderers keep what they made for a repeated document; time the work itself
        _pdf._typeset.cache_clear()
        _docx.document_docx.cache_clear()
        start = time.perf_counter()
        out = render(v, meta)
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "frontier-lab"
        shutil.copytree(REPO / "examples" / "frontier-lab", ws)
        documents, _ = build_documents(load_workspace(ws), as_of=dt.date(2026, 11, 28), ledger=None)
        form_pdf(view(documents[0].form, documents[0].form.spec.recipients[0]), {})  # warm up
        print(
            f"{'document':<18} {'view':<20} {'pages':>5} " + " ".join(f"{f:>16}" for f in FORMATS)
        )
        totals = dict.fromkeys(FORMATS, 0.0)
        for document in documents:
            for recipient in document.form.spec.recipients:
                v = view(document.form, recipient)
                meta = v.meta(document.meta())
                seconds: dict[str, float] = {}
                pages = 0
                for name, render in FORMATS.items():
                    seconds[name], out = _median(render, v, meta, args.repeat)
                    totals[name] += seconds[name]
                    if name == "pdf":
                        pages = len(pypdfium2.PdfDocument(out))
                cells = " ".join(
                    f"{seconds[f] * 1000:8.0f} ms {seconds[f] / seconds['html']:6.1f}x"
                    for f in FORMATS
                )
                print(f"{document.form.spec.id:<18} {recipient:<20} {pages:>5} {cells}")
        cells = " ".join(f"{totals[f]:8.2f} s  {totals[f] / totals['html']:6.1f}x" for f in FORMATS)
        print(f"{'all views':<18} {'':<20} {'':>5} {cells}")
        print("ratios: time of the format / time of the HTML page of the same view (baseline)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
