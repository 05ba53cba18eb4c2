# Thaogo: `make demo` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The demo is the seed's story on its own day: the loader writes it as of DEMO_DATE and the
# server's business clock stays on that day (THAOGO_TODAY, never set in production).
DEMO_DATE ?= 2024-10-15
HOST ?= 127.0.0.1:8000
# The suite runs on every core (pytest-xdist): each worker has its own test database.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
DEMO_ENV := DEBUG=true THAOGO_TODAY=$(DEMO_DATE) THAOGO_PORTAL_NAME="Quận ủy Lê Chân"

.PHONY: demo test lint format messages install install-test system-deps clean bench bench-deps

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
# cannot download browsers here), GNU gettext to check the translation catalogue, and
# LibreOffice Writer (headless) with fonts metric-compatible with Times New Roman and
# Vietnamese letters, to render the Word documents to PDF.
SYSTEM_PACKAGES := chromium gettext libreoffice-writer-nogui fonts-liberation2
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! command -v xgettext >/dev/null || ! command -v soffice >/dev/null \
	    || [ ! -d /usr/share/fonts/truetype/liberation2 ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	  else echo "Install Debian's packages first: sudo apt-get install $(SYSTEM_PACKAGES)" >&2; exit 1; fi; \
	fi

demo: install
	mkdir -p var
	$(DEMO_ENV) $(BIN)/thaogo migrate --no-input
	$(DEMO_ENV) $(BIN)/thaogo loaddemo --as-of $(DEMO_DATE)
	$(DEMO_ENV) $(BIN)/thaogo runserver $(HOST)

test: install-test system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

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

# The benchmark (docs/performance.md): wrk from Debian drives gunicorn (the production extra).
BENCH_DB ?= sqlite:///$(CURDIR)/var/bench-10k.sqlite3
BENCH_TASKS ?= 10000
BENCH_UNITS ?= 340
BENCH_AS_OF ?= 2026-11-30
BENCH_ENV := DATABASE_URL=$(BENCH_DB) THAOGO_TODAY=$(BENCH_AS_OF)
bench-deps: install
	$(BIN)/pip install --quiet -e '.[production]'
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "Install Debian's wrk first: sudo apt-get install wrk" >&2; exit 1; fi; \
	fi

# Generates the data once (a database already holding it is kept), then measures.
bench: bench-deps
	mkdir -p var
	DEBUG=true $(BENCH_ENV) $(BIN)/thaogo migrate --no-input -v0
	@if ! DEBUG=true $(BENCH_ENV) $(BIN)/thaogo shell --no-imports -c \
	    "from django.contrib.auth.models import User; raise SystemExit(not User.objects.filter(username='scale-cadre').exists())"; then \
	  DEBUG=true $(BENCH_ENV) $(BIN)/thaogo gen-scale --tasks $(BENCH_TASKS) --units $(BENCH_UNITS) --years 3 --as-of $(BENCH_AS_OF); \
	fi
	$(BENCH_ENV) $(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) var/static
