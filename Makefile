# Two entry points, both from a fresh clone with only Python 3.11+ installed:
#   make demo   create .venv, install, write the full report of data/actors.ttl into report/
#   make test   create .venv, install with test extras, run ruff, mypy and pytest (doctests, notebooks)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck pytest notebooks bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("stancegraph needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/stancegraph report --out report
	$(BIN)/stancegraph notebooks-html --out report/notebooks 2>/dev/null || true

test: lint typecheck pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(VENV)/.installed
	$(BIN)/mypy src

pytest: $(VENV)/.installed
	$(BIN)/python -m ipykernel install --user --name stancegraph-venv --display-name "stancegraph (.venv)" >/dev/null
	$(BIN)/pytest

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_alignment.py

clean:
	rm -rf $(VENV) report build dist .pytest_cache .mypy_cache .ruff_cache
