"""Validation and quoting for every Windows artefact: rule name labels, rule groups, profiles, free
text, netsh values in .cmd files, PowerShell strings, and comments.

netsh values go in double quotes (a double quote cannot be escaped there, so free text loses its
double quotes; ``%`` is doubled in .cmd files); PowerShell strings go in single quotes with every
single-quote character doubled.
"""

import re
import unicodedata

from ...catalogue import DEFAULT_PRODUCT, get_catalogue
from ...errors import OcsModelError

# The default product's names: rule names start with its title, rules go in its rule group.
DEFAULT_PREFIX = get_catalogue(DEFAULT_PRODUCT).title
DEFAULT_GROUP = get_catalogue(DEFAULT_PRODUCT).rule_group
PROFILES = ("domain", "private", "public")
DIRECTIONS = {"in": "Inbound", "out": "Outbound"}
# PowerShell wildcard characters (Get-NetFirewallRule -Group and Get-NetIPsecRule -Group accept
# wildcards) and the escape character that would change their meaning.
WILDCARD_CHARACTERS = "*?[]`"
CMD_MAX_LINE = 8191  # cmd.exe's limit for one command line
MAX_NAME = 255
# A rule name is the prefix plus a catalogue id; the prefix is free text within this set. No
# double quote (netsh cannot escape it), no '|' (the firewall store's field separator), no '%',
# '^', '!' or '&' (cmd.exe), no wildcard characters (PowerShell -DisplayName), ASCII only.
LABEL_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._,:;/()+=@#'-]*$")
# Characters that can stay in a `rem` line of a .cmd file (everything else becomes '?').
CMD_COMMENT_SAFE = re.compile(r"[^A-Za-z0-9 ._,:;/()+=@#'-]")
PS_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"  # PowerShell ends a '...' string at any of these
# Values that are always plain words, numbers, CIDRs or lists of them; anything else is quoted.
_PLAIN_VALUE = re.compile(r"^[A-Za-z0-9.,:/-]+$")


# ---- labels, groups, profiles ----------------------------------------------------------------------

def check_label(value, what, ascii_only=True):
    """A rule name prefix or group name: a non-empty, trimmed string of at most 200 characters, from
    LABEL_PATTERN's set, or with ascii_only=False any text without control characters or '|'."""
    if not isinstance(value, str) or not value.strip():
        raise OcsModelError(f"{what} must be a non-empty string, not {value!r}")
    if value != value.strip():
        raise OcsModelError(f"{what} '{value}' has leading or trailing spaces")
    if ascii_only and not LABEL_PATTERN.match(value):
        raise OcsModelError(
            f"{what} '{value}' has characters that are not safe in netsh and PowerShell rule names; "
            "use letters, digits, spaces and . _ , : ; / ( ) + = @ # ' -"
        )
    if not ascii_only and (any(unicodedata.category(ch).startswith("C") for ch in value) or "|" in value):
        raise OcsModelError(f"{what} {value!r} has control characters or '|'")
    if len(value) > 200:
        raise OcsModelError(f"{what} '{value[:40]}...' is longer than 200 characters")
    return value


def check_profiles(profiles):
    """Profiles -> canonical tuple in the order domain, private, public; fails on anything else."""
    if isinstance(profiles, str):
        profiles = [part.strip() for part in profiles.split(",")]
    try:
        chosen = list(profiles)
    except TypeError:
        raise OcsModelError(f"profiles must be a list of {', '.join(PROFILES)}, not {profiles!r}") from None
    if not chosen:
        raise OcsModelError(f"profiles is empty; choose from {', '.join(PROFILES)}")
    for profile in chosen:
        if profile not in PROFILES:
            raise OcsModelError(f"unknown firewall profile {profile!r}; valid profiles: {', '.join(PROFILES)}")
    return tuple(p for p in PROFILES if p in chosen)


def check_group(value, what="rule group"):
    """A rule group name as literal text: the removal scripts select rules with
    `Get-NetFirewallRule -Group` / `Get-NetIPsecRule -Group`, which accept wildcards, so a group with
    '*', '?' or '[' would match (and remove) other groups' rules; one that starts with '@' is read
    as an indirect resource string, as the built-in groups are ('@FirewallAPI.dll,-28502')."""
    value = check_label(value, what, ascii_only=False)
    wild = "".join(ch for ch in WILDCARD_CHARACTERS if ch in value)
    if wild:
        raise OcsModelError(
            f"{what} '{value}' has the wildcard character(s) {' '.join(wild)}: Get-NetFirewallRule -Group and "
            "Get-NetIPsecRule -Group would match other groups' rules too; use a literal group name"
        )
    if value.startswith("@"):
        raise OcsModelError(f"{what} '{value}' starts with '@', which Windows reads as an indirect resource string "
                            "(the built-in groups' form); use a literal group name")
    return value


def check_unique(names, what):
    seen = {}
    for name in names:
        key = name.casefold()  # Windows matches rule names without regard to case
        if key in seen:
            raise OcsModelError(f"two {what} would be named '{name}' ('{seen[key]}'); names must be unique")
        seen[key] = name


# ---- free text -----------------------------------------------------------------------------------

def clean_text(value):
    """Free text (purpose, description) on one line: control characters become spaces, runs of
    spaces shrink to one, and '|' (the firewall store's field separator) becomes '/'."""
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in str(value))
    return " ".join(text.replace("|", "/").split())


def _ascii(text):
    """Text for netsh: accents dropped (NFKD), any other non-ASCII character becomes '?'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch if ord(ch) < 128 else ("" if unicodedata.combining(ch) else "?") for ch in decomposed)


def netsh_text(value):
    """Free text as a netsh value: one line, ASCII, no double quote (netsh cannot escape one; it
    becomes a single quote), no trailing backslash (it would escape the closing quote)."""
    return _ascii(clean_text(value)).replace('"', "'").rstrip("\\").rstrip()


def joined(values):
    """Ports or addresses as one netsh value: comma-joined, 'any' when there are none."""
    return ",".join(values) if values else "any"


# ---- cmd.exe and netsh -----------------------------------------------------------------------------

def cmd_quote(value):
    """A netsh value in a .cmd file: in double quotes, '%' doubled (cmd expands %VAR% in batch
    files even inside quotes). Inside double quotes & | < > ^ are literal."""
    value = str(value)
    if '"' in value or any(unicodedata.category(ch).startswith("C") for ch in value):
        raise OcsModelError(f"value {value!r} cannot be quoted for netsh (double quote or control character)")
    return '"' + value.replace("%", "%%") + '"'


def cmd_line(argv):
    """netsh argv (as the role passes it) -> one .cmd line: key="value" quoted where needed."""
    parts = ["netsh"]
    for arg in argv:
        key, sep, value = arg.partition("=")
        if sep and not _PLAIN_VALUE.match(value):
            parts.append(f"{key}={cmd_quote(value)}")
        elif sep or _PLAIN_VALUE.match(arg):
            parts.append(arg)
        else:
            raise OcsModelError(f"netsh argument {arg!r} is neither a keyword nor key=value")
    line = " ".join(parts)
    if len(line) > CMD_MAX_LINE - 40:  # room for the error handling appended to the line
        raise OcsModelError(f"a netsh command for '{argv[4] if len(argv) > 4 else argv}' is longer than cmd.exe allows")
    return line


def cmd_comment(text):
    return "rem " + CMD_COMMENT_SAFE.sub("?", _ascii(clean_text(text)))


# ---- PowerShell --------------------------------------------------------------------------------------

def ps_quote(value):
    """A PowerShell single-quoted string; every single-quote character (', and the typographic
    ones PowerShell also accepts) is doubled. Control characters become spaces."""
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in str(value))
    return "'" + "".join(ch * 2 if ch in PS_SINGLE_QUOTES else ch for ch in text) + "'"


def ps_list(values):
    return ", ".join(ps_quote(v) for v in values)


def ps_comment(text):
    return "# " + clean_text(text)
