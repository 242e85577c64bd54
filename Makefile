# The suite's commands. Run them from anywhere: `make -C path/to/checkout test`.
ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
PYTHON ?= python3
export PYTHON
SUITE := $(PYTHON) $(ROOT)/tools/suite.py
ADDON_DIRS := $(wildcard $(ROOT)/addons/*/)

.PHONY: help demo demo-reset stop test lint unit bench loadtest wheels readme requirements

help:
	@echo "make demo        create (first run) or update the demo database and serve it on :8069"
	@echo "make demo-reset  drop the demo database and start over"
	@echo "make stop        stop the private PostgreSQL cluster"
	@echo "make test        requirements, lint, unit tests and Odoo tests; ends with 'N passed, M failed'"
	@echo "make bench       the benchmarks under tests/bench (never part of make test)"
	@echo "make loadtest    20 staff users on a local server while 5,000 invoices are posted"
	@echo "                 (PART=portal: 50 subscribers on their online space)"
	@echo "make wheels      build one wheel per addon into dist/"
	@echo "make readme      regenerate each addon's README.rst from its readme/*.md"

requirements:
	@$(SUITE) requirements

demo:
	@$(SUITE) demo

demo-reset:
	@$(SUITE) demo --reset --serve

stop:
	@bash $(ROOT)/tools/pgcluster.sh stop

test: requirements
	@$(SUITE) test

readme:
	@$(PYTHON) $(ROOT)/tools/gen_readme.py

lint:
	@cd $(ROOT) && $(PYTHON) tools/gen_readme.py --check && ruff check . && ruff format --check . && \
	  $(PYTHON) -m pylint --rcfile=.pylintrc-mandatory addons/* tests/addons/*

unit:
	@cd $(ROOT) && $(PYTHON) -m pytest -q tests/unit

bench: requirements
	@$(SUITE) bench

loadtest: requirements
	@$(SUITE) loadtest

wheels:
	@mkdir -p $(ROOT)/dist
	@for a in $(ADDON_DIRS); do $(PYTHON) -m pip wheel -q --no-deps -w $(ROOT)/dist $$a || exit 1; done
	@ls $(ROOT)/dist
