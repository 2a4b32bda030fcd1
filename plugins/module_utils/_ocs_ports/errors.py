"""The one error type of the core: a bad input, named in the message."""


class OcsModelError(ValueError):
    """Raised for any bad input; the message names the bad value and what is valid."""
