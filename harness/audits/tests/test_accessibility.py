"""Accessibility audits: real Chromium and real axe-core against a tiny local
site whose pages have known problems, and the plumbing around them."""

import json
from types import SimpleNamespace

import pytest

from harness.audits import records
from harness.audits.auditor import Auditor
from harness.audits.axe_script import AxeScriptEndpoint, AxeUnavailable, read_axe
from harness.audits.step_following import follow_steps
from harness.browsers import engines
from harness.config import load_config
from harness.run.errors import HarnessError
from harness.testing.tiny_site import QuietHandler, local_browser, serving

HEAD = b"<!DOCTYPE html><html lang='en'><head><title>site</title></head><body><main>"
PAGES = {
    # A box with no label, and grey text on white too faint to read.
    "/form": b"<h1>Form</h1><input id='q'><p style='color:#c0c0c0'>faint</p>",
    "/fine": b"<h1>Fine</h1><label for='q'>Search</label><input id='q'>",
    "/fine-with-message": b"<h1>Fine</h1><div role='alert'>Saved</div>"
    b"<label for='q'>Search</label><input id='q'>",
    "/lists/123/": b"<h1>A list</h1>",
    "/lists/456/": b"<h1>A list</h1>",
    "/lists/edith@example.com/": b"<h1>A list</h1>",
}


class Site(QuietHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        self.send_page(HEAD + PAGES.get(self.path, b"<h1>Nothing</h1>") + b"</main></body></html>")


@pytest.fixture(scope="module")
def site():
    with serving(Site) as address:
        yield address


@pytest.fixture(scope="module")
def driver():
    with local_browser() as started:
        yield started


@pytest.fixture(scope="module")
def axe_endpoint():
    server = AxeScriptEndpoint(read_axe())
    yield server
    server.close()


@pytest.fixture
def auditor(axe_endpoint):
    made = Auditor("fail")
    made.use(axe_endpoint)
    return made


WHERE = ("A feature", "A scenario")


def test_a_page_with_problems_gets_one_message_in_the_house_style(driver, site, auditor):
    driver.get(site + "/form")
    audit = auditor.audit_if_new(driver, "Edith", WHERE)
    assert audit is not None
    assert [p.rule for p in audit.problems] == ["color-contrast", "label"]
    message = audit.message()
    assert audit.engine.startswith("Chromium ")  # the engine and its version
    assert message.startswith(
        f'in Edith\'s browser ({audit.engine}) at {site}/form (heading "Form"): '
        "2 accessibility problems: "
        "color-contrast (serious) on p: Elements must meet minimum color contrast ratio "
        "thresholds (https://dequeuniversity.com/rules/axe/"
    )
    assert "; label (critical) on #q: Form elements must have labels (" in message
    assert "?" not in message  # axe's tracking query is left off the links


def test_each_page_state_is_audited_once(driver, site, auditor):
    driver.get(site + "/fine")
    first = auditor.audit_if_new(driver, "Edith", WHERE)
    assert first is not None and first.problems == ()
    driver.get(site + "/fine")
    assert auditor.audit_if_new(driver, "Francis", WHERE) is None
    driver.get(site + "/fine-with-message")  # same route, a message on show: a new state
    again = auditor.audit_if_new(driver, "Edith", WHERE)
    assert again is not None and again.state.messages == ("Saved",)
    assert auditor.closing_lines() == ["accessibility: 2 page states audited, 0 problems"]


def test_ids_and_addresses_in_a_path_are_one_route(driver, site, auditor):
    states = []
    for path in ("/lists/123/", "/lists/456/", "/lists/edith@example.com/"):
        driver.get(site + path)
        states.append(auditor.audit_if_new(driver, "Edith", WHERE))
    assert states[0] is not None and states[0].state.route == "/lists/…/"
    assert states[1:] == [None, None]


def test_the_step_audits_a_state_seen_before(driver, site, auditor):
    driver.get(site + "/form")
    assert auditor.audit_if_new(driver, "Edith", WHERE) is not None
    audit = auditor.audit_now(driver, "Edith", WHERE)
    assert len(audit.problems) == 2
    assert auditor.closing_lines()[0] == (
        "accessibility: 1 page state audited (2 audits), 2 problems"
    )


def test_axe_is_sent_with_the_audit_where_the_page_cannot_fetch_it(driver, site):
    auditor = Auditor("fail", serve_from="http://127.0.0.1:9/nothing.js")  # discard port
    driver.get(site + "/form")
    audit = auditor.audit_if_new(driver, "Edith", WHERE)
    assert audit is not None and len(audit.problems) == 2


class WebDriverOnly:
    """A browser as one without DevTools looks (WebKit, a plain Remote)."""

    def __init__(self, driver):
        self._driver = driver

    def __getattr__(self, name):
        if name in ("execute_cdp_cmd", "_page_socket"):
            raise AttributeError(name)
        if name == "capabilities":
            return {"browserName": "webkit"}
        if name == "devtools":
            return False
        return getattr(self._driver, name)


def test_browsers_without_devtools_are_audited_over_webdriver(driver, site, auditor, monkeypatch):
    calls = []
    monkeypatch.setattr(
        type(driver), "execute_async_script", lambda self, *a: calls.append(1) or real(self, *a)
    )
    driver.get(site + "/form")
    audit = auditor.audit_if_new(WebDriverOnly(driver), "Edith", WHERE)
    assert audit is not None and len(audit.problems) == 2
    assert calls  # the audit went over WebDriver


real = engines.LocalBrowser.execute_async_script


def test_a_local_chromium_is_audited_over_its_own_devtools_socket(driver, site, auditor):
    from harness.browsers.devtools import page_socket

    driver.get(site + "/form")
    assert page_socket(driver) is not None
    before = driver.execute_async_script
    driver.execute_async_script = lambda *a: pytest.fail("went over WebDriver")
    try:
        audit = auditor.audit_if_new(driver, "Edith", WHERE)
    finally:
        driver.execute_async_script = before
    assert audit is not None and len(audit.problems) == 2


def test_audits_survive_a_parallel_workers_record(driver, site, auditor, tmp_path):
    driver.get(site + "/form")
    auditor.audit_if_new(driver, "Edith", WHERE)
    records.record(auditor.audits, tmp_path / "audits.json")
    assert records.read_record(tmp_path / "audits.json") == auditor.audits
    (tmp_path / "broken.json").write_text("{")
    assert records.read_record(tmp_path / "broken.json") == {}
    assert records.read_record(tmp_path / "missing.json") == {}


def test_missing_axe_is_one_line_naming_the_fix(tmp_path):
    with pytest.raises(AxeUnavailable) as raised:
        read_axe(tmp_path)
    assert str(raised.value) == (
        f"axe-core is not installed in {tmp_path}: run `npm ci` in the project "
        "(`make acceptance` does it)"
    )


def test_an_unknown_setting_is_refused_in_one_line():
    with pytest.raises(HarnessError) as raised:
        load_config({}, {"accessibility": "strict"}, environ={})
    assert str(raised.value) == (
        "Config accessibility='strict' is unknown: use fail (a problem fails its scenario), "
        "report (reported only) or off"
    )
    assert load_config({}, {"accessibility": " Report "}, environ={}).accessibility == "report"


def test_every_step_is_followed_inside_the_step_and_put_back_after():
    def original(context, text):
        context.ran.append(text)

    matcher = SimpleNamespace(func=original)
    registry = SimpleNamespace(steps={"given": [matcher], "when": []})
    seen = []

    def after(context):
        seen.append(context.ran[-1])
        if context.ran[-1] == "bad":
            raise AssertionError("an accessibility problem")

    undo = follow_steps(registry, after)
    context = SimpleNamespace(ran=[])
    matcher.func(context, "good")
    with pytest.raises(AssertionError, match="an accessibility problem"):
        matcher.func(context, "bad")
    assert seen == ["good", "bad"]
    assert matcher.func.__wrapped__ is original  # behave still finds the step's own file
    undo()
    assert matcher.func is original


def test_a_report_only_run_notes_problems_in_junit(tmp_path, driver, site, auditor):
    driver.get(site + "/form")
    auditor.audit_if_new(driver, "Edith", ("Searching", "Edith searches"))
    junit = tmp_path / "TESTS-searching.xml"
    junit.write_text(
        '<?xml version="1.0"?><testsuite name="searching.Searching">'
        '<testcase classname="searching.Searching" name="Edith searches"/>'
        '<testcase classname="searching.Searching" name="Francis searches"/></testsuite>'
    )
    records.annotate_junit(tmp_path, auditor.audits.values())
    text = junit.read_text()
    assert text.count("<system-out>") == 1
    assert "accessibility: in Edith's browser (Chromium " in text


def test_the_axe_script_endpoint_serves_only_its_script(axe_endpoint):
    import urllib.error
    import urllib.request

    with urllib.request.urlopen(axe_endpoint.url) as answer:
        assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert answer.read(30).startswith(b"/*! axe v")
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(axe_endpoint.url.rsplit("/", 2)[0] + "/etc/passwd")
    assert json.loads(json.dumps(axe_endpoint.version))  # a plain word, safe in a path
