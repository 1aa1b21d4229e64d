# Two commands: `make demo` (run a seeded demo on http://127.0.0.1:8050) and `make test`.
# Both create .venv and install what they need; nothing has to be installed by hand.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8050
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test lint typecheck unit chromium install-run install-dev clean

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

lint: install-dev
	$(BIN)/ruff check src tests examples bench
	$(BIN)/ruff format --check src tests examples bench

typecheck: install-dev
	$(BIN)/mypy

unit: install-dev
	$(BIN)/pytest

test: chromium lint typecheck unit

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
