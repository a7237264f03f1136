"""The auditor: axe-core run in a browser's page, each page state once.

One round trip to the page tells the state it shows and, when the run has not
seen that state, axe's audit of it (`_CHECK`); the auditor keeps the run's
audits by the key the page computed for each state.
"""

from __future__ import annotations

import json
from functools import cached_property
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from harness.audits.axe_script import AxeScriptEndpoint, AxeUnavailable, read_axe
from harness.audits.records import Audit, PageState, Problem, closing_lines
from harness.browsers.devtools import DevToolsUnavailable, page_socket
from harness.browsers.engines import engine_label, speaks_devtools

#: The WCAG levels audited: 2.0 and 2.1, A and AA.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

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


class Auditor:
    """The run's audits: each page state once, the problems found, counts."""

    def __init__(self, mode: str, serve_from: str | None = None) -> None:
        self.mode = mode
        #: Where browsers may fetch axe from (AxeScriptEndpoint), if anywhere.
        self.serve_from = serve_from
        #: Every page state audited, by the key its page computed for it.
        self.audits: dict[str, Audit] = {}
        #: Audits run: one per state, plus the step's own of states seen before.
        self.runs = 0

    @cached_property
    def source(self) -> str:
        """axe-core's script, read once; AxeUnavailable naming the fix if missing."""
        return read_axe()

    def use(self, server: AxeScriptEndpoint) -> None:
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
