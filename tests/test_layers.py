"""The apps import each other in layers, and no module of an app imports one that (directly or
through others) imports it back.

    beleid  <-  insurance, kennisdeling  <-  workflows  <-  overview  <-  reports
                                                        (and demo; reminders to come)

An app imports only the apps below it; `config/` assembles the site and may import them all.
The register (`insurance`) imports no viewflow: the flows live in `workflows`. Imports inside
functions count too: they are the usual way to hide a cycle.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
OUR_APPS = ("beleid", "insurance", "kennisdeling", "workflows", "overview", "reports", "demo")
# What each app may import of ours.
ALLOWED = {
    "beleid": set(),
    "insurance": {"beleid"},
    "kennisdeling": {"beleid"},
    "workflows": {"beleid", "insurance", "kennisdeling"},
    "overview": {"beleid", "insurance", "kennisdeling", "workflows"},
    "reports": {"beleid", "insurance", "kennisdeling", "workflows", "overview"},
    "demo": {"beleid", "insurance", "kennisdeling", "workflows"},
}
# Third-party packages an app may not import.
FORBIDDEN = {"insurance": {"viewflow"}}


def modules(app: str) -> dict[str, Path]:
    """Dotted name -> file of every module of `app` (migrations left out)."""
    root = BASE_DIR / app
    found = {}
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(BASE_DIR).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path) -> set[str]:
    """Every dotted name module `name` imports, anywhere in its code, relative ones resolved
    (`from .x import y` gives both `pkg.x` and `pkg.x.y`)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other (strongly connected, more than one)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize("app", OUR_APPS)
def test_an_app_imports_only_the_layers_below_it(app):
    refused = (set(OUR_APPS) - ALLOWED[app] - {app}) | FORBIDDEN.get(app, set())

    offenders = sorted(
        f"{name}: {target}"
        for name, path in modules(app).items()
        for target in imports_of(name, path)
        if target.split(".")[0] in refused
    )

    assert offenders == []


@pytest.mark.parametrize("app", OUR_APPS)
def test_no_module_of_an_app_imports_one_that_imports_it_back(app):
    known = modules(app)
    graph = {name: imports_of(name, path) & set(known) - {name} for name, path in known.items()}

    assert cycles(graph) == []


def test_the_layering_test_sees_a_forbidden_import_and_a_cycle(tmp_path):
    module = tmp_path / "x.py"
    module.write_text("from workflows.models import PlanStep\n\ndef f():\n    from .y import z\n")

    assert imports_of("insurance.x", module) >= {"workflows.models", "insurance.y.z"}
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
