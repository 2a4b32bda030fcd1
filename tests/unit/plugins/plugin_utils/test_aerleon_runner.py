"""plugins/plugin_utils/_aerleon.py, which runs the pinned aerleon in memory for the aerleon_acl action."""

import logging

import pytest
import yaml

from ansible_collections.ocs.firewall.plugins.plugin_utils._aerleon import (
    AerleonError,
    check_export,
    generate,
    known_targets,
    policy_for,
)

TERM = {"name": "sip-tls", "comment": "SIP/TLS", "destination-address": "EDGE", "destination-port": "SIP",
        "protocol": "tcp", "action": "accept"}


def export(targets=None, name="gw"):
    targets = targets or {"nftables": "mixed forward"}
    return {
        "policy": {"filename": name, "filters": [{"header": {"targets": targets}, "terms": [dict(TERM)]}]},
        "definitions": {"networks": {"EDGE": {"values": [{"address": "203.0.113.10/32"}]}},
                        "services": {"SIP": [{"port": 443, "protocol": "tcp"}, {"port": 5061, "protocol": "tcp"}]}},
    }


def test_the_tree_holds_the_policy_the_definitions_and_one_folder_per_target():
    files, warnings = generate(export({"nftables": "mixed forward", "srx": "from-zone a to-zone b"}))
    assert sorted(files) == ["def/networks.yaml", "def/services.yaml", "nftables/gw.nft", "policies/pol/gw.yaml",
                             "srx/gw.srx"]
    assert yaml.safe_load(files["policies/pol/gw.yaml"])["filters"][0]["terms"] == [TERM]
    assert yaml.safe_load(files["def/services.yaml"]) == {"services": export()["definitions"]["services"]}
    assert "tcp dport { 443, 5061 }" in files["nftables/gw.nft"]
    assert "from-zone a to-zone b" in files["srx/gw.srx"]
    assert warnings == []


def test_the_same_export_gives_the_same_bytes():
    assert generate(export())[0] == generate(export())[0]


def test_each_target_sees_only_its_own_filters():
    both = export()
    both["policy"]["filters"].append({"header": {"targets": {"srx": "from-zone a to-zone b"}},
                                      "terms": [dict(TERM, name="only-srx")]})
    files, _warnings = generate(both)
    assert "only-srx" in files["srx/gw.srx"] and "only-srx" not in files["nftables/gw.nft"]
    assert [f["header"]["targets"] for f in policy_for(both["policy"], "srx")["filters"]] == [
        {"srx": "from-zone a to-zone b"}]


@pytest.mark.parametrize("bad, named", [
    ("not a mapping", "export (a mapping"),
    ({"policy": {}}, "export (a mapping"),
    ({"policy": {"filename": "gw", "filters": []}, "definitions": {"networks": {}, "services": {}}}, "non-empty list"),
    ({"policy": {"filename": "../gw", "filters": [{"header": {"targets": {"nftables": "mixed forward"}}, "terms": []}]},
      "definitions": {"networks": {}, "services": {}}}, "'../gw'"),
    ({"policy": {"filename": "gw", "filters": [{"header": {}, "terms": []}]},
      "definitions": {"networks": {}, "services": {}}}, "filters[0]"),
    ({"policy": {"filename": "gw", "filters": [{"header": {"targets": {"x": ""}}, "terms": []}]},
      "definitions": {"networks": {}}}, "export.definitions"),
])
def test_a_bad_export_is_refused_naming_what_is_wrong(bad, named):
    with pytest.raises(AerleonError, match="must|export") as caught:
        check_export(bad)
    assert named in str(caught.value)


def test_a_target_without_a_generator_is_refused_before_anything_is_generated():
    with pytest.raises(AerleonError, match="aerleon has no generator for nosuch; it has .*nftables"):
        generate(export({"nosuch": "x"}))
    assert "nftables" in known_targets() and "srx" in known_targets()


def test_aerleon_s_own_message_names_the_target_and_the_problem():
    with pytest.raises(AerleonError) as caught:
        generate(export({"nftables": "bogus forward"}))
    message = str(caught.value)
    assert message.startswith("aerleon could not generate the nftables configuration of gw: ")
    assert "Invalid address family in header: bogus" in message and "\n" not in message


def test_an_undefined_name_is_aerleon_s_error_too():
    bad = export()
    bad["definitions"]["networks"] = {}
    with pytest.raises(AerleonError, match="nftables configuration of gw: .*EDGE"):
        generate(bad)


def test_aerleon_s_warnings_are_returned_not_printed(capfd):
    """A term aerleon renders with a warning (nftables skips an 'established' term): the warning comes
    back to the caller, and absl's logger is left as it was."""
    warned = export()
    warned["policy"]["filters"][0]["terms"].append({"name": "est", "option": "established", "action": "accept"})
    absl = logging.getLogger("absl")
    handlers, propagate = list(absl.handlers), absl.propagate
    files, warnings = generate(warned)
    assert any("est" in warning and "established" in warning for warning in warnings), warnings
    assert "chain est " not in files["nftables/gw.nft"] and "chain sip-tls " in files["nftables/gw.nft"]
    assert absl.handlers == handlers and absl.propagate == propagate
    assert "established term" not in capfd.readouterr().err
