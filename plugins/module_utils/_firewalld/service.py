"""firewalld's service, checked and brought up by the module itself (the role's manage_service), so
that a run where firewalld is installed, enabled and running costs no task of its own.

A re-run asks only what it must: is firewalld answering on D-Bus (the backend's probe asks anyway)
and is its unit enabled (one call to systemd over the same bus). Installing the package stays with
the role (the package manager's module), which the module asks for by saying "not installed".
"""

UNIT = "firewalld.service"
SYSTEMD = ("org.freedesktop.systemd1", "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager")
# Unit file states under which the unit starts at boot, or that enabling cannot change.
ENABLED_STATES = ("enabled", "enabled-runtime", "static", "alias", "indirect", "generated", "transient")


def installed():
    """firewalld's Python bindings (and dbus-python) importable: the package is installed."""
    # Read at call time: the tests change it.
    from .state import HAS_FIREWALL  # pylint: disable=import-outside-toplevel

    return HAS_FIREWALL


def _unit_file_state(bus):
    return str(bus.call_blocking(*SYSTEMD, "GetUnitFileState", "s", (UNIT,)))


def _firewalld_answers(bus, bus_error):
    from .backends import BUS_NAME, PATH  # pylint: disable=import-outside-toplevel

    try:
        bus.call_blocking(BUS_NAME, PATH, BUS_NAME, "getDefaultZone", "", ())
        return True
    except bus_error:
        return False


def ensure_running(check_mode, run_command, bus=None, bus_error=None):
    """Start and enable firewalld where it is not; returns the change lines ([] when nothing was to do).

    run_command(argv) -> (rc, stdout, stderr), as AnsibleModule.run_command; bus: the system bus
    (made here when None) and bus_error the exception its failed calls raise (dbus-python's).
    Raises RulesetError when systemctl fails."""
    from .state import RulesetError  # pylint: disable=import-outside-toplevel

    if bus is None:
        import dbus  # pylint: disable=import-outside-toplevel

        bus, bus_error = dbus.SystemBus(), dbus.exceptions.DBusException
    todo = []
    if _unit_file_state(bus) not in ENABLED_STATES:
        todo.append("enable")
    if not _firewalld_answers(bus, bus_error):
        todo.append("start")
    if todo and not check_mode:
        argv = ["systemctl", "enable", "--now", UNIT] if "enable" in todo else ["systemctl", "start", UNIT]
        rc, out, err = run_command(argv)
        if rc != 0:
            raise RulesetError(f"{' '.join(argv)} failed ({rc}): {(err or out).strip()}")
    return [f"{action} firewalld" for action in todo]
