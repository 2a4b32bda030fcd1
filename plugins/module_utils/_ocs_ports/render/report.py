"""The reachability table: check results (report.table_rows) laid out as fixed-width text."""

from ..errors import plain_text
from ..report import TABLE_COLUMNS, table_rows, table_summary


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
