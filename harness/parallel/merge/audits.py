"""The workers' accessibility audits as one run's: each page state once per engine."""

from __future__ import annotations

from harness.audits import accessibility
from harness.parallel.workers import ACCESSIBILITY_RECORD, Worker


def merged_audits(workers: list[Worker]) -> dict[str, accessibility.Audit]:
    """Every page state the workers audited, once per engine: as the first
    worker (by number) in that engine to meet it recorded it. (One engine's
    audit of a state says nothing of another's: a problem may be WebKit's alone.)"""
    merged: dict[str, accessibility.Audit] = {}
    for worker in workers:
        for key, audit in accessibility.read_record(worker.folder / ACCESSIBILITY_RECORD).items():
            merged.setdefault(f"{worker.engine} {key}", audit)
    return merged
