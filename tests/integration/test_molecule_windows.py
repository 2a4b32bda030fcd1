"""Runs the opt-in Molecule scenario windows (extensions/molecule/windows) on a real Windows host
(Windows Server 2008 R2 or later, PowerShell 5.1, WinRM or PSRP over HTTPS): prepare, check mode,
converge, idempotence, verify (reads the rules and exemptions back and compares them with the model), cleanup.

No Windows host can run here, so the test is skipped unless OCS_WINDOWS_HOST names one; see
extensions/molecule/windows/molecule.yml for OCS_WINDOWS_USER, OCS_WINDOWS_PASSWORD, OCS_WINDOWS_CONNECTION
(winrm or psrp), OCS_WINDOWS_PORT and OCS_WINDOWS_CERT_VALIDATION.
"""

import importlib.util
import os
import shutil

import pytest

pytestmark = pytest.mark.skipif(
    not os.environ.get("OCS_WINDOWS_HOST"),
    reason="OCS_WINDOWS_HOST is not set: no Windows host to run the Molecule scenario windows on "
           "(set OCS_WINDOWS_HOST, OCS_WINDOWS_USER and OCS_WINDOWS_PASSWORD to run it)",
)

CONNECTION_LIBRARIES = {"winrm": ("winrm", "pywinrm"), "psrp": ("pypsrp", "pypsrp")}


def test_molecule_windows(run, explain, venv_bin, make_ansible_env, repo_root):
    missing = [name for name in ("OCS_WINDOWS_USER", "OCS_WINDOWS_PASSWORD") if not os.environ.get(name)]
    if missing:
        pytest.fail(f"OCS_WINDOWS_HOST is set but {', '.join(missing)} is not", pytrace=False)
    connection = os.environ.get("OCS_WINDOWS_CONNECTION") or "winrm"
    if connection not in CONNECTION_LIBRARIES:
        pytest.fail(f"OCS_WINDOWS_CONNECTION must be winrm or psrp, not {connection!r}", pytrace=False)
    module, package = CONNECTION_LIBRARIES[connection]
    if importlib.util.find_spec(module) is None:
        pytest.fail(f"the {connection} connection needs the Python package {package} in the venv "
                    f"({venv_bin / 'pip'} install {package})", pytrace=False)
    molecule = shutil.which("molecule", path=str(venv_bin))
    assert molecule, f"molecule is not installed in {venv_bin}"
    # Only the OCS_WINDOWS_* variables reach the scenario (make_env keeps the environment but
    # replaces every ANSIBLE_* variable): the password is read by the inventory at run time.
    proc = run([molecule, "test", "-s", "windows"], cwd=repo_root, env=make_ansible_env(), timeout=3600)
    assert proc.returncode == 0, explain(proc)
