"""Molecule by itself: from the repository root, with nothing exported but PATH, the scenarios find the
collection through extensions/molecule/config.yml, and nothing is installed into ~/.ansible/collections.

Syntax checks only (no host, no root); HOME is a temporary folder, so the user's own ~/.ansible is
neither read nor written.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BASE_CONFIG = REPO / "extensions" / "molecule" / "config.yml"


def molecule(home, *args):
    """molecule ARGS from the repository root in an environment of PATH (this venv first) and HOME alone."""
    env = {"PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"]), "HOME": str(home)}
    return subprocess.run(["molecule", *args], cwd=REPO, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=300, check=False)


def explain(proc):
    return f"$ {' '.join(proc.args)}\nexit code {proc.returncode}\n{proc.stdout}\n{proc.stderr}"


@pytest.mark.parametrize("scenario", ["edge_host", "windows"])
def test_a_scenario_runs_by_itself_with_the_shared_base_config(scenario, tmp_path):
    proc = molecule(tmp_path, "syntax", "-s", scenario)
    assert proc.returncode == 0, explain(proc)
    assert f"Found config file {BASE_CONFIG}" in proc.stdout + proc.stderr, explain(proc)
    assert f"{scenario} > syntax: Executed: Successful" in proc.stdout + proc.stderr, explain(proc)
    user_collections = tmp_path / ".ansible" / "collections"
    installed = sorted(str(p.relative_to(user_collections)) for p in user_collections.rglob("*"))
    assert not installed, f"molecule installed into ~/.ansible/collections: {installed}"
