"""The reachability tables as fixed-width text: check results (report.table_rows) and sweeps of the
whole port space (report.sweep_rows), each with its summary lines."""

from ..errors import plain_text
from ..report import SWEEP_COLUMNS, TABLE_COLUMNS, sweep_rows, sweep_summaries, table_rows, table_summary


def _layout(columns, rows):
    """Header, dashes and one line per row, each column as wide as its widest cell; no trailing blanks."""
    widths = {c: max([len(c)] + [len(row[c]) for row in rows]) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns).rstrip(),
             "  ".join("-" * widths[c] for c in columns)]
    lines += ["  ".join(row[c].ljust(widths[c]) for c in columns).rstrip() for row in rows]
    return lines


def reachability_table(results, title=None):
    """Check results (or planned checks) -> the title, the table and its summary line, ending in a newline."""
    lines = [plain_text(title, "title")] if title else []
    lines += _layout(TABLE_COLUMNS, table_rows(results))
    lines += ["", table_summary(results)]
    return "\n".join(lines) + "\n"


def sweep_table(sweeps, title=None):
    """Sweep results ({probe, rows, summary} per probe host) -> the title, a table of ranges and one
    line of figures per sweep, ending in a newline."""
    lines = [plain_text(title, "title")] if title else []
    lines += _layout(SWEEP_COLUMNS, sweep_rows(sweeps))
    lines += [""] + sweep_summaries(sweeps)
    return "\n".join(lines) + "\n"
