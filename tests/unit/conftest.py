"""Make the repository importable as the collection ``ansible_collections.ocs.firewall``.

The repository root is the collection root. Python needs it at
``<repo>/build/collections/ansible_collections/ocs/firewall``; a symlink puts it there
(created here when missing), and ``<repo>/build/collections`` goes first on sys.path.
"""

import copy
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
COLLECTIONS = REPO / "build" / "collections"
LINK = COLLECTIONS / "ansible_collections" / "ocs" / "firewall"


def _ensure_collection_link():
    if LINK.exists() or LINK.is_symlink():
        return
    LINK.parent.mkdir(parents=True, exist_ok=True)
    try:
        LINK.symlink_to(os.path.relpath(REPO, LINK.parent), target_is_directory=True)
    except FileExistsError:  # another process made it meanwhile
        pass


_ensure_collection_link()
if str(COLLECTIONS) in sys.path:
    sys.path.remove(str(COLLECTIONS))
sys.path.insert(0, str(COLLECTIONS))


# The consolidated Edge deployment of DESIGN.md's inventory contract.
BASE_TOPOLOGY = {
    "access_edge_external": "203.0.113.10",
    "webconf_edge_external": "203.0.113.11",
    "av_edge_external": "203.0.113.12",
    "edge_internal": "172.16.10.10",
    "front_end": ["10.1.0.10", "10.1.0.11"],
    "internal_client": ["10.0.0.0/8"],
}

# A back-to-back perimeter: the Edge's two sides in the perimeter, the pool and clients inside.
BASE_ZONES = {
    "perimeter": ["203.0.113.0/24", "172.16.10.0/24"],
    "internal": ["10.0.0.0/8"],
}


@pytest.fixture
def base_topology():
    """A fresh copy of the consolidated Edge topology (tests may change it)."""
    return copy.deepcopy(BASE_TOPOLOGY)


@pytest.fixture
def base_zones():
    """A fresh copy of the perimeter/internal zones around the consolidated Edge."""
    return copy.deepcopy(BASE_ZONES)
