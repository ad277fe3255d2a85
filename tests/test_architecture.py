"""The shape of the code, read from its syntax trees (nothing here imports the modules it checks).

A package is a folder under evaluation/ or a top-level module evaluation/<name>.py; dependencies between packages
point one way, the library never imports the orchestrator, modules stay small, and the shared words of
evaluation/vocabulary.py are defined there only.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "evaluation"
MAX_LINES = 400


@cache
def syntax_tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def python_files(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*.py") if ".ipynb_checkpoints" not in p.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> Iterator[tuple[str, int]]:
    """Every module `path` imports, anywhere in the file, as an absolute dotted name, with its line."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(syntax_tree(path)):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            yield base, node.lineno
            # `from evaluation import sites` imports a package by name
            yield from ((f"{base}.{alias.name}", node.lineno) for alias in node.names)


def package_of(module: str) -> str | None:
    """`evaluation.ingest.surveys` -> `ingest`, `evaluation.sites` -> `sites`; None outside evaluation's packages."""
    parts = module.split(".")
    if parts[0] != "evaluation" or len(parts) < 2:
        return None
    name = parts[1]
    return name if (LIBRARY / name).is_dir() or (LIBRARY / f"{name}.py").is_file() else None


def package_imports() -> dict[tuple[str, str], list[str]]:
    """(importing package, imported package) -> where: 'evaluation/x/y.py:12 imports evaluation.z'."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path in python_files(LIBRARY):
        source = package_of(module_name(path))
        for module, line in imported_modules(path):
            target = package_of(module)
            if source and target and target != source:
                edges.setdefault((source, target), []).append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return edges


def find_cycle(edges) -> list[str] | None:
    """One cycle of the graph as [a, b, ..., a], or None (depth-first: a package met again on the path closes one)."""
    following: dict[str, list[str]] = {}
    for source, target in sorted(edges):
        following.setdefault(source, []).append(target)
    finished: set[str] = set()

    def walk(path: list[str]) -> list[str] | None:
        for target in following.get(path[-1], []):
            if target in path:
                return [*path[path.index(target):], target]
            if target not in finished and (cycle := walk([*path, target])):
                return cycle
        finished.add(path[-1])
        return None

    return next((cycle for package in sorted(following) if (cycle := walk([package]))), None)


def assert_acyclic(edges, what: str) -> None:
    if cycle := find_cycle(edges):
        steps = [f"  {a} -> {b}: " + "; ".join(edges[(a, b)]) for a, b in zip(cycle, cycle[1:])]
        pytest.fail(f"import cycle between evaluation's {what}: " + " -> ".join(cycle) + "\n" + "\n".join(steps))


def test_packages_depend_on_each_other_one_way():
    assert_acyclic(package_imports(), "packages")


def module_imports() -> dict[tuple[str, str], list[str]]:
    """(importing module, imported module) -> where, for evaluation's own modules, imports inside functions included
    (a package's __init__ is not counted as imported by its own modules)."""
    modules = {module_name(path): path for path in python_files(LIBRARY)}
    edges: dict[tuple[str, str], list[str]] = {}
    for source, path in modules.items():
        for module, line in imported_modules(path):
            target = module
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != source and not source.startswith(f"{target}."):
                edges.setdefault((source, target), []).append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return edges


def test_modules_depend_on_each_other_one_way():
    """No two modules need each other, even through an import inside a function (which only hides the cycle)."""
    assert_acyclic(module_imports(), "modules")


def test_the_library_never_imports_dagster():
    found = [f"{path.relative_to(ROOT)}:{line} imports {module}" for path in python_files(LIBRARY)
             for module, line in imported_modules(path) if module.split(".")[0].startswith("dagster")]
    assert not found, "evaluation/ is the library without orchestration:\n" + "\n".join(found)


def test_no_module_is_longer_than_its_limit():
    long = [f"{path.relative_to(ROOT)}: {lines} lines" for path in python_files(LIBRARY, ROOT / "pipelines")
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    assert not long, f"modules over {MAX_LINES} lines (split them):\n" + "\n".join(long)


def assigned_names(tree: ast.Module) -> Iterator[tuple[str, int]]:
    for node in ast.walk(tree):
        targets = (node.targets if isinstance(node, ast.Assign)
                   else [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else [])
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name) and isinstance(name.ctx, ast.Store):
                    yield name.id, node.lineno


def test_the_shared_words_are_defined_once():
    vocabulary = LIBRARY / "vocabulary.py"
    words = {name for name, _ in assigned_names(syntax_tree(vocabulary))}
    assert {"WAVES", "ROLES", "ALL_ROLES", "SMALL_NUMBER", "SUPPRESSED"} <= words
    again = [f"{path.relative_to(ROOT)}:{line} defines {name}" for path in python_files(LIBRARY, ROOT / "pipelines")
             if path != vocabulary for name, line in assigned_names(syntax_tree(path)) if name in words]
    assert not again, "import these from evaluation.vocabulary instead:\n" + "\n".join(again)


def test_every_name_the_benchmarks_import_from_the_library_exists():
    """Benchmarks are scripts nothing else imports: a module moved in the library must not leave them broken."""
    import importlib
    import importlib.util

    missing = []
    for path in python_files(ROOT / "benchmarks"):
        for node in ast.walk(syntax_tree(path)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "evaluation":
                module = importlib.import_module(node.module)
                missing += [f"{path.relative_to(ROOT)}:{node.lineno} {node.module}.{alias.name}" for alias in node.names
                            if not hasattr(module, alias.name)
                            and importlib.util.find_spec(f"{node.module}.{alias.name}") is None]
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "evaluation" and importlib.util.find_spec(alias.name) is None:
                        missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {alias.name}")
    assert not missing, "benchmarks import what the library no longer has:\n" + "\n".join(missing)
