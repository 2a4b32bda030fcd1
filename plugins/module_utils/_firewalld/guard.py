"""The SSH lock-out check: the connection Ansible uses must still be accepted under the target.

It finds the zone the connection lands in (a source that holds the client, else the interface of
the server address, else the default zone) and whether that zone accepts the port: zone target
ACCEPT, a port, a service's port, or an accepting rich rule (for the client's address).
"""

import ipaddress

from .state import ZONE_RICH, RulesetError, parse_rich


SIOCGIFADDR = 0x8915  # Linux: an interface's (primary) IPv4 address


def _interface_by_ioctl(address):
    """The interface whose primary IPv4 address is address, asked of the kernel directly (no process
    to start); None when none is (an IPv6 or a secondary address: then ip is asked)."""
    import fcntl  # pylint: disable=import-outside-toplevel
    import socket  # pylint: disable=import-outside-toplevel
    import struct  # pylint: disable=import-outside-toplevel

    try:
        ipaddress.IPv4Address(address)
    except ValueError:
        return None
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for _index, name in socket.if_nameindex():
            try:
                reply = fcntl.ioctl(sock.fileno(), SIOCGIFADDR, struct.pack("256s", name.encode()[:15]))
            except OSError:
                continue  # no IPv4 address
            if socket.inet_ntoa(reply[20:24]) == address:
                return name
    return None


def _interface_of(run_command, address):
    name = _interface_by_ioctl(address)
    if name:
        return name
    rc, out, _err = run_command(["ip", "-o", "addr", "show"])
    if rc != 0:
        return None
    for line in out.splitlines():
        fields = line.split()
        if len(fields) > 3 and fields[3].split("/")[0] == address:
            return fields[1].split("@")[0]
    return None


def _zone_of_connection(states, zones, client_ip, iface):
    client = ipaddress.ip_address(client_ip)
    for name, settings in zones.items():
        for source in settings.get("sources", []):
            try:
                if client in ipaddress.ip_network(source, strict=False):
                    return name
            except ValueError:
                continue  # ipset: or MAC sources
    for name, settings in zones.items():
        if iface in settings.get("interfaces", []):
            return name
    return states.default_zone


def _accepts(states, services_state, zone_settings, client_ip, port):
    if zone_settings.get("target") == "ACCEPT":
        return True

    def in_ports(ports):
        for p, proto in ports:
            low, _sep, high = str(p).partition("-")
            if proto == "tcp" and int(low) <= port <= int(high or low):
                return True
        return False

    if in_ports(zone_settings.get("ports", [])):
        return True
    for service in zone_settings.get("services", []):
        settings = services_state.get(service) or states.service(service)
        if in_ports(settings.get("ports", [])):
            return True
    for rule in zone_settings.get(ZONE_RICH, []):
        parsed = parse_rich(rule)
        if parsed.action is None or type(parsed.action).__name__ != "Rich_Accept":
            continue
        if parsed.source is not None and getattr(parsed.source, "addr", None):
            try:
                if ipaddress.ip_address(client_ip) not in ipaddress.ip_network(parsed.source.addr, strict=False):
                    continue
            except ValueError:
                continue
        element = parsed.element
        name = type(element).__name__
        if name == "Rich_Port" and in_ports([(element.port, element.protocol)]):
            return True
        if name == "Rich_Service":
            settings = services_state.get(element.name) or {}
            if in_ports(settings.get("ports", [])):
                return True
    return False


def check_management(states, ssh_connection, run_command):
    """Refuse a target under which the SSH connection in use, accepted now, would not be accepted.

    ssh_connection: the value of SSH_CONNECTION ("client port server port"); run_command: runs a
    command (argv list) and returns (rc, stdout, stderr), as AnsibleModule.run_command does.
    Returns a line for the result; raises RulesetError when the connection would be cut."""
    conn = (ssh_connection or "").split()
    if len(conn) != 4:
        return "not checked: no SSH connection"
    client_ip, server_ip, port = conn[0], conn[2], int(conn[3])
    iface = _interface_of(run_command, server_ip)

    def accepted(zones, services):
        zone = _zone_of_connection(states, zones, client_ip, iface)
        return zone, _accepts(states, services, zones.get(zone, {}), client_ip, port)

    _zone_before, before = accepted(states.current["zone"], states.current["service"])
    zone_after, after = accepted(states.target["zone"], states.target["service"])
    if before and not after:
        raise RulesetError(
            f"refusing to apply: the SSH connection from {client_ip} to {server_ip}:{port} (interface {iface}) "
            f"would land in zone '{zone_after}', which would not accept it; nothing was changed"
        )
    return f"SSH {client_ip} -> {server_ip}:{port} stays accepted in zone '{zone_after}'" if after else \
        f"SSH {client_ip} -> {server_ip}:{port} is not accepted by a zone rule now (other means); not checked"
