from behave.capture import ManyCaptured
from behave.model_core import Status

from harness.results.retries import Retries, failure_of


class FakeStep:
    def __init__(self, status, message=None):
        self.keyword, self.name = "Then", "her list reads:"
        self.status, self.error_message = status, message


class FakeScenario:
    """Fails its first `failures` runs, then passes."""

    def __init__(self, tags=("flaky",), failures=1):
        self.effective_tags = set(tags)
        self.location, self.name = "features/x.feature:3", "Something flaky"
        self.failures_left = failures
        self.runs = 0
        self.captured = ManyCaptured()
        self.hook_failed = False
        self.all_steps = []

    def run(self, runner):
        self.runs += 1
        failed = self.failures_left > 0
        self.failures_left -= 1
        self.all_steps = [
            FakeStep(Status.failed, f"ASSERT FAILED: no row on run {self.runs}\nmore")
            if failed
            else FakeStep(Status.passed)
        ]
        return failed


class FakeFeature:
    def __init__(self, *scenarios):
        self.scenarios = scenarios

    def walk_scenarios(self):
        return list(self.scenarios)


def test_a_flaky_scenario_that_passes_on_a_retry_is_recorded_everywhere(capsys):
    told = []
    retries = Retries(2, on_passed_after_retry=lambda *args: told.append(args))
    scenario = FakeScenario(failures=1)
    retries.arm(FakeFeature(scenario))
    assert scenario.run("runner") is False
    assert scenario.runs == 2
    err = capsys.readouterr().err
    assert "retrying @flaky scenario features/x.feature:3 Something flaky: attempt 1 of 3" in err
    assert 'failed: step "Then her list reads:": no row on run 1' in err
    assert told == [
        ("features/x.feature:3 Something flaky", 2, 'step "Then her list reads:": no row on run 1')
    ]
    assert "@flaky retries: passed on attempt 2" in scenario.captured.stdout
    assert "attempt 1 failed: step" in scenario.captured.stdout
    assert retries.summary() == (
        "retried: 1 scenario passed only after retrying: "
        "features/x.feature:3 Something flaky (attempt 2)"
    )


def test_attempts_stop_at_the_limit_and_the_failure_stands(capsys):
    told = []
    retries = Retries(2, on_failed_all=lambda *args: told.append(args))
    scenario = FakeScenario(failures=5)
    retries.arm(FakeFeature(scenario))
    assert scenario.run("runner") is True
    assert scenario.runs == 3
    assert "failed all 3 attempts" in capsys.readouterr().err
    assert retries.summary() == (
        "retried: 1 @flaky scenario failed every attempt: "
        "features/x.feature:3 Something flaky (3 attempts)"
    )
    assert "@flaky retries: failed all 3 attempts" in scenario.captured.stdout
    assert told[0][1:] == (
        3,
        [f'step "Then her list reads:": no row on run {n}' for n in (1, 2, 3)],
    )


def test_untagged_scenarios_and_retries_off_never_retry():
    plain = FakeScenario(tags=(), failures=1)
    Retries(2).arm(FakeFeature(plain))
    assert plain.run("runner") is True and plain.runs == 1
    flaky = FakeScenario(failures=1)
    Retries(0).arm(FakeFeature(flaky))
    assert flaky.run("runner") is True and flaky.runs == 1


def test_a_passing_flaky_scenario_runs_once_and_is_not_listed():
    retries = Retries(2)
    scenario = FakeScenario(failures=0)
    retries.arm(FakeFeature(scenario))
    assert scenario.run("runner") is False and scenario.runs == 1
    assert retries.summary() is None


def test_each_scenario_gets_its_own_run_function():
    # The HTML formatter tells a retry from the next scenario by this identity.
    one, two = FakeScenario(), FakeScenario()
    Retries(1).arm(FakeFeature(one, two))
    assert one.run.func is not two.run.func


def test_failure_of_names_the_step_and_its_first_line():
    scenario = FakeScenario()
    scenario.run("runner")
    assert failure_of(scenario) == 'step "Then her list reads:": no row on run 1'
