"""Extract the parameter tables of the NetSecurity cmdlets the Windows renderer and roles use from
Microsoft's cmdlet documentation, into one JSON file per cmdlet beside this script.

Source: the MicrosoftDocs/windows-powershell-docs repository, docset/winserver2022-ps/NetSecurity/
(the path the reference calls docset/winserver2022-ps/netsecurity/). Run it by hand on a clone:

    python tests/unit/data/netsecurity/extract.py /path/to/windows-powershell-docs.git

(a bare git directory or a work tree). It records the commit and each file's blob id. The tests
read only the JSON files; they never need the documentation repository.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

REPO = "MicrosoftDocs/windows-powershell-docs"
FOLDER = "docset/winserver2022-ps/NetSecurity"
CMDLETS = ("New-NetFirewallRule", "Get-NetFirewallRule", "Remove-NetFirewallRule",
           "New-NetIPsecRule", "Get-NetIPsecRule", "Remove-NetIPsecRule")
HERE = Path(__file__).resolve().parent


def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir", gitdir, *args], check=True, capture_output=True,
                          text=True, encoding="utf-8").stdout


def parse(text):
    """The '### -Name' sections: type, parameter sets, aliases, accepted values, wildcards."""
    params = {}
    for match in re.finditer(r"^### -(\w+)\n(.*?)```yaml\n(.*?)```", text, re.S | re.M):
        name, prose, block = match.groups()
        fields = {}
        for line in block.splitlines():
            key, sep, value = line.partition(":")
            if sep:
                fields[key.strip()] = value.strip()
        accepted = fields.get("Accepted values")
        params.setdefault(name, {
            "type": fields.get("Type"),
            "parameter_sets": [s.strip() for s in fields.get("Parameter Sets", "").split(",") if s.strip()],
            "aliases": [a.strip() for a in fields.get("Aliases", "").split(",") if a.strip()],
            "accepted_values": [v.strip() for v in accepted.split(",")] if accepted else None,
            "accepts_wildcards": "Wildcard characters are accepted" in prose,
            "no_spaces_between_entries": "do not include any spaces" in prose,
        })
    return params


def main(gitdir):
    commit = git(gitdir, "rev-parse", "HEAD").strip()
    for cmdlet in CMDLETS:
        path = f"{FOLDER}/{cmdlet}.md"
        text = git(gitdir, "show", f"{commit}:{path}").replace("\r\n", "\n")
        blob = git(gitdir, "rev-parse", f"{commit}:{path}").strip()
        data = {
            "cmdlet": cmdlet,
            "source": {"repository": REPO, "path": path, "commit": commit, "blob": blob},
            "common_parameters": "[<CommonParameters>]" in text,
            "parameters": dict(sorted(parse(text).items())),
        }
        (HERE / f"{cmdlet}.json").write_text(json.dumps(data, indent=1, sort_keys=False) + "\n", encoding="utf-8")
        print(cmdlet, len(data["parameters"]), "parameters")


if __name__ == "__main__":
    main(sys.argv[1])
