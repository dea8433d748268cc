"""Regenerate the generated docs: docs/catalog.md and docs/cli.md (`make docs`).

`tests/test_docs.py` runs the same functions and fails when a committed file is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from gpaikit.cli._reference import generated_docs  # noqa: E402


def main() -> None:
    for relative, text in generated_docs().items():
        path = ROOT / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"updated {relative}")


if __name__ == "__main__":
    main()
