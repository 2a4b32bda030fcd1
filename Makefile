# Every target sets up what it needs on a fresh Debian 12 machine (run as root for the lab).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
# One pin set per ansible-core minor version of requires_ansible (meta/runtime.yml): 2.19 is
# requirements-test.txt in $(VENV), on Python 3.11, and runs everything; 2.20 and 2.21 are
# requirements-core-<minor>.txt in .venv-<minor>, on pyenv's Python 3.12 and 3.13, for ansible-test.
CORE_SETS := 2.20 2.21
PYTHON_2.20 ?= $(firstword $(wildcard /root/.pyenv/versions/3.12.*/bin/python3.12) python3.12)
PYTHON_2.21 ?= $(firstword $(wildcard /root/.pyenv/versions/3.13.*/bin/python3.13) python3.13)
BUILD := build
# The ansible bundle wheel carries the upstream collections we depend on (Galaxy is unreachable).
ANSIBLE_BUNDLE_VERSION := 12.3.0
UPSTREAM_COLLECTIONS := ansible.posix ansible.windows community.windows

COLLECTIONS_DIR := $(BUILD)/collections
DEPS_DIR := $(BUILD)/deps
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/$(COLLECTIONS_DIR):$(CURDIR)/$(DEPS_DIR)
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH := false
export ANSIBLE_NOCOLOR := 1
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: help setup venv $(CORE_SETS:%=venv-%) deps collection rootfs graphviz render demo demo-down diagram docsite ee test unit lint sanity clean

help:
	@echo "make demo       set up everything, bring up the demo lab (internet, firewalls, Edge, Front End as real"
	@echo "                hosts), run playbooks/site.yml and verify.yml, print the reachability table (root)"
	@echo "make demo-down  remove the demo lab and everything it started"
	@echo "make test       set up and run every test (unit, lint, sanity, build, Molecule and the demo on real hosts)"
	@echo "make render     render the example inventory without any host (rules per host, port matrix)"
	@echo "make ee         build the collection tarball and the execution environment's build context (build/ee/context)"
	@echo "make diagram    redraw the README's diagram (docs/example-port-flows.*) from the example inventory"
	@echo "make docsite    the collection docsite (antsibull-docs, Sphinx) in build/docsite, extra docs from docs/*.md"
	@echo "make clean      remove build/ (keeps the venvs and the cached test-host root filesystem)"

$(VENV)/.installed: requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-test.txt
	touch $@

venv: $(VENV)/.installed

# .venv-2.20 from requirements-core-2.20.txt with $(PYTHON_2.20), and so on.
.venv-%/.installed: requirements-core-%.txt
	$(PYTHON_$*) -m venv .venv-$*
	.venv-$*/bin/pip install --quiet --upgrade pip
	.venv-$*/bin/pip install --quiet -r requirements-core-$*.txt
	touch $@

$(CORE_SETS:%=venv-%): venv-%: .venv-%/.installed

$(DEPS_DIR)/.installed: $(VENV)/.installed
	mkdir -p $(BUILD)/wheels $(DEPS_DIR)
	$(VENV)/bin/pip download --quiet --no-deps --dest $(BUILD)/wheels ansible==$(ANSIBLE_BUNDLE_VERSION)
	$(VENV)/bin/python tools/unpack_collections.py $(BUILD)/wheels/ansible-$(ANSIBLE_BUNDLE_VERSION)-py3-none-any.whl \
	  $(DEPS_DIR) $(UPSTREAM_COLLECTIONS)
	touch $@

deps: venv $(DEPS_DIR)/.installed

collection:
	mkdir -p $(COLLECTIONS_DIR)/ansible_collections/ocs
	ln -sfn $(CURDIR) $(COLLECTIONS_DIR)/ansible_collections/ocs/firewall

setup: venv $(CORE_SETS:%=venv-%) deps collection

# Installs debootstrap, systemd-nspawn and friends when missing, then builds (once) the test hosts' root filesystem.
rootfs:
	tools/lab/rootfs.sh

# Graphviz (Debian's package) draws the flow diagram of ocs.firewall.port_matrix.
graphviz:
	@command -v dot >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz; }

# render.yml writes where ocs_render_dir says (default ./ocs-render); here build/render.
render: setup
	ansible-playbook -i playbooks/inventories/example playbooks/render.yml -e ocs_render_dir=$(CURDIR)/$(BUILD)/render

# The demo lab: tools/demo.sh brings it up (reusing it when it is already up), runs site.yml and
# verify.yml, prints the reachability table and where the port matrix and the diagram are (build/demo/).
demo: setup graphviz rootfs
	tools/demo.sh up

demo-down: venv
	tools/demo.sh down

# The README's diagram, drawn by ocs.firewall.port_matrix from the example inventory (no host is contacted).
diagram: setup graphviz
	ansible-playbook -i playbooks/inventories/example playbooks/site.yml --tags port_matrix \
	  -e ocs_port_matrix_dir=$(CURDIR)/$(BUILD)/docs -e "ocs_port_matrix_title='OCS 2007 R2 example deployment'"
	for ext in dot svg png; do cp $(BUILD)/docs/port-flows.$$ext docs/example-port-flows.$$ext; done

# The docsite's extra pages are written from their Markdown (docs/NAME.md -> docs/docsite/rst/NAME.rst),
# then tools/docsite.sh builds the site from `antsibull-docs sphinx-init` (offline: intersphinx warns).
docsite: setup
	$(VENV)/bin/python tools/extra_docs.py
	rm -rf $(BUILD)/docsite
	tools/docsite.sh $(BUILD)/docsite

# The execution environment's build context (build/ee/context, no container engine needed): the collection
# tarball first, then ansible-builder create through tools/ee_builder.py, which stops when a file is missing.
ee: venv
	$(VENV)/bin/ansible-galaxy collection build --force --output-path $(BUILD)/ee .
	$(VENV)/bin/python tools/ee_builder.py create --context $(BUILD)/ee/context

unit: setup
	$(VENV)/bin/python -m pytest tests/unit -q

lint: setup
	$(VENV)/bin/python -m pytest tests/integration/test_lint.py -q

# ansible-test sanity and units with every pin set (tests/integration/test_ecosystem.py runs them too).
sanity: setup
	tools/ansible_test.sh $(VENV)
	tools/ansible_test.sh .venv-2.20
	tools/ansible_test.sh .venv-2.21

# The one test command (README, .ci/run): pytest runs everything, Molecule scenarios included.
test: setup graphviz rootfs
	$(VENV)/bin/python -m pytest tests -q -rs

clean:
	rm -rf $(BUILD)
