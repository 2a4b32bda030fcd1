#!/usr/bin/env python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Flow diagram (Graphviz DOT) and HTML page of a deployment's port matrix (ocs.firewall.port_matrix).

    ocs_port_diagram.py dot  < {"title", "flows", "zones", "hosts"}              -> DOT on stdout
    ocs_port_diagram.py html < {"title", "matrix_csv", "svg_path", "flows"}     -> HTML on stdout

flows are ocs.firewall.ocs_flows records; zones the inventory's ocs_zones; hosts maps inventory hosts
to their ocs_server_roles. Deterministic: the same input gives the same bytes. Stdlib only; runs on
the controller.
"""

import csv
import html
import io
import ipaddress
import json
import re
import sys

ZONE_ORDER = ("external", "perimeter", "internal")
ZONE_STYLE = {
    "external": ("Internet (external)", "#fbeaea", "#c0392b"),
    "perimeter": ("Perimeter network", "#fff6e0", "#d68910"),
    "internal": ("Internal network", "#eaf5ea", "#1e8449"),
}
LABELS = {
    "remote_user": "Remote users",
    "federated_partner": "Federated partners",
    "public_im_provider": "Public IM providers",
    "access_edge_external": "Access Edge (external)",
    "webconf_edge_external": "Web Conferencing Edge (external)",
    "av_edge_external": "A/V Edge (external)",
    "access_edge_internal": "Access Edge (internal)",
    "webconf_edge_internal": "Web Conferencing Edge (internal)",
    "av_edge_internal": "A/V Edge (internal)",
    "front_end": "Front End",
    "director": "Director",
    "av_conferencing": "A/V Conferencing",
    "mediation": "Mediation Server",
    "pstn_gateway": "PSTN gateway",
    "exchange_um": "Exchange UM",
    "internal_client": "Internal clients",
    "reverse_proxy": "Reverse proxy",
}
# Server roles -> the endpoint classes a host of that role is (the catalogue's server roles), and the
# classes collocated on another unless the topology names them.
ROLE_CLASSES = {
    "access_edge": ("access_edge_external", "access_edge_internal"),
    "webconf_edge": ("webconf_edge_external", "webconf_edge_internal"),
    "av_edge": ("av_edge_external", "av_edge_internal"),
    "front_end": ("front_end",),
    "director": ("director",),
    "av_conferencing": ("av_conferencing",),
    "mediation": ("mediation",),
    "reverse_proxy": ("reverse_proxy",),
    "client": ("internal_client",),
}
COLLOCATED = {"av_conferencing": "front_end"}
GATEWAY_ROLES = {"external_firewall": "external firewall", "internal_firewall": "internal firewall"}
# Zone of a class when the inventory has no ocs_zones: the Edge and the reverse proxy sit in the perimeter.
PERIMETER_CLASSES = {
    "access_edge_external", "webconf_edge_external", "av_edge_external",
    "access_edge_internal", "webconf_edge_internal", "av_edge_internal", "reverse_proxy",
}
PROTOCOL_COLOURS = {("tcp",): "#1f4e79", ("udp",): "#2e7d32", ("tcp", "udp"): "#6c3483"}


class Raw(str):
    """A DOT string written as it is (it holds escapes such as \\l on purpose)."""


def _escape(text):
    return str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _quote(text):
    return '"' + (str(text) if isinstance(text, Raw) else _escape(text)) + '"'


def _attrs(**attrs):
    return "[" + ", ".join(f"{k}={_quote(v)}" for k, v in sorted(attrs.items())) + "]"


def _networks(cidrs):
    return [ipaddress.ip_network(c, strict=False) for c in cidrs]


def class_addresses(flows):
    found = {}
    for flow in flows:
        for end in ("from", "to"):
            found.setdefault(flow[end], list(flow.get(f"{end}_addresses") or []))
    return found


def zone_of(name, cidrs, zones):
    if not cidrs:
        return "external"
    if not zones:
        return "perimeter" if name in PERIMETER_CLASSES else "internal"
    best = None  # the most specific zone CIDR containing the class's first address
    first = _networks(cidrs[:1])[0]
    for zone, zone_cidrs in sorted(zones.items()):
        for net in _networks(zone_cidrs if isinstance(zone_cidrs, list) else [zone_cidrs]):
            if first.version == net.version and first.subnet_of(net):
                if best is None or net.prefixlen > best[1]:
                    best = (zone, net.prefixlen)
    return best[0] if best and best[0] in ZONE_ORDER else "external"


def _merge_ports(specs):
    ranges = []
    for spec in specs:
        low, _sep, high = str(spec).partition("-")
        ranges.append((int(low), int(high or low)))
    merged = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return [str(a) if a == b else f"{a}-{b}" for a, b in merged]


def _wrap(items, per_line=4):
    return "\n".join(", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line))


def _short(cidr):
    return cidr[:-3] if cidr.endswith("/32") else cidr[:-4] if cidr.endswith("/128") else cidr


def class_hosts(hosts, classes):
    """Endpoint class -> sorted inventory hosts that are it; and the gateway hosts by role."""
    found, gateways = {}, {}
    for host, roles in sorted((hosts or {}).items()):
        mine = set()
        for role in roles or []:
            if role in GATEWAY_ROLES:
                gateways.setdefault(role, []).append(host)
            mine.update(ROLE_CLASSES.get(role, ()))
        for name, on in COLLOCATED.items():
            if on in mine and name in classes and classes[name] == classes.get(on):
                mine.add(name)
        for name in mine:
            found.setdefault(name, []).append(host)
    return found, gateways


def to_dot(title, flows, zones=None, hosts=None):
    classes = class_addresses(flows)
    zone = {name: zone_of(name, cidrs, zones or {}) for name, cidrs in classes.items()}
    owners, gateways = class_hosts(hosts, classes)
    rank = {z: i for i, z in enumerate(ZONE_ORDER)}

    legend = ("Each arrow goes from the side that opens the connection (or sends the datagrams) to the side that "
              "accepts it,\nlabelled with protocol and destination ports. Blue: TCP, green: UDP, purple: both. "
              "Dashed: inferred from the Lync 2010/2013 tables (evidence I).")
    lines = [
        "digraph ocs_port_flows {",
        "  graph " + _attrs(rankdir="LR", fontname="Helvetica", fontsize="16", labelloc="t", labeljust="l",
                            nodesep="0.45", ranksep="1.2", newrank="true", pad="0.3", tooltip=title,
                            label=Raw(_escape(title) + "\\l" + _escape(legend).replace("\\n", "\\l") + "\\l")) + ";",
        "  node " + _attrs(shape="box", style="rounded,filled", fillcolor="white", color="#555555",
                           fontname="Helvetica", fontsize="11", margin="0.15,0.06") + ";",
        "  edge " + _attrs(fontname="Helvetica", fontsize="10", arrowsize="0.7", penwidth="1.3") + ";",
    ]

    def node(name, indent):
        cidrs = classes[name]
        addresses = ", ".join(_short(c) for c in cidrs[:3]) + (" ..." if len(cidrs) > 3 else "") if cidrs else "any address"
        text = [LABELS.get(name, name), addresses]
        if owners.get(name):
            text.append("(" + ", ".join(owners[name][:4]) + (" ..." if len(owners[name]) > 4 else "") + ")")
        return f"{indent}{name} " + _attrs(label="\n".join(text), tooltip=f"{name}: {addresses}") + ";"

    firewall_note = {
        "perimeter": ", ".join(f"{GATEWAY_ROLES[r]}: {', '.join(h)}" for r, h in sorted(gateways.items())),
    }
    for z in ZONE_ORDER:
        members = sorted(n for n in classes if zone[n] == z)
        if not members:
            continue
        label, fill, border = ZONE_STYLE[z]
        if firewall_note.get(z):
            label = f"{label}\n({firewall_note[z]})"
        lines.append(f"  subgraph cluster_{z} {{")
        lines.append("    graph " + _attrs(label=label, style="filled,rounded", fillcolor=fill, color=border,
                                           fontcolor=border, fontsize="14", penwidth="1.5") + ";")
        # One server with several interfaces here (a consolidated Edge): its own box.
        by_host = {}
        for name in members:
            if len(owners.get(name, [])) == 1:
                by_host.setdefault(owners[name][0], []).append(name)
        grouped = set()
        for host, names in sorted(by_host.items()):
            if len(names) < 2:
                continue
            roles = [r for r in hosts.get(host, []) if r in ROLE_CLASSES]
            lines.append(f"    subgraph cluster_{z}_{re.sub(r'[^A-Za-z0-9_]', '_', host)} {{")
            lines.append("      graph " + _attrs(label=f"{host}: {', '.join(roles)}", style="dashed,rounded",
                                                 color="#777777", fontcolor="#333333", fontsize="11",
                                                 fillcolor="white") + ";")
            for name in names:
                lines.append(node(name, "      "))
                grouped.add(name)
            lines.append("    }")
        for name in members:
            if name not in grouped:
                lines.append(node(name, "    "))
        lines.append("  }")

    def label(group):
        text = []
        for protocol in sorted({f["protocol"] for f in group}):
            ports = _merge_ports(p for f in group if f["protocol"] == protocol for p in f["ports"])
            text.append(f"{protocol.upper()} {_wrap(ports)}")
        return "\n".join(text)

    pairs = {}
    for flow in flows:
        pairs.setdefault((flow["from"], flow["to"]), []).append(flow)
    done = set()
    for (src, dst), group in sorted(pairs.items()):
        if (src, dst) in done:
            continue
        done.add((src, dst))
        back = pairs.get((dst, src)) if src != dst else None
        both = back is not None and label(back) == label(group)  # the same ports both ways: one arrow
        if both:
            done.add((dst, src))
            group = group + back
        protocols = tuple(sorted({f["protocol"] for f in group}))
        colour = PROTOCOL_COLOURS.get(protocols, "#333333")
        attrs = {
            "label": label(group) + ("\n(both ways)" if both else ""),
            "color": colour,
            "fontcolor": colour,
            "tooltip": "\n".join(f"{f['id']} ({f['protocol']} {','.join(f['ports'])})" for f in group),
        }
        if all(f.get("evidence") == "I" for f in group):
            attrs["style"] = "dashed"
        forward = rank[zone[src]] <= rank[zone[dst]]
        if both:
            attrs["dir"] = "both"
        elif not forward:
            attrs["dir"] = "back"  # drawn right to left, laid out left to right
        tail, head = (src, dst) if forward else (dst, src)
        lines.append(f"  {tail} -> {head} " + _attrs(**attrs) + ";")

    # Columns: internet peers, the Edge's external interfaces (and the reverse proxy), its internal ones.
    columns = [
        [n for n in sorted(classes) if zone[n] == "external"],
        [n for n in sorted(classes) if zone[n] == "perimeter" and not n.endswith("_internal")],
        [n for n in sorted(classes) if zone[n] == "perimeter" and n.endswith("_internal")],
    ]
    for column in columns:
        if len(column) > 1:
            lines.append("  { rank=same; " + "; ".join(column) + "; }")
    # Each Edge service's internal interface to the right of its external one (no flow links them).
    for name in columns[1]:
        inner = name[: -len("_external")] + "_internal" if name.endswith("_external") else None
        if inner in classes:
            lines.append(f"  {name} -> {inner} " + _attrs(style="invis", weight="2") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- HTML

CSS = """
body{font-family:Helvetica,Arial,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.5em;margin:0 0 .3em}
p.note{color:#555;max-width:60em}
.diagram{overflow:auto;border:1px solid #ddd;padding:.5em;margin:1em 0;background:#fff}
.diagram svg{max-width:100%;height:auto}
input#filter{padding:.3em;width:28em;margin:.5em 0}
table{border-collapse:collapse;font-size:.85em}
th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}
th{background:#f0f0f0;position:sticky;top:0}
tr:nth-child(even) td{background:#fafafa}
td.ev-I{color:#8a5a00}
"""

SCRIPT = """
document.getElementById('filter').addEventListener('input', function (e) {
  var words = e.target.value.toLowerCase().split(/\\s+/).filter(Boolean);
  document.querySelectorAll('#matrix tbody tr').forEach(function (row) {
    var text = row.textContent.toLowerCase();
    row.style.display = words.every(function (w) { return text.indexOf(w) >= 0; }) ? '' : 'none';
  });
});
"""


def _inline_svg(path):
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return None
    start = text.find("<svg")
    return text[start:] if start >= 0 else None


def to_html(title, matrix_csv, svg_path=None, flows=None):
    rows = list(csv.reader(io.StringIO(matrix_csv)))
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>{html.escape(title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           f"<h1>{html.escape(title)}</h1>",
           '<p class="note">Every flow of the deployment: from which endpoint class to which, protocol and '
           "destination ports, purpose, the evidence level of the fact (V verbatim in Microsoft text, S a "
           "third-party copy of a Microsoft table, I inferred from the Lync 2010/2013 tables) and its source. "
           "Generated by ocs.firewall.port_matrix from the inventory; this page needs no network access.</p>"]
    svg = _inline_svg(svg_path) if svg_path else None
    if svg:
        out += ['<div class="diagram">', svg.strip(), "</div>"]
    elif svg_path:
        out.append('<p class="note">(The diagram is drawn on the next run: it was not there yet.)</p>')
    out.append(f'<p><input id="filter" type="search" placeholder="Filter rows (e.g. udp 3478, av_edge)"> '
               f"{len(body)} flows</p>")
    out.append('<table id="matrix">')
    out.append("<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr></thead>")
    out.append("<tbody>")
    evidence = header.index("evidence") if "evidence" in header else -1
    for row in body:
        cells = []
        for i, cell in enumerate(row):
            cls = f' class="ev-{html.escape(cell)}"' if i == evidence else ""
            cells.append(f"<td{cls}>{html.escape(cell)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    sources = sorted({(f["reference"], f.get("reference_title", ""), f.get("reference_url", "")) for f in flows or []})
    if sources:
        out.append("<h2>Sources</h2><ul>")
        for key, ref_title, url in sources:
            link = f' <a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>' if url else ""
            out.append(f"<li>{html.escape(key)}: {html.escape(ref_title)}{link}</li>")
        out.append("</ul>")
    out += [f"<script>{SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def main(argv):
    if len(argv) != 2 or argv[1] not in ("dot", "html"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        data = json.load(sys.stdin)
        if argv[1] == "dot":
            sys.stdout.write(to_dot(data.get("title", "OCS flows"), data["flows"], data.get("zones") or {},
                                    data.get("hosts") or {}))
        else:
            sys.stdout.write(to_html(data.get("title", "Port matrix"), data["matrix_csv"], data.get("svg_path"),
                                     data.get("flows")))
    except (KeyError, TypeError, ValueError) as exc:
        print(f"ocs_port_diagram.py {argv[1]}: bad input: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
