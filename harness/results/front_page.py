"""The report's front page and each scenario's history marks, as HTML.

A stakeholder walk-through starts here: the run's verdict, a table of the
features with their counts (a column group per engine in a two-engine run),
what changed since the previous run, the flaky and slow scenarios, and the
trend of the last runs as an inline chart (SVG; nothing is loaded from
outside). Every text that comes from a feature, a scenario or the history is
escaped: names are the product owners' words, and may hold any character.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from harness.results.history import Changes, Insight, Mark, RunRecord, ScenarioRun

#: What a person reads for each of behave's statuses.
WORDS = {
    "passed": "passed",
    "failed": "failed",
    "skipped": "skipped",
    "untested": "not run",
    "undefined": "not in the step catalogue",
}
#: A mark per status in a scenario's row of past runs (with words for screen readers).
SYMBOLS = {"passed": "✓", "failed": "✗", "undefined": "?"}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class Shown:
    """A scenario of this run as the front page shows it: its run, where it
    is on the page, and what the history says of it."""

    run: ScenarioRun
    anchor: str
    flaky: str = ""
    #: "took 4.1 s, usually 1.2 s", when it doubled its usual time.
    slow: str = ""


def shown_scenarios(
    run: RunRecord, anchors: Callable[[ScenarioRun], str], insight: Insight | None
) -> list[Shown]:
    """Each scenario of `run`, with its anchor and its flaky and slow notes."""
    shown = []
    for scenario in run.scenarios:
        flaky = insight.flaky(scenario) if insight is not None else None
        usual = insight.slow(scenario) if insight is not None else None
        note = flaky.sentence() if flaky else ""
        if scenario.retried and not note:
            note = "passed only after a retry in this run"
        slow = f"took {scenario.seconds:.1f} s, usually {usual:.1f} s" if usual is not None else ""
        shown.append(Shown(scenario, anchors(scenario), note, slow))
    return shown


def engine_name(engine: str) -> str:
    """An engine as people write it: "chromium" is Chromium, "webkit" WebKit."""
    return {"chromium": "Chromium", "webkit": "WebKit"}.get(engine, engine)


def _status_class(status: str) -> str:
    return status if status in ("passed", "failed", "undefined") else "skipped"


# -- the front page --------------------------------------------------------------


def front_page(
    run: RunRecord,
    shown: Sequence[Shown],
    features: Sequence[tuple[str, str]],
    insight: Insight | None,
) -> str:
    """The whole front page. `features` are (name, anchor) in page order."""
    return "".join(
        (
            '<section class="front-page" id="front-page" aria-labelledby="front-page-title">',
            _verdict(run, shown),
            _feature_table(run, shown, features),
            _changes(insight.changes()) if insight is not None else _no_history(),
            _watch_list(shown),
            _trend(insight.trend()) if insight is not None else "",
            "</section>",
        )
    )


def verdict_sentence(run: RunRecord) -> tuple[str, str]:
    """(status, sentence): the run's verdict in one line."""
    total = len(run.scenarios)
    failed = run.count("failed")
    undefined = run.count("undefined")
    ran = run.count("passed", "failed", "undefined")
    if failed or undefined:
        parts = []
        if failed:
            parts.append(f"{failed} of {total} scenarios failed")
        if undefined:
            parts.append(f"{undefined} use sentences not in the step catalogue")
        return "failed", "Failed: " + "; ".join(parts)
    if ran == 0:
        return "skipped", f"Nothing ran: all {total} scenarios were skipped"
    return "passed", f"Passed: all {ran} scenarios that ran passed"


def _verdict(run: RunRecord, shown: Sequence[Shown]) -> str:
    status, sentence = verdict_sentence(run)
    counts = ", ".join(
        f"{n} {WORDS[s]}"
        for s in ("passed", "failed", "undefined", "skipped", "untested")
        if (n := run.count(s))
    )
    flaky = sum(1 for s in shown if s.flaky)
    extra = f"; {flaky} flaky" if flaky else ""
    took = _duration(run.seconds)
    return (
        f'<h2 class="verdict {status}" id="front-page-title">{_e(sentence)}</h2>'
        f'<p class="verdict-detail">{_e(counts)}{extra}, in {took}.</p>'
    )


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{seconds:.1f} s"


def _feature_table(
    run: RunRecord, shown: Sequence[Shown], features: Sequence[tuple[str, str]]
) -> str:
    engines = list(run.engines) if len(run.engines) > 1 else [""]
    columns = ("passed", "failed", "flaky", "skipped")
    head_top = ""
    if engines != [""]:
        head_top = (
            '<tr><th rowspan="2" scope="col">Feature</th>'
            + "".join(
                f'<th colspan="{len(columns)}" scope="colgroup">{_e(engine_name(e))}</th>'
                for e in engines
            )
            + "</tr>"
        )
        head = (
            "<tr>"
            + "".join(f'<th scope="col">{c.capitalize()}</th>' for _ in engines for c in columns)
            + "</tr>"
        )
    else:
        head = (
            '<tr><th scope="col">Feature</th>'
            + "".join(f'<th scope="col">{c.capitalize()}</th>' for c in columns)
            + "</tr>"
        )
    rows = []
    totals = {(e, c): 0 for e in engines for c in columns}
    for name, anchor in features:
        cells = []
        worst = "passed"
        for engine in engines:
            mine = [
                s for s in shown if s.run.feature == name and (not engine or s.run.engine == engine)
            ]
            counts = _counts(mine)
            for c in columns:
                totals[(engine, c)] += counts[c]
                cells.append(f'<td class="{c if counts[c] else "zero"}">{counts[c]}</td>')
            if counts["failed"]:
                worst = "failed"
            elif counts["passed"] == 0 and worst != "failed":
                worst = "skipped"
        rows.append(
            f'<tr class="{worst}"><th scope="row"><a href="#{_e(anchor)}">{_e(name)}</a></th>'
            + "".join(cells)
            + "</tr>"
        )
    foot = (
        '<tr><th scope="row">All features</th>'
        + "".join(f"<td>{totals[(e, c)]}</td>" for e in engines for c in columns)
        + "</tr>"
    )
    return (
        '<h3>Features</h3><table class="feature-table">'
        f"<thead>{head_top}{head}</thead><tbody>{''.join(rows)}</tbody><tfoot>{foot}</tfoot></table>"
        '<p class="table-note">Flaky counts scenarios that both passed and failed on the same '
        "code in their last runs (or passed only after a retry); they are also counted as passed "
        "or failed.</p>"
    )


def _counts(shown: Sequence[Shown]) -> dict[str, int]:
    statuses = [s.run.status for s in shown]
    return {
        "passed": statuses.count("passed"),
        "failed": statuses.count("failed") + statuses.count("undefined"),
        "flaky": sum(1 for s in shown if s.flaky),
        "skipped": statuses.count("skipped") + statuses.count("untested"),
    }


def _no_history() -> str:
    return '<h3>Since the previous run</h3><p class="changes">History is off for this report.</p>'


def _changes(changes: Changes) -> str:
    title = "<h3>Since the previous run</h3>"
    previous = changes.previous
    if previous is None:
        return f'{title}<p class="changes">This is the first run in this report\'s history.</p>'
    when = f"{previous.started.replace('T', ' ').removesuffix('Z')} UTC"
    commit = f", commit {previous.commit[:12]}" if previous.commit else ""
    intro = f'<p class="changes">Compared with the run of {_e(when)}{_e(commit)}.</p>'
    if not changes.any:
        same = "Nothing changed: the same scenarios, with the same results."
        return f'{title}{intro}<p class="changes">{same}</p>'
    groups = (
        ("New failures", changes.new_failures, "failed"),
        ("Fixed", changes.fixed, "passed"),
        ("New scenarios", changes.added, ""),
        ("Removed scenarios", changes.removed, ""),
    )
    items = []
    for label, scenarios, cls in groups:
        if not scenarios:
            continue
        names = "".join(f"<li>{_named(s)}</li>" for s in scenarios)
        items.append(f'<li class="{cls}">{label} ({len(scenarios)}):<ul>{names}</ul></li>')
    return f'{title}{intro}<ul class="changes">{"".join(items)}</ul>'


def _named(scenario: ScenarioRun) -> str:
    engine = f" ({_e(engine_name(scenario.engine))})" if scenario.engine else ""
    return f"{_e(scenario.feature)}: {_e(scenario.scenario)}{engine}"


def _watch_list(shown: Sequence[Shown]) -> str:
    flaky = [s for s in shown if s.flaky]
    slow = [s for s in shown if s.slow]
    if not flaky and not slow:
        return ""
    items = [
        f'<li class="{cls}"><a href="#{_e(s.anchor)}">{_named(s.run)}</a>: {cls}, {_e(note)}</li>'
        for cls, group in (("flaky", flaky), ("slow", slow))
        for s in group
        for note in [s.flaky if cls == "flaky" else s.slow]
    ]
    return f'<h3>Flaky and slow scenarios</h3><ul class="watch-list">{"".join(items)}</ul>'


# -- the trend -------------------------------------------------------------------

_WIDTH, _HEIGHT, _GAP = 640, 140, 2
#: A few runs make narrow bars, not a wall of colour.
_WIDEST_BAR = 40.0


def _trend(runs: Sequence[RunRecord]) -> str:
    """Stacked bars of each run's counts, and a line of its duration."""
    if not runs:
        return ""
    most = max(len(r.scenarios) for r in runs) or 1
    longest = max(r.seconds for r in runs) or 1.0
    step = _WIDTH / len(runs)
    bar = min(max(step - _GAP, 1.0), _WIDEST_BAR)
    parts = []
    points = []
    for i, run in enumerate(runs):
        x = i * step
        passed, failed = run.count("passed"), run.count("failed", "undefined")
        skipped = len(run.scenarios) - passed - failed
        y = float(_HEIGHT)
        title = (
            f"{run.started.replace('T', ' ').removesuffix('Z')} UTC"
            + (f", commit {run.commit[:12]}" if run.commit else "")
            + f": {passed} passed, {failed} failed, {skipped} skipped, {run.seconds:.1f} s"
        )
        rects = []
        for count, cls in ((passed, "passed"), (failed, "failed"), (skipped, "skipped")):
            if not count:
                continue
            height = count / most * (_HEIGHT - 10)
            y -= height
            place = f'x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}"'
            rects.append(f'<rect class="{cls}" {place}/>')
        parts.append(f"<g><title>{_e(title)}</title>{''.join(rects)}</g>")
        points.append(f"{x + bar / 2:.1f},{_HEIGHT - run.seconds / longest * (_HEIGHT - 10):.1f}")
    line = f'<polyline class="duration" points="{" ".join(points)}"/>'
    first, last = runs[0], runs[-1]
    failing = sum(1 for r in runs if r.count("failed", "undefined"))
    if len(runs) == 1:
        summary = (
            f"One run so far ({'with failures' if failing else 'every scenario passing'}), "
            f"of {longest:.1f} s, begun {first.started}."
        )
    else:
        summary = (
            f"The last {len(runs)} runs: {len(runs) - failing} with every scenario passing, "
            f"{failing} with failures; the suite took {min(r.seconds for r in runs):.1f} to "
            f"{longest:.1f} s. The first shown began {first.started}, the last {last.started}."
        )
    return (
        '<h3>Trend</h3><figure class="trend">'
        f'<svg role="img" aria-label="{_e(summary)}" viewBox="0 0 {_WIDTH} {_HEIGHT}" '
        f'width="{_WIDTH}" height="{_HEIGHT}" preserveAspectRatio="none">'
        f"{''.join(parts)}{line}</svg>"
        f"<figcaption>{_e(summary)} Bars: scenarios passed (green), failed (red), skipped "
        "(grey); line: the suite's duration.</figcaption></figure>"
    )


# -- a scenario's marks ------------------------------------------------------------


def history_marks(marks: Sequence[Mark], flaky: str, slow: str) -> str:
    """A scenario's last runs as a row of marks (oldest first), with its flaky
    and slow notes; shown beside its tags."""
    if not marks:
        return ""
    spans = []
    for mark in marks:
        when = f"{mark.started.replace('T', ' ').removesuffix('Z')} UTC"
        commit = f", commit {mark.commit[:12]}" if mark.commit else ""
        word = WORDS.get(mark.status, mark.status)
        spans.append(
            f'<span class="mark {_status_class(mark.status)}" title="{_e(when + commit)}: '
            f'{_e(word)} ({mark.seconds:.1f} s)">{SYMBOLS.get(mark.status, "–")}</span>'
        )
    words = ", ".join(WORDS.get(m.status, m.status) for m in marks)
    notes = "".join(
        f'<span class="{cls}-note">{_e(text)}</span>'
        for cls, text in (("flaky", f"flaky: {flaky}" if flaky else ""), ("slow", slow))
        if text
    )
    return (
        f'<div class="scenario-tags history-marks" role="img" '
        f'aria-label="last {len(marks)} runs, oldest first: {_e(words)}">'
        f"{''.join(spans)}</div>{notes}"
    )
