# The two commands of the README: `make site` builds site/, `make test` runs every test.
# Both create .venv/ on a fresh machine (only python3 is needed) and install the pinned packages.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
# Reproducible output: dates MkDocs writes (sitemap, gzip headers) come from the last commit.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: site serve test test-fast validate schemas bench lint lock clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

site: $(STAMP)
	$(BIN)/mkdocs build --strict

# The preview: --dirty rebuilds only the pages an edit changed, which strict mode would refuse
# (MkDocs warns about dirty builds), so the preview is not strict; `make site` and CI are.
PORT ?= 8000
SERVE_FLAGS ?= --dirty
serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload $(SERVE_FLAGS) --no-strict -a 127.0.0.1:$(PORT)

validate: $(STAMP)
	$(BIN)/factsheets validate facts

schemas: $(STAMP)
	$(BIN)/factsheets schemas

test: $(STAMP)
	$(BIN)/python -m pytest

# The unit and failure-mode tests: no browser, no MkDocs build, in seconds.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser"

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy generator

bench: $(STAMP)
	$(BIN)/python bench/run.py

lock: $(STAMP)
	$(BIN)/pip freeze --exclude-editable --all | grep -v '^pip==' > requirements.txt

clean:
	rm -rf site .venv .pytest_cache .hypothesis
