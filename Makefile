# Two commands do all the set-up on a fresh Debian machine with Python 3.11:
#   make run    install what is missing, then launch the app on the bundled corpus
#   make test   install what is missing, then run the checks and the test suite
#   make dist   build the installable one-folder app into dist/explorer/ (packaging/)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test lint bench bench-smoke clean translations dist dist-smoke

$(STAMP): pyproject.toml scripts/system-deps.sh packaging/debian-packages.txt \
		explorer/assets/web-packages.json scripts/fetch_web_assets.py \
		$(wildcard explorer/assets/translations/*.ts)
	PYTHON=$(PYTHON) scripts/system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python scripts/fetch_web_assets.py
	$(BIN)/python scripts/build_translations.py
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/explorer

lint: setup
	$(BIN)/ruff check explorer tests bench scripts
	$(BIN)/ruff format --check explorer tests bench scripts
	$(BIN)/lint-imports
	$(BIN)/mypy explorer

test: lint
	scripts/system-deps.sh packaging/debian-test-packages.txt
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# After changing UI strings: refresh the .ts (then translate the new entries, e.g. with
# pyside6-linguist) and rebuild the .qm.
translations: setup
	$(BIN)/pyside6-lupdate $$(ls explorer/gui/*.py explorer/gui/*/*.py) \
		-ts explorer/assets/translations/explorer_zh_CN.ts -no-obsolete -locations none
	$(BIN)/python scripts/build_translations.py

# The one-folder desktop app (packaging/explorer.spec), with PyInstaller from the `dist` extra.
DIST_STAMP := $(VENV)/.installed-dist
$(DIST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,dist]'
	touch $(DIST_STAMP)

dist: $(DIST_STAMP)
	$(BIN)/python scripts/render_icons.py build/icons
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/explorer.spec

# Run the built app as a user would (no Python, no network): window, exports, an import.
dist-smoke: dist
	$(BIN)/python scripts/smoke_dist.py dist/explorer

bench: setup
	$(BIN)/python bench/bench_import.py --articles 10000

# Every benchmark at a small size, so none can rot (CI, .ci/run): each must run to its
# name=value line. Real sizes and results: docs/benchmarks.md.
BENCH_TMP := $(shell mktemp -d -u -t explorer-bench-XXXXXX)
bench-smoke: setup
	mkdir -p $(BENCH_TMP)
	$(BIN)/python bench/make_corpus.py --articles 20 $(BENCH_TMP)/corpus
	$(BIN)/python bench/bench_extract.py --articles 50
	$(BIN)/python bench/bench_archive.py --articles 200 --workers 1,2 --batch-size 50
	$(BIN)/python bench/bench_fuzz.py --cases 200
	$(BIN)/python bench/bench_import.py --articles 100
	$(BIN)/python bench/bench_formats.py --files 5
	$(BIN)/python bench/bench_db_health.py --articles 100
	$(BIN)/python bench/bench_pg_search.py --articles 100 --runs 1  # a throw-away PostgreSQL
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_timeline.py --events 500
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_map.py --events 200
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_window.py --events 300 \
		--db $(BENCH_TMP)/window.sqlite3 --repeat 1
	rm -rf $(BENCH_TMP)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache
