"""Write the docsite's extra docs (RST, what antsibull-docs reads) from the Markdown pages in docs/.

The Markdown page is the one source: every page listed in docs/docsite/extra-docs.yml as
``ref: NAME`` is docs/NAME.md, converted by pandoc (the pinned pypandoc-binary wheel) into
docs/docsite/rst/NAME.rst, which is committed so that the collection tarball carries it.

Usage: extra_docs.py          rewrite every listed page
       extra_docs.py --check  only say which pages are missing or differ from their Markdown (exit 1)
"""

import sys
from pathlib import Path

import pypandoc
import yaml

REPO = Path(__file__).resolve().parents[1]
DOCSITE = REPO / "docs" / "docsite"
RST_DIR = DOCSITE / "rst"
LABEL_PREFIX = "ansible_collections.ocs.firewall.docsite."


def page_names():
    """The refs of docs/docsite/extra-docs.yml, in order."""
    config = yaml.safe_load((DOCSITE / "extra-docs.yml").read_text(encoding="utf-8"))
    return [entry["ref"] for section in config.get("sections", []) for entry in section.get("toctree", [])]


def to_rst(name):
    """docs/NAME.md as the RST page, with a label other pages can reference."""
    source = REPO / "docs" / f"{name}.md"
    body = pypandoc.convert_text(source.read_text(encoding="utf-8"), "rst", format="gfm",
                                 extra_args=["--wrap=none"])
    header = (f"..\n  Written by tools/extra_docs.py from docs/{name}.md: edit the Markdown and run it again.\n\n"
              f".. _{LABEL_PREFIX}{name}:\n\n")
    return header + body.replace("\r\n", "\n")


def main(argv):
    check = argv == ["--check"]
    if argv and not check:
        sys.exit(__doc__)
    problems = []
    for name in page_names():
        source = REPO / "docs" / f"{name}.md"
        target = RST_DIR / f"{name}.rst"
        if not source.is_file():
            problems.append(f"{source.relative_to(REPO)} is missing (listed in docs/docsite/extra-docs.yml)")
            continue
        text = to_rst(name)
        if check:
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                problems.append(f"{target.relative_to(REPO)} differs from {source.relative_to(REPO)}")
        else:
            RST_DIR.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    listed = {f"{name}.rst" for name in page_names()}
    for stray in sorted(RST_DIR.glob("*.rst")):
        if stray.name not in listed:
            problems.append(f"{stray.relative_to(REPO)} is not listed in docs/docsite/extra-docs.yml")
    if problems:
        sys.exit("\n".join(problems) + "\nrun: .venv/bin/python tools/extra_docs.py")


if __name__ == "__main__":
    main(sys.argv[1:])
