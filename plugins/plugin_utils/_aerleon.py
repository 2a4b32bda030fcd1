"""Run aerleon on the controller over an export of ocs.firewall.to_aerleon, in memory.

``generate(export)`` checks the export's shape, then asks aerleon's Generate API for each target
on its own (one target's failure names that target; two targets whose outputs share a file name,
such as cisco and cisconx, cannot overwrite each other) and returns the files an aclgen tree would
hold, by path relative to the gateway's folder:

  policies/pol/<name>.yaml   the policy (what aclgen reads)
  def/networks.yaml          the naming definitions
  def/services.yaml
  <target>/<aerleon's file>  each target's generated configuration

No Ansible import here: the action plugin aerleon_acl writes the files. aerleon is imported only
when generate() runs, so the collection loads without it.
"""

import logging
import re

import yaml

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
DEFINITION_FILES = ("networks", "services")


class AerleonError(Exception):
    """A bad export, a missing aerleon or an aerleon failure: the message says which."""


def _fail_shape(what, value):
    raise AerleonError(f"{what} must come from ocs.firewall.to_aerleon; got {value!r:.200}")


def check_export(export):
    """The export's name, targets and filters, or AerleonError naming what is wrong."""
    if not isinstance(export, dict) or set(export) != {"policy", "definitions"}:
        _fail_shape("export (a mapping with exactly the keys policy and definitions)",
                    sorted(export) if isinstance(export, dict) else export)
    policy = export["policy"]
    if not isinstance(policy, dict) or not isinstance(policy.get("filters"), list) or not policy["filters"]:
        _fail_shape("export.policy (a mapping with a non-empty list of filters)", policy)
    name = policy.get("filename")
    if not isinstance(name, str) or not SAFE_NAME.match(name):
        raise AerleonError(f"export.policy.filename must be a plain file name (letters, digits, '_', '.', '-'), "
                           f"not {name!r}")
    definitions = export["definitions"]
    if not isinstance(definitions, dict) or set(definitions) != set(DEFINITION_FILES):
        _fail_shape("export.definitions (a mapping with exactly the keys networks and services)", definitions)
    targets = []
    for index, item in enumerate(policy["filters"]):
        header = item.get("header") if isinstance(item, dict) else None
        header_targets = header.get("targets") if isinstance(header, dict) else None
        if not isinstance(header_targets, dict) or not header_targets or not isinstance(item.get("terms"), list):
            _fail_shape(f"export.policy.filters[{index}] (a header with targets, and terms)", item)
        for target in header_targets:
            if target not in targets:
                targets.append(target)
    return name, targets


def policy_for(policy, target):
    """The policy restricted to the filters of one target, each header naming that target alone."""
    filters = []
    for item in policy["filters"]:
        if target in item["header"]["targets"]:
            header = dict(item["header"], targets={target: item["header"]["targets"][target]})
            filters.append(dict(item, header=header))
    return dict(policy, filters=filters)


def dump_yaml(data):
    # Block style, keys in the order to_aerleon gives them: the same export gives the same bytes.
    return yaml.safe_dump(data, default_flow_style=False, sort_keys=False, allow_unicode=True, width=1000)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage().strip())


def _import_aerleon():
    try:
        from aerleon import api
        from aerleon.lib import naming, plugin_supervisor
    except ImportError as exc:
        raise AerleonError(
            f"aerleon is needed on the controller to generate the perimeter ACLs ({exc}); install it into the "
            "Python that runs Ansible, e.g. pip install 'aerleon>=1.18.0' (the collection's requirements.txt)"
        ) from None
    return api, naming, plugin_supervisor


def known_targets():
    """The generator names aerleon has (its own and installed plugins)."""
    _api, _naming, plugin_supervisor = _import_aerleon()
    plugin_supervisor.PluginSupervisor.Start()
    return sorted(plugin_supervisor.PluginSupervisor.generators)


def generate(export):
    """(files, warnings): the aclgen tree of the export as {relative path: text}, and what aerleon
    warned about (it logs through absl; those lines go to the caller, not to stderr)."""
    name, targets = check_export(export)
    available = known_targets()
    unknown = [target for target in targets if target not in available]
    if unknown:
        raise AerleonError(f"aerleon has no generator for {', '.join(unknown)}; it has {', '.join(available)}")
    api, naming, _plugin_supervisor = _import_aerleon()

    files = {f"policies/pol/{name}.yaml": dump_yaml({"filters": export["policy"]["filters"]})}
    for part in DEFINITION_FILES:
        files[f"def/{part}.yaml"] = dump_yaml({part: export["definitions"][part]})

    collect = _Collect()
    absl_logger = logging.getLogger("absl")
    propagate = absl_logger.propagate
    absl_logger.addHandler(collect)
    absl_logger.propagate = False
    try:
        definitions = naming.Naming()
        try:
            definitions.ParseDefinitionsObject(export["definitions"], "ocs.firewall.to_aerleon")
        except Exception as exc:  # aerleon's own message says what is wrong with a definition
            raise AerleonError(f"aerleon refused the naming definitions of {name}: {_one_line(exc)}") from None
        for target in targets:
            try:
                generated = api.Generate([policy_for(export["policy"], target)], definitions)
            except Exception as exc:  # ditto, for a term or header this generator cannot express
                raise AerleonError(f"aerleon could not generate the {target} configuration of {name}: "
                                   f"{_one_line(exc)}") from None
            if not generated:
                said = f" ({'; '.join(collect.messages)})" if collect.messages else ""
                raise AerleonError(f"aerleon generated nothing for {target} from {name}{said}")
            for file_name, text in sorted(generated.items()):
                files[f"{target}/{file_name}"] = text if text.endswith("\n") else text + "\n"
    finally:
        absl_logger.removeHandler(collect)
        absl_logger.propagate = propagate
    return files, collect.messages


def _one_line(exc):
    return " ".join(str(exc).split()) or type(exc).__name__
