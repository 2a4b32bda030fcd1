"""Ecosystem conformance: the collection as the Ansible tooling sees it.

- `ansible-test sanity` and `ansible-test units` (tools/ansible_test.sh) with the pinned
  ansible-core/Python pair of every ansible-core minor version: 2.19 in the project venv
  (requirements-test.txt), 2.20 in .venv-2.20 and 2.21 in .venv-2.21 (requirements-core-<minor>.txt);
  meta/runtime.yml, the roles and the README claim exactly those;
- the release flow: the committed changelog has galaxy.yml's version and CHANGELOG.md is generated
  from it; in a copy of the tree antsibull-changelog releases the pending fragments; version tags,
  changelog and galaxy.yml agree; COPYING is the GPL-3.0 text;
- what test_collection_build.py does not cover of `ansible-doc -l` on the offline-installed build:
  roles and any plugin type besides modules and filters, and that every action plugin is documented;
- the execution environment: its pins agree with what is tested, and `ansible-builder create`
  makes a build context from it (`ansible-builder build` needs a container engine: not run here);
- galaxy-importer (what Galaxy and Automation Hub run on an upload) on the built tarball: no error,
  no warning.
"""

import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from packaging.specifiers import SpecifierSet
from packaging.version import Version

REPO = Path(__file__).resolve().parents[2]
GALAXY = yaml.safe_load((REPO / "galaxy.yml").read_text(encoding="utf-8"))
COLLECTION = f"{GALAXY['namespace']}.{GALAXY['name']}"
VERSION = GALAXY["version"]
TARBALL = f"{GALAXY['namespace']}-{GALAXY['name']}-{VERSION}.tar.gz"
DEPS = REPO / "build" / "deps" / "ansible_collections"
IN_CI = os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")
ANSIBLE_TEST_TIMEOUT = 1800
# Where tools/ansible_test.sh lays the collection out, per venv; the sanity tests it skips (pslint:
# PowerShell, not installable here).
LAYOUT = REPO / "build" / "ansible-test"
SKIPPED_SANITY_TESTS = {"pslint"}

# The pin sets, one per ansible-core minor version: name -> (venv, requirements file). The first is
# the venv pytest runs from.
PIN_SETS = {
    "core-2.19": (Path(sys.executable).parent.parent, REPO / "requirements-test.txt"),
    "core-2.20": (REPO / ".venv-2.20", REPO / "requirements-core-2.20.txt"),
    "core-2.21": (REPO / ".venv-2.21", REPO / "requirements-core-2.21.txt"),
}
# Plugin folders that ansible-doc does not list: shared code and option docs, and action plugins
# (documented by the module of the same name, checked below).
NOT_LISTED = {"module_utils", "plugin_utils", "doc_fragments", "action"}
# Covered by test_collection_build.py (listing, docs, descriptions).
LISTED_ELSEWHERE = {"modules", "filter"}
PLUGIN_TYPE = {"modules": "module", "filter": "filter"}  # folder -> ansible-doc type, where they differ


def pinned(requirements, package):
    for line in Path(requirements).read_text(encoding="utf-8").splitlines():
        match = re.match(rf"^{re.escape(package)}==(\S+)", line.strip())
        if match:
            return match.group(1)
    raise AssertionError(f"{requirements} pins no {package}")


def venv_versions(venv):
    """(python X.Y.Z, ansible-core version) of a venv."""
    code = "import sys, ansible.release; print('%d.%d.%d' % sys.version_info[:3], ansible.release.__version__)"
    out = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, check=True)
    return tuple(out.stdout.split())


def need_venv(name):
    venv, requirements = PIN_SETS[name]
    if not (venv / "bin" / "ansible-test").exists():
        message = f"{venv} is missing (make venv-{name.split('-')[1]} builds it from {requirements.name})"
        if IN_CI:
            pytest.fail(f"{message}; CI must test every pin set", pytrace=False)
        pytest.skip(message)
    return venv, requirements


def tree_files():
    """The working tree's files as git sees them (tracked and untracked-not-ignored), minus venvs and build/."""
    out = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         capture_output=True, check=True).stdout.decode()
    for rel in filter(None, out.split("\0")):
        if rel.split("/")[0].startswith((".venv", "build")) or "__pycache__" in rel.split("/"):
            continue
        if (REPO / rel).exists():
            yield rel


def copy_tree(dest):
    for rel in tree_files():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, target, follow_symlinks=False)
    return dest


def words(text):
    return re.findall(r"[A-Za-z0-9]+", text)


# ---- ansible-test ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", PIN_SETS)
def test_each_venv_has_the_pinned_ansible_core(name):
    venv, requirements = need_venv(name)
    core = venv_versions(venv)[1]
    assert core == pinned(requirements, "ansible-core"), f"{venv} has ansible-core {core}: rebuild it from {requirements.name}"


@pytest.mark.parametrize("name", PIN_SETS)
def test_each_pin_set_is_named_after_its_ansible_core_minor(name):
    """core-2.20 pins ansible-core 2.20.x (and the venv has it, test above)."""
    requirements = PIN_SETS[name][1]
    core = Version(pinned(requirements, "ansible-core"))
    assert f"core-{core.major}.{core.minor}" == name, f"{requirements.name} pins ansible-core {core}, not {name}"


def test_the_pin_sets_differ_in_python_and_ansible_core():
    """Each pin set has its own ansible-core minor version and its own Python minor version."""
    versions = [venv_versions(need_venv(name)[0]) for name in PIN_SETS]
    pythons = [python.rsplit(".", 1)[0] for python, _core in versions]
    cores = [Version(core).release[:2] for _python, core in versions]
    assert len(set(pythons)) == len(versions), versions
    assert len(set(cores)) == len(versions), versions


@pytest.mark.parametrize("command", ["sanity", "units"])
@pytest.mark.parametrize("name", PIN_SETS)
def test_ansible_test_passes(name, command, run, explain, make_ansible_env):
    """tools/ansible_test.sh lays the collection out under ansible_collections/ocs/firewall (in build/)
    with the upstream collections beside it, and runs ansible-test with the venv's Python."""
    venv = need_venv(name)[0]
    python, core = venv_versions(venv)
    proc = run(["bash", REPO / "tools" / "ansible_test.sh", venv, command], cwd=REPO, env=dict(os.environ),
               timeout=ANSIBLE_TEST_TIMEOUT)
    assert proc.returncode == 0, f"ansible-test {command} with ansible-core {core} on Python {python}\n{explain(proc)}"
    if command == "sanity":
        # Every sanity test ansible-test has for a collection ran, but the PowerShell one.
        output = proc.stdout + proc.stderr
        ran = set(re.findall(r'^Running sanity test "([\w-]+)"', output, re.M))
        listing = run([venv / "bin" / "ansible-test", "sanity", "--list-tests"],
                      cwd=LAYOUT / venv.name / "ansible_collections" / GALAXY["namespace"] / GALAXY["name"],
                      env=make_ansible_env(HOME=LAYOUT / "home"))
        assert listing.returncode == 0, explain(listing)
        expected = set(listing.stdout.split()) - SKIPPED_SANITY_TESTS
        assert ran == expected, f"ran {sorted(ran)}, expected {sorted(expected)}\n{explain(proc)}"
        # ansible-test skips a test with a warning when a program or a Python version is missing.
        for marker in ('Skipping sanity test "', 'Required program "'):
            assert marker not in output, explain(proc)


def test_ansible_test_leaves_the_repository_alone():
    """The run writes only under build/: the working tree stays as git sees it."""
    status = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--ignored"], capture_output=True,
                            text=True, check=True).stdout
    outside = [line for line in status.splitlines() if line.startswith("!!") and "tests/output" in line]
    assert not outside, f"ansible-test output inside the repository: {outside}"


def test_requires_ansible_says_what_is_tested():
    """meta/runtime.yml admits every tested ansible-core, its lower bound is the oldest tested minor,
    and its upper bound the minor after the newest tested one: every minor version in between is tested."""
    spec = yaml.safe_load((REPO / "meta" / "runtime.yml").read_text(encoding="utf-8"))["requires_ansible"]
    specifiers = SpecifierSet(spec)
    tested = sorted(Version(pinned(requirements, "ansible-core")) for _venv, requirements in PIN_SETS.values())
    assert all(specifiers.contains(v) for v in tested), f"requires_ansible {spec!r} excludes a tested version {tested}"
    lower = [Version(s.version) for s in specifiers if s.operator in (">=", ">")]
    assert lower and lower[0].release[:2] == tested[0].release[:2], (
        f"requires_ansible {spec!r} must start at the oldest tested ansible-core {tested[0]} (its minor version)"
    )
    upper = [Version(s.version) for s in specifiers if s.operator == "<"]
    newest = tested[-1]
    assert upper and upper[0] == Version(f"{newest.major}.{newest.minor + 1}.0"), (
        f"requires_ansible {spec!r} must stop before the minor after the newest tested ansible-core {newest}"
    )
    admitted = {(lower[0].major, minor) for minor in range(lower[0].minor, upper[0].minor)}
    assert admitted == {v.release[:2] for v in tested}, f"requires_ansible {spec!r} admits untested minors"


ROLES_WITH_META = sorted(p.parent.parent.name for p in (REPO / "roles").glob("*/meta/main.yml"))


@pytest.mark.parametrize("role", ROLES_WITH_META)
def test_role_min_ansible_version_is_the_lower_bound_of_requires_ansible(role):
    """Galaxy shows a role's min_ansible_version: it must not claim an older ansible-core than the collection."""
    spec = yaml.safe_load((REPO / "meta" / "runtime.yml").read_text(encoding="utf-8"))["requires_ansible"]
    lower = [Version(s.version) for s in SpecifierSet(spec) if s.operator in (">=", ">")]
    meta = yaml.safe_load((REPO / "roles" / role / "meta" / "main.yml").read_text(encoding="utf-8"))
    claimed = Version(str(meta["galaxy_info"]["min_ansible_version"]))
    assert lower and claimed.release[:2] == lower[0].release[:2], (
        f"roles/{role}/meta/main.yml says min_ansible_version {claimed}, requires_ansible is {spec!r}"
    )


def test_readme_quotes_requires_ansible_and_lists_only_tested_versions():
    spec = yaml.safe_load((REPO / "meta" / "runtime.yml").read_text(encoding="utf-8"))["requires_ansible"]
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert f'requires_ansible: "{spec}"' in text, f"README.md does not quote requires_ansible {spec!r}"
    tested = {pinned(requirements, "ansible-core") for _venv, requirements in PIN_SETS.values()}
    claimed = {m.group(1) for m in re.finditer(r"^\| (\d+\.\d+\.\d+) \| \d+\.\d+\.\d+ \|", text, re.M)}
    assert claimed == tested, f"README's support table names ansible-core {sorted(claimed)}, the pin sets {sorted(tested)}"


@pytest.mark.parametrize("name", PIN_SETS)
def test_readme_names_the_tested_ansible_core_and_python(name):
    """The README's support table has a row with this pin set's ansible-core and Python versions."""
    venv, requirements = need_venv(name)
    python, core = venv_versions(venv)
    rows = [line for line in (REPO / "README.md").read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    assert any(core in row and re.search(rf"\b{re.escape(python)}\b", row) for row in rows), (
        f"README.md has no support table row naming ansible-core {core} and Python {python}"
    )


# ---- release flow --------------------------------------------------------------------------------
# The committed state is tag-ready: changelogs/changelog.yaml has a release for galaxy.yml's version
# and CHANGELOG.md is generated from it. Fragments in changelogs/fragments/ are for the next version:
# the release fixture releases them, in a copy only, as the next minor version.

ANTSIBULL_CHANGELOG = Path(sys.executable).parent / "antsibull-changelog"


def changelog_releases(path):
    data = yaml.safe_load((path / "changelogs" / "changelog.yaml").read_text(encoding="utf-8"))
    return sorted(data.get("releases") or {}, key=Version)


def next_minor(version):
    v = Version(version)
    return f"{v.major}.{v.minor + 1}.0"


def collection_copy(root):
    return copy_tree(root / "ansible_collections" / GALAXY["namespace"] / GALAXY["name"])


@pytest.fixture(scope="module")
def released(tmp_path_factory, run, explain, make_ansible_env):
    """A copy of the tree (as ansible_collections/ocs/firewall) after `antsibull-changelog release` of
    what is pending: galaxy.yml's version when the changelog has no release for it yet, else the
    fragments (if any) as the next minor version. Nothing pending: the committed changelog as it is."""
    root = tmp_path_factory.mktemp("release")
    copy = collection_copy(root)
    fragments = {p.name: yaml.safe_load(p.read_text(encoding="utf-8"))
                 for p in sorted((copy / "changelogs" / "fragments").glob("*.y*ml"))}
    env = make_ansible_env([root, DEPS.parent])
    pending_galaxy_version = VERSION not in changelog_releases(REPO)
    version = VERSION if pending_galaxy_version else next_minor(VERSION)
    proc = None
    if pending_galaxy_version or fragments:
        proc = run([ANTSIBULL_CHANGELOG, "release", "--version", version], cwd=copy, env=env)
        assert proc.returncode == 0, explain(proc)
    return {"path": copy, "fragments": fragments, "proc": proc, "env": env, "version": version,
            "pending_galaxy_version": pending_galaxy_version}


def test_release_writes_changelog_md_for_the_galaxy_version(released):
    changelog = released["path"] / "CHANGELOG.md"
    assert changelog.exists(), "antsibull-changelog release wrote no CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8").replace("\\", "")  # Markdown escapes: v0\.1\.0
    assert re.search(rf"^#+ v{re.escape(VERSION)}\s*$", text, re.M), f"no v{VERSION} section in CHANGELOG.md:\n{text[:2000]}"
    if released["proc"]:
        assert re.search(rf"^#+ v{re.escape(released['version'])}\s*$", text, re.M), text[:2000]


def test_release_changelog_mentions_every_fragment(released):
    if released["pending_galaxy_version"]:
        assert released["fragments"], "no changelog fragments to release"
    elif not released["fragments"]:
        pytest.skip(f"no fragments after the {VERSION} release: nothing to release yet")
    stream = " ".join(words((released["path"] / "CHANGELOG.md").read_text(encoding="utf-8")))
    missing = []
    for name, fragment in released["fragments"].items():
        for section, entries in fragment.items():
            for entry in entries if isinstance(entries, list) else [entries]:
                head = " ".join(words(re.split(r"[`:(]", entry, maxsplit=1)[0])[:8])
                if head and head not in stream:
                    missing.append(f"{name} {section}: {head}")
    assert not missing, f"fragments missing from CHANGELOG.md: {missing}"


def test_release_lists_every_new_module_and_plugin(released):
    """The committed releases and, after the fixture's release, the pending one name every plugin
    (antsibull-changelog lists a plugin in the release of its version_added)."""
    text = released["path"] / "CHANGELOG.md"
    stream = " ".join(words(text.read_text(encoding="utf-8")))
    plugins = [p.stem for folder in ("modules", "filter") for p in (REPO / "plugins" / folder).glob("*.py")
               if not p.stem.startswith("_")]
    missing = [name for name in plugins if " ".join(words(f"{COLLECTION}.{name}")) not in stream]
    assert not missing, f"new plugins missing from CHANGELOG.md: {missing}"


def test_release_changelog_yaml_latest_version_is_the_galaxy_version(released, run, explain):
    """Committed: the latest release is galaxy.yml's version (tag-ready). After the fixture's release:
    the latest is the version it released, and the file still lints."""
    versions = changelog_releases(REPO)
    assert versions and versions[-1] == VERSION, (
        f"latest changelog release {versions[-1:]} != galaxy.yml {VERSION}: run antsibull-changelog release"
    )
    after = changelog_releases(released["path"])
    assert after[-1] == (released["version"] if released["proc"] else VERSION), after
    for where in (REPO, released["path"]):
        proc = run([ANTSIBULL_CHANGELOG, "lint-changelog-yaml", "changelogs/changelog.yaml"], cwd=where,
                   env=released["env"])
        assert proc.returncode == 0 and not proc.stdout.strip(), explain(proc)


def test_committed_changelog_md_is_generated_from_changelog_yaml(tmp_path, run, explain, make_ansible_env):
    """`antsibull-changelog generate` in a copy gives back the committed CHANGELOG.md, byte for byte,
    and leaves changelog.yaml as it is: nobody edited either by hand."""
    copy = collection_copy(tmp_path)
    proc = run([ANTSIBULL_CHANGELOG, "generate"], cwd=copy, env=make_ansible_env([tmp_path, DEPS.parent]))
    assert proc.returncode == 0, explain(proc)
    for rel in ("CHANGELOG.md", "changelogs/changelog.yaml"):
        assert (copy / rel).read_bytes() == (REPO / rel).read_bytes(), f"{rel} differs after antsibull-changelog generate"
    config = yaml.safe_load((REPO / "changelogs" / "config.yaml").read_text(encoding="utf-8"))
    assert [o["file"] for o in config["output"]] == ["CHANGELOG.md"] and not (REPO / "CHANGELOG.rst").exists()


def test_changelog_fragments_lint(run, explain):
    """Fragments waiting for the next release are well-formed (antsibull-changelog lint)."""
    proc = run([ANTSIBULL_CHANGELOG, "lint"], cwd=REPO, env=dict(os.environ))
    assert proc.returncode == 0 and not proc.stdout.strip(), explain(proc)


def test_copying_is_the_gpl_3_text():
    """galaxy.yml says GPL-3.0-or-later: COPYING is the licence text, as ansible-core ships it."""
    assert GALAXY["license"] == ["GPL-3.0-or-later"]
    core = importlib.metadata.distribution("ansible-core")
    reference = [f for f in core.files if str(f).endswith(".dist-info/licenses/COPYING")]
    assert reference, "ansible-core ships no COPYING to compare with"
    assert (REPO / "COPYING").read_bytes() == Path(core.locate_file(reference[0])).read_bytes()


def test_version_tags_changelog_and_galaxy_yml_agree():
    """Every version tag is a changelog release; a tag on HEAD is galaxy.yml's version; galaxy.yml
    is never behind the changelog."""
    data = yaml.safe_load((REPO / "changelogs" / "changelog.yaml").read_text(encoding="utf-8"))
    releases = set(data.get("releases") or {})
    if releases:
        assert Version(VERSION) >= max(map(Version, releases)), f"galaxy.yml {VERSION} is behind the changelog {releases}"
    tags = subprocess.run(["git", "-C", str(REPO), "tag", "--list"], capture_output=True, text=True, check=True).stdout.split()
    version_tags = {t.lstrip("v"): t for t in tags if re.fullmatch(r"v?\d+\.\d+\.\d+", t)}
    assert set(version_tags) <= releases, f"tags without a changelog release: {sorted(set(version_tags) - releases)}"
    head = subprocess.run(["git", "-C", str(REPO), "tag", "--points-at", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.split()
    for tag in head:
        if re.fullmatch(r"v?\d+\.\d+\.\d+", tag):
            assert tag.lstrip("v") == VERSION, f"HEAD is tagged {tag} but galaxy.yml says {VERSION}"


# ---- ansible-doc -l on the offline-installed build -----------------------------------------------

@pytest.fixture(scope="module")
def installed(tmp_path_factory, run, explain, ansible_galaxy, make_ansible_env):
    out = tmp_path_factory.mktemp("ecosystem-build")
    proc = run([ansible_galaxy, "collection", "build", "--output-path", out, REPO], cwd=out, env=make_ansible_env())
    assert proc.returncode == 0, explain(proc)
    path = out / "collections"
    proc = run([ansible_galaxy, "collection", "install", "--offline", "--no-deps", "-p", path, out / TARBALL],
               cwd=out, env=make_ansible_env([path]))
    assert proc.returncode == 0, explain(proc)
    return {"tarball": out / TARBALL, "path": path, "env": make_ansible_env([path, DEPS.parent])}


def listed(proc):
    found = {}
    for line in proc.stdout.splitlines():
        match = re.match(rf"^({re.escape(COLLECTION)}\.\w+)\s+(.*?)\s*$", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def plugin_folders():
    return sorted(p.name for p in (REPO / "plugins").iterdir() if p.is_dir() and p.name not in NOT_LISTED | LISTED_ELSEWHERE)


def test_doc_list_shows_every_other_plugin_type(installed, run, explain, ansible_doc):
    """Plugin types besides modules and filters (lookup, inventory, ...) as they are added."""
    for folder in plugin_folders():
        plugin_type = PLUGIN_TYPE.get(folder, folder)
        proc = run([ansible_doc, "-t", plugin_type, "-l", COLLECTION], cwd=installed["path"], env=installed["env"])
        assert proc.returncode == 0, explain(proc)
        found = listed(proc)
        for path in sorted((REPO / "plugins" / folder).glob("*.py")):
            if path.stem.startswith("_") or path.stem == "__init__":
                continue
            fqcn = f"{COLLECTION}.{path.stem}"
            assert found.get(fqcn, "").strip(" ."), f"{fqcn} ({plugin_type}) not listed with a short description\n{explain(proc)}"


def test_every_action_plugin_is_documented_as_a_module(installed, run, explain, ansible_doc):
    actions = sorted(p.stem for p in (REPO / "plugins" / "action").glob("*.py") if not p.stem.startswith("_"))
    proc = run([ansible_doc, "-l", COLLECTION], cwd=installed["path"], env=installed["env"])
    assert proc.returncode == 0, explain(proc)
    found = listed(proc)
    missing = [a for a in actions if not found.get(f"{COLLECTION}.{a}", "").strip(" .")]
    assert not missing, f"action plugins without module docs in ansible-doc -l: {missing}\n{explain(proc)}"


def test_doc_list_shows_every_role_with_a_short_description(installed, run, explain, ansible_doc):
    roles = sorted(p.name for p in (REPO / "roles").iterdir() if (p / "meta" / "argument_specs.yml").exists())
    assert roles
    proc = run([ansible_doc, "-t", "role", "-l", COLLECTION], cwd=installed["path"], env=installed["env"])
    assert proc.returncode == 0, explain(proc)
    # ocs.firewall.<role>:  /  specs:  /  main  : <short description of the main entry point>
    found, role = {}, None
    for line in proc.stdout.splitlines():
        head = re.match(rf"^({re.escape(COLLECTION)}\.\w+):\s*$", line)
        entry = re.match(r"^\s+main\s*:\s*(.*?)\s*$", line)
        if head:
            role = head.group(1)
        elif entry and role:
            found[role] = entry.group(1)
    bad = [r for r in roles if not found.get(f"{COLLECTION}.{r}", "").strip(" .")]
    assert not bad, f"roles not listed with a short description: {bad}\n{explain(proc)}"


# ---- execution environment --------------------------------------------------------------------

EE_FILE = REPO / "execution-environment.yml"


@pytest.fixture(scope="module")
def ee():
    return yaml.safe_load(EE_FILE.read_text(encoding="utf-8"))


def ee_collections(ee):
    return yaml.safe_load((REPO / ee["dependencies"]["galaxy"]).read_text(encoding="utf-8"))["collections"]


def test_ee_pins_the_tested_ansible_core(ee):
    core = ee["dependencies"]["ansible_core"]["package_pip"]
    assert core == f"ansible-core=={pinned(REPO / 'requirements-test.txt', 'ansible-core')}", core
    assert ee["version"] == 3


def test_ee_installs_this_collection_at_the_galaxy_version(ee):
    files = [c for c in ee_collections(ee) if c.get("type") == "file"]
    assert [Path(c["name"]).name for c in files] == [TARBALL], f"{ee['dependencies']['galaxy']} must install {TARBALL}"
    sources = [Path(f["src"]).name for f in ee.get("additional_build_files", [])]
    assert TARBALL in sources, f"execution-environment.yml must copy {TARBALL} into the build context"


def test_ee_upstream_collections_are_the_tested_ones(ee):
    """The versions of the `ansible` bundle the tests use (build/deps), and they satisfy galaxy.yml."""
    pins = {c["name"]: c["version"] for c in ee_collections(ee) if c.get("type") != "file"}
    assert set(pins) == set(GALAXY["dependencies"]), f"EE collections {sorted(pins)} != galaxy.yml dependencies"
    for name, version in pins.items():
        manifest = DEPS / name.replace(".", "/") / "MANIFEST.json"
        if not manifest.exists():
            pytest.fail(f"{manifest} is missing: run make setup", pytrace=False)
        tested = json.loads(manifest.read_text(encoding="utf-8"))["collection_info"]["version"]
        assert version == tested, f"{name}: EE pins {version}, the tests use {tested}"
        assert SpecifierSet(GALAXY["dependencies"][name]).contains(version), (name, version, GALAXY["dependencies"][name])


def test_ee_python_requirements_are_pinned_and_cover_the_collection(ee):
    lines = [line.strip() for line in (REPO / ee["dependencies"]["python"]).read_text(encoding="utf-8").splitlines()]
    reqs = dict(line.split("==", 1) for line in lines if line and not line.startswith("#"))
    for package in ("netaddr", "jmespath"):
        assert reqs.get(package) == pinned(REPO / "requirements-test.txt", package), (package, reqs)


def test_ee_collection_requirements_install_offline(ee, installed, tmp_path, run, explain, ansible_galaxy,
                                                    make_ansible_env):
    """What the image build's galaxy stage runs, offline: the tarball from meta/ee-collections.yml,
    with the upstream collections already present at the pinned versions."""
    stage = tmp_path / "build"
    (stage / "collections").mkdir(parents=True)
    shutil.copy2(installed["tarball"], stage / "collections" / TARBALL)
    shutil.copy2(REPO / ee["dependencies"]["galaxy"], stage / "requirements.yml")
    target = tmp_path / "image-collections"
    shutil.copytree(DEPS, target / "ansible_collections", symlinks=True)
    proc = run([ansible_galaxy, "collection", "install", "--offline", "-r", "requirements.yml", "-p", target],
               cwd=stage, env=make_ansible_env([target]))
    assert proc.returncode == 0, explain(proc)
    manifest = target / "ansible_collections" / GALAXY["namespace"] / GALAXY["name"] / "MANIFEST.json"
    assert json.loads(manifest.read_text(encoding="utf-8"))["collection_info"]["version"] == VERSION


def need_builder():
    builder = Path(sys.executable).parent / "ansible-builder"
    if not builder.exists():
        message = f"{builder} is missing (requirements-test.txt pins ansible-builder)"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return builder


def ee_scratch_copy(ee, work, tarball=None):
    """The EE file and the files it names in a scratch folder; the collection tarball only when given."""
    for rel in ("execution-environment.yml", ee["dependencies"]["galaxy"], ee["dependencies"]["python"]):
        (work / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, work / rel)
    for item in ee.get("additional_build_files", []) if tarball else []:
        (work / item["src"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(tarball, work / item["src"])
    return work


def ee_create(work, context, run):
    """`ansible-builder create` as the Makefile's ee target runs it: through tools/ee_builder.py."""
    return run([sys.executable, REPO / "tools" / "ee_builder.py", "create", "-f", work / "execution-environment.yml",
                "-c", context, "--output-filename", "Containerfile", "-v", "3"], cwd=work, env=dict(os.environ))


def test_ansible_builder_create_makes_the_build_context(ee, installed, tmp_path, run, explain):
    need_builder()
    # The EE file and what it names, in a scratch copy (the tarball comes from the build above).
    work = ee_scratch_copy(ee, tmp_path / "ee", installed["tarball"])
    context = tmp_path / "context"
    proc = ee_create(work, context, run)
    assert proc.returncode == 0, explain(proc)
    containerfile = (context / "Containerfile").read_text(encoding="utf-8")
    assert ee["dependencies"]["ansible_core"]["package_pip"] in containerfile, containerfile
    # The galaxy stage installs meta/ee-collections.yml from /build, where the tarball lands.
    assert "COPY _build /build" in containerfile and "WORKDIR /build" in containerfile, containerfile
    assert (context / "_build" / "collections" / TARBALL).exists(), sorted(p.name for p in (context / "_build").rglob("*"))
    requirements = yaml.safe_load((context / "_build" / "requirements.yml").read_text(encoding="utf-8"))
    assert requirements == yaml.safe_load((REPO / ee["dependencies"]["galaxy"]).read_text(encoding="utf-8"))
    python = (context / "_build" / "requirements.txt").read_text(encoding="utf-8")
    assert all(package in python for package in ("netaddr", "jmespath", "pywinrm")), python


def test_ansible_builder_create_fails_without_the_collection_tarball(ee, tmp_path, run, explain):
    """Without the tarball there is no build context and no "Complete!" (ansible-builder alone only warns)."""
    need_builder()
    work = ee_scratch_copy(ee, tmp_path / "ee")
    context = tmp_path / "context"
    proc = ee_create(work, context, run)
    assert proc.returncode != 0, explain(proc)
    assert "Complete!" not in proc.stdout + proc.stderr and not context.exists(), explain(proc)
    missing = [item["src"] for item in ee["additional_build_files"]]
    assert missing and all(src in proc.stderr for src in missing), explain(proc)


# ---- the collection's own EE metadata (meta/execution-environment.yml) ---------------------------

def collection_ee_files():
    meta = yaml.safe_load((REPO / "meta" / "execution-environment.yml").read_text(encoding="utf-8"))
    assert meta["version"] == 1, meta
    return {kind: REPO / meta["dependencies"][kind] for kind in ("python", "system")}


def requirement_lines(path):
    return [line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.split("#", 1)[0].strip()]


def test_collection_python_requirements_are_lower_bounds_that_admit_the_tested_versions():
    """Lower bounds only (pins or caps would clash with other collections in one image), and the
    versions the tests run with satisfy them."""
    lines = requirement_lines(collection_ee_files()["python"])
    assert lines
    for line in lines:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(>=\s*\S+)?", line)
        assert match, f"{line!r}: only `name` or `name>=version` entries"
        if match.group(2):
            assert SpecifierSet(match.group(2)).contains(pinned(REPO / "requirements-test.txt", match.group(1))), line


def test_ansible_builder_introspect_finds_the_collection_requirements(installed, run, explain):
    """What any execution environment that includes the installed collection gets from it: netaddr
    for the plugins, Graphviz for port_matrix's diagram."""
    builder = need_builder()
    proc = run([builder, "introspect", "--sanitize", installed["path"]], cwd=installed["path"], env=dict(os.environ))
    assert proc.returncode == 0, explain(proc)
    found = yaml.safe_load(proc.stdout.split("---", 1)[1])
    ours = {kind: sorted(entry.split("#", 1)[0].strip() for entry in found.get(kind) or []
                         if entry.endswith(f"from collection {COLLECTION}"))
            for kind in ("python", "system")}
    expected = {kind: sorted(requirement_lines(path)) for kind, path in collection_ee_files().items()}
    assert ours == expected, explain(proc)
    assert any(re.match(r"netaddr\b", entry) for entry in ours["python"]), explain(proc)
    assert "graphviz" in ours["system"], explain(proc)


# ---- galaxy-importer ----------------------------------------------------------------------------

# Galaxy requires galaxy.yml's `repository`. The public repository is not decided yet, so galaxy.yml
# names none; the importer's copy of the tree gets this placeholder, and every other finding counts.
PLACEHOLDER_REPOSITORY = "https://example.invalid/ocs-firewall"
IMPORTER_CONFIG = REPO / "tests" / "integration" / "galaxy-importer.cfg"


@pytest.fixture(scope="module")
def imported(tmp_path_factory, run, explain, ansible_galaxy, make_ansible_env):
    """galaxy-importer on the tarball built from a copy of the tree (with a repository set)."""
    if importlib.util.find_spec("galaxy_importer") is None:
        message = f"galaxy-importer is not installed in {sys.prefix} (requirements-test.txt pins it)"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    root = tmp_path_factory.mktemp("galaxy-importer")
    copy = copy_tree(root / "src")
    repository = GALAXY.get("repository") or PLACEHOLDER_REPOSITORY
    if "repository" not in GALAXY:
        with (copy / "galaxy.yml").open("a", encoding="utf-8") as galaxy_yml:
            galaxy_yml.write(f"repository: {repository}\n")
    out = root / "out"
    proc = run([ansible_galaxy, "collection", "build", "--output-path", out, copy], cwd=root, env=make_ansible_env())
    assert proc.returncode == 0, explain(proc)
    env = make_ansible_env([], GALAXY_IMPORTER_CONFIG=IMPORTER_CONFIG,
                           GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP=root / "ansible-tmp",
                           GALAXY_IMPORTER_TMP_ROOT_DIR=root)
    proc = run([sys.executable, "-m", "galaxy_importer.main", out / TARBALL], cwd=root, env=env, timeout=600)
    result = root / "importer_result.json"
    return {"proc": proc, "repository": repository,
            "result": json.loads(result.read_text(encoding="utf-8")) if result.exists() else None}


def test_galaxy_importer_accepts_the_tarball_without_errors_or_warnings(imported, explain):
    proc = imported["proc"]
    assert proc.returncode == 0 and imported["result"], explain(proc)
    assert "Importer processing completed successfully" in proc.stdout, explain(proc)
    findings = [line for line in (proc.stdout + proc.stderr).splitlines()
                if re.match(r"^(WARNING|ERROR|CRITICAL)\b", line)]
    assert not findings, "galaxy-importer findings:\n" + "\n".join(findings)


def test_galaxy_importer_ran_every_check_it_is_configured_for(imported, explain):
    """The checks did run (the tools were found): ansible-doc, flake8 on each plugin, ansible-lint."""
    out = imported["proc"].stdout
    for marker in ("Getting doc strings via ansible-doc", "via flake8...", "Linting collection via ansible-lint",
                   "...ansible-lint run complete"):
        assert marker in out, f"{marker!r} not in the importer's output\n{explain(imported['proc'])}"


def test_galaxy_importer_finds_every_plugin_and_role_with_its_docs(imported):
    result = imported["result"]
    assert result["metadata"]["repository"] == imported["repository"]
    assert (result["metadata"]["namespace"], result["metadata"]["name"], result["metadata"]["version"]) == (
        GALAXY["namespace"], GALAXY["name"], VERSION)
    found = {(c["content_type"], c["content_name"]): c.get("doc_strings") for c in result["docs_blob"]["contents"]}
    documented = [("module", p.stem) for p in sorted((REPO / "plugins" / "modules").glob("*.py"))] + [
        ("filter", p.stem) for p in sorted((REPO / "plugins" / "filter").glob("*.py"))]
    undocumented = [key for key in documented if not key[1].startswith("_") and not found.get(key)]
    assert not undocumented, f"plugins without docs in the import: {undocumented}"
    roles = {("role", p.name) for p in (REPO / "roles").iterdir() if (p / "meta" / "main.yml").exists()}
    assert roles <= set(found), f"roles missing from the import: {sorted(roles - set(found))}"
    assert result["requires_ansible"] == yaml.safe_load((REPO / "meta" / "runtime.yml").read_text())["requires_ansible"]
