"""Every use the harness makes of behave's (and its HTML formatter's) parts
that are not their public API, one small named thing each.

behave documents its hooks, `@fixture`/`use_fixture`, its model and its
step decorators; the harness needs more than that in a few places (running
the cleanups now, wrapping step functions, adding a formatter mid-run, ...).
Each such reach into behave's insides lives here, says what it relies on and
why the public API is not enough, and has a test named after the use in
`harness/run/tests/test_behave_internals.py`, run against the installed
behave. `make behave-upgrade-check` runs those tests with the newest behave,
so an upgrade that changes one names the function here that needs a new way.

The rest of the harness calls these, never the private parts themselves.
(The report subclasses behave-html-pretty-formatter and builds with its
classes, `Embed`, `Tag`, `Scenario`: that is the package's way of being
extended, tested by the report's own tests and `make report-check`.)
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from behave.formatter.plain import PlainFormatter

StepFunction = Callable[..., Any]


# -- The running behave ------------------------------------------------------


def runner_of(context: Any) -> Any:
    """The behave Runner running `context`'s run.

    Relies on `Context._runner` (a weak proxy to the runner). The public
    context offers no way to the runner, and the harness needs it for the
    parsed features (to cut a shard), the step registry the run matches with
    and its formatters.
    """
    return context._runner


def run_cleanups_now(context: Any) -> None:
    """Run every cleanup registered so far (`use_fixture`'s, `add_cleanup`'s),
    newest first, as behave does when the run ends.

    Relies on `Context._do_remaining_cleanups()`. behave runs them only at
    the end of the layer; a run that cannot start must undo what it started
    before it exits, and behave has no public call for "now".
    """
    context._do_remaining_cleanups()


def formatters_of(runner: Any) -> list[Any]:
    """The run's formatters, a live list: what is added to it hears the run.

    Relies on `Runner.formatters`, set up before `before_all`. behave makes
    formatters only from the command line (`-f`), and the HTML report is
    written whatever the command line chose, so it joins this list.
    """
    formatters: list[Any] = runner.formatters
    return formatters


def add_formatter(runner: Any, formatter: Any) -> None:
    """Have `formatter` hear the rest of the run, as if `-f` had chosen it
    (see `formatters_of`)."""
    formatters_of(runner).append(formatter)


# -- The parsed suite --------------------------------------------------------


def keep_run_items(feature: Any, kept: Sequence[Any]) -> None:
    """Cut `feature` down to the run items in `kept` (scenarios, outlines,
    rules), in place, before the run reaches it.

    Relies on behave running what `Feature.run_items` holds at the time it
    reaches the feature, and counting from `Feature.scenarios`; both lists
    are cut so that they agree. behave selects only by tags and lines, not
    by "every Nth scenario" (a CI shard).
    """
    feature.run_items[:] = kept
    feature.scenarios[:] = [item for item in feature.scenarios if item in kept]


def start_unstarted_clocks(reporters: Iterable[Any]) -> None:
    """Start the run clock of each reporter that has not started it yet.

    Relies on `SummaryReporter.testrun_start_time` being 0 until the first
    feature, and on `testrun_started()` starting it. Told of no feature at
    all (an empty shard), the reporter counts from the epoch and prints
    "Took 29935210min"; behave has no public way to start it.
    """
    for reporter in reporters:
        if getattr(reporter, "testrun_start_time", None) == 0:
            reporter.testrun_started()


def parse_features_as_run(behave_args: Sequence[str], root: Path) -> list[Any]:
    """The features a plain `behave <behave_args>` run in `root` would hold
    before its hooks run: read by behave's own configuration and parser.

    Relies on `Runner.path_manager`, `Runner.setup_paths()`,
    `Runner.feature_locations()` and `behave.runner_util.parse_features`,
    the steps `Runner.run()` takes before the hooks. behave's public entry
    point runs the suite; the parallel runner needs the same features
    without running them.
    """
    from behave.configuration import Configuration
    from behave.runner import Runner
    from behave.runner_util import parse_features

    with contextlib.chdir(root):  # behave reads behave.ini from where it runs
        config = Configuration(command_args=list(behave_args), load_config=True)
        runner = Runner(config)
        with runner.path_manager:
            runner.setup_paths()
            locations = [where for where in runner.feature_locations() if not config.exclude(where)]
        return list(parse_features(locations, language=config.lang))


def load_step_modules(steps_dir: Path, project: Path) -> None:
    """Load the step modules in `steps_dir` into behave's global registry,
    with `project` on sys.path meanwhile (the steps import `harness`).

    Relies on `behave.runner_util.PathManager` and `load_step_modules`, what
    behave's runner does before a run. The step catalogue needs the steps
    loaded without a run.
    """
    from behave.runner_util import PathManager
    from behave.runner_util import load_step_modules as behave_load

    with PathManager([str(project)]):
        behave_load([str(steps_dir)])


def run_scenario_through(
    scenario: Any, attempts: Callable[[Callable[[Any], bool], Any], bool]
) -> None:
    """Have behave run `scenario` as `attempts(run, runner)`, where
    `run(runner)` is behave's own run of it (True if it failed), so that
    `attempts` may run it again.

    Relies on behave calling `scenario.run(runner)`, looked up on the
    scenario itself (as `behave.contrib.scenario_autoretry` does), and on
    behave-html-pretty-formatter taking a scenario whose `run.func` is the
    same object as the one before for a retry of it (it then shows the last
    attempt only), so each scenario gets a function of its own. behave has
    no setting for retrying a scenario.
    """

    def run_with_attempts(run: Callable[[Any], bool], runner: Any) -> bool:
        return attempts(run, runner)

    scenario.run = functools.partial(run_with_attempts, scenario.run)


def add_to_captured_output(scenario: Any, text: str, name: str) -> None:
    """Add `text` to what behave captured during `scenario`, under `name`,
    as if the scenario had printed it (JUnit shows it in the testcase's
    system-out).

    Relies on `Scenario.captured` and `behave.capture.Captured`: behave
    offers no public way to put text into a testcase's system-out.
    """
    from behave.capture import Captured

    scenario.captured.add_captured(Captured(stdout=text, name=name))


# -- The step registry ---------------------------------------------------------


def step_matchers(registry: Any) -> Iterator[Any]:
    """Every matcher (a step's pattern and function) in behave's `registry`,
    by step type, in the order they were defined.

    Relies on `StepRegistry.steps`, a dict of step type to its matchers.
    behave's public registry only finds the match for one step; the
    catalogue, the suggestions and the audits need every step.
    """
    for matchers in registry.steps.values():
        yield from matchers


def step_function(matcher: Any) -> StepFunction:
    """The function a `matcher` calls (under any wrapper `wrap_step_functions`
    put around it: `inspect.unwrap` reaches the step's own).

    Relies on `Matcher.func`: behave has no public name for it.
    """
    func: StepFunction = matcher.func
    return func


def wrap_step_functions(
    registry: Any, wrap: Callable[[StepFunction], StepFunction]
) -> Callable[[], None]:
    """Have every step in `registry` call `wrap(its function)` instead, one
    wrapper per function; returns the function that puts the originals back.

    Relies on behave calling `Matcher.func` when a step runs, looked up then
    (not captured when the step was defined). behave's `after_step` hook runs
    once the step's result is settled; code that must be able to fail the
    step itself (an accessibility audit) has to run inside it.
    """
    replaced: list[tuple[Any, StepFunction]] = []
    wrappers: dict[StepFunction, StepFunction] = {}
    for matcher in step_matchers(registry):
        original = step_function(matcher)
        if original not in wrappers:
            wrappers[original] = wrap(original)
        matcher.func = wrappers[original]
        replaced.append((matcher, original))

    def undo() -> None:
        for matcher, original in replaced:
            matcher.func = original

    return undo


# -- behave's output -----------------------------------------------------------


#: How behave's `__main__` begins the line naming the runner class, printed
#: before every run; behave has no setting to silence it, so the console
#: drops the line that starts so.
RUNNER_BANNER = "USING RUNNER:"


def drop_summary_reporter(config: Any) -> None:
    """Take behave's summary reporter (the closing "N features passed"
    lines) out of the run configured by `config`, before the run starts.

    Relies on `Configuration.reporters` holding a `SummaryReporter` when the
    summary is on. `--no-summary` would do it, but the console decides it
    from the run's detail setting, not from the command line.
    """
    from behave.reporter.summary import SummaryReporter

    config.reporters = [r for r in config.reporters if not isinstance(r, SummaryReporter)]


def junit_file_namer(config: Any) -> Callable[[Any], str]:
    """A function giving the name of the JUnit file behave writes for a
    feature in a run with `config` ("TESTS-features.lists.xml").

    Relies on `JUnitReporter.make_feature_filename` and the "TESTS-" prefix
    and ".xml" suffix behave puts around it. behave does not say where its
    JUnit for a feature went; the parallel runner must find each file.
    """
    from behave.reporter.junit import JUnitReporter

    reporter = JUnitReporter(config)
    return lambda feature: f"TESTS-{reporter.make_feature_filename(feature)}.xml"


class PlainFormatterEnds(PlainFormatter):  # type: ignore[misc]  # behave is untyped
    """behave's plain formatter, with the ends of a scenario and of a feature
    as methods a subclass may override by public names.

    Relies on `PlainFormatter._finish_current_scenario`,
    `_finish_current_feature` (what behave calls as each ends) and
    `_reporrt_current_scenario_captured_output` (behave's spelling). behave's
    formatter API tells a formatter what begins, not what ends; the console
    writes its per-scenario lines and its totals there.
    """

    def _finish_current_scenario(self) -> None:
        self.end_scenario()

    def _finish_current_feature(self) -> None:
        self.end_feature()

    def end_scenario(self) -> None:
        """The scenario under way is over: behave's plain formatter's own end."""
        super()._finish_current_scenario()

    def end_feature(self) -> None:
        """The feature under way is over (its last scenario too)."""
        super()._finish_current_feature()

    def write_captured_output(self) -> None:
        """Write the current scenario's captured output, as behave's plain
        formatter does after a failure."""
        self._reporrt_current_scenario_captured_output()


# -- behave-html-pretty-formatter's page ---------------------------------------

#: The CSS classes of behave-html-pretty-formatter's page that the parallel
#: merge reads to find a worker's features and scenarios in its report (the
#: formatter has no API for reading a page back): a feature's section, its
#: title and its scenarios' box; a scenario's section (its second class is
#: its status), header, name and tag line.
PAGE_FEATURE_SECTION = "feature-filter-container"
PAGE_FEATURE_TITLE = "feature-title"
PAGE_FEATURE_BODY = "feature-container"
PAGE_SCENARIO_SECTION = "scenario-filter-container"
PAGE_SCENARIO_HEADER = "scenario-header"
PAGE_SCENARIO_NAME = "scenario-name"
PAGE_SCENARIO_TAGS = "scenario-tags"
#: The formatter's ids that the merge renumbers: a scenario's header and
#: capsule are its id plus these; a table's id starts with the prefix, and
#: the button folding it calls `toggle_hash('<id>')`.
PAGE_SCENARIO_ID_SUFFIXES = ("-h", "-c")
PAGE_TABLE_ID_PREFIX = "table_"


def show_last_attempt_only(formatter: Any) -> None:
    """Have a behave-html-pretty-formatter page show only the last attempt
    of a retried scenario (see `run_scenario_through`).

    Relies on the formatter's `show_retry_attempts` attribute, which it
    reads from userdata (`behave.formatter.html-pretty.show_retry_attempts`)
    when it is made; the report decides it whatever the userdata says.
    """
    formatter.show_retry_attempts = False


def page_table_toggle(table_id: str) -> str:
    """The `onclick` of the button that folds the page's table `table_id`."""
    return f"toggle_hash('{table_id}')"
