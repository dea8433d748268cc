# One task runner for developers and CI alike. Every target installs what it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
EXTRAS ?= dev,data,spark,docx,pdf

.PHONY: install demo test lint typecheck pytest bench clean docs

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	touch $(STAMP)

install: $(STAMP)

## The main job on the bundled examples.
demo: $(STAMP)
	@for ws in examples/*/; do \
		echo; echo "=== gpaikit assess $$ws --as-of 2026-11-28"; \
		$(BIN)/gpaikit assess "$$ws" --as-of 2026-11-28 || exit $$?; \
	done

## The whole test suite: lint, types, tests.
test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	bash scripts/ensure-browser.sh
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	@for b in bench/*.py; do echo "=== $$b"; $(BIN)/python $$b || exit $$?; done

## Regenerate docs/catalog.md and docs/cli.md (tests fail when they are stale).
docs: $(STAMP)
	$(BIN)/python scripts/gen_docs.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
