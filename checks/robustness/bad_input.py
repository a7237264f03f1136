"""Runs given bad things: a corrupt template database, a failing step's
artifacts, an unwritable artifact folder, bad settings, an SSH server that
never answers; and no scratch folder left behind."""

from __future__ import annotations

import socket
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from checks.robustness.runs import (
    BEHAVE,
    SAMPLE_SUITE,
    TEMPLATE_DB,
    Run,
    no_walls,
    nothing_left,
    one_line,
)
from harness.run.scratch import SCRATCH_ROOT


def corrupt_template() -> str:
    """A check: a corrupt template database is noted and rebuilt."""
    TEMPLATE_DB.write_bytes(b"not a database at all\n" * 200)
    run = Run(BEHAVE, "--no-junit", "-f", "progress", "features/smoke.feature")
    status = run.finish()
    output = run.output
    assert status == 0, f"exit {status}:\n{output}"
    note = one_line(output, "note: acceptance_test_db.sqlite3 is not a usable test database")
    nothing_left()
    return f"exit 0 after {note!r}"


def failing_step_prints_artifacts() -> str:
    """A check: a failing step names its artifacts, and they exist."""
    with tempfile.TemporaryDirectory() as artifacts:
        run = Run(
            BEHAVE,
            "--no-junit",
            "-D",
            "wait_timeout=0.5",
            "-D",
            f"artifacts_dir={artifacts}",
            f"{SAMPLE_SUITE}/fails.feature",
        )
        status = run.finish()
        output = run.output
        assert status == 1, f"exit {status}:\n{output}"
        # Under the failed step, for developers: "saved PATH[, whose browser]", one a file.
        paths = [
            line.split("saved ", 1)[1].split(", ")[0]
            for line in output.splitlines()
            if "saved " in line
        ]
        assert len(paths) == 3, f"expected 3 artifact paths:\n{output}"
        assert all(Path(path).is_file() for path in paths), f"missing files: {paths}"
        no_walls(output)
    return f"exit 1, {len(paths)} artifact paths printed, all present"


def unwritable_artifacts() -> str:
    """A check: artifacts that cannot be saved leave the step's failure as it was."""
    with tempfile.NamedTemporaryFile() as not_a_folder:
        run = Run(
            BEHAVE,
            "--no-junit",
            "-D",
            "wait_timeout=0.5",
            "-D",
            f"artifacts_dir={not_a_folder.name}/artifacts",
            f"{SAMPLE_SUITE}/fails.feature",
        )
        status = run.finish()
    output = run.output
    assert status == 1, f"exit {status}:\n{output}"
    one_line(output, "0 scenarios passed, 1 failed")
    note = one_line(
        "\n".join(line.strip() for line in output.splitlines()), "could not save artifacts"
    )
    no_walls(output)
    return f"the step still failed (not a hook error); {note.strip()!r}"


def bad_config(*defines: str) -> Callable[[], str]:
    """A check: bad settings stop the run in one line, before any browser."""

    def body() -> str:
        args = [arg for define in defines for arg in ("-D", define)]
        run = Run(BEHAVE, "--no-junit", *args)
        status = run.finish(timeout=30)
        took = time.monotonic() - run.started
        output = run.output
        assert status == 1, f"exit {status}:\n{output}"
        line = one_line(output, "behave: error: ")
        no_walls(output)
        nothing_left(within=0)
        return f"exit 1 in {took:.1f}s, {line!r}"

    return body


def ssh_that_never_answers() -> str:
    """A check: an SSH server that never answers stops the run within its timeout."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        run = Run(
            BEHAVE,
            "--no-junit",
            "-D",
            "server=silent",
            "-D",
            f"silent=deploy@127.0.0.1:{port}",
            "-D",
            f"silent.url=http://127.0.0.1:{port}",
            "-D",
            "connect_timeout=2",
        )
        status = run.finish(timeout=30)
    took = time.monotonic() - run.started
    output = run.output
    assert status == 1, f"exit {status}:\n{output}"
    line = one_line(output, "behave: error: ")
    assert "paramiko" not in output, f"paramiko noise:\n{output}"
    no_walls(output)
    assert took < 5, f"took {took:.1f}s with connect_timeout=2"
    return f"exit 1 in {took:.1f}s, {line!r}"


def scratch_is_clean() -> str:
    """A check: no run left its scratch folder behind."""
    runs = [path.name for path in SCRATCH_ROOT.iterdir()] if SCRATCH_ROOT.exists() else []
    assert not runs, f"scratch folders left behind: {runs}"
    return "no scratch folders left behind (the kill -9 run's was removed by the next run)"
