# superlists: the two commands a fresh Debian machine needs are
#   make acceptance   install everything, then run the acceptance suite locally
#   make test         lint, the features' style, unit tests, dry-run, the step catalogue,
#                     the suite (plain, in WebKit, parallel, through a Selenium Grid,
#                     behave-django), the report, accessibility and robustness checks,
#                     staging, containers
SHELL := /bin/bash
.DEFAULT_GOAL := acceptance

VENV := .venv
BIN := $(VENV)/bin
# One mark on everything this make starts (inherited by sub-makes, scripts,
# behave, drivers and browsers): the "nothing left running" checks count only
# processes that carry it, never another checkout's or a user's on the machine.
ifndef SUPERLISTS_CHECK_RUN
SUPERLISTS_CHECK_RUN := make-$(shell date +%s%N)-$(shell echo $$PPID)
endif
export SUPERLISTS_CHECK_RUN
PYTHON ?= python3
# Root installs directly; everyone else goes through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := chromium chromium-headless-shell chromium-driver openssh-client procps curl bc \
                python3-venv podman runc mmdebstrap libnss3-tools openssl \
                webkit2gtk-driver xvfb
# The Grid needs java and npm: from Debian, unless the machine has them already
# (NodeSource's nodejs bundles npm and conflicts with Debian's npm package).
APT_PACKAGES += $(if $(shell command -v java),,openjdk-17-jre-headless) \
                $(if $(shell command -v npm),,npm)

.PHONY: architecture acceptance acceptance-webkit acceptance-django test lint lint-features unit dry-run bench bench-staging bench-deploys staging staging-host \
        staging-host-down system-deps clean no-leftovers robustness steps steps-check report report-pdf bench-report bench-steps report-check accessibility-check \
        acceptance-parallel grid grid-down acceptance-grid container container-down container-check \
        bench-container

## Install ##############################################################

# Debian packages the suite needs: the browsers (Chromium, and WebKitGTK with
# Xvfb, the virtual display it draws on) and their drivers, NSS's certutil
# (a run's own trust store for the staging CA), podman (with runc, which these
# machines need) and mmdebstrap for the container image and the staging hosts,
# the ssh client, curl and bc for `make staging`. Only installs what is missing.
system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# What comes from npm, exactly as package-lock.json pins it: the Selenium Grid
# jar and axe-core (the accessibility audits). npm writes this file last.
NPM_TOOLS := node_modules/.package-lock.json
$(NPM_TOOLS): package.json package-lock.json | system-deps
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Everything a run of the suite needs.
TOOLS := $(BIN)/behave $(NPM_TOOLS)

$(BIN)/behave: requirements.txt requirements-dev.txt | system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	@# The project on the venv's path: behave loads its runner (behave.ini
	@# `runner`, harness.results.console) before it adds the features' folder.
	$(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' \
	  | xargs -I{} sh -c 'echo "$(CURDIR)" > "{}/superlists-project.pth"'
	@touch $@

## Run ##################################################################

acceptance: $(TOOLS)  ## The local acceptance suite (plain behave).
	$(BIN)/behave

# Each run other than the plain one writes its report under its own name, so
# reports/acceptance.html is always the plain local suite's.
acceptance-webkit: $(TOOLS)  ## The same features in WebKit (WebKitGTK on a virtual display).
	$(BIN)/behave -D browser=webkit -D report=reports/acceptance-webkit.html

acceptance-parallel: $(TOOLS)  ## Every scenario in Chromium and in WebKit at once (harness/parallel/).
	$(BIN)/python -m harness.parallel -D browsers=chromium,webkit -D report=reports/acceptance-parallel.html


grid: $(NPM_TOOLS) | system-deps  ## A Selenium Grid 4 on 127.0.0.1:4444: a hub, two Chromium nodes, two WebKit nodes.
	scripts/grid up

grid-down:  ## Stop the grid that `make grid` started (by pid).
	scripts/grid down

# The parallel suite with every browser from the grid, every scenario in
# Chromium and in WebKit in one run; the grid goes down afterwards whatever
# happened.
acceptance-grid: $(TOOLS)
	@trap 'scripts/grid down' EXIT; trap 'exit 143' TERM; trap 'exit 129' HUP; trap 'exit 130' INT; \
	  scripts/grid up && \
	  $(BIN)/python -m harness.parallel -D grid_url=http://127.0.0.1:4444 -D browsers=chromium,webkit \
	    -D report=reports/acceptance-grid.html

acceptance-django: $(TOOLS)  ## The same features through behave-django.
	$(BIN)/python manage.py behave --no-junit -D report=reports/acceptance-django.html

lint: $(BIN)/behave
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports  # the architecture: pyproject.toml [tool.importlinter], docs/architecture.md
	$(BIN)/python -m harness.architecture --check
	$(BIN)/actionlint

architecture: $(TOOLS)  ## Redraw the floors picture in docs/architecture.md from the import-linter contracts.
	$(BIN)/python -m harness.architecture --write

unit: $(TOOLS)
	$(BIN)/pytest -q

# The features' style: behave-lint plus the project's own rules
# (docs/writing-features.md). FEATURES=path/to/folder checks another folder (or file).
FEATURES ?= features
lint-features: $(BIN)/behave
	$(BIN)/python -m harness.authoring.feature_style -- "$(FEATURES)"

# Names each undefined step (file:line) with "did you mean" sentences, then a
# count; fails on any. Matches as behave does; runs no hooks, opens no browser.
dry-run: $(TOOLS)
	$(BIN)/python -m harness.authoring.dry_run $(FEATURES)

test: lint lint-features unit dry-run steps-check acceptance acceptance-webkit acceptance-parallel acceptance-grid acceptance-django \
      report-check accessibility-check robustness staging container-check no-leftovers

# The suite, then where its HTML report is (also when something failed).
report: $(TOOLS)  ## Run the suite and print the path of its HTML report.
	@$(BIN)/behave; status=$$?; \
	  echo "report: $(CURDIR)/reports/acceptance.html"; exit $$status

# The last report printed to PDF by Chromium (its print style sheet: all
# unfolded, a feature per page). REPORT=path.html for another report.
REPORT ?= reports/acceptance.html
report-pdf: $(TOOLS)  ## Print the last HTML report to PDF (REPORT=path.html for another).
	$(BIN)/python -m harness.results.report_pdf "$(REPORT)"

# The report as a reader sees it: a small suite with a failure and a retried
# @flaky scenario, its report opened in headless Chromium; then ten runs of one
# scenario failing twice (its history, flaky mark and a storyboard) and the
# report printed to PDF (about a minute).
report-check: $(TOOLS)
	$(BIN)/python -m checks.report

# Deliberate accessibility regressions (a lowered contrast, a removed label) in
# a scratch copy of the project, caught with their message and report section.
accessibility-check: $(TOOLS)
	$(BIN)/python -m checks.accessibility

# The newest behave from PyPI in a scratch virtualenv (removed afterwards):
# the tests of behave's insides the harness uses, then the local suite; one
# line per breakage, a summary, non-zero if anything broke. Not in `make test`.
.PHONY: behave-upgrade-check
behave-upgrade-check: $(TOOLS)  ## Would the newest behave break the harness? (docs/behave-upgrades.md)
	$(BIN)/python -m scripts.behave_upgrade

steps: $(BIN)/behave  ## Regenerate docs/steps.md, the step catalogue for product owners.
	$(BIN)/python -m harness.authoring.catalogue

# Fails if docs/steps.md is out of date, or a step's example no longer reaches its step.
steps-check: $(BIN)/behave
	$(BIN)/python -m harness.authoring.catalogue --check

# Signals, kill -9, two runs at once, a dying browser, bad config, a silent
# SSH server: each tried for real (about a minute).
robustness: $(TOOLS)
	$(BIN)/python -m checks.robustness

# Every browser, driver, grid and fixture process this make started must be
# gone (only those carrying its SUPERLISTS_CHECK_RUN mark are counted), and
# every staging host this checkout made.
no-leftovers: $(TOOLS)
	@$(BIN)/python -m harness.run.leftovers
	@if CONTAINERS_CONF=container/containers.conf podman ps -a \
	      --filter label=superlists.staging-host=$(CURDIR) --format '{{.Names}}' 2>/dev/null | grep .; then \
	  echo "error: staging hosts left running (above): make staging-host-down" >&2; exit 1; fi
	@echo "no staging hosts of this checkout left running"

bench: $(TOOLS)  ## Speed figures (medians); see scripts/bench/.
	$(BIN)/python -m scripts.bench

bench-steps: $(TOOLS)  ## Only the per-step figures: cost per step and page load, the serial limit, against 03e463b.
	$(BIN)/python -m scripts.bench --steps

bench-report: $(TOOLS)  ## Only the report's figures: build time, storyboard cost, sizes, a 10x suite.
	$(BIN)/python -m scripts.bench --report

bench-staging: $(TOOLS) | system-deps  ## The same, plus staging: builds hosts (from nothing, then cached), removes them.
	$(SUDO) $(BIN)/python -m scripts.bench --staging

bench-deploys: $(TOOLS) | system-deps  ## Only production safety on staging hosts: deploy times, switch back, kill -9, hung mail.
	$(SUDO) $(BIN)/python -m scripts.bench --deploys

bench-container: $(TOOLS) | system-deps  ## The same, plus the container (started and stopped).
	trap '$(BIN)/python -m scripts.container down' EXIT; \
	  $(BIN)/python -m scripts.container up && $(BIN)/python -m scripts.bench --container

staging: $(TOOLS) | system-deps  ## Build the staging hosts, deploy, prove the production bugs are caught, tear down.
	checks/staging

container: $(TOOLS) | system-deps  ## Build the image, serve it on 127.0.0.1:8888 (disposable).
	$(BIN)/python -m scripts.container up

container-down:  ## Stop `make container`'s container (its data volume stays).
	$(BIN)/python -m scripts.container down

container-check: $(TOOLS) | system-deps  ## Build, run everything against a container, tear down.
	checks/container

staging-host: $(BIN)/behave | system-deps  ## Just the throwaway staging hosts, and .staging/env.
	$(SUDO) $(BIN)/python -m staging_host up

staging-host-down: $(BIN)/behave  ## Remove them (the local CA stays in .staging/).
	$(SUDO) $(BIN)/python -m staging_host down

clean:
	rm -rf reports artifacts .scratch acceptance_test_db.sqlite3* test_db.sqlite3
