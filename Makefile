# Two commands for a newcomer: `make run` and `make test`. See README.md.
PYTHON_VERSION := $(shell cat .python-version)
VENV := .venv
PY := $(VENV)/bin/python
GCM := $(VENV)/bin/gcmreview
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup system-packages run test test-postgres lint messages bench clean

# Python 3.12+: pyenv's when there is one, else python3.12 on the PATH.
$(PY):
	@py=$$(command -v pyenv >/dev/null && pyenv root >/dev/null 2>&1 && ls -d "$$(pyenv root)"/versions/$(PYTHON_VERSION)*/bin/python3 2>/dev/null | tail -n 1); \
	[ -n "$$py" ] || py=$$(command -v python$(PYTHON_VERSION) || command -v python3); \
	"$$py" -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { echo "Python 3.12 or newer is needed (found $$py)"; exit 1; }; \
	"$$py" -m venv $(VENV)

setup: $(PY) system-packages
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'

# Debian packages the suite needs: gettext (message files), Chromium and its driver
# (end-to-end checks). Installed when missing and we may; otherwise we say what is missing.
SYSTEM_PACKAGES := gettext chromium chromium-driver
system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing Debian packages:$$missing (install them with apt-get)"; fi; \
	fi

run: setup
	$(GCM) migrate --noinput
	$(GCM) demo
	$(GCM) serve --host $(HOST) --port $(PORT)

test: setup
	$(VENV)/bin/ruff check gcmreview bench
	$(VENV)/bin/pytest

lint: $(PY)
	$(VENV)/bin/ruff check gcmreview bench
	$(VENV)/bin/ruff format --check gcmreview bench

# After changing user-facing text: refresh the message files, translate, then compile.
messages: $(PY)
	cd gcmreview && ../$(GCM) makemessages -l ar -l fr --no-obsolete --add-location file
	cd gcmreview && ../$(GCM) compilemessages

bench: setup
	$(PY) bench/calendar_pages.py
	$(PY) bench/classifier.py
	$(PY) bench/ingest.py
	$(PY) bench/search.py

clean:
	rm -rf $(VENV) build *.egg-info
