"""The collection as users get it: `ansible-galaxy collection build` makes a tarball that installs
offline into an empty collections path, and ansible-doc then documents every plugin from there."""

import json
import re
import subprocess
import tarfile
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
GALAXY = yaml.safe_load((REPO / "galaxy.yml").read_text(encoding="utf-8"))
COLLECTION = f"{GALAXY['namespace']}.{GALAXY['name']}"
MODULES = sorted(p.stem for p in (REPO / "plugins" / "modules").glob("*.py") if not p.stem.startswith("_"))
FILTERS = sorted(p.stem for p in (REPO / "plugins" / "filter").glob("*.py") if not p.stem.startswith("_"))

# Top-level folders of a working tree that must never ship.
DEV_TOP_LEVEL = {".venv", "build", ".git", ".pytest_cache", ".ansible", ".tox"}
# Development-only trees and files (galaxy.yml build_ignore): the lab and helper scripts, CI, the
# repository's pytest suites and Molecule scenarios (they need the lab and the venvs), lint settings,
# the test pin sets and the project's own execution environment (built from a checkout).
DEV_ONLY_TREES = ("tools/", "benchmarks/", ".ci/", "molecule/", "extensions/molecule/", "tests/integration/",
                  "tests/molecule/")
DEV_ONLY_FILES = {"Makefile", ".ansible-lint", ".yamllint", ".gitignore", "requirements-test.txt",
                  "execution-environment.yml", "meta/ee-collections.yml", "meta/ee-requirements.txt",
                  "changelogs/.plugin-cache.yaml"}
# What users need: every file of these trees (as the working tree has them) and these files.
USER_TREES = ("plugins/", "roles/", "playbooks/", "docs/", "tests/unit/")
# meta/execution-environment.yml and the files it names must ship, or ansible-builder finds nothing.
USER_FILES = {"README.md", "COPYING", "CHANGELOG.md", "changelogs/changelog.yaml", "changelogs/config.yaml",
              "meta/runtime.yml", "meta/execution-environment.yml", "requirements.txt", "bindep.txt"}
MARKER = re.compile(r"\[(WARNING|ERROR|DEPRECATION WARNING)\]")
OURS = re.compile(r"ocs\.firewall|ansible_collections/ocs/|\bocs_\w+")


def problems_about_us(text):
    """[WARNING]/[ERROR] blocks (the marked line and its continuation lines) that mention this
    collection or one of its plugins."""
    found, block = [], None
    for line in text.splitlines():
        if MARKER.search(line):
            if block:
                found.append(block)
            block = [line]
        elif block is not None and line.strip():
            block.append(line)
        elif block is not None:
            found.append(block)
            block = None
    if block:
        found.append(block)
    return ["\n".join(b) for b in found if OURS.search("\n".join(b))]


def descriptions(node, path="", names=False):
    """Yield (path, value) for every description/short_description in a plugin's docs. With
    names, node maps option (or return value) names to their specs: a name is never a field."""
    if isinstance(node, dict):
        for key, value in node.items():
            if names:
                yield from descriptions(value, f"{path}.{key}")
                continue
            if key in ("description", "short_description"):
                yield f"{path}.{key}", value
            yield from descriptions(value, f"{path}.{key}", names=key in ("options", "suboptions", "contains"))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from descriptions(value, f"{path}[{index}]")


def is_text(value):
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))


@pytest.fixture(scope="module")
def tarball(tmp_path_factory, run, explain, ansible_galaxy, make_ansible_env):
    out = tmp_path_factory.mktemp("build")
    proc = run([ansible_galaxy, "collection", "build", "--output-path", out, REPO], cwd=out,
               env=make_ansible_env())
    assert proc.returncode == 0, explain(proc)
    built = sorted(out.glob("*.tar.gz"))
    assert [p.name for p in built] == [f"{GALAXY['namespace']}-{GALAXY['name']}-{GALAXY['version']}.tar.gz"], (
        f"expected one tarball, found {[p.name for p in built]}\n{explain(proc)}"
    )
    return built[0]


@pytest.fixture(scope="module")
def installed(tmp_path_factory, tarball, run, explain, ansible_galaxy, make_ansible_env):
    """The tarball installed offline into an empty collections path; returns that path."""
    path = tmp_path_factory.mktemp("collections")
    proc = run(
        [ansible_galaxy, "collection", "install", "--offline", "--no-deps", "-p", path, tarball],
        cwd=path,
        env=make_ansible_env([path]),
    )
    assert proc.returncode == 0, explain(proc)
    assert "[ERROR]" not in proc.stdout + proc.stderr, explain(proc)
    return path


@pytest.fixture(scope="module")
def doc(installed, run, ansible_doc, make_ansible_env):
    """doc(*args) runs ansible-doc against the installed collection (plus build/deps), away from the repo."""
    env = make_ansible_env([installed, REPO / "build" / "deps"])

    def _doc(*args):
        return run([ansible_doc, *args], cwd=installed, env=env)

    return _doc


def test_build_makes_one_tarball_named_after_galaxy_yml(tarball):
    assert tarball.stat().st_size > 0


def test_tarball_has_no_working_tree_content(tarball):
    with tarfile.open(tarball) as tar:
        names = tar.getnames()
    bad = [
        name
        for name in names
        if name.split("/")[0] in DEV_TOP_LEVEL
        or "__pycache__" in name.split("/")
        or name.endswith((".pyc", ".pyo"))
    ]
    assert not bad, f"the tarball ships working-tree files: {bad}"
    assert "MANIFEST.json" in names and "FILES.json" in names


def working_tree_files():
    """Files of the working tree as git sees them (tracked and untracked-not-ignored), as the build does."""
    out = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         capture_output=True, check=True).stdout.decode()
    return {rel for rel in out.split("\0") if rel and (REPO / rel).is_file() and "__pycache__" not in rel.split("/")}


def test_tarball_leaves_out_the_development_trees(tarball):
    with tarfile.open(tarball) as tar:
        names = [member.name for member in tar.getmembers() if member.isfile()]
    shipped = [name for name in names
               if name.startswith(DEV_ONLY_TREES) or name in DEV_ONLY_FILES
               or re.fullmatch(r"requirements-core-[\w.]+\.txt", name)
               or name.rsplit("/", 1)[-1] == "molecule.yml"]
    assert not shipped, f"development-only files in the tarball: {shipped}"


def test_tarball_holds_what_users_need(tarball):
    with tarfile.open(tarball) as tar:
        names = {member.name for member in tar.getmembers() if member.isfile()}
    needed = {rel for rel in working_tree_files() if rel.startswith(USER_TREES)} | USER_FILES
    assert any(rel.startswith("tests/unit/") for rel in needed) and any(rel.startswith("playbooks/") for rel in needed)
    assert not needed - names, f"missing from the tarball: {sorted(needed - names)}"


def test_tarball_holds_every_plugin(tarball):
    with tarfile.open(tarball) as tar:
        names = set(tar.getnames())
    expected = {f"plugins/modules/{m}.py" for m in MODULES} | {f"plugins/filter/{f}.py" for f in FILTERS}
    assert expected <= names, f"missing from the tarball: {sorted(expected - names)}"


def test_tarball_installs_offline_into_an_empty_collections_path(installed):
    manifest = json.loads((installed / "ansible_collections" / "ocs" / "firewall" / "MANIFEST.json").read_text())
    info = manifest["collection_info"]
    assert (info["namespace"], info["name"], info["version"]) == (GALAXY["namespace"], GALAXY["name"], GALAXY["version"])


@pytest.mark.parametrize("module", MODULES)
def test_module_docs_render_from_the_installed_collection(doc, explain, installed, module):
    proc = doc(f"{COLLECTION}.{module}")
    assert proc.returncode == 0, explain(proc)
    assert not problems_about_us(proc.stdout + proc.stderr), explain(proc)
    assert str(installed) in proc.stdout.splitlines()[0], f"not documented from the installed copy\n{explain(proc)}"


@pytest.mark.parametrize("name", FILTERS)
def test_filter_docs_render_from_the_installed_collection(doc, explain, installed, name):
    proc = doc("-t", "filter", f"{COLLECTION}.{name}")
    assert proc.returncode == 0, explain(proc)
    assert not problems_about_us(proc.stdout + proc.stderr), explain(proc)
    assert str(installed) in proc.stdout.splitlines()[0], f"not documented from the installed copy\n{explain(proc)}"


@pytest.mark.parametrize(
    "plugin_type, name",
    [("module", m) for m in MODULES] + [("filter", f) for f in FILTERS],
)
def test_plugin_descriptions_parse_as_text(doc, explain, plugin_type, name):
    """A stray ': ' in a description turns it into a mapping; every description must stay text."""
    proc = doc("--json", "-t", plugin_type, f"{COLLECTION}.{name}")
    assert proc.returncode == 0, explain(proc)
    data = json.loads(proc.stdout)[f"{COLLECTION}.{name}"]
    found = [*descriptions(data.get("doc") or {}, "doc"), *descriptions(data.get("return") or {}, "return", names=True)]
    bad = {path: value for path, value in found if not is_text(value)}
    assert not bad, f"descriptions that are not text: {bad}"
    assert isinstance(data["doc"].get("short_description"), str) and data["doc"]["short_description"].strip()


@pytest.mark.parametrize(
    "plugin_type, expected",
    [("module", MODULES), ("filter", FILTERS)],
)
def test_doc_list_shows_every_plugin_with_a_short_description(doc, explain, plugin_type, expected):
    args = ["-l", COLLECTION] if plugin_type == "module" else ["-t", "filter", "-l", COLLECTION]
    proc = doc(*args)
    assert proc.returncode == 0, explain(proc)
    assert not problems_about_us(proc.stdout + proc.stderr), explain(proc)
    listed = {}
    for line in proc.stdout.splitlines():
        match = re.match(rf"^({re.escape(COLLECTION)}\.\w+)\s+(.*?)\s*$", line)
        if match:
            listed[match.group(1)] = match.group(2)
    for name in expected:
        fqcn = f"{COLLECTION}.{name}"
        assert fqcn in listed, f"{fqcn} is not listed\n{explain(proc)}"
        assert listed[fqcn].strip(" ."), f"{fqcn} is listed without a short description\n{explain(proc)}"
