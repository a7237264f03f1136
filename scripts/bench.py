"""Speed figures for the acceptance suite, as medians (the machines are shared and noisy).

    .venv/bin/python scripts/bench.py              # local figures
    sudo .venv/bin/python scripts/bench.py --staging   # plus staging (`make bench-staging`:
                                                       # builds the hosts, deploys, removes them)

Prints, for each measure, the median and the spread over the runs:
- the whole local suite, wall time from `behave` start to exit, with and
  without its HTML report (runs interleaved), and the ratio of the two;
- per-scenario harness overhead locally, in Chromium and in WebKit: the
  browser cleared for the next scenario, the database reset, and a
  pre-authenticated session (created, its cookie installed in the browser);
- two engines: the WebKit suite against the Chromium suite, and both engines
  in one parallel run (`-D browsers=chromium,webkit`) against the Chromium
  suite alone (the three interleaved, with the ratios);
- living documentation: the suite with `screenshots=failures` against
  `screenshots=steps` (a storyboard; interleaved, with the ratio), the
  report's build time (render and write, as its closing line says) against
  the suite's, each report's size, and a 10x suite's report (the features
  copied ten times, every step passing at once) built and measured
  (`--report` for these alone: `make bench-report`);
- the suite's cost per step and per page load, with audits on and off
  (interleaved); its serial limit, the pages it loads times Chromium's cost
  per page load of a tiny page (measured in the same run), and the suite
  against it; and the suite per step against an earlier commit
  (`--steps-before`, default 03e463b; its checkout shares this .venv), with
  audits off, alternating (`--steps` for these alone: `make bench-steps`);
- accessibility audits: the suite with `accessibility=fail` against the
  suite with them off (interleaved, with the ratio), and the audits a run
  makes and the distinct page states they cover;
- for product owners: "did you mean" for 100 undefined steps, and
  `make lint-features` over features/;
- failures in the people's words: a passing suite with the product owners'
  console against behave's pretty formatter (the ratio), and the cost of the
  outline drawn into a failed step's screenshot;
- a fixture-layer Given locally: a list of two items, owned by the logged-in
  person, created directly and opened in their browser (one page load);
- with --staging: the staging hosts built from nothing and from the cached
  image; the same two against the https staging site (over the SSH fixture
  process); the email round trip (a login link asked for, sent over SMTP,
  read over IMAPS); the staging suite interleaved with the local suite, and
  its ratio;
- with --staging or --deploys: production safety, on hosts built for it: a
  deploy's time (first and again) from the commit before releases
  (`--before`, default 9c1529a) and from this tree, alternating, on fresh
  hosts each; a redeploy under a 50 ms poller; a release that cannot boot
  under systemd, and the outage until the earlier release serves again;
  kill -9 of nginx's master until the site answers; the home page while
  three login-link requests wait on a mail server that accepts and never
  answers;
- with --container: the same two against `make container`'s container (over
  its `podman exec -i` fixture process), one fixture round trip, the image
  rebuild with no changes, and the container suite interleaved with the local
  suite, with its ratio (`make bench-container` starts and stops the container).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def report(name: str, samples: list[float], unit: str = "s", scale: float = 1.0) -> float:
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
                str(ROOT / ".venv/bin/behave"),
                "-f",
                formatter,
                "--no-junit",
                "--no-summary",
                *defines,
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        if done.returncode != 0:  # a figure from a failing suite would mislead
            raise SystemExit(f"bench: the suite failed:\n{done.stderr[-2000:]}")
        samples.append(time.perf_counter() - start)
    return samples


def timed(action: Callable[[], object], repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def fixture_costs(
    server_for: Callable[[], object],
    repeats: int,
    ca: Path | None = None,
    engine: str = "chromium",
) -> tuple[list[float], list[float]]:
    """Per-scenario harness overhead (the browser cleared as the pool clears it
    between scenarios, the database reset, then a pre-authenticated session in
    the browser) and the cost of a fixture-layer Given on top of it (a list
    with two items, owned by the logged-in person, opened in their browser)."""
    from harness.browsers import browser
    from harness.browsers.trust import browser_home
    from harness.config import load_config
    from harness.people.cast import Actor
    from harness.people.personas import Person

    config = load_config({}, {"browser": engine})
    server = server_for()
    try:
        home = None
        if ca is not None:
            home = browser_home(ca, Path(tempfile.mkdtemp(prefix="bench-home-")))
        driver = browser.start_browser(config, home=home)
    except BaseException:
        server.close()  # type: ignore[attr-defined]
        raise
    edith = Actor(Person("Edith", "she", "edith@example.com"), server, lambda: driver)  # type: ignore[arg-type]
    try:

        def scenario_setup() -> None:
            browser.clear_browser(driver, server.url)  # type: ignore[attr-defined]
            server.reset_database()  # type: ignore[attr-defined]
            edith.log_in_via_back_door()

        def given_a_list() -> None:
            edith.start_list_directly(["Buy milk", "Buy eggs"])

        scenario_setup()  # the first calls pay one-off costs (imports, connections)
        given_a_list()
        setups, givens = [], []
        for _ in range(repeats):
            setups += timed(scenario_setup, 1)
            givens += timed(given_a_list, 1)
        return setups, givens
    finally:
        browser.quit_browser(driver)
        server.close()  # type: ignore[attr-defined]


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
            cwd=ROOT,
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


def report_fixture_costs(where: str, costs: tuple[list[float], list[float]]) -> None:
    setups, givens = costs
    report(f"{where} per-scenario overhead (clear+reset+session)", setups, "ms", 1000)
    report(f"{where} Given: a list of 2 items, owned, opened", givens, "ms", 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="full-suite runs per measure")
    parser.add_argument("--repeats", type=int, default=30, help="overhead samples")
    parser.add_argument("--staging", action="store_true", help="also measure against staging")
    parser.add_argument(
        "--deploys", action="store_true", help="only the production-safety figures (staging hosts)"
    )
    parser.add_argument(
        "--before", default="9c1529a", help="the commit whose deploy is timed against this tree's"
    )
    parser.add_argument("--grid", action="store_true", help="also measure a running grid")
    parser.add_argument(
        "--container", action="store_true", help="also measure the running `make container`"
    )
    parser.add_argument(
        "--report", action="store_true", help="only the living documentation's figures"
    )
    parser.add_argument("--steps", action="store_true", help="only the per-step figures")
    parser.add_argument(
        "--steps-before", default="03e463b", help="the commit the per-step cost is compared to"
    )
    args = parser.parse_args()
    os.chdir(ROOT)
    if args.report:
        bench_living(args.runs)
        return
    if args.steps:
        bench_steps(args.runs, args.steps_before)
        return

    if args.deploys:
        bench_deploys(args.before)
        return
    print(f"superlists acceptance benchmark: {args.runs} suite runs, {args.repeats} samples")
    # Interleaved, so a machine that slows down mid-benchmark slows both alike.
    with_report: list[float] = []
    without_report: list[float] = []
    for _ in range(args.runs):
        with_report += suite_wall(1)
        without_report += suite_wall(1, "-D", "report=off")
    local = report("local suite, wall (behave start to exit)", with_report)
    bare = report("local suite without the HTML report", without_report)
    print(f"{'HTML report cost (with / without)':<52} ratio  {local / bare:8.3f}")

    # The same scenarios, single process against 2 workers, interleaved.
    single, double, peaks = [], [], []
    for _ in range(args.runs):
        single += suite_wall(1)
        wall, peak = parallel_wall(2)
        double.append(wall)
        peaks.append(peak)
    one = report("single process, wall", single)
    two = report("2 parallel workers, wall", double)
    print(f"{'2 workers / single process':<52} ratio  {two / one:8.3f}")
    report("2 parallel workers, peak memory (PSS)", peaks, "MiB")

    if args.grid:
        from harness.parallel import plan

        with tempfile.TemporaryDirectory() as folder:
            scenarios = len(plan([], Path(folder)))
        grid = report(
            "single process, browsers from the grid",
            suite_wall(args.runs, "-D", "grid_url=http://127.0.0.1:4444"),
        )
        extra = (grid - one) / scenarios * 1000
        print(f"{'grid cost per scenario over local chromedriver':<52} {extra:8.1f} ms")

    bench_living(args.runs)
    bench_steps(args.runs, args.steps_before)
    bench_accessibility(args.runs)
    # After the accessibility figures: the two-engine runs load both cores
    # hardest, and the runs just after them were the slower (a 1.09 ratio read
    # as 1.17 when measured after them).
    bench_engines(args.runs)
    bench_authoring(args.repeats)
    bench_failures(args.runs, args.repeats)

    from harness.run.scratch import RunScratch, new_run_id
    from harness.server.local import LocalServer

    scratch = RunScratch.claim(new_run_id() + "-bench", Path("artifacts"))
    try:
        for engine in ("chromium", "webkit"):
            costs = fixture_costs(
                lambda: LocalServer.start(scratch.test_db), args.repeats, engine=engine
            )
            report_fixture_costs(f"local, {engine}", costs)
    finally:
        scratch.release()
    if args.container:
        bench_container(args.runs, args.repeats)
    if args.staging:
        bench_staging(args.runs, args.repeats)
        bench_deploys(args.before)


def _counted_suite(
    folder: Path, *defines: str, cwd: Path = ROOT, python_path: str = ""
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
            str(ROOT / ".venv/bin/behave"),
            *("-f", "null", "--no-junit", "-D", "report=off", *defines),
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"bench: the suite failed in {cwd}:\n{done.stderr[-2000:]}")
    if counts.is_file():
        data = json.loads(counts.read_text())
        return wall, int(data["steps"]), int(data["pages"])
    steps = re.search(r"^(\d+) steps? passed", done.stdout, re.MULTILINE)
    return wall, int(steps.group(1)) if steps else 0, 0


def _tiny_page_load_ms(loads: int = 60) -> list[float]:
    """Milliseconds for headless Chromium (the run's) to load a tiny page
    from a local server, one per load: the floor under any page of the suite."""
    from harness.browsers import browser
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
        driver = browser.start_browser(config)
        try:
            for number in range(loads + 5):
                start = time.perf_counter()
                driver.get(f"{url}/?{number}")
                if number >= 5:  # the first few warm the renderer
                    samples.append((time.perf_counter() - start) * 1000)
        finally:
            browser.quit_browser(driver)
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
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
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
                cwd=ROOT,
                capture_output=True,
            )
    tiny = report("Chromium, one page load of a tiny page", _tiny_page_load_ms(), "ms")
    for name, samples in (("audits on", audits_on), ("audits off", audits_off)):
        steps, pages = samples[0][1], samples[0][2]
        report(f"suite, {name}: {steps} steps, {pages} pages", [w for w, _, _ in samples])
        report(f"  per step, {name}", [w / s for w, s, _ in samples], "ms", 1000)
        report(f"  per page load, {name}", [w / p for w, _, p in samples if p], "ms", 1000)
    off = statistics.median(w for w, _, _ in audits_off)
    pages = audits_off[0][2]
    limit = pages * tiny / 1000
    print(f"{'serial limit: pages x a tiny page load':<52} {limit:8.2f} s")
    print(f"{'suite (audits off) / its serial limit (goal <= 1.1)':<52} ratio  {off / limit:8.3f}")
    now = statistics.median(w / s for w, s, _ in audits_off)
    then = statistics.median(w / s for w, s, _ in earlier if s)
    report(
        f"suite per step at {before}, audits off", [w / s for w, s, _ in earlier if s], "ms", 1000
    )
    print(f"{'per step: this tree / ' + before + ' (goal <= 1.0)':<52} ratio  {now / then:8.3f}")


#: The report's closing line: "report: PATH (123 KB, made in 0.41 s)".
MADE = re.compile(r"^report: .* \(([\d,]+) KB, made in ([\d.]+) s\)$", re.MULTILINE)


def _suite_with_report(report_path: Path, screenshots: str) -> tuple[float, float, float]:
    """One whole-suite run writing its report to `report_path`: (wall seconds,
    the report's build seconds, its size in KB)."""
    start = time.perf_counter()
    done = subprocess.run(
        [
            str(ROOT / ".venv/bin/behave"),
            *("-f", "null", "--no-junit", "--no-summary"),
            *("-D", f"report={report_path}", "-D", f"screenshots={screenshots}"),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - start
    made = MADE.search(done.stderr)
    if done.returncode != 0 or made is None:
        raise SystemExit(f"bench: the suite failed or wrote no report:\n{done.stderr[-2000:]}")
    return wall, float(made.group(2)), float(made.group(1).replace(",", ""))


def bench_living(runs: int) -> None:
    """The report as living documentation: what it costs to build, what a
    storyboard costs, how big each is, and how it grows with a suite 10x."""
    walls: dict[str, list[float]] = {"failures": [], "steps": []}
    built: dict[str, list[float]] = {"failures": [], "steps": []}
    sizes: dict[str, list[float]] = {"failures": [], "steps": []}
    with tempfile.TemporaryDirectory(prefix="bench-report-") as scratch:
        for _ in range(runs):
            for mode in ("failures", "steps"):
                wall, seconds, size = _suite_with_report(Path(scratch) / f"{mode}.html", mode)
                walls[mode].append(wall)
                built[mode].append(seconds)
                sizes[mode].append(size)
        tenfold = _tenfold_report(Path(scratch) / "tenfold", runs)
    plain = report("suite, screenshots=failures", walls["failures"])
    story = report("suite, screenshots=steps (a storyboard)", walls["steps"])
    print(f"{'storyboard / failures suite time (goal <= 1.3)':<52} ratio  {story / plain:8.3f}")
    made = report("report build (render and write), whole suite", built["failures"])
    print(f"{'report build / suite time (goal <= 5%)':<52} {made / plain * 100:8.1f} %")
    report("report build, whole suite, with a storyboard", built["steps"])
    report("report size, whole suite, screenshots=failures", sizes["failures"], "KB")
    report("report size, whole suite, screenshots=steps", sizes["steps"], "KB")
    report("report build, 10x suite (570-odd scenarios)", tenfold[0])
    report("report size, 10x suite", tenfold[1], "KB")


#: The 10x suite's steps: every sentence passes at once (the report is measured).
_TENFOLD_STEPS = """from behave import step


@step("{sentence}")
def any_sentence(context, sentence):
    pass
"""
_TENFOLD_HOOKS = """from pathlib import Path

from harness.results.report import Report


def before_all(context):
    report = Report.attach_to(context._runner, Path("report.html"))
    report.describe_run("local")
    report.engines = ("chromium",)
    report.history = Path("report-history.json")
"""


def _tenfold_report(folder: Path, runs: int) -> tuple[list[float], list[float]]:
    """The features copied ten times (titles told apart), every step passing at
    once: the report's build seconds and size in KB, per run."""
    (folder / "features" / "steps").mkdir(parents=True)
    for copy in range(1, 11):
        for feature in sorted((ROOT / "features").glob("*.feature")):
            text = feature.read_text(encoding="utf-8")
            text = re.sub(r"^Feature: (.*)$", rf"Feature: \1 (copy {copy})", text, flags=re.M)
            (folder / "features" / f"{copy:02d}-{feature.name}").write_text(text, "utf-8")
    (folder / "features" / "steps" / "any.py").write_text(_TENFOLD_STEPS)
    (folder / "features" / "environment.py").write_text(_TENFOLD_HOOKS)
    seconds, sizes = [], []
    for _ in range(runs):
        done = subprocess.run(
            [
                str(ROOT / ".venv/bin/behave"),
                "-f",
                "null",
                "--no-junit",
                "--no-summary",
                "features",
            ],
            cwd=folder,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        made = MADE.search(done.stderr)
        if made is None:
            raise SystemExit(f"bench: the 10x suite wrote no report:\n{done.stderr[-2000:]}")
        seconds.append(float(made.group(2)))
        sizes.append(float(made.group(1).replace(",", "")))
    return seconds, sizes


def bench_failures(runs: int, repeats: int) -> None:
    """What telling failures in the people's words costs: a passing suite
    with the product owners' console against behave's own pretty formatter
    (interleaved, with the ratio; the target is at most 1.02), and the
    outline drawn into a failed step's screenshot round what the check read
    (the boxes asked of the browser, the PNG decoded, drawn and encoded)."""
    console: list[float] = []
    pretty: list[float] = []
    for run in range(runs):
        # Each goes first in turn, so an order effect cancels: with the console
        # always first, two runs read 1.04; alternating, 0.96.
        pair = [(console, "harness.results.console:Console"), (pretty, "pretty")]
        for samples, formatter in pair if run % 2 == 0 else reversed(pair):
            samples += suite_wall(1, formatter=formatter)
    ours = report("passing suite, the product owners' console", console)
    theirs = report("passing suite, behave's pretty formatter", pretty)
    print(f"{'console / pretty (a run with no failures)':<52} ratio  {ours / theirs:8.3f}")

    from harness.browsers import browser
    from harness.config import load_config
    from harness.results.artifacts import _boxes, outlined

    rows = "".join(f"<tr><td>{n}: Item {n}</td></tr>" for n in range(1, 9))
    page = f"<h1>Your To-Do list</h1><table id='id_list_table'>{rows}</table>"
    driver = browser.start_browser(load_config({}, {}))
    try:
        driver.get("data:text/html;charset=utf-8," + page)
        png = driver.get_screenshot_as_png()
        plain = timed(driver.get_screenshot_as_png, repeats)
        drawn = timed(lambda: outlined(png, _boxes(driver, "#id_list_table")), repeats)
    finally:
        browser.quit_browser(driver)
    shot = report("failure screenshot (1024x768), taken", plain, "ms", 1000)
    outline = report("  its outline, per failed step", drawn, "ms", 1000)
    print(f"{'outline / screenshot':<52} ratio  {outline / shot:8.3f}")


def bench_engines(runs: int) -> None:
    """The suite in WebKit and in both engines at once, each against the
    Chromium suite, the three interleaved."""
    chromium: list[float] = []
    webkit: list[float] = []
    both: list[float] = []
    for _ in range(runs):
        chromium += suite_wall(1)
        webkit += suite_wall(1, "-D", "browser=webkit")
        both.append(parallel_wall(2, "-D", "browsers=chromium,webkit")[0])
    alone = report("Chromium suite, wall", chromium)
    other = report("WebKit suite, wall", webkit)
    print(f"{'WebKit suite / Chromium suite':<52} ratio  {other / alone:8.3f}")
    together = report("both engines, one parallel run (2 workers), wall", both)
    print(f"{'both engines in parallel / Chromium suite alone':<52} ratio  {together / alone:8.3f}")


def bench_accessibility(runs: int) -> None:
    """The suite with audits failing on problems against the suite without
    them, interleaved; and what the audits covered (the run's closing line)."""
    on: list[float] = []
    off: list[float] = []
    closing = ""
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [str(ROOT / ".venv/bin/behave"), "-f", "null", "--no-junit", "--no-summary",
             "-D", "accessibility=fail"],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        on.append(time.perf_counter() - start)
        closing = next(
            (line for line in done.stderr.splitlines() if line.startswith("accessibility:")), ""
        )
        off += suite_wall(1, "-D", "accessibility=off")
    with_audits = report("suite with accessibility=fail", on)
    without = report("suite with accessibility=off", off)
    print(f"{'accessibility=fail / off':<52} ratio  {with_audits / without:8.3f}")
    found = re.search(r"(\d+) page states? audited(?: \((\d+) audits\))?", closing)
    if found:
        states = int(found.group(1))
        audits = int(found.group(2) or states)
        print(f"{'audits per run / distinct page states':<52} {audits} / {states}")


def bench_authoring(repeats: int) -> None:
    """What a product owner waits for: "did you mean" for 100 undefined steps
    (the step registry and catalogue loaded once, as a run does), how right
    it is over the near misses of harness/testing/near_misses.py (and how long
    each takes), and `make lint-features` over features/ (a process of its
    own, behave-lint's included)."""
    from harness.authoring import catalogue
    from harness.authoring.suggestions import Suggester, measure
    from harness.testing.near_misses import NEAR_MISSES

    catalogue.load_steps()
    suggester = Suggester.from_catalogue()
    steps = [f'Edith adds item {n} "thing {n}" to a list' for n in range(100)]
    report(
        '"did you mean" for 100 undefined steps',
        timed(lambda: [suggester.suggest("When", step) for step in steps], repeats),
    )
    runs = [measure(NEAR_MISSES, suggester) for _ in range(repeats)]
    figures = runs[0]
    print(f'"did you mean" over {figures.rows} near misses (harness/testing/near_misses.py):')
    for name, value in (
        ("intended step among the suggestions (top 3)", f"{figures.top3:.1%}"),
        ("intended step first", f"{figures.first:.1%}"),
        ("unrelated sentences answered nothing close", f"{figures.unrelated_nothing_close:.1%}"),
        ("opposite offered first (inverted), rows", str(figures.inverted_first)),
    ):
        print(f"  {name:<50} {value:>8}")
    report("  time per suggestion", [f.ms_per_suggestion for f in runs], unit="ms")
    lint = [str(ROOT / ".venv/bin/python"), "-m", "harness.authoring.feature_style"]
    report(
        "lint-features over features/ (whole process)",
        timed(lambda: subprocess.run(lint, cwd=ROOT, check=True, capture_output=True), 5),
    )


def bench_staging(runs: int, repeats: int) -> None:
    """Staging figures: the hosts built from nothing and from cache, then a
    staging deploy measured against the local suite in this same run. The
    hosts are removed at the end, whatever happened."""
    from deploy.containers import find_engine
    from staging_host import IMAGE

    host = [sys.executable, "-m", "staging_host"]
    engine = find_engine("podman")
    subprocess.run([*host, "down"], check=True, stdout=subprocess.DEVNULL)
    engine.run("rmi", "--force", IMAGE, timeout=120)
    try:
        up = [*host, "up"]
        report("staging hosts from nothing (image + boot)", timed(lambda: _quiet(up), 1))
        report("staging hosts again, from the cached image", timed(lambda: _quiet(up), 3))
        environ = _staging_env()
        os.environ.update(environ)
        subprocess.run(
            [str(ROOT / ".venv/bin/fab"), "-H", environ["SUPERLISTS_STAGING"], "-i",
             environ["SUPERLISTS_STAGING_KEY"], "deploy", "--staging",
             "--cert", environ["SUPERLISTS_STAGING_CERT"],
             "--key", environ["SUPERLISTS_STAGING_CERT_KEY"]],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        staging_ca = Path(environ["SUPERLISTS_STAGING_CA"])
        report_fixture_costs(
            "staging", fixture_costs(lambda: named_server("staging"), repeats, ca=staging_ca)
        )
        report("email round trip: link requested -> read over IMAPS", email_round_trips(repeats))
        local, staging = [], []
        for _ in range(runs):  # interleaved: like with like
            local += suite_wall(1)
            staging += suite_wall(1, "-D", "server=staging")
        here = report("local suite, wall (beside staging's)", local)
        there = report("staging suite over https, wall (excluding deploy)", staging)
        print(f"{'staging / local suite wall':<52} ratio  {there / here:8.2f}")
    finally:
        subprocess.run([*host, "down"], stdout=subprocess.DEVNULL)


def bench_deploys(before: str) -> None:
    """Production safety on the staging hosts (built for it, removed after)."""
    import shutil

    host = [sys.executable, "-m", "staging_host"]
    scratch = Path(tempfile.mkdtemp(prefix="bench-deploys-"))
    try:
        old = _variant(scratch, "before", before)
        firsts: dict[str, list[float]] = {"before": [], "after": []}
        agains: dict[str, list[float]] = {"before": [], "after": []}
        for order in (("before", "after"), ("after", "before")):  # take turns going first
            for which in order:
                _quiet([*host, "up"])
                environ = _staging_env()
                os.environ.update(environ)
                folder = old if which == "before" else ROOT
                firsts[which] += _deploy_times(folder, environ, 1)
                agains[which] += _deploy_times(folder, environ, 2)
        for which in ("before", "after"):
            named = before if which == "before" else "this tree"
            report(f"a deploy to a bare host, {which} ({named})", firsts[which])
            report(f"a redeploy, {which}", agains[which])
        ratio = statistics.median(agains["after"]) / statistics.median(agains["before"])
        print(f"{'a redeploy, after / before':<52} ratio  {ratio:8.2f}", flush=True)
        environ = _staging_env()
        url, ca = environ["SUPERLISTS_STAGING_URL"] + "/", environ["SUPERLISTS_STAGING_CA"]
        polled = _polled(url, ca, lambda: _deploy(ROOT, environ))
        print(f"{'a redeploy under a 50 ms poller':<52} {polled}", flush=True)
        broken = _variant(scratch, "broken-boot", "HEAD", _BREAK_UNDER_SYSTEMD)
        polled = _polled(url, ca, lambda: _deploy(broken, environ, check=False))
        print(f"{'a release that cannot boot, switched back':<52} {polled}", flush=True)
        report("kill -9 of nginx's master: the site answers again", _nginx_kills(url, ca, 3))
        _hung_mail_figures(url, ca)
    finally:
        subprocess.run([*host, "down"], stdout=subprocess.DEVNULL)
        shutil.rmtree(scratch, ignore_errors=True)


#: A release whose app raises at import under systemd only (INVOCATION_ID is
#: systemd's): the deploy's own checks over SSH pass, the service cannot start.
_BREAK_UNDER_SYSTEMD = """
import pathlib
wsgi = pathlib.Path("superlists/wsgi.py")
wsgi.write_text(wsgi.read_text().replace(
    "from django.core.wsgi",
    "if 'INVOCATION_ID' in os.environ:\\n    raise RuntimeError('cannot start under systemd')\\n"
    "from django.core.wsgi", 1))
"""


def _variant(scratch: Path, name: str, commit: str, edit: str = "") -> Path:
    """A clone of this checkout at `commit`, with `edit` (Python) committed."""
    folder = scratch / name
    subprocess.run(["git", "clone", "-q", str(ROOT), str(folder)], check=True)
    subprocess.run(["git", "checkout", "-q", commit], cwd=folder, check=True)
    (folder / "build").symlink_to(ROOT / "build")  # the wheels built here
    if edit:
        subprocess.run([sys.executable, "-c", edit], cwd=folder, check=True)
        subprocess.run(
            ["git", "-c", "user.email=bench@here", "-c", "user.name=bench", "commit", "-qam", name],
            cwd=folder, check=True,
        )  # fmt: skip
    return folder


def _deploy_times(folder: Path, environ: dict[str, str], repeats: int) -> list[float]:
    return timed(lambda: _deploy(folder, environ), repeats)


def _deploy(folder: Path, environ: dict[str, str], check: bool = True) -> None:
    """`fab deploy` of production from the checkout in `folder`."""
    subprocess.run(
        [str(ROOT / ".venv/bin/fab"), "-H", environ["SUPERLISTS_STAGING"], "-i",
         environ["SUPERLISTS_STAGING_KEY"], "deploy",
         "--cert", environ["SUPERLISTS_STAGING_CERT"],
         "--key", environ["SUPERLISTS_STAGING_CERT_KEY"]],
        cwd=folder, check=check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _polled(url: str, ca: str, action: Callable[[], object]) -> str:
    """What `staging_host.poll` saw while `action` ran."""
    import signal

    poller = subprocess.Popen(
        [sys.executable, "-m", "staging_host.poll", url, ca],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        time.sleep(0.5)
        action()
        time.sleep(0.5)
    finally:
        poller.send_signal(signal.SIGTERM)
        said, _ = poller.communicate(timeout=30)
    return said.strip().removeprefix("poll: ")


def _on_web_host(command: str) -> str:
    from deploy.containers import find_engine
    from staging_host import WEB

    result = find_engine("podman").run("exec", WEB.container, "sh", "-c", command)
    return str(result.stdout).strip()


def _answers_200(url: str, ca: str) -> bool:
    import ssl
    import urllib.request

    context = ssl.create_default_context(cafile=ca)
    try:
        with urllib.request.urlopen(url, context=context, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _nginx_kills(url: str, ca: str, repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        pid = _on_web_host("systemctl show -p MainPID --value nginx.service")
        start = time.perf_counter()
        _on_web_host(f"kill -9 {pid}")
        while not _answers_200(url, ca) or _on_web_host(
            "systemctl show -p MainPID --value nginx.service"
        ) in (pid, "0"):
            if time.perf_counter() - start > 30:
                raise RuntimeError("nginx did not come back within 30 s")
            time.sleep(0.05)
        samples.append(time.perf_counter() - start)
    return samples


def _hung_mail_figures(url: str, ca: str) -> None:
    """Three people ask for a login link while the mail server accepts and
    never answers; meanwhile the home page is loaded again and again."""
    import http.cookiejar
    import ssl
    import threading
    import urllib.parse
    import urllib.request

    from deploy.containers import find_engine
    from staging_host import MAIL

    engine = find_engine("podman")
    # Postfix stopped (its master is postfix@-), and in its place a listener
    # that accepts connections and never says a word.
    hang = (
        "systemctl reset-failed bench-hung-smtp 2>/dev/null; systemctl stop postfix@- postfix"
        " && systemd-run --unit=bench-hung-smtp python3 -c 'import socket; "
        'server = socket.create_server(("0.0.0.0", 587)); '
        "held = [server.accept() for _ in range(1000)]'"
    )
    engine.run("exec", MAIL.container, "sh", "-c", hang)
    context = ssl.create_default_context(cafile=ca)
    asked: list[tuple[float, bool]] = []

    def ask(number: int) -> None:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context), urllib.request.HTTPCookieProcessor(jar)
        )
        opener.open(url, timeout=30).read()
        token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "email": f"hung{number}@example.com"}
        ).encode()
        request = urllib.request.Request(
            url + "accounts/send_login_email", data=form, headers={"Referer": url}
        )
        start = time.perf_counter()
        page = opener.open(request, timeout=60).read().decode()
        asked.append((time.perf_counter() - start, "could not send your login link" in page))

    try:
        threads = [threading.Thread(target=ask, args=(n,)) for n in range(3)]
        for thread in threads:
            thread.start()
        time.sleep(0.5)  # the three are waiting on the mail server now
        home: list[float] = []
        while any(thread.is_alive() for thread in threads) and len(home) < 40:
            start = time.perf_counter()
            _answers_200(url, ca)
            home.append(time.perf_counter() - start)
            time.sleep(0.05)
        for thread in threads:
            thread.join(timeout=60)
        if not home:
            raise RuntimeError("the link requests did not wait on the mail server: is it hung?")
        report("home page while 3 link requests wait on hung mail", home)
        friendly = sum(1 for _, said in asked if said)
        report(f"a link request on hung mail ({friendly} of 3 told 'could not send')",
               [seconds for seconds, _ in asked])  # fmt: skip
    finally:
        engine.run(
            "exec", MAIL.container, "sh", "-c",
            "systemctl stop bench-hung-smtp; systemctl start postfix@- postfix",
        )  # fmt: skip


def _quiet(command: list[str]) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def _staging_env() -> dict[str, str]:
    """.staging/env, as `set -a; . .staging/env` would export it."""
    from deploy.site_layout import read_env

    return read_env((ROOT / ".staging" / "env").read_text())


def email_round_trips(repeats: int) -> list[float]:
    """Seconds from asking the site for a login link (through the fixture
    process: the site's own view code and SMTP) to the email being readable
    by the harness over IMAPS, polled as the suite polls."""
    from harness.run.wait import POLL_INTERVAL

    server = named_server("staging")
    samples = []
    try:
        for number in range(repeats):
            server.reset_database()  # type: ignore[attr-defined]
            to = f"bench{number}@example.com"
            start = time.perf_counter()
            server.send_login_links(to, 1)  # type: ignore[attr-defined]
            while server.latest_email(to) is None:  # type: ignore[attr-defined]
                if time.perf_counter() - start > 10:
                    raise RuntimeError(f"no email to {to} within 10 s")
                time.sleep(POLL_INTERVAL)
            samples.append(time.perf_counter() - start)
    finally:
        server.close()  # type: ignore[attr-defined]
    return samples


def named_server(name: str) -> object:
    """The server behave.ini calls `name`, opened as a run would open it."""
    import configparser

    from harness.config import load_config
    from harness.server import open_server

    ini = configparser.ConfigParser(interpolation=None)
    ini.read(ROOT / "behave.ini")
    config = load_config(dict(ini["behave.userdata"]), {"server": name})
    return open_server(config, Path("unused-by-remote-servers"))


def bench_container(runs: int, repeats: int) -> None:
    """Figures for the app in `make container`'s container."""
    rebuilds = timed(
        lambda: subprocess.run(
            [sys.executable, "scripts/container", "build"], check=True, stdout=subprocess.DEVNULL
        ),
        3,
    )
    report("container image rebuild, no changes", rebuilds)
    server = named_server("container")
    try:
        server.reset_database()  # type: ignore[attr-defined]
        report(
            "container fixture round trip (create_session)",
            timed(lambda: server.create_session("edith@example.com"), repeats),  # type: ignore[attr-defined]
            "ms",
            1000,
        )
    finally:
        server.close()  # type: ignore[attr-defined]
    report_fixture_costs("container", fixture_costs(lambda: named_server("container"), repeats))
    # Interleaved in this one run, so the ratio compares like with like.
    local, container = [], []
    for _ in range(runs):
        local += suite_wall(1)
        container += suite_wall(1, "-D", "server=container")
    here = report("local suite, wall (again, beside the container's)", local)
    there = report("container suite, wall", container)
    print(f"{'container / local suite wall':<52} ratio  {there / here:8.2f}")


if __name__ == "__main__":
    main()
