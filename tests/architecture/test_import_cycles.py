"""No import cycle inside any app, and the dependency direction between apps (ARCHITECTURE.md).

Imports are read from the source (module level and inside functions alike),
so a cycle cannot hide behind a function-level import. Only the few imports
that must wait for Django's app registry are allowed inside functions, and
they are listed here with their reason.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Package directory -> import name (``site/`` is imported as ``manabi``).
APPS = {
    "catalogue": "catalogue",
    "quest": "quest",
    "search": "search",
    "community": "community",
    "security": "security",
    "dashboard": "dashboard",
    "site": "manabi",
}
SKIP_PARTS = {"migrations", "tests", "__pycache__"}

# (module, imported module): function-level imports that wait for the app registry
# or for Wagtail's own start-up, not for a cycle.
ALLOWED_DEFERRED = {
    # WAGTAIL_FINISH_WORKFLOW_ACTION is imported while Wagtail's models load.
    ("catalogue.workflows", "catalogue.services"),
    # The Elasticsearch client and its document classes load only when that backend is used.
    ("search.service", "search.backends.elastic"),
    ("search.tasks", "search.backends.elastic"),
    # The demo OpenID Provider is its own Django process: its accounts load after its settings.
    ("manabi.gbizid.demo_provider.config", "manabi.gbizid.demo_provider.accounts"),
}


def module_name(path):
    package = path.relative_to(ROOT).parts[0]
    parts = [APPS[package], *path.relative_to(ROOT / package).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules():
    found = {}
    for package in APPS:
        for path in (ROOT / package).rglob("*.py"):
            if not SKIP_PARTS & set(path.relative_to(ROOT).parts):
                found[module_name(path)] = path
    return found


def resolve(current, node, is_package):
    """Absolute names a ``from … import …`` or ``import …`` node refers to."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = current.split(".")
        base = base if is_package else base[:-1]
        base = base[: len(base) - (node.level - 1)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module
    return [prefix] + [f"{prefix}.{alias.name}" for alias in node.names]


def import_graph():
    """module -> {(imported module, deferred)} for the project's own modules."""
    known = modules()
    graph = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(), str(path))
        is_package = path.name == "__init__.py"
        edges = set()
        deferred_nodes = set()
        for func in ast.walk(tree):
            if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                deferred_nodes |= {
                    id(n) for n in ast.walk(func) if isinstance(n, (ast.Import, ast.ImportFrom))
                }
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in resolve(name, node, is_package):
                    if target in known and target != name:
                        edges.add((target, id(node) in deferred_nodes))
        graph[name] = edges
    return graph


def app_of(module):
    return module.split(".")[0]


def find_cycle(graph, app):
    """One import cycle among ``app``'s modules, or None (depth-first search)."""
    nodes = [m for m in graph if app_of(m) == app]
    state = {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for target, _deferred in sorted(graph[node]):
            if app_of(target) != app:
                continue
            if state.get(target) == "open":
                return [*stack[stack.index(target) :], target]
            if target not in state:
                cycle = visit(target, stack)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in nodes:
        if node not in state:
            cycle = visit(node, [])
            if cycle:
                return cycle
    return None


@pytest.mark.parametrize("app", sorted(APPS.values()))
def test_no_import_cycle_inside_an_app(app):
    cycle = find_cycle(import_graph(), app)
    assert cycle is None, " -> ".join(cycle)


def test_no_function_level_import_of_the_projects_own_code_without_a_reason():
    deferred = sorted(
        (module, target)
        for module, edges in import_graph().items()
        for target, is_deferred in edges
        if is_deferred
        and (module, target) not in ALLOWED_DEFERRED
        # AppConfig.ready() and management commands run after the registry is ready
        # and are where Django wants model imports deferred.
        and not module.endswith(".apps")
        and ".management.commands." not in module
    )
    assert deferred == []


def test_dependency_direction_between_apps():
    """site above quest and search, above catalogue; the catalogue knows no other app."""
    allowed = {
        "catalogue": {"catalogue", "manabi"},
        "search": {"search", "catalogue", "manabi"},
        "quest": {"quest", "manabi"},
        "manabi": {"manabi", "catalogue", "quest", "search", "community", "security", "dashboard"},
        # community sits beside search under site; security imports no app
        "community": {"community", "quest", "catalogue", "manabi"},
        "security": {"security", "manabi"},
        # the secretariat's dashboard reads every app's figures; nothing imports it
        "dashboard": {"dashboard", "catalogue", "quest", "community", "search", "manabi"},
    }
    wrong = sorted(
        (module, target)
        for module, edges in import_graph().items()
        for target, _deferred in edges
        if app_of(target) not in allowed[app_of(module)]
    )
    assert wrong == []


def test_the_cycle_check_finds_a_cycle():
    graph = {"x.a": {("x.b", True)}, "x.b": {("x.a", False)}}
    assert find_cycle(graph, "x") == ["x.a", "x.b", "x.a"]
