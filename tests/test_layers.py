"""The layer contract: spec → model → readers/importers → rules → writers → adapters (CLI, add-in, web).

Every import inside the package counts, also the ones made inside functions (which is how a cycle hides): a module
may import its own layer or a lower one, never a higher one, and no set of modules imports itself round in a cycle.
docs/architecture.md describes the layers; this test is their definition.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "xltool"

#: Layer of each module, by the longest matching name prefix. Lower numbers are lower layers.
LAYERS: dict[str, int] = {
    "xltool.cells": 0,
    "xltool.errors": 0,
    "xltool.spec": 1,
    "xltool.model": 2,
    "xltool.findings": 2,
    "xltool.text": 2,
    "xltool.demo": 2,
    "xltool.placeholders": 2,  # 【本年新收】 in the prose: read by the rules, filled by the Word writer
    "xltool.claims": 2,  # what the prose says (figures, sums, statements): the narrative rules and the importer
    "xltool.drafting": 2,  # the customary sentences drafted from the tables (xltool draft)
    "xltool.importers": 3,
    "xltool.readers": 4,  # readers.load dispatches to the importers for published files
    "xltool.rules": 5,
    "xltool.writers": 6,
    "xltool": 7,  # the Python API (the package's __init__): a front end like the CLI, importing every layer lazily
    "xltool.__main__": 7,
    "xltool.cli": 7,
    "xltool.addin": 7,
    "xltool.web": 7,
}
LAYER_NAMES = {0: "core", 1: "spec", 2: "model", 3: "importers", 4: "readers", 5: "rules", 6: "writers", 7: "adapters"}


def layer(module: str) -> int:
    best = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len)
    return LAYERS[best]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, source: str, known: set[str], is_package: bool) -> set[str]:
    """The package's modules that ``source`` (module ``name``) imports anywhere in its body, functions included.

    ``from . import spec`` names the submodule ``xltool.spec``; ``from . import check`` names the package itself.
    """
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
    return {m for m in found if m in known and m != name}


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {
        name: imports(name, path.read_text(encoding="utf-8"), known, path.name == "__init__.py")
        for name, path in found.items()
    }


def upward(edges: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{a} ({LAYER_NAMES[layer(a)]}) imports {b} ({LAYER_NAMES[layer(b)]})"
        for a, targets in edges.items()
        for b in targets
        if layer(b) > layer(a)
    )


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_every_module_has_a_layer():
    assert all(layer(m) >= 0 for m in modules())
    assert {"xltool.spec.format", "xltool.rules.tables", "xltool.writers.workbook", "xltool.addin.click"} <= set(
        modules()
    )


def test_no_module_imports_a_higher_layer():
    assert upward(graph()) == []


def test_no_import_cycle_among_the_modules():
    assert cycles(graph()) == []


def test_the_checks_fail_on_an_upward_import_and_on_a_cycle():
    """The contract can fail: a rule importing a writer, even inside a function, is caught, and so is a cycle."""
    known = set(modules())
    source = "def f():\n    from ..writers.workbook import build_workbook\n    from .. import spec\n"
    found = imports("xltool.rules.narrative", source, known, is_package=False)
    assert found == {"xltool.writers.workbook", "xltool.spec"}
    edges = {**graph(), "xltool.rules.narrative": found}
    assert upward(edges) == ["xltool.rules.narrative (rules) imports xltool.writers.workbook (writers)"]
    assert upward({"xltool.spec.format": {"xltool.model"}}) == [
        "xltool.spec.format (spec) imports xltool.model (model)"
    ]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize(
    "package", ["xltool.spec", "xltool.rules", "xltool.writers", "xltool.addin", "xltool.readers", "xltool.importers"]
)
def test_the_folder_list_shows_the_layers(package):
    assert (PACKAGE.parent / package.replace(".", "/") / "__init__.py").is_file()
