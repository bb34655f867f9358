# warreport — the two commands the README starts with are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
WR     := $(VENV)/bin/warreport
DB     ?= build/demo.db
EXTRAS ?= server,scale,postgres,dev

.PHONY: venv demo serve test lint typecheck bench clean docs

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip setuptools wheel
	$(PIP) install -q -e ".[$(EXTRAS)]"
	touch $@

venv: $(VENV)/.installed

## demo: set up, ingest the bundled sample reports into build/demo.db, print the events, start the map
demo: venv
	mkdir -p build
	$(WR) --db $(DB) ingest src/warreport/data/samples
	$(WR) --db $(DB) events --limit 40
	$(WR) --db $(DB) serve $(SERVE_ARGS)

## test: set up, then lint, type-check and run the test suite
test: venv lint typecheck
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint:
	$(VENV)/bin/ruff check src tests bench

typecheck:
	$(VENV)/bin/mypy

## bench: throughput, memory and quality benchmarks, printed as tables
bench: venv
	$(PY) -m bench $(BENCH_ARGS)

## docs: regenerate the CLI reference from --help
docs: venv
	$(PY) -m warreport.docs_cli > docs/cli.md

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
