#!/usr/bin/env bash
# Build the collection docsite into DEST (a new folder): antsibull-docs sphinx-init, then the two steps
# of the build.sh it writes, with Sphinx's warnings in DEST/warnings.log.
#
# Usage: tools/docsite.sh DEST     (the collection must be on ANSIBLE_COLLECTIONS_PATH, as `make setup` does)
#
# Offline, Sphinx cannot reach the intersphinx inventories (Python, Jinja, the Ansible docsite) and
# says so, and references into the Ansible docsite stay unresolved: build.sh's -W would turn those
# warnings into a failure, so Sphinx runs without it here and tests/integration/test_docs.py reads
# warnings.log and accepts only those.
set -euo pipefail

dest=${1:?usage: tools/docsite.sh DEST}
if [[ -e $dest ]]; then
  echo "$dest exists: give a new folder" >&2
  exit 2
fi
# antsibull-docs wants its folders readable by the owner alone.
mkdir -p "$(dirname "$dest")"
mkdir -m 700 "$dest"

antsibull-docs sphinx-init --use-current --fail-on-error --dest-dir "$dest" \
  --project ocs.firewall --copyright "ocs.firewall contributors" \
  --title "ocs.firewall: firewalls for Office Communications Server 2007 R2" --html-short-title ocs.firewall \
  ocs.firewall

cd "$dest"
chmod og-w rst  # sphinx-init made it (with index.rst); antsibull-docs wants it writable by the owner alone
antsibull-docs --config-file antsibull-docs.cfg collection --cleanup everything --fail-on-error \
  --use-current --dest-dir rst ocs.firewall
sphinx-build -M html rst build -c . -q -w warnings.log
echo "docsite: $dest/build/html/index.html"
