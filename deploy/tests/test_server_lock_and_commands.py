"""`server_releases` as the deploy runs it on the server, `python3 -c
SOURCE COMMAND ...`: the deploy lock, held by real processes, and the one
JSON line each command prints."""

import json
import select
import signal
import subprocess
import sys
from pathlib import Path

from deploy import server_releases
from deploy.server_releases import NAME, releases
from deploy.tests.release_folders import make_live, make_release, numbered

SOURCE = Path(server_releases.__file__).read_text()


def script(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", SOURCE, *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        **kwargs,
    )  # fmt: skip


def first_line(process: subprocess.Popen, seconds: float = 10) -> dict:
    ready, _, _ = select.select([process.stdout], [], [], seconds)
    assert ready, f"no answer within {seconds}s"
    line = process.stdout.readline()
    assert line, f"it ended without answering: {process.stderr.read()}"
    return json.loads(line)


def run_script(*args: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", SOURCE, *args], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


# the lock


def test_one_process_holds_the_lock_until_its_stdin_closes(tmp_path):
    lock = tmp_path / "sites" / ".deploy.lock"
    started = []
    try:
        first = script("lock", str(lock), "a deploy from laptop")
        started.append(first)
        assert first_line(first) == {"ok": True}

        second = script("lock", str(lock), "a rollback from desktop")
        started.append(second)
        assert second.wait(timeout=10) == 0
        assert json.loads(second.stdout.read()) == {
            "ok": False,
            "said": "a deploy from laptop",
        }

        first.stdin.close()
        assert first.wait(timeout=10) == 0

        third = script("lock", str(lock), "a deploy from desktop")
        started.append(third)
        assert first_line(third) == {"ok": True}
    finally:
        for process in started:
            process.kill()
            process.wait(timeout=10)
            for stream in (process.stdin, process.stdout, process.stderr):
                stream.close()


def test_a_lock_holder_that_is_killed_leaves_no_lock_behind(tmp_path):
    lock = tmp_path / ".deploy.lock"
    started = []
    try:
        first = script("lock", str(lock), "a deploy that dies")
        started.append(first)
        assert first_line(first) == {"ok": True}
        first.send_signal(signal.SIGKILL)
        assert first.wait(timeout=10) == -signal.SIGKILL

        second = script("lock", str(lock), "the next deploy")
        started.append(second)
        assert first_line(second) == {"ok": True}
        assert lock.read_text() == "the next deploy\n"
    finally:
        for process in started:
            process.kill()
            process.wait(timeout=10)
            for stream in (process.stdin, process.stdout, process.stderr):
                stream.close()


# the command line


def test_new_prints_one_json_line_with_the_release_it_made(tmp_path):
    lines = run_script("new", str(tmp_path))
    assert len(lines) == 1
    said = json.loads(lines[0])
    assert said["ok"] is True and NAME.match(said["release"])
    assert said["release"].startswith("000001-")
    assert releases(tmp_path) == [said["release"]]


def test_cleanup_prints_what_it_removed(tmp_path):
    for n, status in enumerate(["good", "failed", "good", "", "good"], start=1):
        make_release(tmp_path, numbered(n), status)
    make_live(tmp_path, numbered(5))
    lines = run_script("cleanup", str(tmp_path), "3")
    assert [json.loads(line) for line in lines] == [
        {"ok": True, "removed": [numbered(2), numbered(4)]}
    ]
    assert releases(tmp_path) == [numbered(1), numbered(3), numbered(5)]
