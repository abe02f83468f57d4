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

.PHONY: serve test check install install-test system-packages pdf-tools browser postgres benchmark overview clean

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

# WeasyPrint (the PDF engine: handouts, certificates, plans, reports) needs Pango and a font
# from the system. Installed with apt when we are root; otherwise a message says what to run.
# The workshop itself runs without them; only printing needs them.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
system-packages:
	@if ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0' && fc-list 2>/dev/null | grep -qi 'dejavu'; then \
	  :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES); \
	else \
	  echo "Printing (PDF) needs: sudo apt-get install $(PDF_PACKAGES)"; \
	  echo "(or your system's Pango and DejaVu fonts). The workshop runs without them."; \
	fi

# The tests read the PDFs they print (pdftotext) and render pages to PNG (pdftoppm).
pdf-tools:
	@if command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then \
	  :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; \
	else \
	  echo "The PDF tests need pdftotext and pdftoppm: sudo apt-get install poppler-utils"; \
	fi

serve: install system-packages
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

# A PostgreSQL server for the programme-store tests (the tests start their own throwaway
# server from these binaries): Debian's package when we are root, else whatever is installed.
postgres:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then \
	  echo "postgresql: $$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null || command -v initdb)"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	else \
	  echo "postgresql: not installed; the PostgreSQL tests will be skipped"; \
	fi

test: install-test system-packages pdf-tools browser postgres
	$(BIN)/waspada check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

benchmark: install-test browser
	$(BIN)/python benchmarks/run.py --json test-artifacts/benchmark.json $(BENCHMARK_ARGS)

overview: install-test browser
	$(BIN)/python docs/img/overview.py

clean:
	rm -rf test-artifacts .pytest_cache
