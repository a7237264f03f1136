import os
import subprocess
import sys

import pytest

from harness.browsers.session import pieces_by_plane
from harness.run import leftovers


def fake_proc(tmp_path, processes):
    """A /proc with `processes`: (pid, environment, command line, state)."""
    for pid, environ, command, state in processes:
        folder = tmp_path / str(pid)
        folder.mkdir()
        (folder / "environ").write_bytes(b"\0".join(v.encode() for v in environ) + b"\0")
        (folder / "cmdline").write_bytes(b"\0".join(a.encode() for a in command.split()) + b"\0")
        (folder / "stat").write_bytes(f"{pid} ({command.split()[0]}) {state} 1 2 3".encode())
    (tmp_path / "self").mkdir()  # not a pid: skipped
    return str(tmp_path)


MINE = "SUPERLISTS_CHECK_RUN=make-1"
THEIRS = "SUPERLISTS_CHECK_RUN=make-2"


def test_only_what_carries_this_runs_mark_is_counted(tmp_path):
    proc = fake_proc(
        tmp_path,
        [
            (101, ["HOME=/root", MINE], "/usr/bin/chromedriver --port=1", "S"),
            (102, [MINE], "/usr/lib/chromium/chromium-headless-shell --test-type=webdriver", "S"),
            (103, [THEIRS], "/usr/bin/chromedriver --port=2", "S"),  # another checkout's
            (104, ["PATH=/bin"], "/usr/bin/chromedriver --port=3", "S"),  # a user's own
            (105, [MINE], "/usr/bin/chromedriver --port=4", "Z"),  # dead
            (106, [MINE], "pgrep -af chromedriver --test-type=webdriver", "S"),  # a search
            (107, [MINE + "0"], "/usr/bin/chromedriver --port=5", "S"),  # a longer mark
        ],
    )
    found = leftovers.leftovers("make-1", proc=proc)
    assert [(f.pid, f.kind) for f in found] == [(101, "browsers"), (102, "browsers")]


@pytest.mark.parametrize(
    ("command", "kind"),
    [
        ("/usr/bin/WebKitWebDriver --port=4444", "webkit"),
        ("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser --automation", "webkit"),
        ("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/WebKitWebProcess 7 31", "webkit"),
        ("Xvfb :99 -screen 0 1024x768x24", "webkit"),
        ("java -jar node_modules/x/jar/selenium-server-4.48.0.jar hub", "grid"),
        ("/work/.venv/bin/python manage.py fixture_server", "fixtures"),
        ("podman exec --interactive superlists-test python manage.py fixture_server", "fixtures"),
    ],
)
def test_each_kind_is_told_by_its_program(tmp_path, command, kind):
    proc = fake_proc(tmp_path, [(201, [MINE], command, "S")])
    assert [f.kind for f in leftovers.leftovers("make-1", proc=proc)] == [kind]


@pytest.mark.parametrize(
    "command",
    [
        "grep selenium-server",
        "less fixture_server.log",
        "vim MiniBrowser.txt",
        "java -jar some-other-server.jar",
        "/usr/bin/chromium --no-sandbox",  # a person's own browser, not a driven one
    ],
)
def test_a_mention_is_not_a_leftover(tmp_path, command):
    proc = fake_proc(tmp_path, [(301, [MINE], command, "S")])
    assert leftovers.leftovers("make-1", proc=proc) == []


def test_only_the_kinds_asked_for(tmp_path):
    proc = fake_proc(
        tmp_path,
        [
            (401, [MINE], "/usr/bin/chromedriver", "S"),
            (402, [MINE], "java -jar selenium-server.jar standalone", "S"),
        ],
    )
    assert [f.pid for f in leftovers.leftovers("make-1", ("grid",), proc=proc)] == [402]


def run_command(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "harness.run.leftovers", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )


def test_without_a_mark_it_refuses_in_one_line():
    env = {k: v for k, v in os.environ.items() if k != leftovers.CHECK_RUN}
    done = run_command(env=env)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "SUPERLISTS_CHECK_RUN" in done.stderr


def test_a_real_process_of_this_run_is_found_and_its_end_is_noticed(tmp_path):
    # A process named like a driver, carrying a fresh mark: found, then gone.
    fake_driver = tmp_path / "chromedriver"
    mark = f"test-{os.getpid()}"
    env = {**os.environ, leftovers.CHECK_RUN: mark}
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"], env=env)
    driver = subprocess.Popen([str(fake_driver), "30"], executable="/bin/sleep", env=env)
    try:
        done = run_command(env=env)
        assert done.returncode == 1, done.stdout + done.stderr
        assert f"browsers: {driver.pid} " in done.stdout
        assert str(child.pid) not in done.stdout  # marked, but not a browser
    finally:
        for process in (child, driver):
            process.kill()
            process.wait()
    done = run_command(env=env)
    assert done.returncode == 0 and "nothing left running" in done.stdout


def test_pieces_by_plane_keep_emoji_sequences_whole():
    assert pieces_by_plane("Practise 𝄞 scales 👩🏽\u200d🔧 with Sam 🇫🇷") == [
        ("Practise ", False),
        ("𝄞", True),
        (" scales ", False),
        ("👩🏽\u200d🔧", True),
        (" with Sam ", False),
        ("🇫🇷", True),
    ]
    assert pieces_by_plane("Café ❤\ufe0f שלום") == [("Café ❤\ufe0f שלום", False)]
    assert pieces_by_plane("") == []
    assert "".join(p for p, _ in pieces_by_plane("a🦚\u200db")) == "a🦚\u200db"
