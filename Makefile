# Lower Back Exercise Guide. `make serve` and `make test` set everything up.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1
# Tests start Python many times: let it keep compiled modules even where the environment says not to
check test: export PYTHONDONTWRITEBYTECODE :=

.PHONY: serve check test review-due build site-url stubs check-stubs contract check-deps system-deps lock vendor clean

serve: $(STAMP)  ## Serve the site at http://127.0.0.1:8000 with live reload
	LBEG_DOWNLOADS=background LBEG_OFFLINE=fresh $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

check: check-deps $(STAMP)  ## Style (ruff) and every test that needs no browser; TESTS="..." passes pytest arguments
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -m "not browser" $(TESTS)

test: system-deps $(STAMP) $(NODE_STAMP)  ## Every test, and the style check; TESTS="..." runs just those pytest arguments
	$(BIN)/python -m pytest $(TESTS)
	$(if $(TESTS),,$(BIN)/ruff check . && $(BIN)/ruff format --check .)

build: site-url $(STAMP)  ## Build site/ for publishing at SITE_URL; the old site/ stays if the build fails
	$(BIN)/python scripts/build_site.py site

site-url:  ## A publishing build needs the address it will be published at
	$(if $(SITE_URL),,$(error SITE_URL is not set: give the address the site will be published at, as in SITE_URL=https://example.org/ make build))

review-due: $(STAMP)  ## List the exercises, routines and articles whose review is due (exit 1 if any)
	$(BIN)/python -m lbeg.review_due

stubs: $(STAMP)  ## Write the page for each exercise file in data/exercises/
	$(BIN)/python -m lbeg.stubs

check-stubs: $(STAMP)
	$(BIN)/python -m lbeg.stubs --check

check-deps:  ## poppler, Node.js and Java, for `make check` (building needs no system packages)
	sh scripts/install-system-deps.sh check

system-deps:  ## Chromium, poppler, Node.js and fonts, for every test
	sh scripts/install-system-deps.sh test

lock:  ## Re-pin requirements.txt from requirements.in
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install -q -r requirements.in
	(echo "# Generated from requirements.in by: make lock"; .lock-venv/bin/pip freeze) > requirements.txt
	rm -rf .lock-venv

contract: build  ## Record every published address in tests/published-urls.txt, after adding pages
	$(BIN)/python -m lbeg.contract site > tests/published-urls.txt

vendor:  ## Refresh docs/assets/vendor/ from the versions pinned in package.json (needs npm)
	sh scripts/vendor.sh

$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.11)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

clean:
	rm -rf site site.* .pytest_cache
