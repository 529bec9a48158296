# The two commands of the README: `make site` builds site/, `make test` runs every test.
# Both create .venv/ on a fresh machine (only python3 is needed) and install the locked packages:
# `make site` the runtime ones (requirements.txt), `make test` the development ones on top
# (requirements-dev.txt). PYTHON=python3.12 make test uses another interpreter; the venv follows it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
# PYTHON as found on PATH, else as pyenv installed it (its shims answer only for the global version).
PYTHON_EXE := $(shell $(PYTHON) -c 'import sys; print(sys.executable)' 2>/dev/null || \
	ls -d $(HOME)/.pyenv/versions/*/bin/$(PYTHON) 2>/dev/null | sort -V | tail -1)
PYVER := $(shell $(PYTHON_EXE) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
VENV_MADE := $(VENV)/.python-$(PYVER)
SITE_STAMP := $(VENV)/.installed-site
STAMP := $(VENV)/.installed
PORT ?= 8000
# Material's end-of-life banner, nine lines on every run, says nothing a build log needs.
export NO_MKDOCS_2_WARNING := 1
# Reproducible output: dates MkDocs writes (sitemap, gzip headers) come from the last commit.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: site site-zensical serve test test-fast validate schemas bench lint lock clean

# A venv made by another Python (PYTHON changed) is made anew.
$(VENV_MADE):
	@test -n "$(PYVER)" || { echo "$(PYTHON) not found: set PYTHON to a Python 3.11 or newer"; exit 1; }
	@rm -rf $(VENV)
	@$(PYTHON_EXE) -m venv $(VENV)
	@touch $@

# The plugin is installed editable and without dependencies: the lock gave them.
$(SITE_STAMP): requirements.txt pyproject.toml $(VENV_MADE)
	@echo "installing the runtime packages into $(VENV)/ (Python $(PYVER))"
	@$(PIP) install --require-hashes -r requirements.txt
	@$(PIP) install --no-deps -e .
	@touch $@

$(STAMP): requirements-dev.txt $(SITE_STAMP)
	@echo "installing the test and development packages into $(VENV)/"
	@$(PIP) install --require-hashes -r requirements-dev.txt
	@touch $@

# The preview: --dirty rebuilds only the pages an edit changed, which strict mode would refuse
# (MkDocs warns about dirty builds), so the preview is not strict; `make site` and CI are.
SERVE_FLAGS ?= --dirty
serve: $(SITE_STAMP)
	$(BIN)/mkdocs serve --livereload $(SERVE_FLAGS) --no-strict -a 127.0.0.1:$(PORT)

# One line when it works: MkDocs' log lists each step and names the temporary folder it builds
# in. When it fails, every line but INFO. (`mkdocs build --quiet` is no way: it silences warnings
# before --strict can count them.) `factsheets site` builds beside site/ and swaps the new site in
# only when MkDocs passed: a failed build leaves the previous site/ as it was.
site: $(SITE_STAMP)
	@start=$$(date +%s%N); log=$$(mktemp); \
	if $(BIN)/factsheets site > $$log 2>&1; then \
		ms=$$(( ($$(date +%s%N) - start) / 1000000 )); rm -f $$log; \
		printf 'built %s pages into site/ in %d.%d s\n' $$(find site -name '*.html' | wc -l) $$((ms / 1000)) $$((ms % 1000 / 100)); \
	else grep -v '^INFO ' $$log; rm -f $$log; exit 1; fi

# The Zensical path: the pipeline writes the site's sources into .zensical/ (its own folder, so it
# never meets the build/ that `pip wheel` leaves), and Zensical (a development package) builds
# them into .zensical/site/.
site-zensical: $(STAMP)
	$(BIN)/factsheets build --out .zensical
	cd .zensical && ../$(BIN)/zensical build

validate: $(SITE_STAMP)
	$(BIN)/factsheets validate facts

schemas: $(SITE_STAMP)
	$(BIN)/factsheets schemas

test: $(STAMP)
	$(BIN)/python -m pytest

# The unit, golden and failure-mode tests: no browser, no MkDocs build, no process; on every core.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser" -n auto

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy generator
	$(BIN)/zizmor --offline --quiet .github/workflows

bench: $(STAMP)
	$(BIN)/python bench/run.py --zensical

# Universal locks (every Python from 3.11, every platform), with hashes. The development lock is
# constrained by the runtime one, so both install the same runtime versions.
lock: $(STAMP)
	$(BIN)/uv pip compile --quiet pyproject.toml --universal --python-version 3.11 --generate-hashes \
		-o requirements.txt
	$(BIN)/uv pip compile --quiet pyproject.toml --extra dev -c requirements.txt --universal \
		--python-version 3.11 --generate-hashes -o requirements-dev.txt

clean:
	rm -rf site .zensical .venv .pytest_cache .hypothesis dist build
