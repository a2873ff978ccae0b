"""The project's modules import each other one way: no import loop, and no import hidden in a function
to dodge one (the two deliberate lazy imports are listed, with why)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("tracker", "common", "sources", "actors", "claims", "watches")
# (module, imported module): imports at call time on purpose, not to dodge a cycle.
DELIBERATE = {
    ("tracker.celery", "claims.extraction"),  # only worker processes preload spaCy; see its docstring
    ("sources.apps", "sources.tasks"),  # AppConfig.ready registers the tasks, as Django intends
    ("claims.apps", "claims.tasks"),
    ("claims.apps", "actors.models"),  # AppConfig.ready connects the actor-deletion signal, as Django intends
    ("claims.apps", "claims.services.positions"),
    ("common.apps", "common.checks"),  # AppConfig.ready registers the system checks
    ("common.apps", "common.listcache"),  # and installs the list cache's write hook on every connection
    ("claims.apps", "claims.listing"),  # AppConfig.ready names the tables the statement lists read
    ("watches.apps", "watches.tasks"),
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[0] in PACKAGES and "migrations" not in parts:
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def _imported(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The project modules an import statement loads (a package's submodules count as themselves)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        base = ".".join(package[: len(package) - node.level + 1] if node.level else [])
        target = ".".join(part for part in (base, node.module or "") if part)
        names = [f"{target}.{a.name}" if f"{target}.{a.name}" in MODULES else target for a in node.names]
    return {name for name in names if name in MODULES and name != module}


def _imports() -> tuple[dict[str, set[str]], set[tuple[str, str, int]]]:
    """Each module's imports at load time, and the imports made inside functions (module, target, line)."""
    at_load: dict[str, set[str]] = {}
    inside: set[tuple[str, str, int]] = set()
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        at_load[module] = set()
        in_functions = {
            id(node)
            for function in ast.walk(tree)
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
            for node in ast.walk(function)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _imported(module, path, node):
                    if id(node) in in_functions:
                        inside.add((module, target, node.lineno))
                    else:
                        at_load[module].add(target)
    return at_load, inside


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import loop in `graph`, or []; a package importing its own submodules is not a loop."""
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str]:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return []
        for target in sorted(graph.get(module, ())):
            if module.startswith(target + "."):
                continue  # a submodule importing from its own package: Python loads the package first
            found = visit(target, [*path, module])
            if found:
                return found
        done.add(module)
        return []

    for module in sorted(graph):
        found = visit(module, [])
        if found:
            return found
    return []


def test_the_projects_modules_import_each_other_without_a_loop():
    at_load, _ = _imports()
    assert _cycle(at_load) == []


def test_no_project_import_hides_inside_a_function():
    _, inside = _imports()
    hidden = sorted(
        (module, target, line) for module, target, line in inside if (module, target) not in DELIBERATE
    )
    assert hidden == []


def test_the_check_finds_a_loop():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


APPS = ("claims", "sources", "actors", "watches")
_ENTRY_POINTS = ("views", "api", "management")  # what a request or a command enters first


def _runtime_imports(path: Path, module: str) -> set[str]:
    """The project modules `module` imports when it runs (what `if TYPE_CHECKING:` imports is left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    return {
        target
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in typing_only
        for target in _imported(module, path, node)
    }


def test_views_apis_and_commands_reach_other_apps_through_their_selectors_and_services():
    reaching = sorted(
        f"{module} imports {target}"
        for module, path in MODULES.items()
        if module.split(".")[0] in APPS
        and any(part.startswith(_ENTRY_POINTS) for part in module.split(".")[1:])
        for target in _runtime_imports(path, module)
        if target.endswith(".models")
        and target.split(".")[0] in APPS
        and target.split(".")[0] != module.split(".")[0]
    )
    assert reaching == []
