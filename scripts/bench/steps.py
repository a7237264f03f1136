"""`make bench-steps`: the suite's cost per step and per page load, its
serial limit, and its cost per step against an earlier commit."""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from deploy import PROJECT
from scripts.bench.measure import figure


def _counted_suite(
    folder: Path, *defines: str, cwd: Path = PROJECT, python_path: str = ""
) -> tuple[float, int, int]:
    """One whole-suite run: (wall seconds, steps run, pages served). A run
    of this tree counts itself (SUPERLISTS_BENCH_COUNTS); an older tree's
    steps are read from behave's summary, and its pages are not known (0)."""
    counts = folder / "counts.json"
    counts.unlink(missing_ok=True)
    env = {**os.environ, "SUPERLISTS_BENCH_COUNTS": str(counts)}
    if python_path:
        env["PYTHONPATH"] = python_path
    start = time.perf_counter()
    done = subprocess.run(
        [
            str(PROJECT / ".venv/bin/behave"),
            *("-f", "null", "--no-junit", "-D", "report=off", *defines),
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        said = (done.stderr or done.stdout)[-2000:]
        raise SystemExit(f"bench: the suite failed in {cwd}:\n{said}")
    if counts.is_file():
        data = json.loads(counts.read_text())
        return wall, int(data["steps"]), int(data["pages"])
    steps = re.search(r"^(\d+) steps? passed", done.stdout, re.MULTILINE)
    return wall, int(steps.group(1)) if steps else 0, 0


def _tiny_page_load_ms(loads: int = 60) -> list[float]:
    """Milliseconds for headless Chromium (the run's) to load a tiny page
    from a local server, one per load: the floor under any page of the suite."""
    from harness.browsers import launch
    from harness.config import load_config
    from harness.testing.tiny_site import QuietHandler, serving

    class Tiny(QuietHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            body = b"<!doctype html><title>tiny</title><p>tiny"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    from behave.configuration import Configuration

    config = load_config(Configuration(command_args=[], load_config=True).userdata, {})
    samples = []
    with serving(Tiny) as url:
        driver = launch.start_browser(config)
        try:
            for number in range(loads + 5):
                start = time.perf_counter()
                driver.get(f"{url}/?{number}")
                if number >= 5:  # the first few warm the renderer
                    samples.append((time.perf_counter() - start) * 1000)
        finally:
            launch.quit_browser(driver)
    return samples


def bench_steps(runs: int, before: str) -> None:
    """The suite's cost per step and per page load (audits on and off), its
    serial limit, and its cost per step against `before`."""
    audits_on: list[tuple[float, int, int]] = []
    audits_off: list[tuple[float, int, int]] = []
    earlier: list[tuple[float, int, int]] = []
    with tempfile.TemporaryDirectory(prefix="bench-steps-") as scratch:
        folder = Path(scratch)
        worktree = folder / "before"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(worktree), before],
            cwd=PROJECT,
            check=True,
            capture_output=True,
        )
        # The older tree's pages need axe-core as much as this one's do; npm's
        # folder is not in git, so the worktree borrows this checkout's.
        if (PROJECT / "node_modules").is_dir():
            (worktree / "node_modules").symlink_to(PROJECT / "node_modules")
        try:
            for _ in range(runs):
                audits_on.append(_counted_suite(folder))
                audits_off.append(_counted_suite(folder, "-D", "accessibility=off"))
                earlier.append(
                    _counted_suite(
                        folder,
                        "-D",
                        "accessibility=off",
                        cwd=worktree,
                        python_path=str(worktree),
                    )
                )
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(worktree)],
                cwd=PROJECT,
                capture_output=True,
            )
    tiny = figure("Chromium, one page load of a tiny page", _tiny_page_load_ms(), "ms")
    for name, samples in (("audits on", audits_on), ("audits off", audits_off)):
        steps, pages = samples[0][1], samples[0][2]
        figure(f"suite, {name}: {steps} steps, {pages} pages", [w for w, _, _ in samples])
        figure(f"  per step, {name}", [w / s for w, s, _ in samples], "ms", 1000)
        figure(f"  per page load, {name}", [w / p for w, _, p in samples if p], "ms", 1000)
    off = statistics.median(w for w, _, _ in audits_off)
    pages = audits_off[0][2]
    limit = pages * tiny / 1000
    print(f"{'serial limit: pages x a tiny page load':<52} {limit:8.2f} s")
    print(f"{'suite (audits off) / its serial limit (goal <= 1.1)':<52} ratio  {off / limit:8.3f}")
    now = statistics.median(w / s for w, s, _ in audits_off)
    then = statistics.median(w / s for w, s, _ in earlier if s)
    figure(
        f"suite per step at {before}, audits off", [w / s for w, s, _ in earlier if s], "ms", 1000
    )
    print(f"{'per step: this tree / ' + before + ' (goal <= 1.0)':<52} ratio  {now / then:8.3f}")
