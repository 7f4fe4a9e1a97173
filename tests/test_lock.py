"""The locks in requirements/ are what the README's commands and CI install: they must satisfy pyproject.toml.

A dependency added to pyproject.toml without `bash requirements/lock.sh` fails here, not on a clerk's machine.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

import pytest
import tomllib
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _pins(lock: str) -> dict[str, list[tuple[str, Marker | None]]]:
    """name -> [(version, marker)] for every pin of a lock (a universal lock may pin one name per Python range)."""
    pins: dict[str, list[tuple[str, Marker | None]]] = {}
    for line in (ROOT / "requirements" / lock).read_text(encoding="utf-8").splitlines():
        if m := PIN.match(line):
            marker = Marker(m.group(3)) if m.group(3) else None
            pins.setdefault(canonicalize_name(m.group(1)), []).append((m.group(2), marker))
    return pins


def _requirements(extra: str | None) -> list[Requirement]:
    project = _project()
    reqs = [Requirement(r) for r in project["dependencies"]]
    if extra:
        reqs += [Requirement(r) for r in project["optional-dependencies"][extra]]
    return reqs


@pytest.mark.parametrize(("lock", "extra"), [("run.txt", None), ("test.txt", "test")])
def test_every_declared_dependency_is_locked_within_its_range(lock: str, extra: str | None) -> None:
    pins = _pins(lock)
    for req in _requirements(extra):
        name = canonicalize_name(req.name)
        assert name in pins, (
            f"{req.name} 在 pyproject.toml 中声明，但 requirements/{lock} 没有锁定它：运行 bash requirements/lock.sh"
        )
        for version, _marker in pins[name]:
            assert req.specifier.contains(version, prereleases=True), (
                f"requirements/{lock} 锁定 {req.name}=={version}，不满足 pyproject.toml 的 {req}：运行 bash requirements/lock.sh"
            )


def test_every_pin_has_a_hash() -> None:
    for lock in ("run.txt", "test.txt"):
        text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
        for block in blocks:
            if "==" in block.splitlines()[0]:
                assert "--hash=sha256:" in block, f"{lock}: {block.splitlines()[0]} 没有哈希"


def test_the_run_lock_is_the_test_lock_without_the_test_tools() -> None:
    """Both commands of the README install the same versions of what xltool itself needs."""
    run, test = _pins("run.txt"), _pins("test.txt")
    for name, pins in run.items():
        # The markers may differ (a test tool can need a package on more platforms); the versions may not.
        versions, in_test = {v for v, _m in pins}, {v for v, _m in test.get(name, [])}
        assert versions == in_test, f"{name}: run.txt {sorted(versions)} ≠ test.txt {sorted(in_test)}"


def test_this_environment_was_installed_from_the_lock() -> None:
    """CI runs the README's command, so every locked package that applies here must be installed at its pinned version."""
    if sys.prefix == sys.base_prefix:
        pytest.skip("不在虚拟环境中运行，无法判断是否按锁文件安装")
    wrong = []
    for name, versions in _pins("test.txt").items():
        wanted = [v for v, marker in versions if marker is None or marker.evaluate()]
        if not wanted:
            continue
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            wrong.append(f"{name}: 未安装（锁定 {wanted[0]}）")
            continue
        if installed != wanted[0]:
            wrong.append(f"{name}: 安装了 {installed}，锁定 {wanted[0]}")
    assert not wrong, "环境与 requirements/test.txt 不一致：" + "；".join(wrong)


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    """CI proves what a developer runs: the last command of .ci/run is the README's test command, letter for letter."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```bash\n(.+?)\n```", readme)
    test_command = next(c for c in commands if "pytest" in c)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()
    assert all("requirements/" in c for c in commands), "README 的两条命令都应按 requirements/ 中的锁文件安装"


def _imported_modules(folder: Path) -> dict[str, str]:
    """Top-level names of the absolute imports in ``folder``'s Python files (even inside functions) -> a file using it."""
    import ast

    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.partition(".")[0], str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize(("folder", "extra"), [("xltool", None), ("tests", "test"), ("benchmarks", "test")])
def test_every_imported_package_is_declared(folder: str, extra: str | None) -> None:
    """A package used only because another one depends on it today (pdfminer under pdfplumber) must be declared too:
    the other may drop it, or pin a release our code was not written for."""
    declared = {canonicalize_name(r.name) for r in _requirements(extra)}
    providers = metadata.packages_distributions()
    ours = [ROOT / "tests", ROOT / folder]  # the benchmarks import the tests' builders
    local = {"xltool", *(p.stem for f in ours for p in f.glob("*.py")), *(p.name for f in ours for p in f.iterdir())}
    for module, where in _imported_modules(ROOT / folder).items():
        if module in sys.stdlib_module_names or module in local:
            continue
        dists = {canonicalize_name(d) for d in providers.get(module, [])}
        assert dists, f"{where} 导入 {module}，但当前环境中没有提供它的软件包"
        assert dists & declared, f"{where} 导入 {module}（来自 {', '.join(sorted(dists))}），pyproject.toml 没有声明它"
