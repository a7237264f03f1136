"""Stand-ins for the cast's tests: a site under test that records each call,
browsers, a pool and a list page."""

from harness.people.personas import Person
from harness.server.base import Refused, SiteUnderTest


class FakeServer(SiteUnderTest):
    """Records each call as (operation, arguments); answers as the site's table would."""

    def __init__(self):
        self.calls = []
        self.emails = {}
        self.refuse = None

    @property
    def url(self):
        return "http://testserver"

    def call(self, operation, **arguments):
        self.calls.append((operation, arguments))
        if self.refuse:
            raise Refused(self.refuse)
        if operation == "create_session":
            return f"key-for-{arguments['email']}"
        if operation == "start_list":
            return {"url": "/lists/new-list/"}
        if operation == "start_lists":
            return {"urls": [f"/lists/new-{n}/" for n in range(len(arguments["names"]))]}
        return None

    def latest_email(self, to):
        self.calls.append(("latest_email", {"to": to}))
        return self.emails.get(to)

    def close(self):
        self.calls.append(("close", {}))


class FakeDriver:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"FakeDriver({self.name!r})"


class FakePool:
    """Hands out numbered drivers and records what comes back."""

    def __init__(self):
        self.taken = []
        self.given_back = []

    def take(self, holder):
        driver = FakeDriver(f"browser-{len(self.taken) + 1}")
        self.taken.append(driver)
        return driver

    def give_back(self, driver, base_url):
        self.given_back.append((driver, base_url))


DEFAULT_CAST = {
    "Edith": Person("Edith", "she", "edith@example.com"),
    "Francis": Person("Francis", "he", "francis@example.com"),
    "Onesiphorus": Person("Onesiphorus", "he", "onesiphorus@example.com"),
}


class FakePage:
    """Stands in for ListPage: records what was done, shows `url`."""

    log = []
    url = "http://testserver/lists/abc/"
    is_list = True

    def __init__(self, driver, server, person, *known):
        self.person = person

    @property
    def current_url(self):
        return FakePage.url

    def shows_a_list(self):
        return FakePage.is_list

    def failure_context(self):
        return f'in {self.person}\'s browser at {FakePage.url} (heading "Not found")'

    def open_list_at(self, url):
        FakePage.log.append((self.person, "open", url))
        FakePage.url = url
