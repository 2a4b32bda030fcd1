"""Port matrix renderers (Markdown and CSV) over deployment_flows() rows."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from ..catalogue import EVIDENCE_LEVELS, Catalogue, catalogue_for
from ..errors import plain_text
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
