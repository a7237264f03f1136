"""The import-linter contracts in pyproject.toml are kept, and each kind of
break is caught: a copy of the project's packages is given one bad import at
a time, and `lint-imports` must name the contract it breaks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "harness",
    "deploy",
    "superlists",
    "staging_host",
    "steps",
    "scripts",
    "checks",
    "guards",
)
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's Python packages and contracts, without data or tools."""
    root = tmp_path_factory.mktemp("project")
    ignore = shutil.ignore_patterns("__pycache__", "*.sqlite3", "node_modules", "static*")
    for package in PACKAGES:
        shutil.copytree(PROJECT / package, root / package, ignore=ignore)
    shutil.copy(PROJECT / "pyproject.toml", root / "pyproject.toml")
    return root


def test_the_project_keeps_its_contracts():
    done = lint_imports(PROJECT)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "bad_import", "contract"),
    [
        # A lower floor reaching up: the run's basics importing the hooks.
        ("harness/run/reaches_up.py", "import harness.hooks", "The harness's floors"),
        # Type-only counts too.
        (
            "harness/server/type_only.py",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import harness.config",
            "The harness's floors",
        ),
        ("superlists/knows_tests.py", "import harness.run.wait", "The site imports neither"),
        ("deploy/knows_tests.py", "import harness.run.paths", "never import the harness"),
        (
            "harness/audits/knows_authoring.py",
            "import harness.authoring.catalogue",
            "do not know each other",
        ),
        # Two siblings importing each other.
        ("harness/results/loops.py", "import harness.results.report", "No import loops"),
    ],
)
def test_a_broken_contract_fails_naming_it(copy, module, bad_import, contract):
    path = copy / module
    path.write_text(bad_import + "\n")
    extra = None
    if module == "harness/results/loops.py":  # and the report importing it back
        extra = copy / "harness/results/report.py"
        original = extra.read_text()
        extra.write_text(original + "\nimport harness.results.loops  # noqa\n")
    try:
        done = lint_imports(copy)
    finally:
        path.unlink()
        if extra is not None:
            extra.write_text(original)
    assert done.returncode != 0, done.stdout[-2000:]
    broken = done.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, done.stdout[-2000:]


def test_the_doc_draws_the_floors_of_the_contract(tmp_path, monkeypatch):
    from harness import architecture

    assert architecture.main(["--check"]) == 0
    drawn = architecture.picture()
    for floor in architecture.floors():
        for package in floor:
            assert f'["{package}"]' in drawn
    # A stale copy is caught, with the command that redraws it.
    stale = tmp_path / "architecture.md"
    stale.write_text(f"{architecture.BEGIN}\nold picture\n{architecture.END}\n")
    monkeypatch.setattr(architecture, "DOC", stale)
    assert architecture.main(["--check"]) == 1
    assert architecture.main(["--write"]) == 0
    assert architecture.main(["--check"]) == 0
