"""Unpack only the named collections from the `ansible` bundle wheel (Galaxy is unreachable).

Usage: unpack_collections.py WHEEL DEST ansible.posix community.windows ...
"""

import shutil
import sys
import zipfile
from pathlib import Path


def main(wheel, dest, names):
    dest = Path(dest)
    prefixes = [f"ansible_collections/{name.replace('.', '/')}/" for name in names]
    with zipfile.ZipFile(wheel) as bundle:
        members = [m for m in bundle.namelist() if m.startswith(tuple(prefixes))]
        for prefix in prefixes:
            if not any(m.startswith(prefix) for m in members):
                sys.exit(f"{wheel} has no collection {prefix.strip('/')}")
            shutil.rmtree(dest / prefix, ignore_errors=True)
        bundle.extractall(dest, members)
    print(f"unpacked {', '.join(names)} into {dest} ({len(members)} files)")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
