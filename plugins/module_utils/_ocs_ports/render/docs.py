"""Port matrix renderers (Markdown and CSV) over deployment_flows() rows."""

import csv
import io

MATRIX_COLUMNS = ("flow", "from", "from_addresses", "to", "to_addresses", "protocol", "ports",
                  "source_ports", "purpose", "evidence", "source")


def _addresses(cidrs):
    # No addresses key: the record is a catalogue row (classes only); [] means any address.
    if cidrs is None:
        return ""
    return ", ".join(cidrs) if cidrs else "any"


def matrix_rows(flows):
    """Flow records -> flat rows with the matrix columns, in catalogue order."""
    rows = []
    for flow in flows:
        rows.append({
            "flow": flow["id"],
            "from": flow["from"],
            "from_addresses": _addresses(flow.get("from_addresses")),
            "to": flow["to"],
            "to_addresses": _addresses(flow.get("to_addresses")),
            "protocol": flow["protocol"].upper(),
            "ports": ",".join(flow["ports"]),
            # The opener's ports, where Microsoft names them.
            "source_ports": ",".join(flow.get("source_ports") or []) or "any",
            "purpose": flow["purpose"],
            "evidence": flow["evidence"],
            "source": flow["reference"],
        })
    return rows


def to_csv(flows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=MATRIX_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(matrix_rows(flows))
    return out.getvalue()


def _md_cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(flows, title="Port matrix"):
    lines = [f"# {title}", ""]
    lines.append("| " + " | ".join(MATRIX_COLUMNS) + " |")
    lines.append("|" + "---|" * len(MATRIX_COLUMNS))
    for row in matrix_rows(flows):
        lines.append("| " + " | ".join(_md_cell(row[c]) for c in MATRIX_COLUMNS) + " |")
    lines.append("")
    lines.append("Evidence: V = verbatim in Microsoft text, S = third-party copy of a Microsoft table, "
                 "I = inferred from the Lync 2010/2013 tables.")
    cited = sorted({flow["reference"]: (flow.get("reference_title", ""), flow.get("reference_url", "")) for flow in flows}.items())
    if cited:
        lines.append("")
        lines.append("Sources:")
        lines.append("")
        for key, (ref_title, url) in cited:
            lines.append(f"- {key}: {ref_title} <{url}>")
    return "\n".join(lines) + "\n"
