"""Runs every Molecule scenario on real test hosts (tools/lab: systemd-nspawn in network namespaces).

The scenarios live in extensions/molecule/ (Molecule's layout for collections) and share
extensions/molecule/config.yml, which sets the collections path, so each runs as `molecule test -s NAME`
from the repository root with nothing exported. Each scenario's full output goes to
build/molecule-logs/<scenario>.log; a failure shows its tail.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCENARIO_DIR = REPO / "extensions" / "molecule"
LOGS = REPO / "build" / "molecule-logs"
# Real-host scenarios (each has a lab.yml); the Windows scenario has its own opt-in test.
SCENARIOS = sorted(p.parent.name for p in SCENARIO_DIR.glob("*/lab.yml"))

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="real test hosts need root (network namespaces, systemd-nspawn)"),
    pytest.mark.skipif(shutil.which("systemd-nspawn") is None,
                       reason="systemd-nspawn is missing: run `make rootfs` (installs systemd-container)"),
]


def _env():
    """The caller's environment with this venv's molecule and ansible-* first on PATH and no colour in the
    logs; the collections path comes from extensions/molecule/config.yml."""
    bindir = Path(sys.executable).parent
    return dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}", ANSIBLE_NOCOLOR="1")


def test_scenarios_were_found():
    assert {"edge_host", "perimeter", "perimeter_acl", "replaced", "faults", "lab_smoke"} <= set(SCENARIOS)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_molecule_scenario(scenario):
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"{scenario}.log"
    with log.open("w") as out:
        proc = subprocess.run(["molecule", "test", "-s", scenario], cwd=REPO, env=_env(),
                              stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, timeout=1200, check=False)
    if proc.returncode != 0:
        tail = "".join(log.read_text(errors="replace").splitlines(keepends=True)[-80:])
        pytest.fail(f"molecule test -s {scenario} exited {proc.returncode}; last lines of {log}:\n{tail}")
