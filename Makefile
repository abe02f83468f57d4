# Waspada: the two commands a facilitator or developer needs.
#   make serve            install (first time) and run the workshop server
#   make test             install the test tools and a browser, then run the whole suite
# Options: make serve PORT=9000 ARGS="--lan"   make test PYTEST_ARGS="-k maps"

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8866
ARGS ?=
PYTEST_ARGS ?=
BIN := $(VENV)/bin

.PHONY: serve test check install install-test browser benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

serve: install
	$(BIN)/waspada serve --port $(PORT) $(ARGS)

check: install
	$(BIN)/waspada check

# A browser for the browser tests: Debian's chromium when we are root (as in CI), else
# Playwright's own download. Nothing to do when one is already installed.
browser: install-test
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then \
	  echo "browser: $$(command -v chromium || command -v chromium-browser)"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
	  $(BIN)/python -m playwright install chromium; \
	fi

test: install-test browser
	$(BIN)/waspada check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

benchmark: install-test browser
	$(BIN)/python benchmarks/run.py --json test-artifacts/benchmark.json $(BENCHMARK_ARGS)

clean:
	rm -rf test-artifacts .pytest_cache
