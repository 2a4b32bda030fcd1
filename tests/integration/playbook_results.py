"""What the integration tests read back from a playbook run: the PLAY RECAP, and the files a run wrote."""

import re


def recap(output):
    """host -> {ok, changed, unreachable, failed, skipped, ...} from the PLAY RECAP of ansible-playbook's output."""
    found = {}
    for line in output.split("PLAY RECAP", 1)[-1].splitlines():
        match = re.match(r"^(\S+)\s+:\s+(.*)$", line)
        if match:
            found[match.group(1)] = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", match.group(2))}
    return found


def tree_snapshot(folder):
    """Every file under folder, by its path relative to folder, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
