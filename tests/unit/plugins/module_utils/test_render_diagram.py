"""The diagram renderer: flows -> Graphviz DOT, and the self-contained HTML page. What a server role is,
the collocated classes, the perimeter firewalls and the zones come from the catalogue and ZoneMap."""

import re

import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.catalogue import PRODUCTS, get_catalogue
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.ranges import PortSet
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import diagram, docs
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import deployment_flows
from ansible_collections.ocs.firewall.tests.unit.dot import edges

CATALOGUE = get_catalogue("ocs2007r2")
EDGE_ROLES = ["access_edge", "webconf_edge", "av_edge"]
FEATURES = {"federation": True, "enterprise_voice": True}
# The example inventory's hosts (playbooks/inventories/example/hosts.yml).
HOSTS = {
    "edge1": EDGE_ROLES,
    "fe1": ["front_end"],
    "fe2": ["front_end"],
    "client1": ["client"],
    "fw_external": ["external_firewall"],
    "fw_internal": ["internal_firewall"],
}


@pytest.fixture
def topology(base_topology):
    base_topology.update({"reverse_proxy": "203.0.113.20", "mediation": "10.1.0.20", "pstn_gateway": "10.2.0.5"})
    return base_topology


@pytest.fixture
def flows(topology):
    return deployment_flows(topology=topology, features=FEATURES)


def nodes(dot):
    """Node name -> its label lines."""
    return {name: label.split("\\n")
            for name, label in re.findall(r'^\s+(\w+) \[label="((?:[^"\\]|\\.)*)"', dot, re.M)}


def clusters(dot):
    """Zone -> the node names inside its cluster."""
    found, zone = {}, None
    for line in dot.splitlines():
        match = re.match(r"^  subgraph cluster_(\w+) \{$", line)
        if match:
            zone = match.group(1)
            found[zone] = set()
        elif line == "  }":
            zone = None
        elif zone:
            node = re.match(r"^\s+(\w+) \[label=", line)
            if node:
                found[zone].add(node.group(1))
    return found


def label_ports(label, protocol):
    """The ports an edge label gives for one protocol, as a PortSet."""
    text = re.sub(r" from [0-9,-]+", "", label.replace("\\n", "\n"))  # source ports are not destinations
    lines = re.findall(rf"^{protocol.upper()} (.*(?:\n(?!TCP |UDP |\().*)*)", text, re.M)
    return PortSet.parse([p.strip() for line in lines for p in line.replace("\n", ", ").split(",")])


# ---- edges --------------------------------------------------------------------------------------------

def test_every_flow_is_an_edge_labelled_with_its_protocol_and_ports(flows, base_zones):
    drawn = edges(diagram.to_dot(flows, "T", zones=base_zones, hosts=HOSTS))
    for flow in flows:
        pair = (flow["from"], flow["to"])
        fields = drawn.get(pair) or (drawn.get(pair[::-1]) if drawn.get(pair[::-1], {}).get("dir") == "both" else None)
        assert fields, f"no edge for {flow['id']} {pair}"
        assert any(line.startswith(f"{flow['id']} (") for line in fields["tooltip"].split("\\n")), flow["id"]
        ports = label_ports(fields["label"], flow["protocol"])
        assert PortSet.parse(flow["ports"]) & ports == PortSet.parse(flow["ports"]), (flow["id"], fields["label"])


def test_source_ports_show_after_the_destination_ports(flows, base_zones):
    drawn = edges(diagram.to_dot(flows, "T", zones=base_zones))
    assert "TCP 443 from 50000-59999" in drawn[("av_edge_external", "federated_partner")]["label"]
    assert "UDP 3478 from 3478" in drawn[("av_edge_external", "federated_partner")]["label"]
    assert "from 60000-64000" in drawn[("mediation", "pstn_gateway")]["label"]


def test_no_edge_without_a_flow(flows, base_zones):
    pairs = {(f["from"], f["to"]) for f in flows}
    for (src, dst), fields in edges(diagram.to_dot(flows, "T", zones=base_zones)).items():
        assert (src, dst) in pairs or ((dst, src) in pairs and fields.get("dir") == "both")


def test_same_ports_both_ways_make_one_arrow_with_two_heads(flows, base_zones):
    drawn = edges(diagram.to_dot(flows, "T", zones=base_zones))
    both = [pair for pair, fields in drawn.items() if fields.get("dir") == "both"]
    assert ("front_end", "mediation") in both or ("mediation", "front_end") in both
    for pair in both:
        assert drawn[pair]["label"].endswith("\\n(both ways)")


def test_ranges_are_merged_never_expanded(flows, base_zones):
    drawn = edges(diagram.to_dot(flows, "T", zones=base_zones))
    assert drawn[("internal_client", "internal_client")]["label"] == "TCP 1024-65535\\nUDP 1024-65535"
    assert "443-444" in drawn[("front_end", "front_end")]["label"]


def test_inferred_flows_are_dashed_and_verbatim_ones_are_not(flows, base_zones):
    drawn = edges(diagram.to_dot(flows, "T", zones=base_zones))
    assert drawn[("internal_client", "av_edge_internal")].get("style") == "dashed"
    assert "style" not in drawn[("remote_user", "access_edge_external")]


# ---- zones (ZoneMap) ----------------------------------------------------------------------------------

def test_classes_lie_in_the_zone_of_their_address(flows, base_zones):
    zones = clusters(diagram.to_dot(flows, "T", zones=base_zones))
    assert {"remote_user", "federated_partner"} <= zones["external"]
    assert {"access_edge_external", "av_edge_internal", "reverse_proxy"} <= zones["perimeter"]
    assert {"front_end", "av_conferencing", "internal_client", "mediation", "pstn_gateway"} <= zones["internal"]


def test_the_most_specific_zone_cidr_wins(topology):
    topology["internal_client"] = "10.3.0.0/16"
    flows = deployment_flows(topology=topology, features=FEATURES)
    zones = clusters(diagram.to_dot(flows, "T", zones={
        "perimeter": ["203.0.113.0/24", "172.16.10.0/24", "10.2.0.0/16"], "internal": ["10.0.0.0/8"],
    }))
    assert "pstn_gateway" in zones["perimeter"] and {"front_end", "internal_client"} <= zones["internal"]


def test_an_address_in_no_zone_is_external(flows):
    zones = clusters(diagram.to_dot(flows, "T", zones={"internal": ["10.0.0.0/8"]}))
    assert "access_edge_external" in zones["external"] and "front_end" in zones["internal"]


def test_without_zones_the_edge_and_the_internet_facing_classes_are_in_the_perimeter(flows):
    zones = clusters(diagram.to_dot(flows, "T"))
    edge = {name for name, spec in CATALOGUE.endpoint_classes.items() if spec.side}
    assert edge | {"reverse_proxy"} == zones["perimeter"]
    assert {"front_end", "internal_client", "mediation", "pstn_gateway"} <= zones["internal"]
    assert {"remote_user", "federated_partner", "internet_service"} == zones["external"]


def test_the_default_perimeter_is_derived_from_the_catalogue():
    perimeter = diagram.default_perimeter(CATALOGUE)
    assert {name for name, spec in CATALOGUE.endpoint_classes.items() if spec.side} <= perimeter
    assert "reverse_proxy" in perimeter
    assert not {name for name, spec in CATALOGUE.endpoint_classes.items() if spec.external_peer} & perimeter
    assert not {"front_end", "internal_client", "av_conferencing", "director"} & perimeter


@pytest.mark.parametrize("zones, bad", [
    ({"dmz": ["203.0.113.0/24"]}, "'dmz'"),
    ({"perimeter": ["203.0.113.300/24"]}, "203.0.113.300"),
    ({"perimeter": ["10.1.0.0/16"], "internal": ["10.1.0.0/16"]}, "10.1.0.0/16"),
    ({"internal": ["10.1.0.0/24"]}, "10.0.0.0/8"),  # internal_client (10.0.0.0/8) would span two zones
])
def test_bad_zones_fail_naming_the_value(flows, zones, bad):
    with pytest.raises(OcsModelError) as info:
        diagram.to_dot(flows, "T", zones=zones)
    assert bad in str(info.value)


# ---- server roles, collocated classes and firewalls (the catalogue) ------------------------------------

def test_a_front_end_host_is_also_the_av_conferencing_it_carries(flows, topology):
    assert "av_conferencing" not in topology and "av_conferencing" not in CATALOGUE.server_roles["front_end"]
    drawn = nodes(diagram.to_dot(flows, "T", hosts={"fe1": ["front_end"]}))
    assert drawn["front_end"][-1] == "(fe1)"
    assert drawn["av_conferencing"][-1] == "(fe1)"


def test_a_named_av_conferencing_is_not_the_front_end_hosts(topology):
    topology["av_conferencing"] = "10.1.0.30"
    flows = deployment_flows(topology=topology, features=FEATURES)
    drawn = nodes(diagram.to_dot(flows, "T", hosts={"fe1": ["front_end"], "avc1": ["av_conferencing"]}))
    assert drawn["front_end"][-1] == "(fe1)" and drawn["av_conferencing"][-1] == "(avc1)"


@pytest.mark.parametrize("role", sorted(CATALOGUE.server_roles))
def test_a_host_is_every_class_of_its_role_in_the_catalogue(role):
    classes = CATALOGUE.server_roles[role]
    flows = [{"id": f"t.{name}", "from": "remote_user", "to": name, "protocol": "tcp", "ports": ["443"],
              "from_addresses": [], "to_addresses": [f"10.9.{i}.1/32"]} for i, name in enumerate(classes)]
    drawn = nodes(diagram.to_dot(flows, "T", hosts={"h1": [role]}))
    assert all(drawn[name][-1] == "(h1)" for name in classes)


def test_a_consolidated_edge_gets_its_own_box_named_after_its_roles(flows, base_zones):
    dot = diagram.to_dot(flows, "T", zones=base_zones, hosts=HOSTS)
    assert "subgraph cluster_perimeter_edge1 {" in dot
    assert 'label="edge1: access_edge, webconf_edge, av_edge"' in dot


def test_the_perimeter_names_the_firewalls_of_the_catalogues_gateway_roles(flows, base_zones):
    dot = diagram.to_dot(flows, "T", zones=base_zones, hosts=HOSTS)
    assert "Perimeter network\\n(external firewall: fw_external, internal firewall: fw_internal)" in dot
    assert diagram.gateway_zone(CATALOGUE) == "perimeter"


def test_the_edges_internal_sides_are_laid_out_behind_their_external_ones(flows, base_zones):
    dot = diagram.to_dot(flows, "T", zones=base_zones)
    invisible = re.findall(r"^  (\w+) -> (\w+) \[style=\"invis\"", dot, re.M)
    assert invisible == [("access_edge_external", "access_edge_internal"), ("av_edge_external", "av_edge_internal"),
                         ("webconf_edge_external", "webconf_edge_internal")]


@pytest.mark.parametrize("hosts, bad", [
    ({"fe1": ["frontend"]}, "'frontend'"),
    ({"fe1": "front_end"}, "hosts.fe1"),
    (["fe1"], "['fe1']"),
])
def test_bad_hosts_fail_naming_the_value(flows, hosts, bad):
    with pytest.raises(OcsModelError) as info:
        diagram.to_dot(flows, "T", hosts=hosts)
    assert bad in str(info.value)


def test_an_unknown_endpoint_class_or_product_fails(flows):
    broken = [dict(flows[0], to="front-end")]
    with pytest.raises(OcsModelError, match="'front-end'"):
        diagram.to_dot(broken, "T")
    with pytest.raises(OcsModelError, match="'lync2010'"):
        diagram.to_dot(flows, "T", product="lync2010")
    with pytest.raises(OcsModelError, match="'lync2010'"):
        diagram.to_dot([dict(flows[0], product="lync2010")], "T")


@pytest.mark.parametrize("product", sorted(PRODUCTS))
def test_every_endpoint_class_and_zone_has_a_label(product):
    catalogue = get_catalogue(product)
    assert all(spec.label for spec in catalogue.endpoint_classes.values())  # the catalogue labels its classes
    assert set(catalogue.zones) <= set(diagram.ZONE_STYLE)


# ---- determinism and quoting --------------------------------------------------------------------------

def test_the_same_input_gives_the_same_bytes(flows, base_zones):
    first = diagram.to_dot(flows, "T", zones=base_zones, hosts=HOSTS)
    again = diagram.to_dot(list(flows), "T", zones=dict(reversed(list(base_zones.items()))),
                           hosts=dict(reversed(list(HOSTS.items()))))
    assert first == again and first.endswith("}\n")


def test_the_title_is_quoted(flows):
    dot = diagram.to_dot(flows, 'Say "hi"\\ now')
    assert 'tooltip="Say \\"hi\\"\\\\ now"' in dot


# ---- HTML ---------------------------------------------------------------------------------------------

SVG = '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>\n'


def html_page(flows, svg=None, title="Port matrix"):
    return docs.to_html(title, docs.to_csv(flows), svg_text=svg, flows=flows)


def test_the_page_is_self_contained_with_every_flow(flows):
    page = html_page(flows, SVG)
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    for external in ("<script src", "<link", "<img", "@import", "url(http"):
        assert external not in page
    assert all(f"<td>{flow['id']}</td>" in page for flow in flows)
    assert f"{len(flows)} flows" in page


def test_the_svg_is_inlined_without_its_prolog(flows):
    page = html_page(flows, SVG)
    assert '<div class="diagram">\n<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>\n</div>' in page
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page


def test_no_svg_means_no_diagram_and_an_empty_one_says_it_comes_next_run(flows):
    assert "diagram" not in html_page(flows).split("<body>")[1].split("<table")[0].replace("ocs.firewall", "")
    assert "drawn on the next run" in html_page(flows, "")


def test_the_page_escapes_every_text(flows):
    flows = [dict(flows[0], purpose='<b>"x" & y</b>', reference_title="<T>", reference_url="https://e.x/?a=1&b=<2>")]
    page = html_page(flows, title="A <b> & C")
    assert "<title>A &lt;b&gt; &amp; C</title>" in page and "<h1>A &lt;b&gt; &amp; C</h1>" in page
    assert "<td>&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;</td>" in page
    assert '<a href="https://e.x/?a=1&amp;b=&lt;2&gt;">' in page and ": &lt;T&gt;" in page
    assert "<b>" not in page


def test_the_page_lists_the_cited_sources_once(flows):
    page = html_page(flows)
    references = {flow["reference"] for flow in flows}
    assert page.count("<li>") == len(references)


def test_the_same_page_twice(flows):
    assert html_page(flows, SVG) == html_page(list(flows), SVG)
