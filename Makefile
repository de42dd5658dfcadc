# The two commands: `make demo` and `make test`. Both create .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)
DB ?= ./demo.db
AS_OF ?= 2021-12-30
SCALES ?= 10000 100000
BACKENDS ?= sqlite,postgresql
PYTEST_ARGS ?=
BROWSER_DIR := tests/browser
BROWSER_STAMP := $(BROWSER_DIR)/node_modules/.installed-$(shell cat $(BROWSER_DIR)/package-lock.json | sha256sum | cut -c1-12)
DEMO_STAMP := $(VENV)/.demo-$(shell cat pyproject.toml | sha256sum | cut -c1-12)

.PHONY: demo test install browser check bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# The browser test's tools: Debian's chromium (never a browser download) and TimelineJS from npm.
browser: $(BROWSER_STAMP)
	@command -v chromium >/dev/null 2>&1 || { echo "chromium not found; installing the Debian package" >&2; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

$(BROWSER_STAMP): $(BROWSER_DIR)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm not found; installing the Debian package" >&2; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	cd $(BROWSER_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The demo needs the program alone, not the test extras (pytest, mypy).
$(DEMO_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e .
	rm -f $(VENV)/.demo-*
	touch $@

demo: $(DEMO_STAMP)
	bash .ci/demo $(DB) $(AS_OF)

test: install browser
	bash .ci/pytest $(PYTEST_ARGS)

# mypy --strict on the package as installed (cli/ and migrations/ live inside it there), then ruff check and ruff format --check.
check: install
	rm -rf .mypy-site build
	$(BIN)/python -m pip install --quiet --no-deps --target .mypy-site .
	MYPYPATH=.mypy-site $(BIN)/mypy -p crisis_timeline
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench --scales "$(SCALES)" --backends "$(BACKENDS)"

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis $(BROWSER_DIR)/node_modules tests/artifacts
