"""firewalld's permanent configuration, read and written through one small interface.

A backend has: name, default_zone(), names(kind), get(kind, name) -> settings dict, create(kind,
name, settings), update(kind, name, settings), remove(kind, name), reload(), and runtime_view()
(the owned objects of the running firewall, or None when there is no runtime). kind is one of
state.KINDS. The unit tests' fake backend has the same shape.
"""

import copy

from .state import PREFIX, ZONE_RICH, RulesetError, normal_policy, owned_zone_items, require_bindings

# D-Bus signatures of the list settings that are not lists of strings (for empty lists too).
TUPLE_SIGNATURES = {"ports": "(ss)", "source_ports": "(ss)", "forward_ports": "(ssss)"}
INT_SETTINGS = ("priority", "ingress_priority", "egress_priority")


class OnlineBackend:
    """firewalld running: permanent configuration over D-Bus.

    Talks to firewalld's D-Bus interfaces directly on proxies made without introspection; the
    client library introspects every object first, which was most of a no-op run's time.
    """

    name = "online"
    INTERFACES = {"service": "SERVICE", "zone": "ZONE", "policy": "POLICY"}

    def __init__(self, bus):
        import dbus
        from firewall import config
        from firewall.dbus_utils import dbus_to_python

        self.dbus, self.fwdbus, self.to_python = dbus, config.dbus, dbus_to_python
        self.bus = bus
        self.main = self._iface(config.dbus.DBUS_PATH, config.dbus.DBUS_INTERFACE)
        self.runtime_zone = self._iface(config.dbus.DBUS_PATH, config.dbus.DBUS_INTERFACE_ZONE)
        self.runtime_policy = self._iface(config.dbus.DBUS_PATH, config.dbus.DBUS_INTERFACE_POLICY)
        self.config = self._iface(config.dbus.DBUS_PATH_CONFIG, config.dbus.DBUS_INTERFACE_CONFIG)

    def _iface(self, path, interface):
        proxy = self.bus.get_object(self.fwdbus.DBUS_INTERFACE, path, introspect=False)
        return self.dbus.Interface(proxy, dbus_interface=interface)

    def _object(self, kind, name):
        by_name = {"service": "getServiceByName", "zone": "getZoneByName", "policy": "getPolicyByName"}[kind]
        path = getattr(self.config, by_name)(name)
        return self._iface(path, getattr(self.fwdbus, f"DBUS_INTERFACE_CONFIG_{self.INTERFACES[kind]}"))

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
        return self.to_python(self.main.getDefaultZone())

    def names(self, kind):
        method = {"service": "getServiceNames", "zone": "getZoneNames", "policy": "getPolicyNames"}[kind]
        return self.to_python(getattr(self.config, method)())

    def get(self, kind, name):
        obj = self._object(kind, name)
        return self.to_python(obj.getSettings() if kind == "policy" else obj.getSettings2())

    def create(self, kind, name, settings):
        method = {"service": "addService2", "zone": "addZone2", "policy": "addPolicy"}[kind]
        getattr(self.config, method)(name, self._typed(settings))

    def update(self, kind, name, settings):
        obj = self._object(kind, name)
        (obj.update if kind == "policy" else obj.update2)(self._typed(settings))

    def remove(self, kind, name):
        self._object(kind, name).remove()

    def reload(self):
        self.main.reload()

    def runtime_view(self):
        """Owned objects as the running firewall sees them: services, zone bindings, policies."""
        zones = {}
        for zone in self.to_python(self.runtime_zone.getZones()):
            settings = self.to_python(self.runtime_zone.getZoneSettings2(zone))
            zones[zone] = owned_zone_items(settings, ZONE_RICH)
        policies = {}
        for policy in self.to_python(self.runtime_policy.getPolicies()):
            if policy.startswith(PREFIX):
                policies[policy] = normal_policy(self.to_python(self.runtime_policy.getPolicySettings(policy)))
        services = sorted(s for s in self.to_python(self.main.listServices()) if s.startswith(PREFIX))
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

    def runtime_view(self):
        return None


def open_backend(offline):
    """The online backend when firewalld answers on D-Bus; else the offline one if asked, or an error."""
    require_bindings()
    import dbus
    from firewall import config

    try:
        bus = dbus.SystemBus()
        proxy = bus.get_object(config.dbus.DBUS_INTERFACE, config.dbus.DBUS_PATH, introspect=False)
        dbus.Interface(proxy, dbus_interface=config.dbus.DBUS_INTERFACE).getDefaultZone()
        return OnlineBackend(bus)
    except dbus.exceptions.DBusException as exc:
        reason = exc.get_dbus_name() or str(exc)
    if offline:
        return OfflineBackend()
    raise RulesetError(
        f"firewalld is not running ({reason}); start it (systemctl start firewalld) or set offline: true "
        "to write the permanent configuration without it"
    )
