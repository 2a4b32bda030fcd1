"""Fixtures of the firewalld applier's tests (module_utils/_firewalld and modules/firewalld_ruleset)."""

import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._firewalld import state
from ansible_collections.ocs.firewall.tests.unit.plugins.module_utils._firewalld import fakes


@pytest.fixture
def firewalld_parser(monkeypatch):
    """Rich rules parsed by firewalld's own code where it can be had, else by the canonical-rule
    stand-in (fakes.CanonicalRichRule); yields which one."""
    monkeypatch.setattr(state, "Rich_Rule", fakes.RICH_RULE)
    monkeypatch.setattr(state, "HAS_FIREWALL", True)
    state.forget_rich_rules()  # results of another parser must not be reused
    yield fakes.PARSER
    state.forget_rich_rules()


@pytest.fixture
def real_parser(firewalld_parser):
    """For tests that need firewalld's own parser (normalising a non-canonical rule, reading a rule's parts)."""
    if not fakes.REAL_PARSER:
        pytest.skip("needs firewalld's Python package: python3-firewall, or the lab's root filesystem (make rootfs)")
    return firewalld_parser
