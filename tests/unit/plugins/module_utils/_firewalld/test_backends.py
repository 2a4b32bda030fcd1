"""backends.py's file reads: which zones are worth a D-Bus read, and ocs- services from their files."""

import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._firewalld import backends
from ansible_collections.ocs.firewall.tests.unit.plugins.module_utils._firewalld import fakes

# As firewalld 1.3's service_writer writes a service (an XML declaration, escaped text).
SERVICE_XML = """<?xml version="1.0" encoding="utf-8"?>
<service>
  <short>OCS 2007 R2 av_edge.external.stun_udp</short>
  <description>OCS 2007 R2 flows: a &amp; b (source: TN-1)</description>
  <port port="3478" protocol="udp"/>
  <port port="50000-59999" protocol="tcp"/>
</service>
"""


def test_a_service_file_gives_the_settings_firewalld_gives():
    assert backends.service_from_file(SERVICE_XML) == {
        "short": "OCS 2007 R2 av_edge.external.stun_udp",
        "description": "OCS 2007 R2 flows: a & b (source: TN-1)",
        "ports": [("3478", "udp"), ("50000-59999", "tcp")],
    }


def test_the_file_read_agrees_with_firewalld_s_own_reader(tmp_path, real_parser):
    try:
        from firewall.core.io.service import service_reader  # pylint: disable=import-outside-toplevel
    except Exception as exc:  # the lab's package on a Python it does not support
        pytest.skip(f"firewalld's service reader does not import here: {exc}")
    (tmp_path / "ocs-x.xml").write_text(SERVICE_XML, encoding="utf-8")
    expected = service_reader("ocs-x.xml", str(tmp_path)).export_config_dict()
    assert backends.service_from_file(SERVICE_XML) == expected


@pytest.mark.parametrize("text", [
    SERVICE_XML.replace('<port port="3478" protocol="udp"/>', '<protocol value="gre"/>'),
    SERVICE_XML.replace('<service>', '<service version="2">'),
    SERVICE_XML.replace('protocol="udp"/>', 'protocol="udp"/><destination ipv4="192.0.2.1"/>'),
    SERVICE_XML.replace('<port port="3478" protocol="udp"/>', '<source-port port="1" protocol="udp"/>'),
    "<service><short>x</short>",  # not well-formed
    "<zone/>",
])
def test_anything_beyond_short_description_and_ports_is_left_to_firewalld(text):
    assert backends.service_from_file(text) is None


def test_zones_worth_reading_are_those_with_ours_an_interface_a_source_or_no_file():
    files = {
        "block": '<zone target="%%REJECT%%"><short>Block</short></zone>',
        "public": '<zone><service name="ssh"/><rule><service name="ocs-a"/><accept/></rule></zone>',
        "internal": '<zone><interface name="eth1"/></zone>',
        "work": '<zone><source address="10.0.0.0/8"/></zone>',
        "home": '<zone><service name="mdns"/></zone>',
    }
    names = ["block", "home", "internal", "nm-shared", "public", "work"]
    assert backends.zones_worth_reading(names, lambda kind, name: files.get(name)) == [
        "internal", "nm-shared", "public", "work"]


def test_the_fake_backend_reads_every_zone():
    assert fakes.FakeBackend(**fakes.host_firewall()).zones_worth_reading(["a", "b"]) == ["a", "b"]
