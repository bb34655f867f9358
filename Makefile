# warreport — the two commands the README starts with are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
WR     := $(VENV)/bin/warreport
DB     ?= build/demo.db
EXTRAS ?= server,scale,postgres,context,dev

.PHONY: venv demo serve test test-pg lint typecheck bench clean docs

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

## test-pg: the store-using tests that pin SQLite, again with each store a fresh PostgreSQL database
## (tests on `db_url` already run on both in `make test`)
## (needs WARREPORT_TEST_PG_URL, e.g. eval "$$(bash .ci/postgres.sh start)"; .ci/run does this)
PG_TESTS ?= tests/export tests/alerts tests/web tests/test_pipeline_ingest.py
test-pg: venv
	WARREPORT_TEST_STORES=postgres $(PY) -m pytest -q -m "not slow and not browser" $(PG_TESTS)

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
