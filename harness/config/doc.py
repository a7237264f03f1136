"""The table of settings in docs/configuration.md, made from
`harness.config.settings.SETTINGS`: the doc holds it between two marker
comments, `python -m harness.config --doc` prints it and `--update-doc`
writes it there; `disagreements` says which settings the doc has wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from harness.config.settings import ANYWHERE, SETTINGS, Origin, Setting
from harness.run.paths import PROJECT

#: The doc the table lives in.
CONFIGURATION_DOC: Path = PROJECT / "docs" / "configuration.md"

BEGIN = (
    "<!-- settings table: made from harness/config/settings.py by "
    "`python -m harness.config --update-doc`; edit it there -->"
)
END = "<!-- end of the settings table -->"

HEADER = ("| setting | default | what it is |", "|---|---|---|")


def row(setting: Setting[Any]) -> str:
    """The doc's line for `setting`."""
    default = f"`{setting.default}`" if setting.default else setting.shown_default
    origins = ""
    if setting.origins != ANYWHERE:
        # Said only of the rare setting that may not come from everywhere.
        named = [origin.value for origin in Origin if origin in setting.origins]
        origins = f" (only from {' or '.join(named)})"
    return f"| `{setting.name}` | {default} | {setting.help}{origins} |"


def settings_table() -> str:
    """The whole table, header included, one line a setting."""
    return "\n".join([*HEADER, *(row(setting) for setting in SETTINGS)])


def _between_markers(doc: str) -> tuple[int, int]:
    """Where the table starts and ends in `doc` (after BEGIN, before END)."""
    start, end = doc.find(BEGIN), doc.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the doc has no settings table between {BEGIN!r} and {END!r}")
    return start + len(BEGIN), end


def documented_table(doc: str) -> str:
    """The table as the doc has it."""
    start, end = _between_markers(doc)
    return doc[start:end].strip("\n")


def with_table(doc: str) -> str:
    """`doc` with the table between its markers made from SETTINGS."""
    start, end = _between_markers(doc)
    return f"{doc[:start]}\n{settings_table()}\n{doc[end:]}"


def _name_of(line: str) -> str:
    """The setting a table line is about: its first cell, without backquotes."""
    return line.strip("|").split("|")[0].strip().strip("`")


def disagreements(doc: str) -> list[str]:
    """One line per setting the doc's table has otherwise than SETTINGS
    (missing, extra, different or out of order); empty when they agree."""
    documented = documented_table(doc).splitlines()
    wanted = settings_table().splitlines()
    problems = [
        f"{line!r} should be {want!r}"
        for line, want in zip(documented[: len(HEADER)], HEADER, strict=False)
        if line != want
    ]
    rows = {_name_of(line): line for line in documented[len(HEADER) :]}
    for setting in SETTINGS:
        line = rows.pop(setting.name, None)
        if line is None:
            problems.append(f"{setting.name}: missing from the doc")
        elif line != row(setting):
            problems.append(f"{setting.name}: the doc says {line!r}, the table {row(setting)!r}")
    problems += [f"{name}: in the doc, but no such setting" for name in rows]
    if not problems and documented != wanted:
        problems.append("the rows are in another order than in harness/config/settings.py")
    return problems
