# The two commands: `make run` (set up, serve with demo data) and `make test`.
# Everything the project needs is installed here: system packages with apt-get,
# Python packages into .venv, PostgreSQL and Redis started for the tests.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export FLASK_APP := lms

# Debian packages: to run (video, fonts, narration) and, in addition, to test.
APT_RUN := ffmpeg fonts-noto-cjk espeak-ng librsvg2-bin
APT_TEST := chromium postgresql redis-server poppler-utils wrk nginx curl

.PHONY: run test bench stack stack-stop load setup system-deps test-deps venv translations services lint outdated

run: setup
	@echo "Serving on http://127.0.0.1:5000 (Ctrl-C stops the server and the worker)"
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/huey_consumer lms.tasks.huey --workers 1 --quiet & \
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: test-deps venv translations services lint
	$(BIN)/pytest

bench: test-deps venv translations services
	$(BIN)/python -m tests.bench

# The production shape on this machine (deploy/stack.sh): nginx on :18500 in front of
# two gunicorn nodes (:18501, :18502), PostgreSQL database lms_stack, Redis on :18503,
# a job worker per node and one scheduler; logs and pids under instance/stack/.
stack: test-deps venv translations services
	sh deploy/stack.sh start

stack-stop:
	sh deploy/stack.sh stop

# Lunch-break load with Locust (tests/load/): most concurrent workers on two nodes and
# on one, and a node killed mid-run (its own stack: nginx on :18560, database lms_load).
load: test-deps venv translations services
	$(BIN)/python -m tests.load

setup: system-deps venv translations
	$(BIN)/flask db upgrade
	$(BIN)/flask lms demo
	$(BIN)/flask courses import --with-videos

system-deps:
	@sh tests/support/apt-install.sh $(APT_RUN)

test-deps:
	@sh tests/support/apt-install.sh $(APT_RUN) $(APT_TEST)

venv: $(BIN)/.installed

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

translations: venv
	$(BIN)/pybabel compile --statistics -d lms/translations 2>&1 | grep -v "^compiling" || true

services:
	@sh tests/support/services.sh

outdated: venv
	$(BIN)/python tools/outdated.py

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
