# Two entry points, both from a fresh clone with only Python 3.11+ installed:
#   make demo   create .venv, install, write the full report of data/actors.ttl into report/
#   make test   create .venv, install with test extras, run ruff, mypy and pytest (doctests, notebooks)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test check lock lint typecheck pytest notebooks clean-notebooks bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("stancegraph needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs exactly the tested versions (constraints.txt), so a new release of a dependency
# cannot break a fresh clone silently.
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

# Re-resolve the dependencies to their newest releases and record them in constraints.txt.
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade -e '.[test]'
	{ sed -n '1,2p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable | grep -v '^stancegraph'; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

demo: $(VENV)/.installed
	$(BIN)/stancegraph report --out report
	@echo "Open report/index.html in a browser (report/report.md is the same report in Markdown)."

# The notebooks, executed and rendered for reading: report/notebooks/*.html
notebooks: $(VENV)/.installed
	mkdir -p report/notebooks
	cd notebooks && ../$(BIN)/jupyter nbconvert --to html --execute --output-dir ../report/notebooks *.ipynb

# Strip outputs before committing notebooks (tests/test_notebooks.py checks it).
clean-notebooks: $(VENV)/.installed
	$(BIN)/jupyter nbconvert --clear-output --inplace notebooks/*.ipynb

test: lint typecheck pytest

# The fast loop while developing: lint, types and every test not marked slow (< 30 s; no
# notebooks, subprocesses, browser or golden files). CI runs `make test`.
check: lint typecheck $(VENV)/.installed
	$(BIN)/pytest -m "not slow" -q

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks examples
	$(BIN)/ruff format --check src tests benchmarks examples

typecheck: $(VENV)/.installed
	$(BIN)/mypy src

pytest: $(VENV)/.installed
	$(BIN)/pytest

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_alignment.py

clean:
	rm -rf $(VENV) report build dist .pytest_cache .mypy_cache .ruff_cache
