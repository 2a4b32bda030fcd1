"""The argument spec of the deployment options (the ocs_port_rules action), built from the catalogues.

One function, so the action and its documentation (doc fragment ocs.firewall._deployment, checked
against this by the unit tests) cannot drift.
"""

from __future__ import annotations

from typing import Any

from .catalogue import DEFAULT_PRODUCT
from .resolve import VIEWS


def deployment_argument_spec() -> dict[str, dict[str, Any]]:
    return {
        # The model checks the product (its message names the bad value and lists the catalogues, as every
        # filter's does); the documented choices are the catalogues, tested against PRODUCTS.
        "product": {"type": "str", "default": DEFAULT_PRODUCT},
        # raw: the model checks it, as every filter does (a string is not turned into a list here and
        # rejected elsewhere; one rule for every plugin and role). Documented as a list of str.
        "roles": {"type": "raw", "required": True},
        "topology": {"type": "dict", "required": True},
        "features": {"type": "dict", "default": {}},
        "media_ports": {"type": "dict", "default": {}},
        "host_media_ports": {"type": "dict", "default": {}},
        "view": {"type": "str", "default": "host", "choices": list(VIEWS)},
        "zones": {"type": "dict", "default": {}},
    }
