"""Apps below never import apps above them: a lower app asks through a registry
(thaogo.core.scoping, thaogo.notifications.registry) instead."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "thaogo"
# Lowest first. An app may import those before it in this list, and itself.
LAYERS = [
    "lib",
    "formats",
    "core",
    "accounts",
    "units",
    "documents",
    "tasks",
    "notifications",
    "reporting",
    "reorganisation",
    "direction",
    "monitoring",
    "exports",
    "evaluation",
    "portal",
    "registry",
    "ops",
    "api",
    "scale",
    "demo",
]
# Imports older than this rule, each to be removed when its module is next touched.
KNOWN = {
    ("core/views.py", "accounts"),
    ("core/views.py", "documents"),
    ("core/views.py", "tasks"),
    ("core/views.py", "units"),
    ("core/context_processors.py", "accounts"),
    ("core/templatetags/thaogo.py", "tasks"),
    ("core/templatetags/thaogo.py", "reporting"),
    ("units/models.py", "tasks"),
    ("units/views.py", "tasks"),
    ("units/selectors.py", "tasks"),
    ("documents/views.py", "tasks"),
    ("documents/selectors.py", "tasks"),
    ("tasks/services.py", "reporting"),
    ("tasks/views.py", "reporting"),
}


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "thaogo" and len(parts) > 1 and parts[1] in LAYERS:
                found.add(parts[1])
    return found


def test_no_app_imports_an_app_above_it():
    violations = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        app = relative.parts[0]
        if app not in LAYERS or "migrations" in relative.parts or "tests" in relative.parts:
            continue
        for other in _imported_apps(path):
            if LAYERS.index(other) > LAYERS.index(app):
                violations.append((relative.as_posix(), other))
    new = sorted(set(violations) - KNOWN)
    assert new == [], f"import through a registry instead: {new}"
    stale = sorted(KNOWN - set(violations))
    assert stale == [], f"remove from KNOWN, no longer imported: {stale}"
