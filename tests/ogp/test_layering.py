"""ogp/ is the shared infrastructure: it imports no app of the project (but in urls.py, which
routes to them), not even inside a function, so no app's import can cycle back through it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = {path.parent.name for path in ROOT.glob("*/apps.py")} - {"ogp"}


def imported_apps(path):
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & APPS
    return found


def test_the_apps_are_known():
    assert {"members", "commitments", "irm", "imports", "api"} <= APPS


def test_ogp_imports_no_app():
    modules = sorted(p for p in (ROOT / "ogp").rglob("*.py") if p.name != "urls.py")
    assert len(modules) > 10
    breaks = {
        str(path.relative_to(ROOT)): sorted(apps)
        for path in modules
        if (apps := imported_apps(path))
    }
    assert breaks == {}


def test_only_the_settings_read_the_environment():
    """Every setting is read once, in ogp/settings.py, and used from there (wsgi.py only names
    the settings module; gunicorn.conf.py, benchmarks/ and bin/ are not the site's code)."""
    modules = [
        path
        for folder in sorted(APPS | {"ogp"})
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
        and path.relative_to(ROOT).as_posix() not in {"ogp/settings.py", "ogp/wsgi.py"}
    ]
    assert len(modules) > 40
    readers = [
        str(path.relative_to(ROOT))
        for path in modules
        if any(word in path.read_text() for word in ("os.environ", "getenv"))
    ]
    assert readers == []


def test_the_domain_models_import_down_only():
    """members.models imports no other app; commitments.models does not import irm (the domain
    runs irm → commitments → members; the web layer may read any app)."""
    assert imported_apps(ROOT / "members" / "models.py") == set()
    assert "irm" not in imported_apps(ROOT / "commitments" / "models.py")
    assert imported_apps(ROOT / "commitments" / "models.py") - {"commitments"} == {"members"}


def module_imports():
    """Every project module (migrations left out) and the project modules it imports, inside
    functions too: `from a import b` counts as importing `a.b` when that is a module."""
    modules = {}
    for folder in sorted(APPS | {"ogp"}):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            modules[name] = path
    graph = {}
    for name, path in modules.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets.add(node.module)
                targets |= {f"{node.module}.{alias.name}" for alias in node.names}
        graph[name] = {target for target in targets if target in modules and target != name}
    return graph


def test_no_module_imports_itself_back():
    graph = module_imports()
    assert len(graph) > 60

    def reaches(start, goal, seen):
        for step in graph[start]:
            if step == goal:
                return True
            if step not in seen:
                seen.add(step)
                if reaches(step, goal, seen):
                    return True
        return False

    cycles = sorted(name for name in graph if reaches(name, name, set()))
    assert cycles == []
