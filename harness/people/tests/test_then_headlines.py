"""Every Then phrase, made to fail for real, says what went wrong in words a
product owner reads aloud.

Each case (then_cases.py) calls one real Then step function from steps/
against real headless Chromium, on a tiny local site that shows crafted
pages in the failing state (rows out of order, the wrong owner, a missing
link...), through a real `Cast` (then_scenes.py). The failure must be a
failed step (an AssertionError), and its headline must pass
`headline_problems` and name the people by name, never by email. A new Then
step cannot land without a case in then_cases.py.
"""

from __future__ import annotations

import pytest

from harness.audits.auditor import Auditor
from harness.audits.axe_script import AxeScriptEndpoint, read_axe
from harness.people.tests.then_cases import CASES
from harness.people.tests.then_scenes import PEOPLE, Site, Stage, load_then_steps, run_then
from harness.run import wait
from harness.run.failures import explain, headline_problems
from harness.testing.tiny_site import local_browser, serving


@pytest.fixture(scope="module", autouse=True)
def short_waits():
    before = wait.default_deadline.seconds
    wait.configure(0.3)
    yield
    wait.configure(before)


@pytest.fixture(scope="module")
def stage():
    axe = AxeScriptEndpoint(read_axe())
    auditor = Auditor("fail")
    auditor.use(axe)
    try:
        with serving(Site) as url, local_browser() as driver:
            yield Stage(url, driver, auditor)
    finally:
        axe.close()


@pytest.fixture(scope="module")
def then_steps():
    return load_then_steps()


def test_every_then_step_has_a_failing_case(then_steps):
    missing = sorted(set(then_steps) - set(CASES))
    gone = sorted(set(CASES) - set(then_steps))
    assert not missing, (
        f"no failing case for the Then step(s) {missing}: "
        "a new Then step needs a case in harness/people/tests/then_cases.py"
    )
    assert not gone, f"cases for Then steps that no longer exist: {gone}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_failed_then_says_what_went_wrong_in_peoples_words(then_steps, stage, name):
    call = CASES[name](stage)
    with pytest.raises(AssertionError) as raised:
        run_then(then_steps[name], call.context, call.sentence)
    told = explain(raised.value)
    headline = told.headline
    print(f"{name}: {headline}")
    assert told.kind == "failure", f"{name}: {told.kind}: {headline}"
    assert headline_problems(headline) == [], f"{name}: {headline}"
    for person in call.people:
        assert person in headline, f"{name} does not name {person}: {headline}"
        assert PEOPLE[person].email not in headline, f"{name} shows an email: {headline}"
