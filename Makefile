# Thaogo: `make demo` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DATE ?= today
HOST ?= 127.0.0.1:8000

.PHONY: demo test lint format messages install install-test system-deps clean

$(BIN)/thaogo: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

install: $(BIN)/thaogo

$(VENV)/.test-deps: $(BIN)/thaogo
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install-test: $(VENV)/.test-deps

# What the tests need from the system: Debian's Chromium for the browser tests (Playwright
# cannot download browsers here) and GNU gettext to check the translation catalogue.
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! command -v xgettext >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium gettext >/dev/null; \
	  else echo "Install Debian's packages first: sudo apt-get install chromium gettext" >&2; exit 1; fi; \
	fi

demo: install
	mkdir -p var
	DEBUG=true $(BIN)/thaogo migrate --no-input
	DEBUG=true $(BIN)/thaogo loaddemo --as-of $(DEMO_DATE)
	DEBUG=true $(BIN)/thaogo runserver $(HOST)

test: install-test system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-extract and compile the translation catalogues (needs GNU gettext).
messages: install
	cd thaogo && DEBUG=true ../$(BIN)/thaogo makemessages -l vi -l en --no-obsolete --ignore 'static/*'
	cd thaogo && DEBUG=true ../$(BIN)/thaogo compilemessages

clean:
	rm -rf $(VENV) var/static
