# The archive's everyday commands. Needs only Python 3.11 and make; everything else
# is installed on first use (Python packages into .venv, Debian's chromium for the
# browser tests).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test lint bench loadtest extraction-report setup system-packages clean

## make run: install, migrate, load the sample corpus, build the index, serve on :8000
run: setup
	$(MANAGE) load_sample_corpus
	$(MANAGE) rebuild_index --noinput
	@$(MANAGE) create_local_admin --url http://$(HOST):$(PORT)/admin/
	@echo "The archive: http://$(HOST):$(PORT)/"
	DJANGO_DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

## make serve: the same archive behind gunicorn (2 workers), as in production
serve: setup
	$(MANAGE) collectstatic --noinput -v0
	$(BIN)/gunicorn archive.project.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

## make test: install what the tests need, lint, then run the whole suite on SQLite and on PostgreSQL
test: lint system-packages
	$(BIN)/pytest
	scripts/with_postgres.sh $(BIN)/pytest

## make lint: ruff's checks and its formatting, over the whole checkout
lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## make bench: time rebuild, imports, search and browse pages at 100,000 articles (kept in var/bench/),
## then the costliest searches a visitor can type at 10,000 (var/bench-10000/)
bench: setup
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_queries.py

## make loadtest: 60 s of Locust on search, browse and admin pages while an import runs (var/bench/)
loadtest: setup $(VENV)/.load-installed
	$(BIN)/python scripts/loadtest.py

## make extraction-report CORPUS=DIR [SET=NAME]: import a real-page corpus (unpacked by
## ../shared/realpages/unpack.sh DIR) into a throwaway archive, and score it against plain
## trafilatura; the predictions and the report go to var/extraction-report/
extraction-report: $(VENV)/.installed
	@test -n "$(CORPUS)" || { echo "usage: make extraction-report CORPUS=DIR [SET=NAME]" >&2; exit 2; }
	$(BIN)/python scripts/measure_extraction.py --corpus "$(CORPUS)" $(if $(SET),--set "$(SET)")

setup: $(VENV)/.installed
	$(MANAGE) migrate --noinput

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# Whoosh 2.7.4 and whoosh3 install the same package: take out the old one first.
	$(BIN)/python -m pip uninstall --quiet --yes Whoosh
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.load-installed: $(VENV)/.installed requirements-load.txt
	$(BIN)/python -m pip install --quiet -r requirements-load.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Debian packages the tests use: chromium, driven by Playwright (never a browser
# download of Playwright's own), and PostgreSQL, which the suite also runs on.
system-packages:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache artifacts
