"""firewalld's permanent configuration, read and written through one small interface.

A backend has: name, default_zone(), names(kind), zones_worth_reading(names) (the zones whose
settings a run may need), get(kind, name) -> settings dict, create(kind,
name, settings), update(kind, name, settings), remove(kind, name), reload(), and runtime_view(zones)
(the owned objects of the running firewall, for the given zones or all, or None when there is no
runtime). kind is one of state.KINDS. Rich rules come back in firewalld's canonical form (firewalld
keeps only that), which lets a re-run skip parsing them. The unit tests' fake backend has the same shape.
"""

import copy
import os

from .state import PREFIX, ZONE_RICH, RulesetError, known_canonical, normal_policy, owned_zone_items, require_bindings

# D-Bus signatures of the list settings that are not lists of strings (for empty lists too).
TUPLE_SIGNATURES = {"ports": "(ss)", "source_ports": "(ss)", "forward_ports": "(ssss)"}
INT_SETTINGS = ("priority", "ingress_priority", "egress_priority")


# firewalld's D-Bus names (stable API since 0.9; taken as text, not from firewall.config, whose
# import costs more than a re-run's reads).
BUS_NAME = "org.fedoraproject.FirewallD1"
PATH = "/org/fedoraproject/FirewallD1"
CONFIG_PATH = PATH + "/config"
CONFIG = BUS_NAME + ".config"
BY_NAME = {"service": "getServiceByName", "zone": "getZoneByName", "policy": "getPolicyByName"}
# firewalld's permanent configuration on disk: /etc overrides the shipped /usr/lib (firewalld writes
# /etc/firewalld/<kind>s/<name>.xml on every permanent change it is asked for over D-Bus).
ETC, USR_LIB = "/etc/firewalld", "/usr/lib/firewalld"
# What makes a zone's file worth the two calls of a read: our prefix, an interface or a source.
ZONE_MARKS = (PREFIX, "<interface", "<source")


def _config_file(kind, name):
    """The text of the file firewalld loads a permanent object from, or None."""
    for top in (ETC, USR_LIB):
        try:
            with open(os.path.join(top, kind + "s", name + ".xml"), encoding="utf-8") as handle:
                return handle.read()
        except OSError:
            continue
    return None


def zones_worth_reading(names, config_file=_config_file):
    """The zones whose settings a run may need, of names: every zone whose file names our prefix, an
    interface or a source (or that has no file to tell). The others are as shipped, or changed only
    in ways no run looks at: they hold nothing of ours, and no connection lands in them but through
    the default zone, which the run reads anyway."""
    return [name for name in names
            if (text := config_file("zone", name)) is None or any(mark in text for mark in ZONE_MARKS)]


def service_from_file(text):
    """Settings of an ocs- service from its file, in the form firewalld's getSettings2 returns, or
    None when the file holds anything beyond short, description and ports (then ask firewalld)."""
    from xml.etree import ElementTree  # pylint: disable=import-outside-toplevel

    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return None
    if root.tag != "service" or root.attrib:
        return None
    settings, ports = {}, []
    for element in root:
        if element.tag in ("short", "description") and not element.attrib and not len(element):
            if element.text:
                settings[element.tag] = element.text
        elif element.tag == "port" and set(element.attrib) == {"port", "protocol"} and not len(element):
            ports.append((element.attrib["port"], element.attrib["protocol"]))
        else:
            return None
    if ports:
        settings["ports"] = ports
    return settings


NAMES = {"service": "getServiceNames", "zone": "getZoneNames", "policy": "getPolicyNames"}


def to_python(value):
    """A D-Bus reply value as plain Python (dbus-python's types are subclasses; json needs the bases)."""
    import dbus  # pylint: disable=import-outside-toplevel

    if isinstance(value, dbus.Boolean):
        return bool(value)
    if isinstance(value, dict):
        return {to_python(k): to_python(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(to_python(v) for v in value)
    if isinstance(value, list):
        return [to_python(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    return value


class OnlineBackend:
    """firewalld running: permanent configuration over D-Bus.

    Every call goes straight to firewalld's bus name with call_blocking: no proxy objects (a proxy
    asks the bus daemon for the name's owner first, and the client library's would introspect).
    firewalld 1.3 has no bulk read and checks authorization (polkit) on every call, about 1 ms each
    here, so the count of calls is what a re-run costs: one per kind for the names, two per object
    read (its path, then its settings), one per runtime zone and policy.
    """

    name = "online"

    def __init__(self, bus, default_zone):
        import dbus  # pylint: disable=import-outside-toplevel

        self.dbus = dbus
        self.bus = bus
        self._default_zone = default_zone

    def _call(self, path, interface, method, signature="", args=()):
        return self.bus.call_blocking(BUS_NAME, path, interface, method, signature, args)

    def _object_path(self, kind, name):
        return self._call(CONFIG_PATH, CONFIG, BY_NAME[kind], "s", (name,))

    def _typed(self, settings):
        """Settings dict -> a{sv} with explicit types (no introspection to guess them from)."""
        dbus = self.dbus
        typed = {}
        for key, value in settings.items():
            if isinstance(value, bool):
                typed[key] = dbus.Boolean(value)
            elif key in INT_SETTINGS:
                typed[key] = dbus.Int32(value)
            elif isinstance(value, dict):
                typed[key] = dbus.Dictionary(value, signature="ss")
            elif isinstance(value, (list, tuple)):
                signature = TUPLE_SIGNATURES.get(key, "s")
                items = [dbus.Struct(v, signature=signature[1:-1]) for v in value] if signature != "s" else value
                typed[key] = dbus.Array(items, signature=signature)
            else:
                typed[key] = dbus.String(value)
        return dbus.Dictionary(typed, signature="sv")

    def default_zone(self):
        return self._default_zone

    def names(self, kind):
        return to_python(self._call(CONFIG_PATH, CONFIG, NAMES[kind]))

    def zones_worth_reading(self, names):
        return zones_worth_reading(names)

    def get(self, kind, name):
        if kind == "service" and name.startswith(PREFIX):
            # Our services from their files (what a reload loads): no call for the common case.
            text = _config_file("service", name)
            settings = service_from_file(text) if text is not None else None
            if settings is not None:
                return settings
        path = self._object_path(kind, name)
        method = "getSettings" if kind == "policy" else "getSettings2"
        return to_python(self._call(path, f"{CONFIG}.{kind}", method))

    def create(self, kind, name, settings):
        method = {"service": "addService2", "zone": "addZone2", "policy": "addPolicy"}[kind]
        self._call(CONFIG_PATH, CONFIG, method, "sa{sv}", (name, self._typed(settings)))

    def update(self, kind, name, settings):
        path = self._object_path(kind, name)
        self._call(path, f"{CONFIG}.{kind}", "update" if kind == "policy" else "update2", "a{sv}",
                   (self._typed(settings),))

    def remove(self, kind, name):
        self._call(self._object_path(kind, name), f"{CONFIG}.{kind}", "remove")

    def reload(self):
        self._call(PATH, BUS_NAME, "reload")

    def runtime_view(self, zones=None):
        """Owned objects as the running firewall sees them: services, zone bindings, policies.
        zones: read only these zones (the ones the check compares; a zone the runtime does not have
        yet is left out, which the check sees as a difference)."""
        runtime_zones = to_python(self._call(PATH, BUS_NAME + ".zone", "getZones")) if zones is None else zones
        zones = {}
        for zone in runtime_zones:
            try:
                settings = to_python(self._call(PATH, BUS_NAME + ".zone", "getZoneSettings2", "s", (zone,)))
            except self.dbus.exceptions.DBusException:
                continue  # not in the runtime (INVALID_ZONE): created permanently, not reloaded yet
            known_canonical(settings.get(ZONE_RICH, []))  # firewalld's own form, as in the permanent read
            zones[zone] = owned_zone_items(settings, ZONE_RICH)
        policies = {}
        for policy in to_python(self._call(PATH, BUS_NAME + ".policy", "getPolicies")):
            if policy.startswith(PREFIX):
                settings = to_python(self._call(PATH, BUS_NAME + ".policy", "getPolicySettings", "s", (policy,)))
                known_canonical(settings.get("rich_rules", []))
                policies[policy] = normal_policy(settings)
        services = sorted(s for s in to_python(self._call(PATH, BUS_NAME, "listServices")) if s.startswith(PREFIX))
        return {"services": services, "zones": zones, "policies": policies}


class OfflineBackend:
    """firewalld stopped: firewalld's own offline interface writes the permanent files."""

    name = "offline"

    def __init__(self):
        from firewall.core.fw import Firewall

        self.fw = Firewall(offline=True)
        self.fw.start()
        self.config = self.fw.config

    def default_zone(self):
        return self.fw.get_default_zone()

    def names(self, kind):
        return {
            "service": self.config.get_services,
            "zone": self.config.get_zones,
            "policy": self.config.get_policy_objects,
        }[kind]()

    def _object(self, kind, name):
        return {
            "service": self.config.get_service,
            "zone": self.config.get_zone,
            "policy": self.config.get_policy_object,
        }[kind](name)

    def zones_worth_reading(self, names):
        return list(names)  # in memory already: reading costs nothing

    def get(self, kind, name):
        getter = {
            "service": self.config.get_service_config_dict,
            "zone": self.config.get_zone_config_dict,
            "policy": self.config.get_policy_object_config_dict,
        }[kind]
        return copy.deepcopy(getter(self._object(kind, name)))

    def create(self, kind, name, settings):
        {
            "service": self.config.new_service_dict,
            "zone": self.config.new_zone_dict,
            "policy": self.config.new_policy_object_dict,
        }[kind](name, settings)

    def update(self, kind, name, settings):
        {
            "service": self.config.set_service_config_dict,
            "zone": self.config.set_zone_config_dict,
            "policy": self.config.set_policy_object_config_dict,
        }[kind](self._object(kind, name), settings)

    def remove(self, kind, name):
        {
            "service": self.config.remove_service,
            "zone": self.config.remove_zone,
            "policy": self.config.remove_policy_object,
        }[kind](self._object(kind, name))

    def reload(self):
        pass

    def runtime_view(self, zones=None):
        return None


def open_backend(offline):
    """The online backend when firewalld answers on D-Bus; else the offline one if asked, or an error."""
    require_bindings()
    import dbus  # pylint: disable=import-outside-toplevel

    try:
        bus = dbus.SystemBus()
        # The probe's answer is the default zone the run needs anyway.
        default_zone = str(bus.call_blocking(BUS_NAME, PATH, BUS_NAME, "getDefaultZone", "", ()))
        return OnlineBackend(bus, default_zone)
    except dbus.exceptions.DBusException as exc:
        reason = exc.get_dbus_name() or str(exc)
    if offline:
        return OfflineBackend()
    raise RulesetError(
        f"firewalld is not running ({reason}); start it (systemctl start firewalld) or set offline: true "
        "to write the permanent configuration without it"
    )
