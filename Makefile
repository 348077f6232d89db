# The two commands of the README: `make run` (set up, then chat in the console on demo data)
# and `make test` (set up, then run every test). Both create .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean i18n lock lock-upgrade test-latest

# The exact versions of requirements.lock, every file's hash checked; then the bot itself.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/chatbot run

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench.search_quality
	$(BIN)/python -m bench.search --quick

clean:
	rm -rf $(VENV) $(LATEST) .pytest_cache .mypy_cache .ruff_cache

# requirements.lock from pyproject.toml's ranges, after changing them: `lock` keeps the pinned
# versions the ranges still allow, `lock-upgrade` takes the newest of everything. Any Linux,
# macOS or Windows machine, Python 3.11 or newer; commit the file.
LOCK_COMPILE = $(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command 'make lock' --quiet -o requirements.lock

lock: | $(STAMP)
	$(LOCK_COMPILE)

lock-upgrade: | $(STAMP)
	$(LOCK_COMPILE) --upgrade

# The tests on the newest releases pyproject.toml's ranges allow (not the lock's), in a venv of
# their own: a release that breaks the bot shows here before a user installs it.
LATEST ?= .venv-latest
test-latest:
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/pip install --quiet --upgrade pip
	$(LATEST)/bin/pip install --quiet --upgrade -e '.[dev]'
	$(LATEST)/bin/pytest $(PYTEST_ARGS)

# Refresh the translation catalogues from the code (then translate the new French entries).
i18n: $(STAMP)
	$(BIN)/python scripts/update_catalogues.py
