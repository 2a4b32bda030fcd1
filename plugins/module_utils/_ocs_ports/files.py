"""File names derived from host names, confined to the folder they are written to.

Host names come from inventories and CMDBs. A render writes `<folder>/<host>/...` or
`<folder>/hosts/<host>.yml`, so a host name is used as one file-name component and must not be
able to leave that folder or to name something Windows cannot store: no path separators, no
`.` or `..`, none of the characters Windows file names cannot hold, no control characters, no
trailing dot or space (Windows drops them, so `edge1.` would be `edge1`), no device name (CON,
NUL, COM1, ...). Names are refused, never rewritten, so two hosts cannot end up in one file;
two names that differ only in case are refused together (Windows and macOS file systems would
put them in one file).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .errors import OcsModelError

WINDOWS_FORBIDDEN = '<>:"/\\|?*'
DEVICE_NAMES = re.compile(r"^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin\$|conout\$)$", re.I)
MAX_LENGTH = 200


def host_file_name(name: Any, what: str = "host name") -> str:
    """`name` unchanged when it is safe as one file-name component; fails naming it otherwise."""
    if not isinstance(name, str) or not name:
        raise OcsModelError(f"{what} {name!r} cannot be a file name: it must be a non-empty string")
    reason = None
    bad = "".join(sorted({ch for ch in name if ch in WINDOWS_FORBIDDEN}))
    if bad:
        reason = f"it has {' '.join(repr(ch) for ch in bad)} (path separators or characters Windows file names cannot hold)"
    elif any(unicodedata.category(ch).startswith("C") for ch in name):
        reason = "it has control or format characters"
    elif name in (".", ".."):
        reason = "it names a folder ('.' or '..')"
    elif name != name.strip() or name.endswith("."):
        reason = "it starts or ends with a space, or ends with a dot (Windows drops them)"
    elif DEVICE_NAMES.match(name.split(".")[0].rstrip(" ")):
        reason = "it is a Windows device name"
    elif len(name) > MAX_LENGTH:
        reason = f"it is longer than {MAX_LENGTH} characters"
    if reason:
        raise OcsModelError(f"{what} '{name}' cannot be a file name inside the render folder: {reason}")
    return name


def host_file_names(names: Any, what: str = "host name") -> list[str]:
    """Every name checked, and no two equal without regard to case."""
    if isinstance(names, str) or not isinstance(names, (list, tuple)):
        raise OcsModelError(f"host names must be a list, not {names!r}")
    seen: dict[str, str] = {}
    for name in names:
        host_file_name(name, what)
        key = name.casefold()
        if key in seen and seen[key] != name:
            raise OcsModelError(f"{what}s '{seen[key]}' and '{name}' differ only in case and would share one file")
        seen[key] = name
    return list(names)
