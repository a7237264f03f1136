"""`python -m scripts.bench`: which figures to take, from the command line,
in the order that keeps them comparable."""

from __future__ import annotations

import argparse
import os

import scripts.bench
from deploy import PROJECT
from scripts.bench.container import bench_container
from scripts.bench.deploys import bench_deploys
from scripts.bench.local import bench_local_fixtures, bench_local_suite
from scripts.bench.report import bench_living
from scripts.bench.staging import bench_staging
from scripts.bench.steps import bench_steps
from scripts.bench.suite import (
    bench_accessibility,
    bench_authoring,
    bench_engines,
    bench_failures,
)


def arguments() -> argparse.Namespace:
    """The command line: how many runs, and which groups of figures."""
    description = (scripts.bench.__doc__ or "").splitlines()[0]
    parser = argparse.ArgumentParser(prog="python -m scripts.bench", description=description)
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
    return parser.parse_args()


def main() -> None:
    """Take the figures the command line asks for, printing each as it comes."""
    args = arguments()
    os.chdir(PROJECT)
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
    bench_local_suite(args.runs, args.grid)
    bench_living(args.runs)
    bench_steps(args.runs, args.steps_before)
    bench_accessibility(args.runs)
    # After the accessibility figures: the two-engine runs load both cores
    # hardest, and the runs just after them were the slower (a 1.09 ratio read
    # as 1.17 when measured after them).
    bench_engines(args.runs)
    bench_authoring(args.repeats)
    bench_failures(args.runs, args.repeats)
    bench_local_fixtures(args.repeats)
    if args.container:
        bench_container(args.runs, args.repeats)
    if args.staging:
        bench_staging(args.runs, args.repeats)
        bench_deploys(args.before)


if __name__ == "__main__":
    main()
