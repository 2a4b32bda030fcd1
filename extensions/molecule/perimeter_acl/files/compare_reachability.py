"""Compare reachability.json files of port_check's report: the first is the reference (firewalld).

What must be identical is what got through, not how a refusal looked (firewalld rejects with an ICMP
error, aerleon's nftables and iptables outputs drop): for each probe check its place, id, expected and
observed state and verdict; for each swept address and protocol the ports that got through, the
ports the model opens, and the verdict (a skipped row, the probe host's own address, as skipped).
Prints one line per file; exits 1 on any difference or an empty or failed report.
"""

import json
import sys


def essentials(path):
    with open(path, encoding="utf-8") as handle:
        report = json.load(handle)
    checks = sorted((r["probe"], r["id"], r["expect"], r["observed"], r["ok"]) for r in report["results"])
    # A skipped row (the probe host's own address) has no observation.
    swept = sorted((row["probe"], row["host"], row["protocol"], row["swept"], row["expected"], row.get("observed", ""),
                    row["ok"], bool(row.get("skipped"))) for sweep in report["sweeps"] for row in sweep["rows"])
    return report, checks, swept


def main(paths):
    reference_path, *others = paths
    reference, checks, swept = essentials(reference_path)
    failed = False
    for path, (report, these_checks, these_swept) in [(reference_path, (reference, checks, swept))] + [
            (path, essentials(path)) for path in others]:
        through = sum(1 for row in these_swept if row[5] not in ("", "none", "-"))
        print(f"{path}: verdict {report['verdict'] or 'passed'}, {len(these_checks)} checks, {len(these_swept)} swept "
              f"address/protocol rows, {through} with ports getting through")
        if not these_checks or not these_swept or report["errors"]:
            print(f"  empty or failed report: errors {report['errors']}")
            failed = True
        for name, mine, theirs in (("check", these_checks, checks), ("sweep", these_swept, swept)):
            for item in sorted(set(mine) ^ set(theirs)):
                print(f"  {name} {'only here' if item in mine else 'only in ' + reference_path}: {item}")
                failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
