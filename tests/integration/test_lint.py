"""Lint: ansible-lint (production profile, offline) and yamllint on the whole repository,
antsibull-changelog on the changelog, the `ocs_` prefix of role variables, and mypy and ruff on the
pure-Python core."""

from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
# "." is the whole repository (roles, playbooks, Molecule scenarios, test playbooks, galaxy.yml, ...).
LINT_TARGETS = (".",)
CORE = Path("plugins") / "module_utils" / "_ocs_ports"  # the pure-Python core (relative to REPO)


def _roles():
    roles_dir = REPO / "roles"
    return sorted(p for p in roles_dir.iterdir() if p.is_dir()) if roles_dir.is_dir() else []


def test_playbooks_folder_exists():
    assert (REPO / "playbooks").is_dir(), "playbooks/ is missing: there must be something to lint"


@pytest.mark.parametrize("target", LINT_TARGETS)
def test_ansible_lint_production_profile_passes(target, run, explain, venv_bin, ansible_env):
    proc = run(
        [venv_bin / "ansible-lint", "--offline", "--profile", "production", "-c", REPO / ".ansible-lint",
         "--nocolor", "-f", "pep8", target],
        cwd=REPO,
        env=ansible_env,
    )
    assert proc.returncode == 0, explain(proc)


def test_yamllint_passes_on_the_whole_repository(run, explain, venv_bin, ansible_env):
    # --strict: a warning (e.g. a missing '---') fails too, as it does in ansible-lint's yaml rule.
    proc = run([venv_bin / "yamllint", "--strict", "-f", "parsable", "-c", REPO / ".yamllint", "."],
               cwd=REPO, env=ansible_env)
    assert proc.returncode == 0, explain(proc)


def test_changelog_fragments_lint(run, explain, venv_bin, ansible_env):
    proc = run([venv_bin / "antsibull-changelog", "lint"], cwd=REPO, env=ansible_env)
    assert proc.returncode == 0 and not proc.stdout.strip(), explain(proc)


def test_changelog_yaml_lints(run, explain, venv_bin, ansible_env):
    proc = run([venv_bin / "antsibull-changelog", "lint-changelog-yaml", "changelogs/changelog.yaml"],
               cwd=REPO, env=ansible_env)
    assert proc.returncode == 0 and not proc.stdout.strip(), explain(proc)


def _venv_tool(venv_bin, name):
    path = venv_bin / name
    if not path.exists():
        pytest.fail(f"{path} is missing: install requirements-test.txt into the venv pytest runs from", pytrace=False)
    return path


def test_mypy_passes_on_the_core(run, explain, venv_bin):
    """The core's type hints hold (.mypy.ini: strict, except the modules it lists as not typed yet),
    and mypy read every file of the core (none left out by an exclude)."""
    proc = run([_venv_tool(venv_bin, "mypy"), "--config-file", REPO / ".mypy.ini", CORE], cwd=REPO)
    assert proc.returncode == 0, explain(proc)
    files = len(list((REPO / CORE).rglob("*.py")))
    assert f"no issues found in {files} source files" in proc.stdout, explain(proc)


def test_ruff_check_passes_on_the_core(run, explain, venv_bin):
    """ruff.toml's rules (pycodestyle, pyflakes, import order, pyupgrade within Python 3.8, ...) on the core."""
    proc = run([_venv_tool(venv_bin, "ruff"), "check", "--config", REPO / "ruff.toml", "--no-fix",
                "--output-format", "concise", CORE], cwd=REPO)
    assert proc.returncode == 0, explain(proc)


def _task_variables(tasks):
    """Names a task list defines: register and set_fact keys, through blocks."""
    for task in tasks or []:
        if not isinstance(task, dict):
            continue
        if isinstance(task.get("register"), str):
            yield task["register"]
        for action in ("set_fact", "ansible.builtin.set_fact"):
            if isinstance(task.get(action), dict):
                yield from (key for key in task[action] if key != "cacheable")
        for section in ("block", "rescue", "always"):
            yield from _task_variables(task.get(section))


def _role_variables(role):
    """(file, name) for every variable a role defines: defaults, vars, argument specs, tasks, handlers."""
    for folder in ("defaults", "vars"):
        for path in sorted((role / folder).glob("*.y*ml")):
            for name in yaml.safe_load(path.read_text(encoding="utf-8")) or {}:
                yield path, name
    specs = role / "meta" / "argument_specs.yml"
    if specs.exists():
        for entry in (yaml.safe_load(specs.read_text(encoding="utf-8")) or {}).get("argument_specs", {}).values():
            for name in (entry or {}).get("options") or {}:
                yield specs, name
    for folder in ("tasks", "handlers"):
        for path in sorted((role / folder).rglob("*.y*ml")):
            for name in _task_variables(yaml.safe_load(path.read_text(encoding="utf-8"))):
                yield path, name


@pytest.mark.parametrize("role", _roles(), ids=lambda p: p.name)
def test_role_variables_use_the_ocs_prefix(role):
    """DESIGN.md: every variable a role defines is prefixed `ocs_` (stands in for ansible-lint's
    var-naming[no-role-prefix], skipped in .ansible-lint because it wants `<role>_`)."""
    bad = [f"{path.relative_to(REPO)}: {name}" for path, name in _role_variables(role)
           if not str(name).startswith("ocs_")]
    assert not bad, f"variables without the ocs_ prefix: {bad}"


def _defaults_and_specs(role):
    defaults = yaml.safe_load((role / "defaults" / "main.yml").read_text(encoding="utf-8")) or {}
    entries = yaml.safe_load((role / "meta" / "argument_specs.yml").read_text(encoding="utf-8"))["argument_specs"]
    documented = {}  # option -> its specs in every entry point that takes it
    for entry in entries.values():
        for name, option in ((entry or {}).get("options") or {}).items():
            documented.setdefault(name, []).append(option)
    return defaults, documented


@pytest.mark.parametrize("role", _roles(), ids=lambda p: p.name)
def test_argument_specs_describe_every_default_with_the_same_value(role):
    """Every variable of defaults/main.yml is an option of some entry point, with a description and the
    same default (a templated default may be left out of the spec, where the description says it)."""
    defaults, documented = _defaults_and_specs(role)
    assert set(documented) == set(defaults)
    for name, options in documented.items():
        templated = isinstance(defaults[name], str) and "{{" in defaults[name]
        for option in options:
            assert option.get("description"), f"{role.name}: {name} has no description"
            if not (templated and "default" not in option):
                assert option.get("default") == defaults[name], f"{role.name}: {name} default differs from defaults/main.yml"


@pytest.mark.parametrize("role", _roles(), ids=lambda p: p.name)
def test_role_readmes_name_every_variable(role):
    readme = (role / "README.md").read_text(encoding="utf-8")
    defaults, _documented = _defaults_and_specs(role)
    assert [name for name in defaults if f"`{name}`" not in readme] == []
