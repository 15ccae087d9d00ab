# Dialogue – `make run` serves the demo, `make test` checks the code and runs every test.
PYTHON ?= python3
VENV := .venv
PORT ?= 5000
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
CATALOGS := $(wildcard dialogue/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)
# Every package, runtime and test, pinned for Python 3.11 on Linux. Installs take their versions from it;
# `make lock` compiles it from pyproject.toml.
LOCK := requirements/lock.txt
PIP_INSTALL := $(BIN)/pip install --quiet --constraint $(LOCK)
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --extra test --extra lock \
	--strip-extras --no-emit-index-url --no-emit-find-links --output-file $(LOCK) pyproject.toml
LOCK_HINT := If pyproject.toml's dependencies changed, run 'make lock' and commit $(LOCK).
REQUIRE_PYTHON_311 = @$(BIN)/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
	|| { echo "The lock is compiled with Python 3.11: make clean && make $@ PYTHON=python3.11"; exit 1; }

.PHONY: run test lint format install install-test lock lock-upgrade translations extract-messages update-catalogs clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs with the lock's versions. Afterwards every package in the venv must be pinned in the lock at the version
# installed: one that is not came from a dependency added to pyproject.toml without `make lock`.
define install-from-lock
	@echo "$(PIP_INSTALL) $(1)"
	@$(PIP_INSTALL) $(1) || { echo "$(LOCK_HINT)"; exit 1; }
	@$(BIN)/pip freeze --exclude-editable --exclude pip --exclude setuptools \
		| awk -F'==' '/^[A-Za-z0-9][^ ]*==/ { n = tolower($$1); gsub(/[-_.]+/, "-", n); print n "==" $$2 }' \
		| LC_ALL=C sort > $(VENV)/.installed-pins
	@grep -E '^[a-z0-9][^ ]*==' $(LOCK) | sed 's/[ ;].*//' | LC_ALL=C sort > $(VENV)/.locked-pins
	@unpinned=$$(LC_ALL=C comm -23 $(VENV)/.installed-pins $(VENV)/.locked-pins); \
	if [ -n "$$unpinned" ]; then \
		echo "Installed, but not pinned in $(LOCK):" $$unpinned; \
		echo "$(LOCK_HINT) ('make clean' first if the lock dropped them.)"; \
		exit 1; \
	fi
endef

$(VENV)/.installed: pyproject.toml $(LOCK) $(BIN)/activate
	$(call install-from-lock,-e .)
	touch $@

$(VENV)/.installed-test: pyproject.toml $(LOCK) $(VENV)/.installed
	$(call install-from-lock,-e '.[test]')
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Refreshes the lock after a change to the dependencies in pyproject.toml, keeping every pin that still fits;
# `make lock-upgrade` moves every package to its newest release within pyproject.toml's bounds.
lock: $(BIN)/activate
	$(REQUIRE_PYTHON_311)
	$(PIP_INSTALL) pip-tools
	$(PIP_COMPILE)

lock-upgrade: $(BIN)/activate
	$(REQUIRE_PYTHON_311)
	$(PIP_INSTALL) pip-tools
	$(PIP_COMPILE) --upgrade

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

translations: $(COMPILED)

# The outbox worker runs beside the server and prints each email here (development: MAIL_BACKEND=console); so does
# the privacy purge, now and then once a day. Links in emails lead to the server `make run` starts, whatever its port.
run: export PUBLIC_URL ?= http://127.0.0.1:$(PORT)
run: install translations
	$(FLASK) db upgrade
	$(FLASK) seed demo --if-empty
	$(FLASK) outbox send --loop --interval 2 & worker=$$!; \
	$(FLASK) privacy purge --loop & purge=$$!; \
	trap 'kill $$worker $$purge 2>/dev/null' EXIT; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Every check runs, so one run shows all that is wrong; the target fails if any of them did.
# The import contracts are [tool.importlinter] in pyproject.toml.
lint: install-test
	@status=0; \
	for check in "ruff check ." "ruff format --check --output-format concise ." "lint-imports --no-cache"; do \
		echo "$(BIN)/$$check"; $(BIN)/$$check || status=1; \
	done; \
	[ $$status = 0 ] || echo "'make format' formats the code and applies ruff's safe fixes; the rest is by hand."; \
	exit $$status

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint translations
	$(BIN)/python -m pytest -n auto --dist loadgroup $(PYTEST_ARGS)

# Maintainers: after changing texts, extract them and update the catalogs, then translate the new entries.
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2 --ignore-dirs '.* __pycache__' -o messages.pot --no-location --omit-header .

update-catalogs: extract-messages
	$(BIN)/pybabel update -i messages.pot -d dialogue/translations --no-fuzzy-matching --no-wrap

clean:
	rm -rf $(VENV) instance/dialogue.sqlite* $(COMPILED)
