"""ogp/ is the shared infrastructure: it imports no app of the project (but in urls.py, which
routes to them), not even inside a function, so no app's import can cycle back through it."""

import ast
from pathlib import Path

from django.apps import apps

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


def model_modules(app):
    """The modules that declare the app's models: models.py and the modules it re-exports from
    (historical models left out)."""
    modules = {
        model.__module__
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
    }
    return [ROOT.joinpath(*module.split(".")).with_suffix(".py") for module in sorted(modules)]


def apps_imported_by_models(app):
    return set().union(*(imported_apps(path) for path in model_modules(app))) - {app}


def test_the_domain_models_import_down_only():
    """members' models import no other app; commitments' models import members and not irm (the
    domain runs irm → commitments → members; the web layer may read any app)."""
    assert [path.name for path in model_modules("members")] == ["models.py"]
    assert {"models.py", "action_plans.py", "policy_areas.py", "prefixes.py"} <= {
        path.name for path in model_modules("commitments")
    }
    assert apps_imported_by_models("members") == set()
    assert apps_imported_by_models("commitments") == {"members"}


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
