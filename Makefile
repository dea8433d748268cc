# One task runner for developers and CI alike. Every target installs what it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The native core (native/, package gpaikit-native, extra `fast`) is built from source by
# maturin with cargo; it is installed before gpaikit so that the `fast` extra is satisfied
# locally, and rebuilt (incrementally, in native/target) when its sources change. Without
# cargo, gpaikit installs without it and the pure-Python engine serves alone.
HAVE_CARGO := $(shell command -v cargo >/dev/null 2>&1 && echo yes)
EXTRAS ?= dev,data,spark,docx,pdf,server$(if $(HAVE_CARGO),$(comma)fast)
## A skipped test fails `make test` (a skip means a missing install step); NO_SKIPS=0 allows
## them, and is the default without cargo (the native core's tests then skip by design).
NO_SKIPS ?= $(if $(HAVE_CARGO),1,0)
comma := ,
NATIVE_STAMP := $(VENV)/.native-stamp
NATIVE_SRC := $(shell find native -path native/target -prune -o -type f \( -name '*.rs' \
	-o -name '*.toml' -o -name '*.pyi' -o -name 'Cargo.lock' \) -print)
NATIVE_INSTALL = $(if $(HAVE_CARGO),$(BIN)/python -m pip install --quiet $(1) ./native,\
	@echo "cargo not found: the native core is not built (the Python engine serves alone)")

.PHONY: install demo test lint typecheck pytest cargo-test bench clean docs serve screenshots

$(STAMP): pyproject.toml native/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(call NATIVE_INSTALL,)
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	touch $(STAMP) && touch $(NATIVE_STAMP)

$(NATIVE_STAMP): $(STAMP) $(NATIVE_SRC)
	$(call NATIVE_INSTALL,--force-reinstall --no-deps)
	touch $(NATIVE_STAMP)

install: $(STAMP) $(NATIVE_STAMP)
	@sh scripts/ensure-pdf.sh $(BIN)/python

## The main job on the bundled examples: assess every example, then audit a synthetic crawl and
## build the frontier lab's dossier (into out/, leaving examples/ untouched).
DEMO_AS_OF ?= 2026-11-28
demo: install
	@for yaml in examples/*/gpaikit.yaml; do ws=$$(dirname $$yaml); \
		echo; echo "=== gpaikit assess $$ws --as-of $(DEMO_AS_OF)"; \
		$(BIN)/gpaikit assess "$$ws" --as-of $(DEMO_AS_OF) || exit $$?; \
	done
	rm -rf out && mkdir -p out && cp -r examples/frontier-lab out/frontier-lab
	rm -rf out/frontier-lab/artifacts/opt-out-audit  # replaced by the audit of the demo's crawl
	$(BIN)/gpaikit data sample --rows 200000 --out out/crawl
	$(BIN)/gpaikit data summarize out/crawl/manifest.parquet --out out/frontier-lab/artifacts/data-summary
	$(BIN)/gpaikit data audit out/crawl/manifest.parquet --robots out/crawl/robots.parquet \
		--tdmrep out/crawl/tdmrep.parquet --blocklist out/crawl/blocklist.txt --agent HeliosBot \
		--out out/frontier-lab/artifacts/opt-out-audit
	$(BIN)/gpaikit keys generate out/demo.key
	$(BIN)/gpaikit build out/frontier-lab --out out/site --as-of $(DEMO_AS_OF) --no-record --sign out/demo.key
	$(BIN)/gpaikit verify out/site --key out/demo.key.pub --report out/verify-report.html
	$(BIN)/gpaikit incident list --dir out/frontier-lab --as-of $(DEMO_AS_OF)
	$(BIN)/gpaikit incident show INC-2026-002 --dir out/frontier-lab --as-of $(DEMO_AS_OF) --report initial --format markdown > out/INC-2026-002-initial.md
	$(BIN)/gpaikit calendar out/frontier-lab --as-of $(DEMO_AS_OF) --out out/deadlines.ics
	$(BIN)/gpaikit portal publish out/site --key out/demo.key.pub --db $(PORTAL_DB)
	$(BIN)/gpaikit portal sync-incidents out/frontier-lab --as-of $(DEMO_AS_OF) --db $(PORTAL_DB)
	@echo; echo "Dossier: out/site/index.html (publish only out/site/public/; signed, checked in out/verify-report.html); incident report: out/INC-2026-002-initial.md; calendar: out/deadlines.ics; portal database: out/portal.sqlite3 (make serve)"

## The provider's portal on the demo dossier, on loopback (Ctrl-C stops it). Plain HTTP on
## loopback only, hence --insecure-cookies; behind TLS, run `gpaikit serve` without it.
PORTAL_DB ?= sqlite:///out/portal.sqlite3
PORTAL_PORT ?= 8000
serve: install
	@test -f out/portal.sqlite3 || $(MAKE) demo
	$(BIN)/python scripts/portal_demo.py $(PORTAL_DB) http://127.0.0.1:$(PORTAL_PORT)
	$(BIN)/gpaikit serve --db $(PORTAL_DB) --host 127.0.0.1 --port $(PORTAL_PORT) \
		--title "Helios Frontier AI - AI Act portal" --insecure-cookies

## The whole test suite: lint, types, the native core's own tests (with proptest), tests.
test: lint typecheck cargo-test pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@if cargo fmt --version >/dev/null 2>&1; then cd native && cargo fmt --check; \
	else echo "rustfmt not installed: native/ format not checked"; fi

cargo-test:
	$(if $(HAVE_CARGO),cd native && cargo test --quiet -p gpaikit-core,@echo "cargo not found")

typecheck: install
	$(BIN)/mypy

pytest: install
	bash scripts/ensure-browser.sh
	bash scripts/ensure-postgres.sh
	GPAIKIT_NO_SKIPS=$(NO_SKIPS) $(BIN)/python -m pytest -q

bench: install
	@for b in bench/*.py; do echo "=== $$b"; $(BIN)/python $$b || exit $$?; done

## Page 1 of the example's MDF (AI Office), public summary and copyright policy PDFs as PNG
## images in docs/screenshots/ (shown in the README), and the portal's journeys in Chromium with
## their screenshots in docs/portal/.
screenshots: install
	$(BIN)/python scripts/screenshots.py
	bash scripts/ensure-browser.sh && bash scripts/ensure-postgres.sh
	GPAIKIT_SCREENSHOTS=docs/portal $(BIN)/python -m pytest -q tests/portal/test_portal_browser.py -k sqlite

## Regenerate docs/catalog.md, docs/cli.md and docs/workspace.md (tests fail when they are stale).
docs: install
	$(BIN)/python scripts/gen_docs.py

clean:
	rm -rf $(VENV) build dist out .pytest_cache .mypy_cache .ruff_cache native/target
