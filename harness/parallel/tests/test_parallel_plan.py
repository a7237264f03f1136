"""The runner's plan against a plain run's own selection, on a sample suite:
`-D shard=I/N` must cut exactly as a plain run cuts."""

import json

import pytest

from harness.parallel import plan
from harness.parallel.tests.test_parallel_sample import behave, sample_suite
from harness.run.shards import Shard

#: An outline first (so splitting it would move everything after it), a @wip
#: scenario the default tags leave out (so counting only what runs would move
#: the cut), a tagged feature and a rule.
FEATURES = {
    "a.feature": """\
        Feature: Outlines
          Scenario Outline: Edith adds <item>
            Given Edith adds "<item>"
            Examples:
              | item  |
              | milk  |
              | bread |
              | tea   |

          @wip
          Scenario: Work in progress
            Given it passes

          Scenario: After the outline
            Given it passes
        """,
    "b.feature": """\
        @wip
        Feature: All in progress
          Scenario: Not yet
            Given it passes

          Scenario: Not yet either
            Given it passes
        """,
    "c.feature": """\
        Feature: Rules
          Scenario: Before the rule
            Given it passes

          Rule: A rule
            Scenario: Under the rule
              Given it passes

            Scenario: Also under the rule
              Given it passes

          Scenario Outline: Another outline <n>
            Given it passes
            Examples:
              | n |
              | 1 |
              | 2 |

          Scenario: Last
            Given it passes
        """,
}


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    return sample_suite(tmp_path_factory.mktemp("plan"), FEATURES)


def plain_selection(root, *args):
    """The scenarios a plain run ran, by location (behave's own JSON)."""
    out = root / "plain.json"
    done = behave(root, "--no-junit", "-D", "report=off", "-f", "json", "-o", str(out), *args)
    assert done.returncode == 0, done.stdout + done.stderr
    features = json.loads(out.read_text() or "[]")
    return {
        element["location"]
        for feature in features
        for element in feature.get("elements", [])
        if element.get("status") == "passed"
    }


@pytest.mark.parametrize("extra", [[], ["--no-skipped"]], ids=["default", "no-skipped"])
@pytest.mark.parametrize("count", [2, 3])
def test_the_plan_cuts_every_shard_as_a_plain_run_does(suite, tmp_path, count, extra):
    slices = []
    for index in range(1, count + 1):
        plain = plain_selection(suite, "-D", f"shard={index}/{count}", *extra)
        planned = {
            s.location for s in plan(extra, tmp_path / f"{index}", Shard(index, count), suite)
        }
        assert planned == plain, f"shard {index}/{count}"
        slices.append(planned)
    # The slices are the run, whole: the outline never split between them.
    assert set().union(*slices) == plain_selection(suite, *extra)
    for shard in slices:
        rows = {
            where
            for where in shard
            if where.startswith("features/a.feature:") and int(where.split(":")[1]) < 9
        }
        assert rows in (
            set(),
            {"features/a.feature:6", "features/a.feature:7", "features/a.feature:8"},
        )


def test_without_a_shard_the_plan_is_what_a_plain_run_runs(suite, tmp_path):
    assert {s.location for s in plan([], tmp_path, None, suite)} == plain_selection(suite)
    tagged = {s.location for s in plan(["--tags=@wip"], tmp_path / "wip", None, suite)}
    assert tagged == plain_selection(suite, "--tags=@wip")
