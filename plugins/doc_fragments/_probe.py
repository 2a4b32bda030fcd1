# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared option documentation (private to the collection): a probe place, for the filters that plan
traffic from it (ocs_port_checks, ocs_port_sweep)."""

from __future__ import annotations


class ModuleDocFragment:
    PLACE = r"""
options:
  _input:
    description: Flow records with addresses, from P(ocs.firewall.ocs_flows#filter).
    type: list
    elements: dict
    required: true
  probe_from:
    description: Endpoint class (or list of classes) the probe host stands for.
    type: raw
    required: true
  probe_address:
    description:
      - The probe's own source address. Narrows a class with several addresses (a Front End pool) to
        this one server, so that the other servers of the pool are probed like any other target.
    type: str
  targets:
    description: Endpoint classes whose addresses are probed; empty means every deployed class.
    type: list
    elements: str
"""
