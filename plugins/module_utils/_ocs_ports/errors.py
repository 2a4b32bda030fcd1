"""The one error type of the core: a bad input, named in the message."""

SHOWN_LIMIT = 80  # characters of a bad value quoted in a message; the rest is cut and counted


class OcsModelError(ValueError):
    """Raised for any bad input; the message names the bad value and what is valid."""


def shown(value, limit=SHOWN_LIMIT):
    """A bad value as a message quotes it: its repr, cut after `limit` characters, saying how long
    the value was (a 10,000-character value is named, not echoed)."""
    text = repr(value)
    if len(text) <= limit:
        return text
    size = len(value) if isinstance(value, str) else len(text)
    unit = "characters" if isinstance(value, str) else "characters as text"
    return f"{text[:limit]}... ({size} {unit})"
