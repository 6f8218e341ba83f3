# Two commands set everything up on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.aeoloop-installed

export LITELLM_LOCAL_MODEL_COST_MAP := True

.PHONY: build test check format-check serve verify lint bench bench-quick bench-serve clean env node

# The test suite runs ruff and mypy too (tests/test_static_checks.py); `make check` runs them alone.
# FORMAT=1 (the default) adds `ruff format --check`; the tree was reformatted in one commit
# (`.venv/bin/ruff format generator tests bench`); FORMAT=0 skips it.
FORMAT ?= 1
export AEOLOOP_FORMAT_CHECK := $(FORMAT)

env: $(STAMP)

# The independent structured-data validator used by the tests (pinned in package-lock.json).
NODE_STAMP := node_modules/.package-lock.json
node: $(NODE_STAMP)

$(NODE_STAMP): package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund; \
	else echo "npm not found: the structured-data validator tests will be skipped"; fi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/aeoloop build

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -q

# ruff (lint rules in pyproject.toml) and mypy (strict on the core modules, see pyproject.toml).
check: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy
	@if [ "$(FORMAT)" = "1" ]; then $(MAKE) --no-print-directory format-check; fi

format-check: $(STAMP)
	$(BIN)/ruff format --check generator tests bench

serve: $(STAMP)
	$(BIN)/aeoloop serve

verify: $(STAMP)
	$(BIN)/aeoloop verify

lint: $(STAMP)
	$(BIN)/aeoloop lint

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/lint_bench.py
	$(BIN)/python bench/llm_bench.py
	$(BIN)/python bench/ingest_bench.py

# The build-speed table at 300 pages (plain mkdocs, + llmstxt, aeoloop cold, CI, warm; 3 repeats):
# about 5 minutes on a quiet 2-core machine. Prints the table; RESULTS.md is left as it is.
bench-quick: $(STAMP)
	$(BIN)/python bench/run.py --quick

# Edit one page under `aeoloop serve` at 300 and 1,000 pages: seconds from the save to the rebuilt
# page on disk, CPU seconds per edit, peak RSS (bench/serve_edit.py; prints a table).
bench-serve: $(STAMP)
	$(BIN)/python bench/serve_edit.py --sizes 300,1000 --edits 4

clean:
	rm -rf site .aeoloop
