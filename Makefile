# North Lanarkshire Council open data platform. Run as root on Debian 12.
#   make demo   install + start every service, publish the bundled datasets, serve the portal
#   make test   the same set-up, then the test suite in stages (unit, demo portal, disruptive)
#   make stop   stop every service the scripts started
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV ?= $(CURDIR)/.venv
export VENV

help:
	@sed -n '2,5p' Makefile

setup:
	@scripts/setup.sh
	@scripts/services.sh start
	@scripts/configure.sh
	@scripts/ckan.sh init

demo: setup
	@scripts/ckan.sh start
	@scripts/publish.sh
	@scripts/welcome.sh

test: setup  # the unit stage needs no portal; test.sh starts and publishes the demo before its stage
	@scripts/test.sh

stop:
	@scripts/ckan.sh stop
	@scripts/services.sh stop

status:
	@scripts/services.sh status

lint:
	@$(VENV)/bin/ruff check .

bench:  # the five benches of issue 18, each ending with one JSON line (needs the running demo)
	@$(VENV)/bin/python bench/search.py
	@$(VENV)/bin/python bench/lookup.py
	@$(VENV)/bin/python bench/harvest.py
	@$(VENV)/bin/python bench/foi.py
	@$(VENV)/bin/python bench/gis.py

.PHONY: help setup demo test stop status lint bench
