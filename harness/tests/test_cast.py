import pytest

from harness import browser
from harness import wait as wait_module
from harness.cast import LOGIN_EMAIL_SUBJECT, Cast
from harness.server.base import Email, Server


class FakeServer(Server):
    def __init__(self):
        self.calls = []
        self.emails = {}

    @property
    def url(self):
        return "http://testserver"

    def reset_database(self):
        self.calls.append(("reset_database",))

    def create_session(self, email):
        self.calls.append(("create_session", email))
        return f"key-for-{email}"

    def latest_email(self, to):
        self.calls.append(("latest_email", to))
        return self.emails.get(to)

    def close(self):
        self.calls.append(("close",))


class FakeDriver:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"FakeDriver({self.name!r})"


class FakeStarter:
    def __init__(self):
        self.taken = []

    def take(self):
        driver = FakeDriver(f"extra-{len(self.taken) + 1}")
        self.taken.append(driver)
        return driver


@pytest.fixture
def server():
    return FakeServer()


@pytest.fixture
def starter():
    return FakeStarter()


@pytest.fixture
def shared():
    return FakeDriver("shared")


@pytest.fixture
def cast(server, shared, starter):
    return Cast(server=server, shared_browser=shared, starter=starter)


@pytest.fixture
def browser_calls(monkeypatch):
    calls = []
    monkeypatch.setattr(browser, "quit_browser", lambda driver: calls.append(("quit", driver)))
    monkeypatch.setattr(
        browser, "clear_browser", lambda driver, url: calls.append(("clear", driver, url))
    )
    monkeypatch.setattr(
        browser,
        "install_session_cookie",
        lambda driver, url, name, value: calls.append(("cookie", driver, url, name, value)),
    )
    return calls


@pytest.fixture
def short_wait():
    saved = wait_module.settings.timeout
    wait_module.configure(0.2)
    yield
    wait_module.configure(saved)


def test_name_becomes_an_actor_with_an_email(cast, server):
    edith = cast["Edith"]
    assert edith.name == "Edith"
    assert edith.email == "edith@example.com"
    assert edith.server is server
    assert cast["Edith"] is edith


def test_unknown_names_are_actors_too(cast):
    assert cast["Zebedee"].email == "zebedee@example.com"


def test_she_and_her_mean_the_last_woman_mentioned(cast):
    edith = cast["Edith"]
    assert cast["she"] is edith
    assert cast["her"] is edith
    assert cast["She"] is edith


def test_he_means_the_last_man_mentioned_even_after_a_woman(cast):
    onesiphorus = cast["Onesiphorus"]
    cast["Edith"]
    assert cast["he"] is onesiphorus
    assert cast["his"] is onesiphorus
    assert cast["she"].name == "Edith"


def test_pronoun_follows_the_most_recent_mention(cast):
    cast["Francis"]
    onesiphorus = cast["Onesiphorus"]
    assert cast["he"] is onesiphorus
    francis = cast["Francis"]
    assert cast["him"] is francis


def test_they_means_someone_without_a_persona(cast):
    cast["Edith"]
    zebedee = cast["Zebedee"]
    cast["Francis"]
    assert cast["they"] is zebedee


def test_pronoun_with_nobody_on_stage_fails(cast):
    with pytest.raises(AssertionError, match="'she'"):
        cast["she"]


def test_pronoun_with_only_other_pronouns_on_stage_fails(cast):
    cast["Francis"]
    with pytest.raises(AssertionError):
        cast["her"]


def test_first_actor_gets_the_shared_browser_then_extras(cast, shared, starter):
    edith = cast["Edith"]
    francis = cast["Francis"]
    assert edith.has_browser is False
    assert edith.driver is shared
    assert starter.taken == []
    assert francis.driver is starter.taken[0]
    assert edith.driver is shared  # asking again does not start another
    assert len(starter.taken) == 1
    assert cast.extra_browsers == starter.taken


def test_actor_who_opens_first_gets_the_shared_browser(cast, shared, starter):
    edith = cast["Edith"]
    francis = cast["Francis"]
    assert francis.driver is shared
    assert edith.driver is starter.taken[0]


def test_browsers_lists_only_actors_who_opened_one(cast, shared, starter):
    cast["Edith"]
    francis = cast["Francis"]
    assert cast["Onesiphorus"].driver is shared
    assert cast.browsers() == [("Onesiphorus", shared)]
    assert francis.driver is starter.taken[0]
    assert cast.browsers() == [("Francis", starter.taken[0]), ("Onesiphorus", shared)]


def test_dismiss_quits_extras_and_clears_the_shared_browser(cast, shared, starter, browser_calls):
    drivers = [cast[name].driver for name in ("Edith", "Francis", "Onesiphorus")]
    assert drivers == [shared, *starter.taken]
    cast.dismiss()
    assert browser_calls == [
        ("quit", starter.taken[0]),
        ("quit", starter.taken[1]),
        ("clear", shared, "http://testserver"),
    ]
    assert cast.extra_browsers == []


def test_dismiss_with_no_extras_only_clears(cast, shared, browser_calls):
    cast.dismiss()
    assert browser_calls == [("clear", shared, "http://testserver")]


def test_log_in_via_back_door_installs_a_session_cookie(cast, server, shared, browser_calls):
    cast["Edith"].log_in_via_back_door()
    assert server.calls == [("create_session", "edith@example.com")]
    assert browser_calls == [
        ("cookie", shared, "http://testserver", "sessionid", "key-for-edith@example.com")
    ]


def login_email(to):
    return Email(
        subject=LOGIN_EMAIL_SUBJECT,
        sender="noreply@superlists",
        to=(to,),
        body="Use this link to log in:\n\nhttp://testserver/accounts/login?token=t",
    )


def test_wait_for_login_email_returns_it(cast, server, short_wait):
    email = login_email("edith@example.com")
    server.emails["edith@example.com"] = email
    assert cast["Edith"].wait_for_login_email() is email
    assert server.calls == [("latest_email", "edith@example.com")]


def test_wait_for_login_email_retries_until_it_arrives(cast, server, short_wait):
    email = login_email("edith@example.com")
    original = server.latest_email

    def arrives_on_third_look(to):
        if len(server.calls) >= 2:
            server.emails[to] = email
        return original(to)

    server.latest_email = arrives_on_third_look
    assert cast["Edith"].wait_for_login_email() is email
    assert len(server.calls) == 3


def test_wait_for_login_email_rejects_other_subjects(cast, server, short_wait):
    other = Email("Welcome", "noreply@superlists", ("edith@example.com",), "hi")
    server.emails["edith@example.com"] = other
    wait_module.configure(0.05)  # it can only time out: do so quickly
    with pytest.raises(wait_module.WaitTimeout, match="Welcome"):
        cast["Edith"].wait_for_login_email()


def test_wait_for_login_email_times_out_without_email(cast, short_wait):
    wait_module.configure(0.05)
    with pytest.raises(wait_module.WaitTimeout, match="no email to edith@example.com"):
        cast["Edith"].wait_for_login_email()


def test_their_refers_to_someone_who_goes_by_they(cast):
    alex = cast["Alex"]
    assert cast["their"] is alex


def test_own_refuses_to_act_on_someone_elses_page(cast):
    cast["Edith"]
    cast["Francis"]
    assert cast.own("Edith", "her").name == "Edith"
    with pytest.raises(AssertionError, match="Francis"):
        cast.own("Edith", "Francis")
