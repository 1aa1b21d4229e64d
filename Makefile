# Two commands: `make demo` (run a seeded demo on http://127.0.0.1:8050) and `make test`.
# Both create .venv and install what they need; nothing has to be installed by hand.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8050
CHROMIUM ?= /usr/bin/chromium
AXE_VERSION ?= 4.14.1
AXE_DIR := $(VENV)/axe
AXE_JS := $(AXE_DIR)/node_modules/axe-core/axe.min.js
# Test processes at once (pytest-xdist). Most of the suite waits on real servers, browsers
# and databases, so four share two cores well (measured on 2 cores: 17.4 min at four,
# 18.8 at three); TEST_WORKERS=0 runs it in one process.
# Each test module stays in one process (loadscope): module servers and the Celery tests'
# Redis database are shared by a module's tests, in order.
TEST_WORKERS ?= 4

.PHONY: demo test fuzz lint typecheck unit chromium axe install-run install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev,postgres]"
	touch $@ $(VENV)/.installed-run

install-run: $(VENV)/.installed-run
install-dev: $(VENV)/.installed-dev

demo: install-run
	$(BIN)/gaugeboard demo --port $(PORT)

# Debian's Chromium for the browser tests: installed when missing and we are root.
# Elsewhere the browser tests skip with a message; under CI a missing browser is an error.
chromium:
	@if [ -x "$(CHROMIUM)" ]; then \
		echo "chromium: $(CHROMIUM)"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "chromium: installing Debian's package"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	elif [ -n "$$CI" ]; then \
		echo "chromium: missing and cannot be installed (not root or no apt-get)"; exit 1; \
	else \
		echo "chromium: not found; browser tests will be skipped (sudo apt-get install chromium)"; \
	fi

# axe-core, the accessibility checker the browser tests inject into pages, from the npm
# registry into a git-ignored folder (only when missing). Without npm the accessibility
# test skips with a message; under CI a missing npm is an error.
axe:
	@if [ -f "$(AXE_JS)" ]; then \
		echo "axe-core: $(AXE_JS)"; \
	elif command -v npm >/dev/null 2>&1; then \
		echo "axe-core: installing $(AXE_VERSION) into $(AXE_DIR)"; \
		npm install --silent --no-audit --no-fund --no-save --prefix "$(AXE_DIR)" "axe-core@$(AXE_VERSION)"; \
	elif [ -n "$$CI" ]; then \
		echo "axe-core: npm is missing, so the accessibility test cannot run"; exit 1; \
	else \
		echo "axe-core: npm not found; the accessibility test will be skipped"; \
	fi

lint: install-dev
	$(BIN)/ruff check src tests examples bench
	$(BIN)/ruff format --check src tests examples bench

typecheck: install-dev
	$(BIN)/mypy

# Bytecode is written even where the environment turns it off (PYTHONDONTWRITEBYTECODE):
# each test process and every server a test starts would otherwise compile gaugeboard's
# 400-odd modules again. The slowest tests are listed at the end of each run.
unit: install-dev
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m compileall -q src
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $(TEST_WORKERS) --dist loadscope --durations=25

test: chromium axe lint typecheck unit

# The API contract with many more generated requests per operation than `make test`.
fuzz: install-dev
	GAUGEBOARD_FUZZ_EXAMPLES=$${GAUGEBOARD_FUZZ_EXAMPLES:-500} $(BIN)/pytest -q tests/test_openapi.py -k api_contract

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
