"""Fixtures shared by the integration tests: the repository, the venv's Ansible commands, and
an environment that finds this collection (build/collections) and its dependencies (build/deps).

Everything here is set up by ``make setup``; the tests set their own environment, so they do
not depend on what the caller exported.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
COLLECTIONS_DIR = REPO_ROOT / "build" / "collections"
DEPS_DIR = REPO_ROOT / "build" / "deps"
COLLECTION_LINK = COLLECTIONS_DIR / "ansible_collections" / "ocs" / "firewall"
UPSTREAM_COLLECTIONS = ("ansible/posix", "ansible/windows", "community/windows")

# The test data the unit tests share (tests/unit/deployments.py, dot.py) is imported from here too, as
# ansible_collections.ocs.firewall.tests.unit.*, through the collection link `make setup` makes.
if str(COLLECTIONS_DIR) not in sys.path:
    sys.path.insert(0, str(COLLECTIONS_DIR))

# Inherited ANSIBLE_* variables that may stay: where Ansible keeps its own files. Any other
# (a callback, a config file, a collections path) would change what the tests see.
KEEP_ANSIBLE_VARS = ("ANSIBLE_HOME", "ANSIBLE_LOCAL_TEMP")


def make_env(collections_path=None, **extra):
    """The environment for Ansible commands: the venv's bin first on PATH, no colour, no
    collections from sys.path, and ANSIBLE_COLLECTIONS_PATH (default: this collection through
    build/collections, then build/deps). ``extra`` adds or overrides variables."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("ANSIBLE_") or key in KEEP_ANSIBLE_VARS
    }
    if collections_path is None:
        collections_path = [COLLECTIONS_DIR, DEPS_DIR]
    env.update(
        PATH=os.pathsep.join([str(VENV_BIN), os.environ.get("PATH", os.defpath)]),
        ANSIBLE_COLLECTIONS_PATH=os.pathsep.join(str(p) for p in collections_path),
        ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
        ANSIBLE_NOCOLOR="1",
        NO_COLOR="1",
        PY_COLORS="0",
    )
    env.pop("FORCE_COLOR", None)
    env.update({key: str(value) for key, value in extra.items()})
    return env


def run_command(cmd, *, cwd=REPO_ROOT, env=None, timeout=900):
    """Run cmd (a list) and return the CompletedProcess with stdout and stderr captured as text."""
    return subprocess.run(
        [str(part) for part in cmd],
        cwd=str(cwd),
        env=make_env() if env is None else env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def describe(proc):
    """A CompletedProcess as text for assertion messages."""
    command = " ".join(str(part) for part in proc.args)
    return f"$ {command}\nexit code {proc.returncode}\n--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"


def _venv_command(name):
    path = VENV_BIN / name
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make setup` and run pytest with the venv's python", pytrace=False)
    return path


@pytest.fixture(scope="session")
def repo_root():
    """The repository root (= the collection root)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def venv_bin():
    """The bin directory of the venv pytest runs from (ansible-*, ansible-lint, yamllint, ...)."""
    return VENV_BIN


@pytest.fixture(scope="session")
def collection_setup():
    """Checks what `make setup` provides: the collection link and the upstream collections."""
    missing = [
        str(DEPS_DIR / "ansible_collections" / name)
        for name in UPSTREAM_COLLECTIONS
        if not (DEPS_DIR / "ansible_collections" / name).is_dir()
    ]
    if missing:
        pytest.fail(f"upstream collections missing ({', '.join(missing)}): run `make setup`", pytrace=False)
    if not COLLECTION_LINK.exists():
        COLLECTION_LINK.parent.mkdir(parents=True, exist_ok=True)
        try:
            COLLECTION_LINK.symlink_to(REPO_ROOT, target_is_directory=True)
        except FileExistsError:  # made meanwhile by another process
            pass
    if COLLECTION_LINK.resolve() != REPO_ROOT:
        pytest.fail(f"{COLLECTION_LINK} does not point at {REPO_ROOT}: run `make setup`", pytrace=False)
    return {"collections": COLLECTIONS_DIR, "deps": DEPS_DIR}


@pytest.fixture
def ansible_env(collection_setup):
    """A fresh environment dict for Ansible commands: ANSIBLE_COLLECTIONS_PATH is
    build/collections (this repository) then build/deps (see make_env)."""
    return make_env()


@pytest.fixture(scope="session")
def make_ansible_env(collection_setup):
    """make_ansible_env(collections_path=None, **extra) -> an environment dict (see make_env),
    e.g. with another collections path."""
    return make_env


@pytest.fixture(scope="session")
def ansible_playbook():
    return _venv_command("ansible-playbook")


@pytest.fixture(scope="session")
def ansible_doc():
    return _venv_command("ansible-doc")


@pytest.fixture(scope="session")
def ansible_galaxy():
    return _venv_command("ansible-galaxy")


@pytest.fixture(scope="session")
def ansible_inventory():
    return _venv_command("ansible-inventory")


@pytest.fixture(scope="session")
def run(collection_setup):
    """run(cmd, cwd=REPO_ROOT, env=None, timeout=900) -> CompletedProcess, output captured;
    env defaults to make_env()."""
    return run_command


def failure_messages(output):
    """The msg of every 'fatal: [host]: FAILED! => {...}' line of Ansible's default callback."""
    messages = []
    for line in output.splitlines():
        match = re.match(r"^fatal: \[[^\]]+\]: FAILED! => (\{.*\})\s*$", line)
        if match:
            messages.append(str(json.loads(match.group(1)).get("msg", "")))
    return messages


@pytest.fixture(scope="session")
def fatal_messages():
    """fatal_messages(stdout) -> the msg of each task failure an ansible-playbook run printed."""
    return failure_messages


@pytest.fixture(scope="session")
def explain():
    """explain(proc) -> the command, exit code and output, for assertion messages."""
    return describe
