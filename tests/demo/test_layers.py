"""The demo seeding sits above all apps and calls each app's own seeder (the layers as such:
tests/test_layers.py)."""

import ast
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
APPS_BELOW_DEMO = ["beleid", "insurance", "kennisdeling", "workflows"]


def imported_modules(app: str) -> dict[str, set[str]]:
    """Per module of `app` (migrations left out), the top-level packages it imports."""
    found = {}
    for path in sorted((BASE_DIR / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(BASE_DIR))] = names
    return found


def test_the_demo_seeding_calls_each_apps_own_seeder():
    names = imported_modules("demo")["demo/management/commands/seed_demo.py"]

    assert {"beleid", "insurance"} <= names
