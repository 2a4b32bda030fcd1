"""Run `ansible-builder create` or `build` on an execution environment file, after checking that
every file its additional_build_files copies exists.

ansible-builder 3.2.0 checks the dependency files (galaxy, python, system) but, for an
additional_build_files source that matches nothing, only logs a warning and says "Complete!": the
build context then lacks the collection tarball, and the image build fails later, in its galaxy stage.

Usage: ee_builder.py create|build [-f EE_FILE] [ANSIBLE-BUILDER OPTIONS...]
       (EE_FILE defaults to execution-environment.yml; ansible-builder comes from this Python's venv)
"""

import glob
import subprocess
import sys
from pathlib import Path

import yaml


def missing_build_files(ee_file):
    """additional_build_files sources (as written) that match no file, relative to the EE file's folder."""
    definition = yaml.safe_load(Path(ee_file).read_text(encoding="utf-8")) or {}
    base = Path(ee_file).resolve().parent
    missing = []
    for entry in definition.get("additional_build_files") or []:
        pattern = Path(entry["src"])
        if not glob.glob(str(pattern if pattern.is_absolute() else base / pattern)):
            missing.append(entry["src"])
    return missing


def main(argv):
    if not argv or argv[0] not in ("create", "build"):
        sys.exit(__doc__)
    command, options = argv[0], argv[1:]
    ee_file = "execution-environment.yml"
    for flag in ("-f", "--file"):
        if flag in options[:-1]:
            ee_file = options[options.index(flag) + 1]
    missing = missing_build_files(ee_file)
    if missing:
        sys.exit(f"{ee_file}: additional_build_files names {', '.join(missing)}, which does not exist; build the "
                 "collection first: ansible-galaxy collection build --output-path build/ee .")
    if "-f" not in options and "--file" not in options:
        options = ["-f", ee_file, *options]
    builder = Path(sys.executable).parent / "ansible-builder"
    return subprocess.call([str(builder) if builder.exists() else "ansible-builder", command, *options])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
