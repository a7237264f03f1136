"""How the figures are taken and printed: a median and its spread, the
wall time of whole runs, and the memory of a process tree."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from deploy import PROJECT


def figure(name: str, samples: list[float], unit: str = "s", scale: float = 1.0) -> float:
    """Print one figure: the median of `samples` (times `scale`, in `unit`)
    and their spread; return the median."""
    values = sorted(s * scale for s in samples)
    median = statistics.median(values)
    print(
        f"{name:<52} median {median:8.3f} {unit}   "
        f"min {values[0]:.3f}  max {values[-1]:.3f}  (n={len(values)})",
        flush=True,
    )
    return median


def suite_wall(runs: int, *defines: str, formatter: str = "null") -> list[float]:
    """Wall seconds of full `behave` runs (quiet formatter, no JUnit)."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [
                str(PROJECT / ".venv/bin/behave"),
                "-f",
                formatter,
                "--no-junit",
                "--no-summary",
                *defines,
            ],
            cwd=PROJECT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        if done.returncode != 0:  # a figure from a failing suite would mislead
            raise SystemExit(f"bench: the suite failed:\n{done.stderr[-2000:]}")
        samples.append(time.perf_counter() - start)
    return samples


def timed(action: Callable[[], object], repeats: int) -> list[float]:
    """Wall seconds of `action`, once per repeat."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def tree_pss_mib(root: int) -> float:
    """Proportional memory (PSS) of `root` and every process below it, in MiB."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total_kib, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kib += int(line.split()[1])
        except OSError:
            continue
    return total_kib / 1024


def parallel_wall(workers: int, *defines: str) -> tuple[float, float]:
    """Wall seconds and peak memory (MiB) of one `harness.parallel` run."""
    start = time.perf_counter()
    with tempfile.TemporaryFile(mode="w+") as said:
        process = subprocess.Popen(
            [sys.executable, "-m", "harness.parallel", "-j", str(workers), *defines],
            cwd=PROJECT,
            stdout=subprocess.DEVNULL,
            stderr=said,
        )
        peak = 0.0
        while process.poll() is None:
            peak = max(peak, tree_pss_mib(process.pid))
            time.sleep(0.2)
        if process.returncode:
            said.seek(0)
            failed = f"bench: the parallel run failed (exit {process.returncode})"
            raise SystemExit(f"{failed}:\n{said.read()[-2000:]}")
    return time.perf_counter() - start, peak


def quiet(command: list[str]) -> None:
    """Run `command`, its output dropped; raise if it fails."""
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
