"""Accessibility audits: axe-core, in the browser, on the pages scenarios visit.

axe-core (npm, pinned in package.json and its lock) checks a page against
WCAG 2.0 and 2.1, levels A and AA. The harness runs it after any step that
may have changed what a browser shows, but audits each distinct *page state*
only once per run: the route (the path, with ids and addresses as "…"), the
heading, the messages on show (alerts and live regions), and which controls
the page offers. So a run that opens forty lists audits the list page once,
and the audits cost about a tenth of a run's time (`make bench` measures it).

What a problem does depends on the run's `accessibility` setting: `fail`
fails the scenario that first met it, `report` only reports it, `off`
audits nothing. The step "Then the page Edith sees has no accessibility
problems" audits the page at once, whatever the setting.

axe is given to a page as a script of its own: fetched by the browser from
a small server of the run's (`AxeServer`, on 127.0.0.1) and kept in its
cache, or, where the page may not load it (a content policy, a browser on
another machine), sent with the audit.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import cached_property
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from harness.browsers.devtools import DevToolsUnavailable, page_socket
from harness.browsers.engines import engine_label, speaks_devtools
from harness.run.errors import HarnessError
from harness.run.failures import Mismatch
from harness.run.junit_notes import add_output, update_testcases
from harness.run.paths import PROJECT

AXE_PACKAGE = PROJECT / "node_modules" / "axe-core"
#: The WCAG levels audited: 2.0 and 2.1, A and AA.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
INSTALL_HINT = "run `npm ci` in the project (`make acceptance` does it)"

#: One round trip (a function of seen keys, axe's URL, WCAG tags): the page
#: state the browser shows and, if its key is not among those seen, axe's
#: audit of it. It waits for the page to finish loading (DevTools does not).
#: A path segment with a digit, "@" or "%" is an id or an address, so every
#: list page is one route. Messages count by kind (their role and classes,
#: which decide how they look), not by wording: "Invalid login link" and "Too
#: many login links" are one state. axe comes from `axeUrl` by a script
#: element (the browser's cache then serves every later page); where that
#: fails, the answer asks for the script itself.
_CHECK = """async (seen, axeUrl, tags) => {
  if (document.readyState !== "complete") {
    await new Promise(resolve => addEventListener("load", resolve, {once: true}));
  }
  const shown = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
  const text = e => e.innerText.replace(/\\s+/g, " ").trim();
  const heading = document.querySelector("h1");
  const messages = [...document.querySelectorAll(
    "[role=alert], [role=status], [aria-live]:not([aria-live=off])")]
    .filter(e => shown(e) && text(e));
  const state = {
    route: location.pathname.split("/").map(s => /[0-9@%]/.test(s) ? "…" : s).join("/"),
    heading: heading ? text(heading) : "",
    messages: messages.map(e => `${e.getAttribute("role") || "live"} ${e.className}`.trim()),
    controls: [...new Set(
      [...document.querySelectorAll("a[href], button, input, select, textarea")]
        .filter(e => e.type !== "hidden")
        .map(e => e.id || e.name || e.tagName.toLowerCase()))].sort(),
  };
  const key = JSON.stringify(state);
  if (seen.includes(key)) { return {key}; }
  state.messages = messages.map(text);  // shown in reports as a person reads them
  if (typeof window.axe === "undefined" && axeUrl) {
    await new Promise(resolve => {
      const script = document.createElement("script");
      const timer = setTimeout(resolve, 1000);
      script.onload = script.onerror = () => { clearTimeout(timer); resolve(); };
      script.src = axeUrl;
      (document.head || document.documentElement).appendChild(script);
    });
  }
  if (typeof window.axe === "undefined") { return {key, state, needsAxe: true}; }
  try {
    const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                            resultTypes: ["violations"]});
    return {key, state, url: location.href, violations: result.violations.map(v => ({
      rule: v.id, impact: v.impact || "", help: v.help, url: v.helpUrl.split("?")[0],
      elements: v.nodes.map(n => n.target.join(" ")),
    }))};
  } catch (error) {
    return {key, state, error: String(error)};
  }
}"""


@dataclass(frozen=True)
class PageState:
    """What makes one page state differ from another, for auditing each once."""

    route: str
    heading: str
    messages: tuple[str, ...]
    controls: tuple[str, ...]

    def describe(self) -> str:
        """The state in a few words: route, heading and any message."""
        shows = f'heading "{self.heading}"' if self.heading else "no heading"
        said = "".join(f', message "{message}"' for message in self.messages)
        return f"{self.route} ({shows}{said})"


@dataclass(frozen=True)
class Problem:
    """One axe rule a page breaks, and where."""

    rule: str
    impact: str
    help: str
    url: str
    elements: tuple[str, ...]

    def describe(self) -> str:
        """`color-contrast (serious) on #id_logout: Elements must … (https://…)`."""
        impact = f" ({self.impact})" if self.impact else ""
        return f"{self.rule}{impact} on {', '.join(self.elements)}: {self.help} ({self.url})"


@dataclass(frozen=True)
class Audit:
    """One page state, audited: whose browser met it first, where, what broke."""

    state: PageState
    person: str
    url: str
    feature: str
    scenario: str
    problems: tuple[Problem, ...] = field(default=())
    #: The browser's engine and version ("WebKit 2.50.6"); empty if unknown.
    engine: str = ""

    @property
    def browser(self) -> str:
        """Whose browser, and which: "Edith's browser (WebKit 2.50.6)"."""
        return f"{self.person}'s browser" + (f" ({self.engine})" if self.engine else "")

    def failure(self) -> Mismatch:
        """The audit as a failed check: what is wrong in axe's own plain
        words, for everyone; the rules, elements and address for developers;
        the elements outlined in the screenshot."""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        said = "; ".join(dict.fromkeys(problem.help.rstrip(".") for problem in self.problems))
        failure = Mismatch(
            f"The page {self.person} sees has {count} accessibility {noun}: {said}.",
            focus=", ".join(e for problem in self.problems for e in problem.elements) or None,
            details=(self.message(),),
        )
        failure.person = self.person
        return failure

    def message(self) -> str:
        """The house style: whose browser, at which URL, showing what; then the problems."""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        shows = f'heading "{self.state.heading}"' if self.state.heading else "no heading"
        found = "; ".join(problem.describe() for problem in self.problems)
        return f"in {self.browser} at {self.url} ({shows}): {count} accessibility {noun}: {found}"


class AxeUnavailable(HarnessError):
    """axe-core is not installed, or a browser could not run it: one line."""


class Auditor:
    """The run's audits: each page state once, the problems found, counts."""

    def __init__(self, mode: str, serve_from: str | None = None) -> None:
        self.mode = mode
        #: Where browsers may fetch axe from (AxeServer), if anywhere.
        self.serve_from = serve_from
        #: Every page state audited, by the key its page computed for it.
        self.audits: dict[str, Audit] = {}
        #: Audits run: one per state, plus the step's own of states seen before.
        self.runs = 0

    @cached_property
    def source(self) -> str:
        """axe-core's script, read once; AxeUnavailable naming the fix if missing."""
        return read_axe()

    def use(self, server: AxeServer) -> None:
        """Have browsers fetch axe from `server`."""
        self.serve_from = server.url

    def audit_if_new(self, driver: WebDriver, person: str, where: tuple[str, str]) -> Audit | None:
        """Audit what `driver` shows if this run has not seen its state yet;
        the new audit, or None for a state already audited. `where` is the
        (feature, scenario) the audit happens in."""
        return self._check(driver, person, where, list(self.audits))

    def audit_now(self, driver: WebDriver, person: str, where: tuple[str, str]) -> Audit:
        """Audit what `driver` shows now, seen before or not."""
        audit = self._check(driver, person, where, [])
        assert audit is not None  # nothing counts as seen
        return audit

    def closing_lines(self) -> list[str]:
        """`accessibility: 6 page states audited, 0 problems`, then one line
        per page state with problems."""
        return closing_lines(self.audits.values(), self.runs)

    def _check(
        self, driver: WebDriver, person: str, where: tuple[str, str], seen: list[str]
    ) -> Audit | None:
        found = run_in_page(driver, _CHECK, seen, self.serve_from, list(WCAG_TAGS))
        if found.get("needsAxe"):
            driver.execute_script(self.source)
            found = run_in_page(driver, _CHECK, [], None, list(WCAG_TAGS))
        if "state" not in found and "error" not in found:
            return None  # seen before
        self.runs += 1
        if "error" in found or "violations" not in found:
            reason = found.get("error") or "axe-core did not load"
            raise AxeUnavailable(f"axe-core could not audit {person}'s page: {reason}")
        state = found["state"]
        audit = Audit(
            PageState(
                state["route"], state["heading"], tuple(state["messages"]), tuple(state["controls"])
            ),
            person,
            found["url"],
            *where,
            tuple(
                Problem(v["rule"], v["impact"], v["help"], v["url"], tuple(v["elements"]))
                for v in found["violations"]
            ),
            engine_label(driver),
        )
        self.audits.setdefault(found["key"], audit)
        return audit


def run_in_page(driver: WebDriver, function: str, *args: Any) -> dict[str, Any]:
    """Call the async JavaScript `function` with `args` in the page and
    return what it resolves to: over the page's own DevTools socket where
    there is one (~0.25 ms a round trip here), else over DevTools through the
    driver (~1.3 ms), else as WebDriver's async script, which is also the
    answer when DevTools' is not a clean one (a page replaced mid-call:
    WebDriver waits for the new one)."""
    expression = f"({function})(...{json.dumps(args)})"
    answer = _over_devtools(driver, expression)
    if answer is not None and "exceptionDetails" not in answer:
        return dict(answer["result"].get("value") or {})
    script = (
        "const done = arguments[arguments.length - 1];"
        f"({function})(...arguments[0]).then(done, e => done({{error: String(e)}}));"
    )
    return dict(driver.execute_async_script(script, list(args)) or {})


def _over_devtools(driver: WebDriver, expression: str) -> dict[str, Any] | None:
    socket = page_socket(driver)
    try:
        if socket is not None:
            return socket.evaluate(expression)
        if speaks_devtools(driver):
            params = {"expression": expression, "awaitPromise": True, "returnByValue": True}
            return dict(driver.execute_cdp_cmd("Runtime.evaluate", params))
    except DevToolsUnavailable:
        pass
    return None


def closing_lines(audits: Iterable[Audit], runs: int | None = None) -> list[str]:
    """The run's last word on accessibility: counts, then each state's problems.
    `runs`, the audits run, is told where it differs from the states."""
    audits = list(audits)
    states = len(audits)
    problems = sum(len(audit.problems) for audit in audits)
    noun = "state" if states == 1 else "states"
    found = "problem" if problems == 1 else "problems"
    extra = f" ({runs} audits)" if runs is not None and runs != states else ""
    return [
        f"accessibility: {states} page {noun} audited{extra}, {problems} {found}",
        *(
            f"  {audit.message()} (first met in {audit.scenario!r})"
            for audit in audits
            if audit.problems
        ),
    ]


def read_axe(package: Path = AXE_PACKAGE) -> str:
    """axe-core's minified script; AxeUnavailable, in one line, if it is not installed."""
    try:
        return (package / "axe.min.js").read_text(encoding="utf-8")
    except OSError:
        raise AxeUnavailable(f"axe-core is not installed in {package}: {INSTALL_HINT}") from None


def axe_version(package: Path = AXE_PACKAGE) -> str:
    """The installed axe-core's version, for the report."""
    try:
        return str(json.loads((package / "package.json").read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "not installed"


class AxeServer:
    """Serves axe-core's script on 127.0.0.1 for browsers on this machine to
    fetch once and keep in their cache: a page then loads it in ~10 ms, where
    sending 650 KB with each audit takes ~45 ms here."""

    def __init__(self, source: str) -> None:
        body = source.encode()
        self.version = re.sub(r"\W", "", axe_version()) or "axe"

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                if self.path == f"/{server.version}/axe.min.js":
                    # The version is in the path, so the file never changes there.
                    self._send(body, "text/javascript", "public, max-age=31536000, immutable")
                else:
                    self.send_error(404)

            def _send(self, content: bytes, kind: str, cache: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(content)))
                self.send_header("Cache-Control", cache)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass  # one line per fetch would only be noise

        server = self
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._http.daemon_threads = True
        self._thread = threading.Thread(
            target=self._http.serve_forever, name="axe-server", daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        """Where the script is."""
        return f"http://127.0.0.1:{self._http.server_address[1]}/{self.version}/axe.min.js"

    def close(self) -> None:
        """Stop serving."""
        self._http.shutdown()
        self._http.server_close()


def to_json(audits: dict[str, Audit]) -> dict[str, Any]:
    """A run's audits as JSON-ready data (a parallel worker hands its on)."""
    return {key: asdict(audit) for key, audit in audits.items()}


def from_json(data: dict[str, Any]) -> dict[str, Audit]:
    """Audits back from `to_json`'s data."""
    audits = {}
    for key, row in data.items():
        state = row["state"]
        audits[key] = Audit(
            PageState(
                state["route"], state["heading"], tuple(state["messages"]), tuple(state["controls"])
            ),
            row["person"],
            row["url"],
            row["feature"],
            row["scenario"],
            tuple(
                Problem(p["rule"], p["impact"], p["help"], p["url"], tuple(p["elements"]))
                for p in row["problems"]
            ),
            str(row.get("engine", "")),
        )
    return audits


def annotate_junit(folder: Path, audits: Iterable[Audit]) -> None:
    """Note each problem in the JUnit testcase of the scenario that met it
    (for a run that only reports them: a failed one says so already)."""
    found: dict[tuple[str, str], list[str]] = {}
    for audit in audits:
        if audit.problems:
            found.setdefault((audit.feature, audit.scenario), []).append(audit.message())

    def note(where: tuple[str, str], case: Any) -> bool:
        for message in found.get(where, []):
            add_output(case, f"accessibility: {message}")
        return where in found

    if found:
        update_testcases(folder, note, {feature for feature, _ in found})


def follow_steps(registry: Any, after: Callable[[Any], None]) -> Callable[[], None]:
    """Have every step in behave's `registry` call `after(context)` when it
    has passed, inside the step, so that what `after` raises fails that step
    as its own assertion would. Returns the function that undoes it.

    (behave's after_step hook runs once the step's result is settled: an
    AssertionError there is a hook error, not a failed step.)
    """
    replaced: list[tuple[Any, Callable[..., Any]]] = []
    wrappers: dict[Callable[..., Any], Callable[..., Any]] = {}  # one per step function
    for matchers in registry.steps.values():
        for matcher in matchers:
            original = matcher.func
            if original not in wrappers:
                wrappers[original] = _followed(original, after)
            matcher.func = wrappers[original]
            replaced.append((matcher, original))

    def undo() -> None:
        for matcher, original in replaced:
            matcher.func = original

    return undo


def _followed(step: Callable[..., Any], after: Callable[[Any], None]) -> Callable[..., Any]:
    @functools.wraps(step)
    def followed(context: Any, *args: Any, **kwargs: Any) -> Any:
        result = step(context, *args, **kwargs)
        after(context)
        return result

    return followed


def record(audits: dict[str, Audit], path: Path) -> None:
    """Write `audits` to `path` as JSON (for the parallel runner)."""
    path.write_text(json.dumps(to_json(audits), ensure_ascii=False), encoding="utf-8")


def read_record(path: Path) -> dict[str, Audit]:
    """The audits a run recorded at `path`; none if it wrote nothing readable."""
    try:
        return from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return {}
