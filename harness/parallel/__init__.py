"""Run the suite in N worker processes: `python -m harness.parallel -j N [behave args]`.

behave has no parallel runner (behave#235 is wontfix), so this one is small
and plain, in three parts:

1. **Plan** (`plan`). The suite as a plain `behave` run with the same
   arguments would hold it: behave's parser and `--dry-run` say which
   scenarios run (tags, paths and `-D` apply as usual), and `-D shard=I/N` is
   cut by the plain run's own function. Scenarios, not whole features, go to
   the workers longest first, each to the worker with the least work so far
   (durations from earlier runs, `reports/durations.json`; a scenario never
   timed counts as the median of those that were).
2. **Workers** (`workers`). Each is an ordinary `behave` run of its
   scenarios, with a run id of its own, hence its own scratch, test
   database, live server port, browsers and artifacts. It tells the runner of
   each scenario as it starts and ends (`lines`); the runner prints a line as
   each finishes.
3. **Merge** (`merge`). One JUnit set replaces `reports/TESTS-*.xml` and one
   `reports/acceptance.html` the last report, each as a plain run would have
   written them; the durations file learns this run's times. The exit status
   is non-zero if anything failed, or did not run.

Ctrl-C, SIGTERM or SIGHUP stop the run through `harness.run.interrupts`, like
every other run: every worker gets the signal (each quits its browsers and
server, and its watchdog catches anything left), nothing half-finished is
published, and the run exits 128+N within 2 s.
"""

from harness.browsers.grid import grid_slots
from harness.parallel.lines import MARK, ScenarioLines, scenario_key
from harness.parallel.merge import merge_junit, merge_report, publish, save_durations
from harness.parallel.plan import Suite, deal, load_durations, plan, plan_suite
from harness.parallel.planned import Planned
from harness.parallel.run import DURATIONS_FILE, main, parse_args
from harness.parallel.workers import (
    BEHAVE,
    BROWSERS_PER_WORKER,
    STOP_GRACE,
    Crew,
    Worker,
    in_file_order,
    instance_defines,
    stop_all,
    worker_options,
    worker_said,
)
from harness.run.paths import PROJECT

__all__ = [
    "BEHAVE",
    "BROWSERS_PER_WORKER",
    "DURATIONS_FILE",
    "MARK",
    "PROJECT",
    "STOP_GRACE",
    "Crew",
    "Planned",
    "ScenarioLines",
    "Suite",
    "Worker",
    "deal",
    "grid_slots",
    "in_file_order",
    "instance_defines",
    "load_durations",
    "main",
    "merge_junit",
    "merge_report",
    "parse_args",
    "plan",
    "plan_suite",
    "publish",
    "save_durations",
    "scenario_key",
    "stop_all",
    "worker_options",
    "worker_said",
]
