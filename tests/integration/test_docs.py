"""The collection's documentation as the Ansible docs tools see it: antsibull-docs lint, the extra docs
written from the Markdown pages, and the docsite built from `antsibull-docs sphinx-init` (tools/docsite.sh)."""

import html
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
EXTRA_DOCS = REPO / "docs" / "docsite" / "extra-docs.yml"
# Labels of the Ansible docsite that antsibull-docs' pages link to: offline they stay unresolved, since
# its intersphinx inventory cannot be fetched (any other undefined label is an error of ours).
ANSIBLE_DOCSITE_LABELS = {"ansible_configuration_settings", "common_return_values", "action_plugins"}
OWN_LABEL_PREFIX = "ansible_collections.ocs.firewall."
MESSAGE_START = re.compile(r"(WARNING|ERROR|SEVERE|CRITICAL):")


def extra_doc_names():
    config = yaml.safe_load(EXTRA_DOCS.read_text(encoding="utf-8"))
    return [entry["ref"] for section in config["sections"] for entry in section["toctree"]]


def expected_plugin_pages():
    """The docsite page of every module, filter and role, from the repository's own files."""
    pages = [f"{p.stem}_module.html" for p in (REPO / "plugins" / "modules").glob("*.py")]
    pages += [f"{p.stem}_filter.html" for p in (REPO / "plugins" / "filter").glob("*.py")]
    pages += [f"{p.parts[-3]}_role.html" for p in (REPO / "roles").glob("*/meta/argument_specs.yml")]
    return sorted(pages)


def sphinx_messages(text):
    """Sphinx's warnings file as one string per message (a message may go on over several lines)."""
    messages = []
    for line in text.splitlines():
        if MESSAGE_START.search(line) or not messages:
            messages.append(line)
        else:
            messages[-1] += "\n" + line
    return [m for m in messages if m.strip()]


def is_offline_intersphinx_message(message):
    """An intersphinx inventory that cannot be fetched offline, or a reference it would have resolved."""
    first, *rest = message.splitlines()
    if first.startswith("WARNING: failed to reach any of the inventories"):
        return bool(rest) and all(line.startswith("intersphinx inventory ") for line in rest)
    label = re.search(r": WARNING: undefined label: '([^']+)' \[ref\.ref\]$", first)
    if label and not rest:
        name = label.group(1)
        return name in ANSIBLE_DOCSITE_LABELS or (
            name.startswith("ansible_collections.") and not name.startswith(OWN_LABEL_PREFIX))
    return False


def test_the_docs_lint_of_antsibull_docs_passes(run, explain, venv_bin, ansible_env, collection_setup):
    collection = collection_setup["collections"] / "ansible_collections" / "ocs" / "firewall"
    proc = run([venv_bin / "antsibull-docs", "lint-collection-docs", "--plugin-docs", "--check-extra-docs-refs",
                collection], env=ansible_env, timeout=300)
    assert proc.returncode == 0 and not proc.stdout.strip(), explain(proc)


@pytest.mark.parametrize("name", extra_doc_names())
def test_every_extra_doc_has_its_markdown_page(name):
    assert (REPO / "docs" / f"{name}.md").is_file(), f"docs/docsite/extra-docs.yml lists {name}: docs/{name}.md is missing"
    assert (REPO / "docs" / "docsite" / "rst" / f"{name}.rst").is_file(), (
        f"docs/docsite/rst/{name}.rst is missing: run .venv/bin/python tools/extra_docs.py")


def test_the_extra_docs_are_what_their_markdown_pages_say(run, explain, venv_bin, ansible_env):
    proc = run([venv_bin / "python", REPO / "tools" / "extra_docs.py", "--check"], env=ansible_env)
    assert proc.returncode == 0, explain(proc)


def test_the_intersphinx_filter_accepts_only_offline_inventories_and_ansible_labels():
    log = (
        "WARNING: failed to reach any of the inventories with the following issues:\n"
        "intersphinx inventory 'https://docs.python.org/3/objects.inv' not fetchable due to ConnectionError\n"
        "/x/rst/a.rst:3: WARNING: undefined label: 'common_return_values' [ref.ref]\n"
        "/x/rst/a.rst:4: WARNING: undefined label: 'ansible_collections.ansible.posix.firewalld_module' [ref.ref]\n"
        "/x/rst/a.rst:5: WARNING: undefined label: 'ansible_collections.ocs.firewall.docsite.nowhere' [ref.ref]\n"
        "/x/rst/a.rst:6: WARNING: undefined label: 'my_own_typo' [ref.ref]\n"
        "/x/rst/a.rst:7: ERROR: Unknown directive type \"foo\".\n"
    )
    verdicts = [is_offline_intersphinx_message(m) for m in sphinx_messages(log)]
    assert verdicts == [True, True, True, False, False, False]


@pytest.fixture(scope="module")
def docsite(tmp_path_factory, run, explain, make_ansible_env):
    """The docsite built by tools/docsite.sh in a temporary folder (about 10 s)."""
    site = tmp_path_factory.mktemp("docsite") / "site"
    proc = run([REPO / "tools" / "docsite.sh", site], env=make_ansible_env(), timeout=600)
    return proc, explain(proc), site


def test_the_docsite_builds_with_only_offline_intersphinx_warnings(docsite):
    proc, explained, site = docsite
    assert proc.returncode == 0, explained
    messages = sphinx_messages((site / "warnings.log").read_text(encoding="utf-8"))
    unexpected = [m for m in messages if not is_offline_intersphinx_message(m)]
    assert not unexpected, "\n".join(unexpected)


def test_the_docsite_has_a_page_for_every_module_filter_and_role(docsite):
    dummy, explained, site = docsite
    pages = site / "build" / "html" / "collections" / "ocs" / "firewall"
    expected = expected_plugin_pages()
    assert len(expected) >= 20, expected
    missing = [page for page in expected if not (pages / page).is_file()]
    assert not missing, f"no docsite page for {missing}\n{explained}"


def test_the_docsite_has_the_extra_docs_and_the_links(docsite):
    dummy, explained, site = docsite
    pages = site / "build" / "html" / "collections" / "ocs" / "firewall"
    index = (pages / "index.html").read_text(encoding="utf-8")
    for name in extra_doc_names():
        page = pages / "docsite" / f"{name}.html"
        assert page.is_file(), f"no docsite page for docs/{name}.md\n{explained}"
        title = (REPO / "docs" / f"{name}.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
        assert html.escape(title, quote=False) in page.read_text(encoding="utf-8"), f"{page} lacks the title {title!r}"
        assert f'href="docsite/{name}.html"' in index, f"the collection index does not link to {name}"
    links = yaml.safe_load((REPO / "docs" / "docsite" / "links.yml").read_text(encoding="utf-8"))
    for link in links["extra_links"]:
        assert link["url"].replace("&", "&amp;") in index, f"the collection index lacks the link {link['url']}"
