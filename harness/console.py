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
from collections.abc import Callable
from typing import Any, TextIO

from behave.formatter.plain import PlainFormatter
from behave.model_core import Status
from behave.runner import Runner

from harness.config import read_detail
from harness.failures import Explanation, explain

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


class Console(PlainFormatter):  # type: ignore[misc]  # behave is untyped
    """The default console formatter (behave.ini `format`): see the module."""

    name = "superlists"
    description = "Scenarios and steps as written; failures in the people's words"
    current_scenario: Any  # behave's PlainFormatter keeps it
    #: A background's steps are shown in each scenario they run in.
    SHOW_BACKGROUNDS = False

    def __init__(self, stream_opener: Any, config: Any, **kwargs: Any) -> None:
        super().__init__(stream_opener, config, **kwargs)
        self.developer = read_detail(config.userdata) == "developer"
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
        said = _SAID.get(step.status, step.status.name)
        told: Explanation | None = None
        if step.status.has_failed() and step.status not in (Status.undefined,):
            told = getattr(step, "explanation", None) or explain(step.exception, step.error_message)
            said = WORDING_PROBLEM if told.kind == "wording" else said
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
        if step.status in (Status.undefined, Status.untested_undefined):
            for line in self._suggestions(step):
                self._write(f"{below}{line}\n")
        elif told is not None:
            self._tell_failure(step, told, below)

    def _suggestions(self, step: Any) -> list[str]:
        """What the run suggests for `step`; in a dry run, where no hook sets
        the run's suggester up, the console asks the catalogue itself."""
        if self.suggest is None:
            from behave.step_registry import registry

            from harness.suggestions import UndefinedSteps

            runner = QuietRunner.running
            undefined = UndefinedSteps(runner.step_registry if runner is not None else registry)
            self.suggest = lambda step, scenario: undefined.suggest(
                scenario.feature.name, scenario.name, step
            ).lines()
        return self.suggest(step, self.current_scenario)

    def _tell_failure(self, step: Any, told: Explanation, below: str) -> None:
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

    def _finish_current_scenario(self) -> None:
        # behave's captured output (the harness prints nothing there) is for
        # developers; product owners read the headlines above.
        if not self.current_scenario:
            return
        for step in list(self.steps):  # not run: after a failure, or never found
            self.result(step)
        if self.developer and self.current_scenario.status in (Status.failed, Status.error):
            self._reporrt_current_scenario_captured_output()
        self.reset_steps()
        self.current_scenario = None

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()


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
        if text.startswith("USING RUNNER:"):
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
