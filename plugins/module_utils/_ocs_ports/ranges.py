"""Port-range algebra: parse, validate, merge, subtract; never expand port by port.

A PortSet is a sorted tuple of disjoint, non-adjacent (start, end) ranges, so two
sets that open the same ports are equal and print the same canonical strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import OcsModelError, shown

MIN_PORT = 1
MAX_PORT = 65535


@dataclass(frozen=True, order=True)
class PortRange:
    start: int
    end: int

    def __post_init__(self) -> None:
        for port in (self.start, self.end):
            if isinstance(port, bool) or not isinstance(port, int):
                raise OcsModelError(f"port {shown(port)} is not a whole number")
            if not MIN_PORT <= port <= MAX_PORT:
                raise OcsModelError(f"port {port} is outside {MIN_PORT}-{MAX_PORT}")
        if self.start > self.end:
            raise OcsModelError(f"port range '{self.start}-{self.end}' is reversed")

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"

    @property
    def size(self) -> int:
        return self.end - self.start + 1


def _parse_port(text: str, whole: str) -> int:
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        raise OcsModelError(
            f"port {shown(text)} in {shown(whole)} is not a number (symbolic service names are not accepted)"
        )
    return int(text)


def _parse_item(item: Any) -> list[PortRange]:
    """One item: an int, or a string '443', '50000-59999' or '443,5061'."""
    if isinstance(item, bool):
        raise OcsModelError(f"port {shown(item)} is not a whole number")
    if isinstance(item, int):
        return [PortRange(item, item)]
    if isinstance(item, PortRange):
        return [item]
    if isinstance(item, PortSet):
        return list(item.ranges)
    if not isinstance(item, str):
        raise OcsModelError(f"port spec {shown(item)} is neither a number nor a string")
    ranges = []
    for part in item.split(","):
        if not part.strip():
            raise OcsModelError(f"port spec {shown(item)} has an empty element")
        low, sep, high = part.partition("-")
        start = _parse_port(low, item)
        end = _parse_port(high, item) if sep else start
        ranges.append(PortRange(start, end))
    return ranges


def _normalise(ranges: Iterable[PortRange]) -> tuple[PortRange, ...]:
    """Sort and merge overlapping or adjacent ranges."""
    merged: list[PortRange] = []
    for rng in sorted(ranges):
        if merged and rng.start <= merged[-1].end + 1:
            if rng.end > merged[-1].end:
                merged[-1] = PortRange(merged[-1].start, rng.end)
        else:
            merged.append(rng)
    return tuple(merged)


@dataclass(frozen=True)
class PortSet:
    ranges: tuple[PortRange, ...] = ()

    @classmethod
    def parse(cls, spec: Any) -> PortSet:
        """Accept an int, a string ('443', '1024-65535', '443,5061') or a list of those."""
        if spec is None:
            raise OcsModelError("port spec is missing (None)")
        if isinstance(spec, (str, int, PortRange, PortSet)):
            items = [spec]
        elif isinstance(spec, (Mapping, set, frozenset)) or not isinstance(spec, Iterable):
            # A mapping's keys or a set's order are no port spec (a mapping was read as its keys).
            raise OcsModelError(f"port spec {shown(spec)} is neither a number, a string nor a list")
        else:
            items = list(spec)
            if not items:
                raise OcsModelError("port spec is an empty list")
        ranges = []
        for item in items:
            ranges.extend(_parse_item(item))
        return cls(_normalise(ranges))

    def __post_init__(self) -> None:
        if tuple(self.ranges) != _normalise(self.ranges):
            raise OcsModelError("PortSet ranges must be normalised; use PortSet.parse()")

    def __or__(self, other: PortSet) -> PortSet:
        return PortSet(_normalise(self.ranges + other.ranges))

    def __sub__(self, other: PortSet) -> PortSet:
        result = []
        for rng in self.ranges:
            pieces = [rng]
            for cut in other.ranges:
                next_pieces = []
                for piece in pieces:
                    if cut.end < piece.start or cut.start > piece.end:
                        next_pieces.append(piece)
                        continue
                    if piece.start < cut.start:
                        next_pieces.append(PortRange(piece.start, cut.start - 1))
                    if cut.end < piece.end:
                        next_pieces.append(PortRange(cut.end + 1, piece.end))
                pieces = next_pieces
            result.extend(pieces)
        return PortSet(_normalise(result))

    def __and__(self, other: PortSet) -> PortSet:
        result = []
        for a in self.ranges:
            for b in other.ranges:
                start, end = max(a.start, b.start), min(a.end, b.end)
                if start <= end:
                    result.append(PortRange(start, end))
        return PortSet(_normalise(result))

    def __bool__(self) -> bool:
        return bool(self.ranges)

    def __contains__(self, port: int) -> bool:
        return any(r.start <= port <= r.end for r in self.ranges)

    def overlaps(self, other: PortSet) -> bool:
        return bool(self & other)

    @property
    def size(self) -> int:
        """How many ports the set opens (computed from the bounds, not by expansion)."""
        return sum(r.size for r in self.ranges)

    def to_strings(self) -> list[str]:
        """Canonical strings: ['443', '50000-59999']."""
        return [str(r) for r in self.ranges]

    def __str__(self) -> str:
        return ",".join(self.to_strings())


def port_set(spec: Any) -> PortSet:
    """Shorthand for PortSet.parse()."""
    return PortSet.parse(spec)
