"""The console of a behave run, for the people who write the features.

behave's own formatters speak to programmers: every step ends with the file
and line of its Python, a failure starts "ASSERT FAILED:" and is followed by
frames of captured output, and quotes come out escaped. This one shows each
feature's scenarios and steps as written, a failed step's headline in the
person's words (with the rows compared, if any), then what a developer
needs, under "for developers:": whose browser and where, how long it waited,
the site's error log and where the failure's files are. A step nobody
defined is followed by the sentences it may have meant.

`-D detail=developer` (or SUPERLISTS_DETAIL=developer) adds the step's
source, the traceback and behave's captured output, as behave would.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from behave.model_core import Status
from behave.runner import Runner

from harness.config import read_detail
from harness.run.behave_internals import RUNNER_BANNER, PlainFormatterEnds, drop_summary_reporter
from harness.run.failures import Explanation, explain

FAILED = "FAILED"
UNDEFINED = "NOT IN THE CATALOGUE"
WORDING_PROBLEM = "WORDING PROBLEM"
#: What follows a step that did not pass (the parallel runner looks for them).
NOT_PASSED = (FAILED, UNDEFINED, WORDING_PROBLEM)
#: What a step's result is called, for the person reading along.
_SAID = {
    Status.passed: "passed",
    Status.failed: FAILED,
    Status.error: FAILED,
    Status.hook_error: FAILED,
    Status.skipped: "skipped",
    Status.untested: "not run",
    Status.undefined: UNDEFINED,
    Status.untested_undefined: UNDEFINED,
}

#: What stands before a wording problem's message.
WORDING = "A problem with the wording of this step, not with the product:"


class Console(PlainFormatterEnds):
    """The default console formatter (behave.ini `format`): see the module."""

    name = "superlists"
    description = "Scenarios and steps as written; failures in the people's words"
    current_scenario: Any  # behave's PlainFormatter keeps it
    #: A background's steps are shown in each scenario they run in.
    SHOW_BACKGROUNDS = False

    def __init__(self, stream_opener: Any, config: Any, **kwargs: Any) -> None:
        super().__init__(stream_opener, config, **kwargs)
        self.developer = read_detail(config.userdata) == "developer"
        self.tally = Tally()
        if not self.developer:
            # behave's own totals speak of errors and undefined steps; the
            # console's (`close`) say the same in the features' words.
            drop_summary_reporter(config)
            self._started = time.monotonic()
        #: Set by the run: suggestions for a step of a scenario that no one
        #: defined, from the run's own record (JUnit reads it too).
        self.suggest: Callable[[Any, Any], list[str]] | None = None
        self._match: Any = None

    def match(self, match: Any) -> None:
        """Remember where the step about to run is defined (developers see it)."""
        self._match = match

    def result(self, step: Any) -> None:
        """A step as written, its outcome and, when it failed, why."""
        if self.steps:
            self.steps.pop(0)
        indent = "    " + ("  " if self.current_rule else "")
        undefined = step.status in (Status.undefined, Status.untested_undefined)
        told: Explanation | None = None
        if step.status.has_failed() and not undefined:
            told = getattr(step, "explanation", None) or explain(step.exception, step.error_message)
        said = _SAID.get(step.status, step.status.name)
        if told is not None and told.kind == "wording":
            said = WORDING_PROBLEM
        self.tally.steps[said] += 1
        where = ""
        if self.developer and self._match is not None and self._match.location:
            where = f"  # {self._match.location}"
        self._write(f"{indent}{step.keyword} {step.name}  {said}{where}\n")
        self._match = None
        if step.text:
            self.doc_string(step.text)
        if step.table:
            self.table(step.table)
        below = indent + "  "
        if undefined:
            for line in self._suggestions(step):
                self._write(f"{below}{line}\n")
        elif told is not None:
            self._tell_failure(told, below)

    def _suggestions(self, step: Any) -> list[str]:
        """What the run suggests for `step`; in a dry run, where no hook sets
        the run's suggester up, the console asks the catalogue itself."""
        if self.suggest is None:
            from behave.step_registry import registry

            from harness.authoring.suggestions import UndefinedSteps

            runner = QuietRunner.running
            undefined = UndefinedSteps(runner.step_registry if runner is not None else registry)
            self.suggest = lambda step, scenario: undefined.suggest(
                scenario.feature.name, scenario.name, step
            ).lines()
        return self.suggest(step, self.current_scenario)

    def _tell_failure(self, told: Explanation, below: str) -> None:
        headline = told.headline if told.kind != "wording" else f"{WORDING} {told.headline}"
        self._write(f"{below}{headline}\n")
        if told.comparison is not None:
            self._write("".join(f"{below}{line}\n" for line in told.comparison.text().splitlines()))
        details = list(told.details)
        if self.developer:
            details += told.trace
        if details:
            self._write(f"{below}for developers:\n")
            self._write("".join(f"{below}  {detail}\n" for detail in details))

    def end_scenario(self) -> None:
        # behave's captured output (the harness prints nothing there) is for
        # developers; product owners read the headlines above.
        if not self.current_scenario:
            return
        for step in list(self.steps):  # not run: after a failure, or never found
            self.result(step)
        self.tally.scenario_ended(self.current_scenario)
        if self.developer and self.current_scenario.status in (Status.failed, Status.error):
            self.write_captured_output()
        self.reset_steps()
        self.current_scenario = None

    def end_feature(self) -> None:
        if self.current_feature is not None:
            self.tally.features[self.current_feature.status.name] += 1
        super().end_feature()

    def close(self) -> None:
        """The run's totals in the features' words (behave's own, for developers)."""
        if not self.developer and self.stream is not None:
            self.end_feature()
            self._write(self.tally.summary(time.monotonic() - self._started))
        super().close()

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()


@dataclass
class Tally:
    """What a run came to, counted as the console tells it."""

    features: Counter[str] = field(default_factory=Counter)
    scenarios: Counter[str] = field(default_factory=Counter)
    steps: Counter[str] = field(default_factory=Counter)
    #: (what went wrong, "file:line  name") for each scenario that did not pass.
    not_passed: list[tuple[str, str]] = field(default_factory=list)

    def scenario_ended(self, scenario: Any) -> None:
        """Count `scenario` once: passed, skipped, or the first thing wrong."""
        steps = list(scenario.all_steps)
        if any(s.status in (Status.undefined, Status.untested_undefined) for s in steps):
            kind = UNDEFINED
        elif any(_is_wording(s) for s in steps):
            kind = WORDING_PROBLEM
        elif scenario.status.has_failed() or scenario.hook_failed:
            kind = FAILED
        else:
            kind = scenario.status.name
        self.scenarios[kind] += 1
        if kind in NOT_PASSED:
            self.not_passed.append((kind, f"{scenario.location}  {scenario.name}"))

    def summary(self, seconds: float) -> str:
        """The closing lines: what did not pass, by why, then the counts."""
        lines = []
        for kind, heading in (
            (FAILED, "Scenarios that failed:"),
            (WORDING_PROBLEM, "Scenarios whose wording needs fixing:"),
            (UNDEFINED, "Scenarios with sentences not in the step catalogue:"),
        ):
            which = [where for said, where in self.not_passed if said == kind]
            if which:
                lines += ["", heading, *(f"  {where}" for where in which)]
        features, scenarios, steps = self.features, self.scenarios, self.steps
        lines += [
            "",
            _counted("feature", features["passed"], features["failed"],
                     features["skipped"] + features["untested"]),
            _counted("scenario", scenarios["passed"], scenarios[FAILED],
                     scenarios["skipped"] + scenarios["untested"],
                     {"with wording to fix": scenarios[WORDING_PROBLEM],
                      "with sentences not in the catalogue": scenarios[UNDEFINED]}),
            _counted("step", steps["passed"], steps[FAILED], steps["skipped"] + steps["not run"],
                     {"with wording to fix": steps[WORDING_PROBLEM],
                      "not in the catalogue": steps[UNDEFINED]}),
            f"Took {int(seconds // 60)}min {seconds % 60:.3f}s",
        ]  # fmt: skip
        return "\n".join(lines) + "\n"


def _counted(
    noun: str, passed: int, failed: int, skipped: int, more: dict[str, int] | None = None
) -> str:
    """ "57 scenarios passed, 0 failed, 2 skipped", as behave words it (scripts
    read it), then any other count that is not 0."""
    plural = "" if passed == 1 else "s"
    counts = [f"{passed} {noun}{plural} passed", f"{failed} failed", f"{skipped} skipped"]
    counts += [f"{count} {what}" for what, count in (more or {}).items() if count]
    return ", ".join(counts)


def _is_wording(step: Any) -> bool:
    told = getattr(step, "explanation", None)
    if told is None and step.status.has_failed() and step.exception is not None:
        told = explain(step.exception)
    return told is not None and told.kind == "wording"


class QuietRunner(Runner):  # type: ignore[misc]  # behave is untyped
    """behave's runner, minus the "USING RUNNER: …" banner that behave prints
    before every run (behave.ini `runner`). behave offers no setting for it,
    so the line is dropped from stdout as it is written, and only it. It
    also tells the console, in a dry run, where the run's steps are."""

    #: The run going on in this process, if any.
    running: QuietRunner | None = None

    def __init__(self, config: Any, **kwargs: Any) -> None:
        super().__init__(config, **kwargs)
        QuietRunner.running = self
        if read_detail(config.userdata) != "developer":
            sys.stdout = _DropsBanner(sys.stdout)


class _DropsBanner:
    """stdout that swallows behave's runner banner and then steps aside."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._pending_newline = False

    def write(self, text: str) -> int:
        if text.startswith(RUNNER_BANNER):
            self._pending_newline = not text.endswith("\n")
            if not self._pending_newline:
                self._step_aside()
            return len(text)
        if self._pending_newline and text == "\n":
            self._pending_newline = False
            self._step_aside()
            return len(text)
        self._step_aside()
        return self._stream.write(text)

    def _step_aside(self) -> None:
        if sys.stdout is self:
            sys.stdout = self._stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
