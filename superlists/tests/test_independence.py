"""The site stands alone: nothing under superlists/ uses the test harness."""

import ast
from pathlib import Path

SITE = Path(__file__).resolve().parents[1]


def test_no_module_of_the_site_imports_the_harness():
    offenders = []
    for path in sorted(SITE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.relative_to(SITE)}: {name}"
                for name in names
                if name == "harness" or name.startswith("harness.")
            ]
    assert offenders == []


def test_the_sites_settings_name_no_development_tooling():
    from django.conf import settings

    assert not [app for app in settings.INSTALLED_APPS if app.startswith(("harness", "behave"))]
