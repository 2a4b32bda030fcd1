"""playbooks/render.yml as AWX runs it: ansible-runner in a project folder, the collection installed
read-only from its tarball. The render lands in the project folder and nothing is written into the
collection."""

import hashlib
import stat
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
GALAXY = yaml.safe_load((REPO / "galaxy.yml").read_text(encoding="utf-8"))
EXAMPLE = REPO / "playbooks" / "inventories" / "example"


def snapshot(folder):
    """Every path under folder with its mode and, for files, a digest of its content."""
    state = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if stat.S_ISREG(mode) else None
        state[str(path.relative_to(folder))] = (stat.S_IMODE(mode), digest)
    return state


def make_read_only(folder):
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)


@pytest.fixture(scope="module")
def read_only_collection(tmp_path_factory, run, explain, ansible_galaxy, make_ansible_env):
    """The built tarball installed offline (its dependencies from build/deps), then made read-only."""
    built = tmp_path_factory.mktemp("tarball")
    proc = run([ansible_galaxy, "collection", "build", "--output-path", built, REPO], cwd=built, env=make_ansible_env())
    assert proc.returncode == 0, explain(proc)
    tarball = built / f"{GALAXY['namespace']}-{GALAXY['name']}-{GALAXY['version']}.tar.gz"
    path = tmp_path_factory.mktemp("collections")
    proc = run([ansible_galaxy, "collection", "install", "--offline", "-p", path, tarball], cwd=path,
               env=make_ansible_env([path, REPO / "build" / "deps"]))
    assert proc.returncode == 0, explain(proc)
    collection = path / "ansible_collections" / GALAXY["namespace"] / GALAXY["name"]
    assert (collection / "playbooks" / "render.yml").is_file(), explain(proc)
    make_read_only(path)
    yield path, collection
    for folder in [path, *path.rglob("*")]:  # let pytest clean its temporary folders
        if folder.is_dir() and not folder.is_symlink():
            folder.chmod(0o755)


def test_render_through_ansible_runner_writes_into_the_project_folder_and_not_the_collection(
        tmp_path, read_only_collection, run, explain, venv_bin, make_ansible_env):
    collections_path, collection = read_only_collection
    before = snapshot(collections_path)
    # The private data dir of an AWX job: project/ (the SCM checkout), inventory/, env/.
    job = tmp_path / "job"
    project = job / "project"
    project.mkdir(parents=True)
    (project / "render.yml").write_text(yaml.safe_dump([{
        "name": "Render the port model with the installed collection",
        "ansible.builtin.import_playbook": "ocs.firewall.render",
    }], sort_keys=False))
    (job / "inventory").mkdir()
    for item in ("hosts.yml", "group_vars"):
        source = EXAMPLE / item
        target = job / "inventory" / item
        if source.is_dir():
            target.mkdir()
            for file in source.iterdir():
                (target / file.name).write_bytes(file.read_bytes())
        else:
            target.write_bytes(source.read_bytes())
    (job / "env").mkdir()
    (job / "env" / "envvars").write_text(yaml.safe_dump({
        "ANSIBLE_COLLECTIONS_PATH": f"{collections_path}:{REPO / 'build' / 'deps'}",
        "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false",
        "ANSIBLE_NOCOLOR": "1",
    }))

    proc = run([venv_bin / "ansible-runner", "run", job, "-p", "render.yml", "--ident", "render"],
               cwd=tmp_path, env=make_ansible_env(), timeout=600)
    assert proc.returncode == 0, explain(proc)
    assert (job / "artifacts" / "render" / "status").read_text().strip() == "successful", explain(proc)

    render = project / "ocs-render"
    assert (render / "port-matrix.md").is_file() and (render / "port-matrix.csv").is_file(), explain(proc)
    assert (render / "hosts" / "edge1.yml").is_file(), explain(proc)
    assert f"Port matrix: {render}/port-matrix.md" in proc.stdout, explain(proc)
    after = snapshot(collections_path)
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    assert not changed, f"written into the installed collection: {changed}"
    assert not (collection / "build").exists() and not (collection / "ocs-render").exists()
