# Dialogue – `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
CATALOGS := $(wildcard dialogue/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run test install install-test translations extract-messages update-catalogs clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

translations: $(COMPILED)

# The outbox worker runs beside the server and prints each email here (development: MAIL_BACKEND=console).
run: install translations
	$(FLASK) db upgrade
	$(FLASK) seed demo --if-empty
	$(FLASK) outbox send --loop --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install-test translations
	$(BIN)/python -m pytest -n auto --dist loadgroup $(PYTEST_ARGS)

# Maintainers: after changing texts, extract them and update the catalogs, then translate the new entries.
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2 --ignore-dirs '.* __pycache__' -o messages.pot --no-location --omit-header .

update-catalogs: extract-messages
	$(BIN)/pybabel update -i messages.pot -d dialogue/translations --no-fuzzy-matching --no-wrap

clean:
	rm -rf $(VENV) instance/dialogue.sqlite* $(COMPILED)
