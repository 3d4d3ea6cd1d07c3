# The two commands of README.md: `make run` and `make test`. Everything else is a helper of those.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py

.PHONY: run test install system-packages browser checks lint bench messages clean

# Debian packages the app needs at run time (WeasyPrint's Pango, Graphviz for the network picture) and for building (Node for the
# assets). Installed only when missing, and only where we may (root); otherwise we say what is missing.
system-packages:
	@missing=""; \
	for pkg in libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core graphviz nodejs; do \
	  dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	$(PYTHON) -m venv --help >/dev/null 2>&1 && $(PYTHON) -c 'import ensurepip' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "Please install:$$missing (apt-get install$$missing)"; exit 1; fi; fi

$(STAMP): requirements.txt package.json package-lock.json
	$(MAKE) system-packages
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

install: $(STAMP)

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) import_geography
	$(MANAGE) load_demo
	@echo "Open http://127.0.0.1:8000 and log in with one of the demo users above."
	$(MANAGE) runserver 127.0.0.1:8000

# Repository checks that must hold on every change, then the whole suite.
checks: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  DJANGO_ALLOWED_HOSTS=samensturen.example DJANGO_SITE_URL=https://samensturen.example DATABASE_URL=$${DATABASE_URL:-sqlite:///db.sqlite3} \
	  $(MANAGE) check --deploy --fail-level WARNING

# The linter, pinned in requirements.txt and configured in ruff.toml.
lint: install
	$(BIN)/ruff check .

# The browser journeys drive Debian's Chromium (never a downloaded browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Please install Chromium: apt-get install chromium"; exit 1; fi; }

# Browser journeys run apart: their live server flushes the database after each test, which would
# pull the shared demo data from under the other tests of the same worker.
test: checks lint browser
	$(BIN)/pytest -n 2 -m "not e2e"
	$(BIN)/pytest -n 2 -m e2e

# Page times and query counts at scale 1 and 10 (bench/README.md); not part of the tests.
bench: install
	$(BIN)/python bench/run.py

messages: install
	$(MANAGE) makemessages -l nl --ignore='.venv/*' --ignore='node_modules/*'
	$(MANAGE) compilemessages --ignore='.venv/*' --ignore='node_modules/*'

clean:
	rm -rf $(VENV) node_modules staticfiles
