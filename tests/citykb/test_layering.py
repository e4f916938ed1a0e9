"""The apps stand on citykb.core and import downward only: core ← partners ← agreements ← search.

Read from the source with `ast`, so that a new upward import fails here before it makes a circle.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("citykb", "partners", "agreements", "search")
APPS = ("partners", "agreements", "search")


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules():
    """{module name: path} of the project's code, migrations left out (they name apps by label)."""
    return {
        _module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    }


MODULES = _modules()


def imports_of(name):
    """The project modules a module imports, anywhere in it (a function's import counts too)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _in(module, package):
    return module == package or module.startswith(package + ".")


def _upward(name):
    """The imports of a module that go against the layers."""
    imported = imports_of(name)
    if _in(name, "citykb.core"):
        return {target for target in imported if target.split(".")[0] in APPS}
    if _in(name, "partners"):
        allowed = name in ("partners.views", "partners.serializers")
        return {t for t in imported if _in(t, "search") or (_in(t, "agreements") and not allowed)}
    if _in(name, "agreements"):
        return {t for t in imported if _in(t, "search") and not _in(name, "agreements.management")}
    return set()


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_imports_only_downward(name):
    assert not _upward(name), f"{name} imports {sorted(_upward(name))} from a layer above it"


def test_no_circle_of_modules():
    graph = {name: imports_of(name) for name in MODULES}
    # A package's __init__ that gathers its submodules (agreements.models) is where imports of the package
    # lead; from there into its submodules is no step back up.
    circles = []
    for start in graph:
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for target in graph[node]:
                if target == start:
                    circles.append(path)
                elif target not in seen:
                    seen.add(target)
                    stack.append((target, [*path, target]))
    assert not circles, f"modules that import each other: {circles[:3]}"


def test_reads_relative_and_absolute_imports():
    """The reader itself: it sees the imports a layering mistake would be made of."""
    assert "citykb.core.caching" in imports_of("partners.api")
    assert "agreements.models" in imports_of("agreements.imports.admin")  # from ..models import …
    assert "search.indexing" in imports_of("search.signals")  # from .indexing import …
    assert "search.indexing" in imports_of("agreements.management.commands.restore")


def test_only_search_backends_know_a_search_engine():
    engines = ("whoosh", "django.contrib.postgres.search")
    for name, path in MODULES.items():
        if _in(name, "search.backends") or name == "search.models":  # the PostgreSQL backend's table
            continue
        source = path.read_text()
        assert not any(f"import {engine}" in source or f"from {engine}" in source for engine in engines), name
