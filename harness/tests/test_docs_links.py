"""README.md and docs/*.md: every relative link leads somewhere, every path in the README's
map of the code exists, and the README stays short.

A relative link must name a file that exists (relative to the page that holds
it); a link with `#anchor` must also name a heading of the Markdown page it
points to, spelled as GitHub makes heading anchors. Links inside code (fenced
blocks and `inline code`) are examples, not links, and are left alone, and so
are absolute URLs (https:, mailto:, ...).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README_MOST_LINES = 160

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
# [text](target) and ![alt](target), with an optional "title" after the target.
_INLINE_LINK = re.compile(
    r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)"
)
# [label]: target
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def prose_lines(text: str) -> list[tuple[int, str]]:
    """The page's lines outside fenced code blocks, numbered from 1."""
    lines = []
    fence = ""
    for number, line in enumerate(text.splitlines(), start=1):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        lines.append((number, line))
    return lines


def links(text: str) -> list[tuple[int, str]]:
    """(line number, target) of every link in the page's prose."""
    found = []
    for number, line in prose_lines(text):
        line = _CODE_SPAN.sub("", line)
        found += [(number, target) for target in _INLINE_LINK.findall(line)]
        found += [(number, target) for target in _REFERENCE.findall(line)]
    return found


def anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped,
    spaces as hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = re.sub(r"<[^>]+>", "", text).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every heading anchor of a page, repeated headings numbered as GitHub does."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for _, line in prose_lines(text):
        heading = _HEADING.match(line)
        if not heading:
            continue
        slug = anchor(heading.group(1))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def broken_links(page: Path) -> list[str]:
    """What is wrong with the relative links of `page`, one line each."""
    problems = []
    for number, target in links(page.read_text(encoding="utf-8")):
        where = f"{page.relative_to(ROOT)}:{number}: {target}"
        if not target or _SCHEME.match(target):
            continue
        path_part, _, fragment = target.partition("#")
        destination = (page.parent / path_part).resolve() if path_part else page
        if not destination.exists():
            problems.append(f"{where}: no such file {os.path.relpath(destination, ROOT)}")
            continue
        if fragment and destination.suffix == ".md":
            if fragment.lower() not in anchors(destination.read_text(encoding="utf-8")):
                problems.append(f"{where}: no heading with anchor #{fragment}")
    return problems


@pytest.mark.parametrize("page", pages(), ids=lambda page: str(page.relative_to(ROOT)))
def test_every_relative_link_resolves(page):
    assert broken_links(page) == []


def test_the_readme_stays_a_short_front_door():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MOST_LINES, (
        f"README.md has {len(lines)} lines; keep it at most {README_MOST_LINES} "
        "and move the details into docs/"
    )


_PATH = re.compile(r"[\w.-]+(?:/[\w.-]+)*/?")


def map_paths(readme: str) -> list[str]:
    """The paths the README's "Map of the code" table names: every code span in
    its first column, the code spans in its second column that are paths
    (`deploy/tasks.py`), and, where the first column is one folder, the bare
    names in the second (`base.py` in `harness/server/`), joined to that folder."""
    section = readme.split("## Map of the code", 1)[1].split("\n## ", 1)[0]
    paths = []
    for row in section.splitlines():
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        if len(cells) != 2 or set(cells[1]) <= {"-", " "} or cells[0] == "path":
            continue
        named = re.findall(r"`([^`]+)`", cells[0])
        paths += named
        folder = named[0] if len(named) == 1 and named[0].endswith("/") else ""
        for span in re.findall(r"`([^`]+)`", cells[1]):
            if not _PATH.fullmatch(span):
                continue
            if "/" in span.rstrip("/"):
                paths.append(span)
            elif folder and (span.endswith("/") or "." in span):
                paths.append(folder + span)
    return paths


def test_every_path_in_the_map_of_the_code_exists():
    paths = map_paths((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(paths) >= 30  # the table was found and read
    assert [path for path in paths if not (ROOT / path).exists()] == []


def test_the_map_reader_finds_paths_and_only_paths():
    readme = (
        "## Map of the code\n\n| path | what it holds |\n|---|---|\n"
        "| `harness/server/` | `base.py` (the `Server` interface), `lists/`, `-D shard=I/N` |\n"
        "| `fabfile.py`, `deploy/` | `deploy/tasks.py`; `make steps`; `podman exec -i` |\n"
        "\n## More\n\n| `not/this.py` | no |\n"
    )
    assert map_paths(readme) == [
        "harness/server/",
        "harness/server/base.py",
        "harness/server/lists/",
        "fabfile.py",
        "deploy/",
        "deploy/tasks.py",
    ]


def test_the_docs_are_all_checked():
    names = {page.name for page in pages()}
    assert {"README.md", "staging.md", "steps.md", "configuration.md"} <= names


# The checker itself, on pages made for the purpose.


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "other.md").write_text("# Other page\n\n## Bad input\n\n## Bad input\n")
    (tmp_path / "code.py").write_text("")
    return tmp_path


def check(tree: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The problems `broken_links` finds in docs/page.md holding `text`, in `tree`."""
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tree)
    page = tree / "docs" / "page.md"
    page.write_text(text)
    return broken_links(page)


def test_a_missing_file_is_reported_with_its_line(tree, monkeypatch):
    problems = check(tree, "# Page\n\nSee [it](../nowhere.md).\n", monkeypatch)
    assert problems == ["docs/page.md:3: ../nowhere.md: no such file nowhere.md"]


def test_files_anchors_and_urls_that_exist_pass(tree, monkeypatch):
    text = (
        "# Page\n\n[a](other.md) [b](../code.py) [c](other.md#bad-input) "
        "[d](other.md#bad-input-1) [e](#page) ![f](other.md) [g](https://example.com/x)\n"
        "\n[ref]: other.md#other-page\n"
    )
    assert check(tree, text, monkeypatch) == []


def test_a_missing_anchor_is_reported(tree, monkeypatch):
    text = "# Page\n\n[a](other.md#good-input) and [b](#nothing)\n"
    assert check(tree, text, monkeypatch) == [
        "docs/page.md:3: other.md#good-input: no heading with anchor #good-input",
        "docs/page.md:3: #nothing: no heading with anchor #nothing",
    ]


def test_links_in_code_are_examples_not_links(tree, monkeypatch):
    text = "# Page\n\n`[a](missing.md)`\n\n```md\n[b](missing.md)\n```\n\n[c](gone.md)\n"
    assert check(tree, text, monkeypatch) == ["docs/page.md:9: gone.md: no such file docs/gone.md"]


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Bad input", "bad-input"),
        ("`fab deploy`: production, and staging", "fab-deploy-production-and-staging"),
        (
            "`make staging`: the book's bugs, caught on purpose",
            "make-staging-the-books-bugs-caught-on-purpose",
        ),
        ("Even `kill -9`", "even-kill--9"),
    ],
)
def test_anchors_are_spelled_as_github_spells_them(heading, expected):
    assert anchor(heading) == expected
