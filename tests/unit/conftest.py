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


from ansible_collections.ocs.firewall.tests.unit.deployments import BASE_TOPOLOGY, BASE_ZONES  # noqa: E402


@pytest.fixture
def base_topology():
    """A fresh copy of the consolidated Edge topology (tests may change it)."""
    return copy.deepcopy(BASE_TOPOLOGY)


@pytest.fixture
def base_zones():
    """A fresh copy of the perimeter/internal zones around the consolidated Edge."""
    return copy.deepcopy(BASE_ZONES)
