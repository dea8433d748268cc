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

## The main job on the bundled examples: assess every example, then audit a synthetic crawl and
## build the frontier lab's dossier (into out/, leaving examples/ untouched).
DEMO_AS_OF ?= 2026-11-28
demo: $(STAMP)
	@for ws in examples/*/; do \
		echo; echo "=== gpaikit assess $$ws --as-of $(DEMO_AS_OF)"; \
		$(BIN)/gpaikit assess "$$ws" --as-of $(DEMO_AS_OF) || exit $$?; \
	done
	rm -rf out && mkdir -p out && cp -r examples/frontier-lab out/frontier-lab
	$(BIN)/gpaikit data sample --rows 200000 --out out/crawl
	$(BIN)/gpaikit data summarize out/crawl/manifest.parquet --out out/frontier-lab/artifacts/data-summary
	$(BIN)/gpaikit data audit out/crawl/manifest.parquet --robots out/crawl/robots.parquet \
		--tdmrep out/crawl/tdmrep.parquet --blocklist out/crawl/blocklist.txt --agent HeliosBot \
		--out out/frontier-lab/artifacts/opt-out-audit
	$(BIN)/gpaikit build out/frontier-lab --out out/site --as-of $(DEMO_AS_OF) --no-record
	$(BIN)/gpaikit incident list --dir out/frontier-lab --as-of $(DEMO_AS_OF)
	$(BIN)/gpaikit incident show INC-2026-002 --dir out/frontier-lab --as-of $(DEMO_AS_OF) --report initial --format markdown > out/INC-2026-002-initial.md
	$(BIN)/gpaikit calendar out/frontier-lab --as-of $(DEMO_AS_OF) --out out/deadlines.ics
	@echo; echo "Dossier: out/site/index.html (publish only out/site/public/); incident report: out/INC-2026-002-initial.md; calendar: out/deadlines.ics"

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
	rm -rf $(VENV) build dist out .pytest_cache .mypy_cache .ruff_cache
