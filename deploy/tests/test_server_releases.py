"""The release bookkeeping `fab deploy` runs on the server, on real folders:
names in deploy order, what cleanup removes and keeps, the switch, the
release before the live one, and each release's state."""

import datetime
import os

import pytest

from deploy.server_releases import (
    BACKUPS_KEPT,
    NAME,
    cleanup,
    in_order,
    mark,
    new_release,
    previous,
    releases,
    state,
    switch,
    to_remove,
)
from deploy.tests.release_folders import LEGACY, make_live, make_release, numbered

TOKYO = datetime.timezone(datetime.timedelta(hours=9))


# new_release and in_order


def test_releases_are_numbered_in_deploy_order_whatever_the_deploying_clock_says(tmp_path):
    later_in_tokyo = datetime.datetime(2026, 12, 8, 7, 1, 2, tzinfo=TOKYO)
    earlier_in_utc = datetime.datetime(2026, 12, 7, 20, 0, 0, tzinfo=datetime.UTC)
    first = new_release(tmp_path, now=later_in_tokyo)
    second = new_release(tmp_path, now=earlier_in_utc)
    assert first.startswith("000001-") and second.startswith("000002-")
    assert NAME.match(first) and NAME.match(second)
    assert in_order([second, first]) == [first, second]
    assert releases(tmp_path) == [first, second]
    for name in (first, second):
        folder = tmp_path / "releases" / name
        assert folder.is_dir()
        assert folder.stat().st_mode & 0o777 == 0o700


def test_the_first_numbered_release_follows_those_from_before_numbers(tmp_path):
    make_release(tmp_path, LEGACY)
    make_release(tmp_path, numbered(7))
    name = new_release(tmp_path)
    assert name.startswith("000008-")
    assert releases(tmp_path) == [LEGACY, numbered(7), name]


def test_a_release_name_gives_its_time_in_utc_whatever_zone_now_is_in(tmp_path):
    name = new_release(tmp_path, now=datetime.datetime(2026, 12, 8, 7, 1, 2, tzinfo=TOKYO))
    assert name == "000001-20261207T220102Z"


def test_numbered_releases_sort_by_number_even_when_their_times_say_otherwise():
    names = [
        numbered(10, "20250101T000000Z"),
        numbered(2, "20270101T000000Z"),
        numbered(1, "20261231T235959Z"),
    ]
    assert in_order(names) == [names[2], names[1], names[0]]


def test_names_from_before_numbers_sort_before_every_numbered_one():
    names = [numbered(1, "20200101T000000Z"), "20261207-220102-ab12", "20261201-090000-cd34"]
    assert in_order(names) == ["20261201-090000-cd34", "20261207-220102-ab12", names[0]]


# to_remove


def test_the_live_release_is_never_removed_even_when_it_is_the_oldest():
    names = [numbered(1), numbered(2), numbered(3)]
    states = dict.fromkeys(names, "good")
    assert to_remove(names, states, current=numbered(1), keep=1) == [numbered(2)]


def test_the_live_release_is_kept_even_when_it_is_not_marked_good():
    names = [numbered(1), numbered(2)]
    for live_state in ("", "failed", "rolled-back"):
        states = {numbered(1): "good", numbered(2): live_state}
        assert to_remove(names, states, current=numbered(2), keep=0) == []


def test_a_live_release_from_before_numbers_is_kept():
    names = [numbered(1), numbered(2), LEGACY]
    states = {LEGACY: "good", numbered(1): "failed", numbered(2): "rolled-back"}
    assert to_remove(names, states, current=LEGACY, keep=0) == [numbered(1), numbered(2)]


def test_a_live_release_from_before_numbers_keeps_the_one_before_it_by_name():
    names = ["20261201-090000-cd34", LEGACY, "20261209-090000-ef56"]
    states = dict.fromkeys(names, "good")
    removed = to_remove(names, states, current=LEGACY, keep=0)
    assert removed == ["20261209-090000-ef56"]


def test_the_good_release_before_the_live_one_is_kept_even_with_keep_zero():
    names = [numbered(1), numbered(2), numbered(3)]
    states = dict.fromkeys(names, "good")
    assert to_remove(names, states, current=numbered(3), keep=0) == [numbered(1)]


def test_the_rollback_target_is_the_newest_good_release_before_live_not_a_failed_one():
    names = [numbered(1), numbered(2), numbered(3)]
    states = {numbered(1): "good", numbered(2): "failed", numbered(3): "good"}
    assert to_remove(names, states, current=numbered(3), keep=0) == [numbered(2)]


def test_failed_rolled_back_and_unfinished_releases_are_removed():
    names = [numbered(n) for n in range(1, 6)]
    states = {
        numbered(1): "good",
        numbered(2): "failed",
        numbered(3): "rolled-back",
        numbered(4): "",
        numbered(5): "good",
    }
    removed = to_remove(names, states, current=numbered(5), keep=5)
    assert removed == [numbered(2), numbered(3), numbered(4)]


def test_failed_releases_do_not_count_toward_those_kept():
    names = [numbered(n) for n in range(1, 8)]
    states = {name: "good" for name in names[:3]}
    states.update({name: "failed" for name in names[3:6]})
    states[numbered(7)] = "good"
    removed = to_remove(names, states, current=numbered(7), keep=3)
    assert removed == [numbered(4), numbered(5), numbered(6)]


def test_good_releases_beyond_keep_are_removed_oldest_first():
    names = [numbered(n) for n in range(1, 7)]
    states = dict.fromkeys(names, "good")
    removed = to_remove(names, states, current=numbered(6), keep=2)
    assert removed == [numbered(1), numbered(2), numbered(3)]


def test_good_releases_newer_than_a_rolled_back_to_live_one_are_kept_within_keep():
    names = [numbered(1), numbered(2), numbered(3), numbered(4)]
    states = {
        numbered(1): "good",
        numbered(2): "good",
        numbered(3): "rolled-back",
        numbered(4): "good",
    }
    removed = to_remove(names, states, current=numbered(2), keep=1)
    assert removed == [numbered(3)]


def test_a_live_release_named_by_a_clock_in_another_time_zone_is_kept():
    # The incident: the release deployed last was named by a UTC clock, the
    # one before by a Tokyo clock, so the live one sorted first by name.
    made_in_tokyo = "20261208-070102-ab12"
    made_in_utc_later = "20261207-230500-cd34"
    names = [made_in_tokyo, made_in_utc_later, numbered(1), numbered(2)]
    states = {
        made_in_tokyo: "good",
        made_in_utc_later: "good",
        numbered(1): "rolled-back",
        numbered(2): "failed",
    }
    assert made_in_utc_later not in to_remove(names, states, current=made_in_utc_later, keep=0)
    removed = to_remove(names, states, current=made_in_utc_later, keep=1)
    assert removed == [numbered(1), numbered(2)]


# cleanup on disk


def test_cleanup_removes_the_chosen_releases_and_unused_virtualenvs(tmp_path):
    names = [numbered(n) for n in range(1, 6)]
    make_release(tmp_path, names[0], "good", venv="oldest")
    make_release(tmp_path, names[1], "good", venv="kept")
    make_release(tmp_path, names[2], "failed", venv="broken")
    make_release(tmp_path, names[3], "good", venv="shared")
    make_release(tmp_path, names[4], "good", venv="shared")
    (tmp_path / "venvs" / "orphan").mkdir()
    make_live(tmp_path, names[4])
    (tmp_path / "backups").mkdir()
    for name in names:
        (tmp_path / "backups" / f"{name}.sqlite3").write_text("backup")

    said = cleanup(tmp_path, keep=2)

    assert said == {"ok": True, "removed": [names[0], names[2]]}
    assert releases(tmp_path) == [names[1], names[3], names[4]]
    # Five backups are within those kept, whatever became of their releases:
    # the one taken before the failed release is the one a person may need.
    assert sorted(path.stem for path in (tmp_path / "backups").iterdir()) == names
    assert sorted(path.name for path in (tmp_path / "venvs").iterdir()) == ["kept", "shared"]


def test_cleanup_keeps_the_newest_backups_and_those_of_kept_releases(tmp_path):
    names = [numbered(n) for n in range(1, 10)]
    make_release(tmp_path, names[1], "good")  # an old release still kept
    make_release(tmp_path, names[8], "good")
    make_live(tmp_path, names[8])
    (tmp_path / "backups").mkdir()
    for name in names:
        (tmp_path / "backups" / f"{name}.sqlite3").write_text("backup")

    cleanup(tmp_path, keep=3)

    newest = names[-BACKUPS_KEPT:]
    assert sorted(path.stem for path in (tmp_path / "backups").iterdir()) == [names[1], *newest]


def test_cleanup_keeps_the_virtualenv_of_the_live_release(tmp_path):
    make_release(tmp_path, numbered(1), "good", venv="previous")
    make_release(tmp_path, numbered(2), "", venv="live")
    make_live(tmp_path, numbered(2))
    assert cleanup(tmp_path, keep=0) == {"ok": True, "removed": []}
    assert sorted(path.name for path in (tmp_path / "venvs").iterdir()) == ["live", "previous"]


# switch


def test_switching_moves_src_and_every_link_through_it_to_the_release(tmp_path):
    a = numbered(1)
    b = numbered(2)
    make_release(tmp_path, a, env="SITE=a\n", venv="one")
    make_release(tmp_path, b, env="SITE=b\n", venv="one")

    assert switch(tmp_path, a)["before"] is None
    assert os.readlink(tmp_path / "src") == f"releases/{a}"
    for name in (".env", ".venv", "gunicorn.conf.py"):
        assert os.readlink(tmp_path / name) == f"src/{name}"
    assert (tmp_path / ".env").read_text() == "SITE=a\n"

    said = switch(tmp_path, b)
    assert said == {"ok": True, "before": a, "new_venv": False}
    assert (tmp_path / ".env").read_text() == "SITE=b\n"

    assert switch(tmp_path, a)["before"] == b
    assert (tmp_path / ".env").read_text() == "SITE=a\n"
    assert not list(tmp_path.glob(".*.switching"))


def test_switching_to_a_release_on_another_virtualenv_says_so(tmp_path):
    make_release(tmp_path, numbered(1), env="", venv="one")
    make_release(tmp_path, numbered(2), env="", venv="two")
    make_release(tmp_path, numbered(3), env="", venv="two")
    switch(tmp_path, numbered(1))
    assert switch(tmp_path, numbered(2))["new_venv"] is True
    assert switch(tmp_path, numbered(3))["new_venv"] is False
    assert switch(tmp_path, numbered(1))["new_venv"] is True


def test_a_release_without_its_own_env_file_is_refused_and_nothing_moves(tmp_path):
    make_release(tmp_path, numbered(1), env="SITE=a\n")
    make_release(tmp_path, numbered(2))
    switch(tmp_path, numbered(1))
    with pytest.raises(FileNotFoundError, match=numbered(2)):
        switch(tmp_path, numbered(2))
    assert os.readlink(tmp_path / "src") == f"releases/{numbered(1)}"
    assert (tmp_path / ".env").read_text() == "SITE=a\n"


def test_switching_a_site_from_before_releases_sets_its_folders_aside(tmp_path):
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").write_text("the old interpreter")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "manage.py").write_text("the old checkout")
    (tmp_path / ".env").write_text("SITE=old\n")
    make_release(tmp_path, numbered(1), env="SITE=new\n", venv="one")

    said = switch(tmp_path, numbered(1))

    assert said == {"ok": True, "before": None, "new_venv": True}
    for name in ("src", ".env", ".venv", "gunicorn.conf.py"):
        assert (tmp_path / name).is_symlink()
    assert (tmp_path / ".env").read_text() == "SITE=new\n"
    aside = {path.name.split("-")[0]: path for path in (tmp_path / "set-aside").iterdir()}
    assert sorted(aside) == ["src", "venv"]
    assert (aside["venv"] / "bin" / "python").read_text() == "the old interpreter"
    assert (aside["src"] / "manage.py").read_text() == "the old checkout"


# previous, mark and state


def test_previous_is_the_newest_good_release_older_than_the_live_one(tmp_path):
    make_release(tmp_path, numbered(1), "good")
    make_release(tmp_path, numbered(2), "good")
    make_release(tmp_path, numbered(3), "good")
    make_release(tmp_path, numbered(4), "good")
    make_live(tmp_path, numbered(3))
    assert previous(tmp_path) == numbered(2)


def test_previous_skips_a_failed_release_in_between(tmp_path):
    make_release(tmp_path, numbered(1), "good")
    make_release(tmp_path, numbered(2), "failed")
    make_release(tmp_path, numbered(3), "rolled-back")
    make_release(tmp_path, numbered(4), "good")
    make_live(tmp_path, numbered(4))
    assert previous(tmp_path) == numbered(1)


def test_previous_is_none_without_a_good_release_before_the_live_one(tmp_path):
    make_release(tmp_path, numbered(1), "failed")
    make_release(tmp_path, numbered(2), "good")
    make_release(tmp_path, numbered(3), "good")
    make_live(tmp_path, numbered(2))
    assert previous(tmp_path) is None


def test_previous_is_none_when_nothing_is_live(tmp_path):
    make_release(tmp_path, numbered(1), "good")
    make_release(tmp_path, numbered(2), "good")
    assert previous(tmp_path) is None


def test_a_release_reads_back_the_state_it_was_marked_with(tmp_path):
    make_release(tmp_path, numbered(1))
    assert state(tmp_path, numbered(1)) == ""
    for marked in ("good", "rolled-back", "failed"):
        mark(tmp_path, numbered(1), marked)
        assert state(tmp_path, numbered(1)) == marked


def test_an_unknown_state_is_refused_and_nothing_is_written(tmp_path):
    make_release(tmp_path, numbered(1))
    with pytest.raises(ValueError, match="'broken'"):
        mark(tmp_path, numbered(1), "broken")
    assert state(tmp_path, numbered(1)) == ""
    assert not (tmp_path / "releases" / numbered(1) / ".state").exists()
