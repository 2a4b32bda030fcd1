"""Port matrix renderers over deployment_flows() rows: Markdown, CSV, and a self-contained HTML page."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterable
from typing import Any

from ..catalogue import EVIDENCE_LEVELS, Catalogue, catalogue_for
from ..errors import OcsModelError, plain_text, shown
from ..model import MATRIX_FIELDS, FlowRecord, flow_records

MATRIX_COLUMNS = ("flow", "from", "from_addresses", "to", "to_addresses", "protocol", "ports",
                  "source_ports", "purpose", "evidence", "source")


def _addresses(cidrs: tuple[str, ...] | None) -> str:
    # No addresses key: the record is a catalogue row (classes only); [] means any address.
    if cidrs is None:
        return ""
    return ", ".join(cidrs) if cidrs else "any"


def matrix_rows(flows: Any) -> list[dict[str, str]]:
    """Flow records -> flat rows with the matrix columns, in catalogue order."""
    return _rows(flow_records(flows, needs=MATRIX_FIELDS))


def _rows(records: Iterable[FlowRecord]) -> list[dict[str, str]]:
    rows = []
    for flow in records:
        rows.append({
            "flow": flow.id,
            "from": flow.from_class,
            "from_addresses": _addresses(flow.from_addresses),
            "to": flow.to_class,
            "to_addresses": _addresses(flow.to_addresses),
            "protocol": flow.protocol.upper(),
            "ports": ",".join(flow.ports),
            # The opener's ports, where Microsoft names them.
            "source_ports": ",".join(flow.source_ports) or "any",
            "purpose": flow.purpose,
            "evidence": flow.evidence,
            "source": flow.reference,
        })
    return rows


def evidence_legend(catalogue: Catalogue, between: str = " ") -> str:
    """'V = verbatim in Microsoft text, S = ...': what each evidence level of the catalogue rests on."""
    return ", ".join(f"{level}{between}{catalogue.evidence_levels[level]}" for level in EVIDENCE_LEVELS)


def to_csv(flows: Any) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=MATRIX_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(matrix_rows(flows))
    return out.getvalue()


# ASCII punctuation that Markdown (CommonMark and GFM tables) reads as markup: escaped with a backslash,
# which CommonMark allows before any ASCII punctuation. "_" only at a word's edge (ids keep theirs).
_MD_MARKUP = re.compile(r"([\\`*\[\]<>&|#~!{}]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")


def _md_text(text: object) -> str:
    """Text that stays text in Markdown: no table cell break, no raw HTML or entity, no emphasis, link
    or heading markup."""
    return _MD_MARKUP.sub(r"\\\1", str(text))


def _md_url(url: object) -> str:
    """A URL inside an autolink: no spaces, '<' or '>' (which would end it)."""
    return "".join(c if c.isprintable() and c not in " <>" else f"%{ord(c):02X}" for c in str(url))


def _md_cell(text: object) -> str:
    return _md_text(text).replace("\n", " ")


def to_markdown(flows: Any, title: str = "Port matrix") -> str:
    records = flow_records(flows, needs=MATRIX_FIELDS)
    lines = [f"# {_md_text(plain_text(title, 'title'))}", ""]
    lines.append("| " + " | ".join(MATRIX_COLUMNS) + " |")
    lines.append("|" + "---|" * len(MATRIX_COLUMNS))
    for row in _rows(records):
        lines.append("| " + " | ".join(_md_cell(row[c]) for c in MATRIX_COLUMNS) + " |")
    lines.append("")
    lines.append(f"Evidence: {evidence_legend(catalogue_for(records), ' = ')}.")
    cited = sorted({flow.reference: (flow.reference_title, flow.reference_url)
                    for flow in records}.items())
    if cited:
        lines.append("")
        lines.append("Sources:")
        lines.append("")
        for key, (ref_title, url) in cited:
            lines.append(f"- {_md_text(key)}: {_md_text(ref_title)} <{_md_url(url)}>")
    return "\n".join(lines) + "\n"


# ---- the HTML page ----------------------------------------------------------------------------------

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


def _svg_element(text: str) -> str | None:
    """The <svg> element of a drawn diagram (without the XML prolog and doctype), or None."""
    start = text.find("<svg")
    return text[start:].strip() if start >= 0 else None


def to_html(title: str, matrix_csv: str, svg_text: str | None = None, flows: Any = None) -> str:
    """A self-contained page (nothing loaded from anywhere): the diagram inline, the matrix (CSV text from
    docs.to_csv) as a table with a filter box, and the cited sources of the flows.

    svg_text: None, no diagram; the drawn SVG, inlined; text without an <svg> element (e.g. ''), the
    diagram was asked for but is not drawn yet (a note says so)."""
    title = plain_text(title, "title")
    records = flow_records(flows or [], needs=MATRIX_FIELDS)
    catalogue = catalogue_for(records)
    if svg_text is not None and not isinstance(svg_text, str):
        raise OcsModelError(f"svg must be the SVG text of the diagram, not {shown(svg_text)}")
    rows = list(csv.reader(io.StringIO(matrix_csv)))
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>{html.escape(title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           f"<h1>{html.escape(title)}</h1>",
           '<p class="note">Every flow of the deployment: from which endpoint class to which, protocol and '
           f"destination ports, purpose, the evidence level of the fact ({html.escape(evidence_legend(catalogue))}) "
           "and its source. Generated by ocs.firewall.port_matrix from the inventory; this page needs no network "
           "access.</p>"]
    svg = _svg_element(svg_text) if svg_text is not None else None
    if svg:
        out += ['<div class="diagram">', svg, "</div>"]
    elif svg_text is not None:
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
    sources = sorted({(f.reference, f.reference_title, f.reference_url) for f in records})
    if sources:
        out.append("<h2>Sources</h2><ul>")
        for key, ref_title, url in sources:
            link = f' <a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>' if url else ""
            out.append(f"<li>{html.escape(key)}: {html.escape(ref_title)}{link}</li>")
        out.append("</ul>")
    out += [f"<script>{SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
