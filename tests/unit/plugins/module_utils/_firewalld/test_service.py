"""service.py: firewalld's unit checked and brought up with one systemd call on a re-run."""

import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._firewalld import service
from ansible_collections.ocs.firewall.plugins.module_utils._firewalld.state import RulesetError


class BusError(Exception):
    """Stands in for dbus.exceptions.DBusException (dbus-python is not on the controller)."""


class FakeBus:
    """systemd's GetUnitFileState and firewalld's getDefaultZone, as a system bus answers them."""

    def __init__(self, unit_file_state, running):
        self.unit_file_state, self.running, self.calls = unit_file_state, running, []

    def call_blocking(self, bus_name, path, interface, method, signature, args):
        self.calls.append(method)
        if method == "GetUnitFileState":
            assert (bus_name, args) == ("org.freedesktop.systemd1", ("firewalld.service",))
            return self.unit_file_state
        if method == "getDefaultZone":
            if not self.running:
                raise BusError("org.freedesktop.DBus.Error.ServiceUnknown")
            return "public"
        raise AssertionError(method)


def commands(rc=0):
    ran = []

    def run_command(argv):
        ran.append(argv)
        return rc, "", "Failed to start firewalld.service: Unit firewalld.service is masked." if rc else ""
    return ran, run_command


@pytest.mark.parametrize("unit_file_state, running, expected, argv", [
    ("enabled", True, [], None),
    ("static", True, [], None),
    ("disabled", True, ["enable firewalld"], ["systemctl", "enable", "--now", "firewalld.service"]),
    ("enabled", False, ["start firewalld"], ["systemctl", "start", "firewalld.service"]),
    ("disabled", False, ["enable firewalld", "start firewalld"], ["systemctl", "enable", "--now", "firewalld.service"]),
])
def test_only_what_is_missing_is_done(unit_file_state, running, expected, argv):
    bus = FakeBus(unit_file_state, running)
    ran, run_command = commands()
    assert service.ensure_running(False, run_command, bus, BusError) == expected
    assert ran == ([argv] if argv else [])
    assert bus.calls == ["GetUnitFileState", "getDefaultZone"]


def test_check_mode_reports_and_runs_nothing():
    ran, run_command = commands()
    assert service.ensure_running(True, run_command, FakeBus("disabled", False), BusError) == ["enable firewalld", "start firewalld"]
    assert ran == []


def test_a_failing_systemctl_is_an_error_with_its_text():
    ran, run_command = commands(rc=1)
    with pytest.raises(RulesetError, match=r"systemctl start firewalld.service failed \(1\): .*masked"):
        service.ensure_running(False, run_command, FakeBus("enabled", False), BusError)
