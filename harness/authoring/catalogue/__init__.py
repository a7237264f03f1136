"""The step catalogue: docs/steps.md, every sentence a feature can use, with examples.

    python -m harness.authoring.catalogue           # (re)write docs/steps.md
    python -m harness.authoring.catalogue --check   # exit 1 if it is out of date

The steps are loaded the way behave loads them, and the catalogue is read back
from behave's own step registry, so it shows exactly what behave would run.
Each step function's docstring holds its examples, one sentence a line
(`Given ...`, `When ...`, `Then ...`, optionally followed by table rows). Every
example must reach its own function through the registry, and every phrase of a
function needs an example with its keyword; otherwise nothing is written and
each problem is reported in one line naming the step function's file and line.

The parts: `entries` (reading the steps from behave's registry),
`verification` (each example reaches its own step), `markdown` (writing the
page) and `command` (the command line, `--check`).
"""

from harness.authoring.catalogue.command import build, main
from harness.authoring.catalogue.entries import (
    STEPS_DIR,
    CatalogueError,
    Entry,
    Example,
    Topic,
    collect,
    load_steps,
)
from harness.authoring.catalogue.markdown import render, render_phrase, slug
from harness.authoring.catalogue.verification import verify

__all__ = [
    "STEPS_DIR",
    "CatalogueError",
    "Entry",
    "Example",
    "Topic",
    "build",
    "collect",
    "load_steps",
    "main",
    "render",
    "render_phrase",
    "slug",
    "verify",
]
