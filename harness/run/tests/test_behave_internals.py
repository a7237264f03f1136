"""One test per use of behave's insides (`harness.run.behave_internals`),
each against the installed behave: a tiny project is run or parsed for real.
A failure names the use and the function that needs a new way;
`make behave-upgrade-check` runs these with the newest behave."""

from __future__ import annotations

import contextlib
import inspect
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from behave.configuration import Configuration
from behave.reporter.summary import SummaryReporter
from behave.step_registry import StepRegistry
from behave.step_registry import registry as global_registry

from harness.run import behave_internals as door
from harness.run.tests.behave_sample import SampleRun, run_retry_sample, run_sample, write_sample


def broken(function: str, what: str, seen: object = None, who: str = "behave") -> str:
    """The failure message: what behave no longer does, and where to fix it."""
    said = f" (seen: {seen!r})" if seen is not None else ""
    where = f"harness/run/behave_internals.py:{function}"
    return f"{who} no longer {what}: {where} needs a new way{said}"


PRETTY = "behave-html-pretty-formatter"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SampleRun:
    return run_sample(tmp_path_factory.mktemp("behave-sample"))


def seen(sample: SampleRun, use: str) -> object:
    found = sample.read_json("seen.json")
    assert isinstance(found, dict), (
        "the sample behave run wrote nothing (so no use is tested): " + sample.stderr[-2000:]
    )
    return found.get(use)


def test_context_runner(sample: SampleRun) -> None:
    got = seen(sample, "runner_of")
    expected = {"features": ["Cut", "First"], "has_step_registry": True, "has_formatters": True}
    assert got == expected, broken(
        "runner_of", "has Context._runner (with its features, step_registry, formatters)", got
    )


def test_context_do_remaining_cleanups(sample: SampleRun) -> None:
    got = seen(sample, "run_cleanups_now")
    assert got == 1, broken("run_cleanups_now", "has Context._do_remaining_cleanups", got)
    at_end = (sample.folder / "cleanups.txt").read_text().count("ran")
    assert at_end == 1, broken(
        "run_cleanups_now", "forgets cleanups _do_remaining_cleanups ran (ran twice)", at_end
    )


def test_runner_formatters(sample: SampleRun) -> None:
    got = seen(sample, "add_formatter")
    heard = sample.read_json("heard.json")
    assert got is None and heard is not None and sorted(heard) == ["Cut", "First"], broken(
        "add_formatter",
        "tells the whole run to a formatter added to Runner.formatters",
        got or heard,
    )


def test_feature_run_items_cut(sample: SampleRun) -> None:
    got = seen(sample, "keep_run_items")
    ran = seen(sample, "ran")
    assert got is True and isinstance(ran, list) and sorted(ran) == ["Kept", "Plain"], broken(
        "keep_run_items", "runs only what Feature.run_items holds when it reaches the feature", ran
    )


def test_scenario_run_replaced_for_retries(tmp_path: Path) -> None:
    run = run_retry_sample(tmp_path)
    passed = "1 scenario passed" in run.stdout
    assert passed, broken(
        "run_scenario_through", "runs a scenario through Scenario.run, looked up on it",
        run.stdout[-500:] + run.stderr[-1500:],
    )  # fmt: skip
    page = _Page()
    with contextlib.suppress(OSError):
        page.feed((tmp_path / "page.html").read_text(encoding="utf-8"))
    shown = page.sections.count(door.PAGE_SCENARIO_SECTION)
    assert shown == 1, broken(
        "run_scenario_through or show_last_attempt_only",
        "shows a retried scenario once (by the id of scenario.run.func, show_retry_attempts)",
        shown, PRETTY,
    )  # fmt: skip


def test_summary_reporter_clock() -> None:
    reporter = SummaryReporter(Configuration(command_args=[], load_config=False))
    before = getattr(reporter, "testrun_start_time", None)
    assert before == 0, broken(
        "start_unstarted_clocks",
        "has SummaryReporter.testrun_start_time = 0 until a feature",
        before,
    )
    door.start_unstarted_clocks([reporter])
    assert reporter.testrun_start_time > 0, broken(
        "start_unstarted_clocks", "starts its clock with SummaryReporter.testrun_started()"
    )


def test_configuration_reporters_summary() -> None:
    config = Configuration(command_args=[], load_config=False)
    had = [isinstance(r, SummaryReporter) for r in config.reporters]
    door.drop_summary_reporter(config)
    left = [isinstance(r, SummaryReporter) for r in config.reporters]
    assert any(had) and not any(left), broken(
        "drop_summary_reporter", "keeps a SummaryReporter in Configuration.reporters", (had, left)
    )


def test_scenario_captured_output(tmp_path: Path) -> None:
    from behave.parser import parse_feature

    feature = parse_feature("Feature: F\n  Scenario: S\n    Given a step\n")
    scenario = feature.scenarios[0]
    try:
        door.add_to_captured_output(scenario, "@flaky retries: attempt 1 failed\n", "retries")
        got = scenario.captured.make_report()
    except Exception as error:  # noqa: BLE001
        got = f"{type(error).__name__}: {error}"
    assert "@flaky retries: attempt 1 failed" in got, broken(
        "add_to_captured_output", "takes Captured text into Scenario.captured", got
    )


def test_runner_util_parse_features(tmp_path: Path) -> None:
    write_sample(tmp_path)
    try:
        features = door.parse_features_as_run(["features"], tmp_path)
        got = sorted((f.name, len(f.run_items)) for f in features)
    except Exception as error:  # noqa: BLE001 - any change in behave's steps is the news
        got = [f"{type(error).__name__}: {error}"]  # type: ignore[list-item]
    assert got == [("Cut", 2), ("First", 1)], broken(
        "parse_features_as_run",
        "parses a run's features with Runner.setup_paths/feature_locations and "
        "runner_util.parse_features",
        got,
    )


def test_runner_util_load_step_modules(tmp_path: Path) -> None:
    steps = tmp_path / "loaded_steps"
    steps.mkdir()
    sentence = "a step only the behave_internals loader test defines"
    (steps / "loaded.py").write_text(
        f"from behave import given\n@given({sentence!r})\ndef f(c): pass\n"
    )
    before = {id(m) for m in door.step_matchers(global_registry)}
    try:
        door.load_step_modules(steps, tmp_path)
        new = [m for m in door.step_matchers(global_registry) if id(m) not in before]
        got = [str(m.pattern) for m in new]
    except Exception as error:  # noqa: BLE001
        new, got = [], [f"{type(error).__name__}: {error}"]
    finally:
        for matchers in global_registry.steps.values():  # leave the registry as it was
            matchers[:] = [m for m in matchers if id(m) in before]
    assert got == [sentence], broken(
        "load_step_modules", "loads steps with runner_util.PathManager and load_step_modules", got
    )


def test_step_registry_steps_and_matcher_func() -> None:
    registry = StepRegistry()

    def a_step(context: object) -> None:
        pass

    registry.add_step_definition("given", "a step", a_step)
    try:
        got = [door.step_function(m) for m in door.step_matchers(registry)]
    except Exception as error:  # noqa: BLE001
        got = [f"{type(error).__name__}: {error}"]  # type: ignore[list-item]
    assert got == [a_step], broken(
        "step_matchers", "keeps StepRegistry.steps of matchers with .func", got
    )


def test_matcher_func_called_when_the_step_runs(sample: SampleRun) -> None:
    got = seen(sample, "wrap_step_functions")
    inside = seen(sample, "called_inside")
    assert got == 2 and inside == [True] * 3, broken(
        "wrap_step_functions", "calls Matcher.func, looked up as the step runs", (got, inside)
    )
    assert seen(sample, "unwrap") is True, broken(
        "wrap_step_functions", "takes Matcher.func back", seen(sample, "unwrap")
    )


def test_runner_banner(sample: SampleRun) -> None:
    lines = sample.stdout.splitlines()
    assert any(line.startswith(door.RUNNER_BANNER) for line in lines), broken(
        "RUNNER_BANNER", f"prints a line starting {door.RUNNER_BANNER!r}", lines[:3]
    )


def test_junit_reporter_make_feature_filename(sample: SampleRun) -> None:
    named = seen(sample, "junit_file_namer")
    written = sorted(path.name for path in (sample.folder / "junit").glob("*.xml"))
    assert named == written, broken(
        "junit_file_namer", "names JUnit files as JUnitReporter.make_feature_filename says",
        (named, written),
    )  # fmt: skip


def test_plain_formatter_private_ends(sample: SampleRun) -> None:
    ends = sample.read_json("ends.json")
    want = {"scenario": 2, "feature": 2, "captured": "ok"}
    assert ends == want, broken(
        "PlainFormatterEnds",
        "calls PlainFormatter._finish_current_scenario/_finish_current_feature "
        "(or has _reporrt_current_scenario_captured_output)",
        ends,
    )


class _Page(HTMLParser):
    """Every class name and id of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.classes: set[str] = set()
        self.ids: set[str] = set()
        self.onclicks: set[str] = set()
        #: The first class of each <section>, in page order.
        self.sections: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section":
            self.sections.append((found.get("class") or " ").split()[0])
        self.classes.update((found.get("class") or "").split())
        self.ids.add(found.get("id") or "")
        self.onclicks.add(found.get("onclick") or "")


def test_pretty_formatter_page_classes_and_ids(sample: SampleRun) -> None:
    page = _Page()
    with contextlib.suppress(OSError):
        page.feed((sample.folder / "page.html").read_text(encoding="utf-8"))
    names = [name for name, value in inspect.getmembers(door) if name.startswith("PAGE_")]
    classes = [getattr(door, name) for name in names if isinstance(getattr(door, name), str)]
    missing = [c for c in classes if c not in page.classes and c != door.PAGE_TABLE_ID_PREFIX]
    assert not missing, broken("PAGE_*", "gives its page these CSS classes", missing, PRETTY)
    scenario = next((i for i in sorted(page.ids) if re.fullmatch(r"f\d+-s\d+", i)), None)
    ends = (
        [scenario + end in page.ids for end in door.PAGE_SCENARIO_ID_SUFFIXES] if scenario else []
    )
    assert ends and all(ends), broken(
        "PAGE_SCENARIO_ID_SUFFIXES", "ids a scenario's parts so", scenario
    )
    tables = [i for i in page.ids if i.startswith(door.PAGE_TABLE_ID_PREFIX)]
    assert tables and door.page_table_toggle(tables[0]) in page.onclicks, broken(
        "page_table_toggle", "ids and folds its tables so", tables, PRETTY
    )
