# Two commands do all the set-up on a fresh Debian machine with Python 3.11:
#   make run    install what is missing, then launch the app on the bundled corpus
#   make test   install what is missing, then run the checks and the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test lint bench clean

$(STAMP): pyproject.toml scripts/system-deps.sh packaging/debian-packages.txt \
		assets/web-packages.json scripts/fetch_web_assets.py
	PYTHON=$(PYTHON) scripts/system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python scripts/fetch_web_assets.py
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/explorer

lint: setup
	$(BIN)/ruff check explorer tests bench scripts
	$(BIN)/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/bench_import.py --articles 10000

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
