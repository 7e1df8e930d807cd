# Two commands on a fresh machine with only Python 3.11:
#   make serve   create .venv, install everything, serve the site with live reload
#   make site    same, but build the static site into site/
#   make test    create .venv, install everything, run ruff (lint and format), mypy and every test (in parallel)
#   make test-fast  the same without the slow tests (site builds, mkdocs serve, the browser)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The stamp records that .venv matches pyproject.toml; editing the dependencies reinstalls.
STAMP := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: venv serve site test test-fast lint bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml Makefile
	@if ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then \
		echo "creating $(VENV) with $(PYTHON)"; rm -rf $(VENV); $(PYTHON) -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "installing the package and its dependencies into $(VENV) (torch is large: a minute or two)"
	$(BIN)/python -m pip install --progress-bar on -e '.[dev]'
	@touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve

site: $(STAMP)
	$(BIN)/mkdocs build --strict

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python tools/check_templates.py

# Bytecode is written (to __pycache__/, which git ignores) even where the environment sets
# PYTHONDONTWRITEBYTECODE, as this build machine's does: the tests start Python hundreds of times
# (every command-line test, every pytest-xdist worker), and each start would compile the package
# again and pytest would rewrite every test module again (make test-fast: 56 s instead of 62 s).
test test-fast: export PYTHONDONTWRITEBYTECODE :=

# In parallel (pytest-xdist), three workers on the 2-core build machine: many tests wait on a
# loopback server, Chromium or a child's deadline, and a third worker uses that time. Each test
# file runs whole on one worker, and the files that share costly set-up share a worker
# (tests/scheduling.py: the site tests' MkDocs builds and Chromium, the torch imports); every
# test keeps to its own temporary folders and free loopback ports, and the params cache the
# workers share is written once under a lock (tests/counts_cache.py).
XDIST := -n 3 --dist loadfile

test: lint
	$(BIN)/python -m pytest $(XDIST)

test-fast: lint
	$(BIN)/python -m pytest -m "not slow" $(XDIST)

# Benchmarks print figures (bench/*.py); bench/lighthouse.py needs npm and Chromium too.
bench: $(STAMP)
	$(BIN)/python bench/params.py
	$(BIN)/python bench/links.py

clean:
	rm -rf site .pytest_cache .ruff_cache .mypy_cache
