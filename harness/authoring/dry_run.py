"""`make dry-run`: every step of the features matched against the steps, no
browser, no hooks; each sentence that no step says is named with "did you
mean" sentences from the catalogue.

    python -m harness.authoring.dry_run [FOLDER_OR_FILE ...]     # features/ by default

The features are read with behave's own parser and each step is matched in
behave's own step registry (loaded as a run loads it), so a step is undefined
here exactly when a run would find it undefined. Scenarios are chosen by the
tags behave.ini gives a run (`not @wip`), every row of an outline counts, and
a background's steps are named once. Output: one block per undefined step,
`features/x.feature:12: not in the step catalogue: When …` (the words a run
and docs/writing-features.md use) with its suggestions under it, then a
count; exit status 1 if any step is undefined, 2 for a path that is
not features or a feature behave cannot read, 0 otherwise.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from behave.parser import ParserError, parse_file

from harness.run.errors import HarnessError

#: What each undefined step's line says, as a run says NOT IN THE CATALOGUE.
NOT_IN_CATALOGUE = "not in the step catalogue"

USAGE = """\
usage: python -m harness.authoring.dry_run [FOLDER_OR_FILE ...]

Matches every step of the features in each folder (and its subfolders) or
file, features/ by default, against the steps, as behave --dry-run does, and
names each undefined one with the sentences it might have meant."""


def undefined_steps(paths: Sequence[str]) -> tuple[list[str], list[tuple[str, Any]]]:
    """The feature files under `paths`, and (feature file, behave step) for
    each step no step definition matches, in file and line order.
    HarnessError for a path that is not features, or a feature behave
    cannot read."""
    from behave.step_registry import registry

    from harness.authoring import catalogue
    from harness.authoring.feature_style import feature_files

    files, unreadable = feature_files(paths)
    if unreadable:
        raise HarnessError(str(unreadable[0]))
    if not files:
        raise HarnessError(f"no .feature files in {' '.join(paths)}")
    features = [(path, _parse(path)) for path in files]  # every one readable, or nothing
    catalogue.load_steps()
    chosen = _tag_expression()
    undefined = []
    for path, feature in features:
        seen: set[tuple[int, str]] = set()
        for scenario in feature.walk_scenarios():
            if chosen is not None and not chosen.check(scenario.effective_tags):
                continue
            for step in scenario.all_steps:
                if (step.line, step.name) in seen:
                    continue  # a background's step, met again in the next scenario
                seen.add((step.line, step.name))
                if registry.find_match(step) is None:
                    undefined.append((path, step))
    return files, undefined


def _tag_expression() -> Any:
    """The tags a run chooses scenarios by, from behave.ini (None for all)."""
    from behave.configuration import Configuration

    try:
        return Configuration(command_args=[], load_config=True).tag_expression
    except Exception:  # behave.ini unreadable: behave itself would say so; check everything
        return None


def _parse(path: str) -> Any:
    try:
        feature = parse_file(path)
    except ParserError as error:
        line = getattr(error, "line", None) or 1
        text = (getattr(error, "line_text", "") or "").strip()
        reasons = [part.strip() for part in str(error).splitlines() if part.strip()]
        reason = next((r for r in reasons if r.startswith("REASON:")), "").removeprefix("REASON:")
        reason = reason.strip().rstrip(".") or (
            "every line is a keyword (Feature:, Scenario:, Given, When, Then, And), "
            "a description, a table row or a tag"
        )
        said = f'"{text}"' if text else "it"
        raise HarnessError(f"{path}:{line}: behave cannot read {said}: {reason}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise HarnessError(f"{path}: cannot be read: {error}") from None
    if feature is None:
        raise HarnessError(f"{path}: no Feature; start it with `Feature: …`")
    return feature


def main(argv: Sequence[str] | None = None) -> int:
    """Name each undefined step of the features given (features/ by
    default) with its suggestions; the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    if args[:1] == ["--"]:
        args = args[1:]
    elif any(arg.startswith("-") for arg in args):
        option = next(arg for arg in args if arg.startswith("-"))
        print(f"dry-run: unknown option {option}\n{USAGE}", file=sys.stderr)
        return 2
    paths = args or ["features"]
    from harness.authoring.suggestions import Suggester

    try:
        files, undefined = undefined_steps(paths)
    except HarnessError as error:
        print(f"dry-run: error: {error}", file=sys.stderr)
        return 2
    checked = f"{len(files)} feature file{'s' if len(files) != 1 else ''}"
    if not undefined:
        print(f"dry-run: every step of {checked} is defined")
        return 0
    suggester = Suggester.from_catalogue()
    for path, step in undefined:
        offered = suggester.suggest(step.keyword, step.name, step.step_type)
        print(f"{path}:{step.line}: {NOT_IN_CATALOGUE}: {step.keyword} {step.name}")
        for line in offered.lines():
            print(f"    {line}")
    steps = "step" if len(undefined) == 1 else "steps"
    print(
        f"dry-run: {len(undefined)} undefined {steps} in {checked}; the sentences "
        "that run are in docs/steps.md"
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
