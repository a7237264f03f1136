from pathlib import Path

import pytest
from behave.parser import parse_file

from harness.run.errors import HarnessError
from harness.run.shards import Shard, keep_shard, parse_shard

FEATURES = sorted((Path(__file__).resolve().parents[3] / "features").glob("*.feature"))


def real_features():
    return [parse_file(str(path)) for path in FEATURES]


def locations(features):
    return {f"{item.location}" for feature in features for item in feature.run_items}


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7, 100])
def test_the_shards_of_the_real_suite_are_exactly_the_suite_without_overlap(count):
    everything = locations(real_features())
    assert len(everything) >= 40  # it is the real suite
    slices = []
    for index in range(1, count + 1):
        features = real_features()
        kept = keep_shard(features, Shard(index, count))
        slices.append(locations(features))
        assert kept == len(slices[-1])
    assert set().union(*slices) == everything
    assert sum(len(s) for s in slices) == len(everything)  # no scenario twice
    sizes = [len(s) for s in slices]
    assert max(sizes) - min(sizes) <= 1  # dealt like cards


def test_a_shard_is_the_same_every_time():
    first, second = real_features(), real_features()
    keep_shard(first, Shard(2, 3))
    keep_shard(second, Shard(2, 3))
    assert locations(first) == locations(second)


def test_features_left_empty_are_dropped():
    features = real_features()
    keep_shard(features, Shard(1, 1000))
    assert len(features) == 1
    assert len(features[0].run_items) == 1 == len(features[0].scenarios)


@pytest.mark.parametrize(
    ("text", "shard"), [("1/2", Shard(1, 2)), (" 3 / 4 ", Shard(3, 4)), ("", None)]
)
def test_parse_shard(text, shard):
    assert parse_shard(text) == shard


@pytest.mark.parametrize("text", ["0/2", "3/2", "1/0", "2", "a/b", "1/2/3", "-1/2", "１/２"])
def test_a_bad_shard_is_one_line(text):
    with pytest.raises(HarnessError, match="shard="):
        parse_shard(text)


class SummaryClock:
    """behave's summary reporter, as far as its clock goes."""

    def __init__(self):
        self.testrun_start_time = 0

    def testrun_started(self):
        self.testrun_start_time = 12345.0


def test_an_empty_shard_starts_the_summary_clock():
    features, clock = real_features(), SummaryClock()
    assert keep_shard(features, Shard(1000, 1000), [clock]) == 0
    assert features == [] and clock.testrun_start_time == 12345.0


def test_a_shard_with_scenarios_leaves_the_clock_to_behave():
    clock = SummaryClock()
    keep_shard(real_features(), Shard(1, 2), [clock])
    assert clock.testrun_start_time == 0  # behave starts it at the first feature


def test_an_empty_shard_of_a_plain_run_takes_no_time_at_all(tmp_path):
    import re

    from harness.parallel.tests.test_parallel_sample import SIMPLE, behave, sample_suite

    root = sample_suite(tmp_path, SIMPLE)  # three scenarios: shard 9/9 has none
    done = behave(root, "-D", "shard=9/9", "--no-junit", "-D", "report=off", "-f", "progress")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "shard 9/9: 0 scenario(s)" in done.stderr
    took = re.search(r"^Took (\d+)min ([\d.]+)s$", done.stdout, re.MULTILINE)
    assert took is not None, done.stdout
    assert int(took.group(1)) == 0 and float(took.group(2)) < 5  # not "29935210min"
