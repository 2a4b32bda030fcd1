"""The one error type of the core: a bad input, named in the message."""

from __future__ import annotations

SHOWN_LIMIT = 80  # characters of a bad value quoted in a message; the rest is cut and counted


class OcsModelError(ValueError):
    """Raised for any bad input; the message names the bad value and what is valid."""


def shown(value: object, limit: int = SHOWN_LIMIT) -> str:
    """A bad value as a message quotes it: its repr, cut after `limit` characters, saying how long
    the value was (a 10,000-character value is named, not echoed)."""
    text = repr(value)
    if len(text) <= limit:
        return text
    size = len(value) if isinstance(value, str) else len(text)
    unit = "characters" if isinstance(value, str) else "characters as text"
    return f"{text[:limit]}... ({size} {unit})"


# Characters that end a line or a string in some format we write (Markdown headings, CSV rows, DOT,
# cmd, PowerShell) or that no text tool shows: C0 and C1 controls, DEL, and Unicode line separators.
_CONTROL = {*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029}


def plain_text(value: object, what: str) -> str:
    """Free text that goes into a rendered file (a title, a description): one line of printable text.
    Returns it as a str; raises OcsModelError naming the first bad character and where it is."""
    if not isinstance(value, str):
        raise OcsModelError(f"{what} must be text, not {shown(value)}")
    for position, char in enumerate(value):
        if ord(char) in _CONTROL:
            raise OcsModelError(
                f"{what} {shown(value)} holds the control character U+{ord(char):04X} at position {position}; "
                "use one line of printable text"
            )
    return value
