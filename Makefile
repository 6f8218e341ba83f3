# Two commands set everything up on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.aeoloop-installed

export LITELLM_LOCAL_MODEL_COST_MAP := True

.PHONY: build test serve verify lint bench clean env

env: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/aeoloop build

test: $(STAMP)
	$(BIN)/python -m pytest -q

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

clean:
	rm -rf site .aeoloop
