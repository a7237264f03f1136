import pytest

from harness import browser
from harness import wait as wait_module
from harness.cast import LOGIN_EMAIL_SUBJECT, Cast, StepMisuse
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


@pytest.fixture
def server():
    return FakeServer()


@pytest.fixture
def pool():
    return FakePool()


@pytest.fixture
def cast(server, pool):
    return Cast(server=server, pool=pool)


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


def test_each_actor_takes_a_browser_from_the_pool_on_first_use(cast, pool):
    edith = cast["Edith"]
    francis = cast["Francis"]
    assert edith.has_browser is False and pool.taken == []
    assert francis.driver is pool.taken[0]
    assert edith.driver is pool.taken[1]
    assert francis.driver is pool.taken[0]  # asking again does not take another
    assert len(pool.taken) == 2


def test_browsers_lists_only_actors_who_opened_one(cast, pool):
    cast["Edith"]
    francis = cast["Francis"]
    assert cast["Onesiphorus"].driver is pool.taken[0]
    assert cast.browsers() == [("Onesiphorus", pool.taken[0])]
    assert francis.driver is pool.taken[1]
    assert cast.browsers() == [("Francis", pool.taken[1]), ("Onesiphorus", pool.taken[0])]


def test_dismiss_gives_every_browser_back_for_this_site(cast, pool):
    drivers = [cast[name].driver for name in ("Edith", "Francis", "Onesiphorus")]
    cast.dismiss()
    assert pool.given_back == [(driver, "http://testserver") for driver in drivers]


def test_dismiss_without_browsers_gives_nothing_back(cast, pool):
    cast["Edith"]
    cast.dismiss()
    assert pool.given_back == []


def test_log_in_via_back_door_installs_a_session_cookie(cast, server, pool, browser_calls):
    cast["Edith"].log_in_via_back_door()
    assert server.calls == [("create_session", "edith@example.com")]
    assert browser_calls == [
        ("cookie", pool.taken[0], "http://testserver", "sessionid", "key-for-edith@example.com")
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


def test_reflexive_pronouns_mean_the_person_themselves(cast):
    edith = cast["Edith"]
    assert cast["herself"] is edith
    francis = cast["Francis"]
    assert cast["himself"] is francis
    zoe = cast["Zoe"]
    assert cast["themselves"] is zoe


def test_vocabulary_mistakes_are_never_retried(cast, monkeypatch):
    wait_module.configure(5)
    attempts = []

    @wait_module.wait
    def check():
        attempts.append(1)
        cast["her"]  # nobody on stage goes by "her"

    with pytest.raises(StepMisuse, match="'her'"):
        check()
    assert len(attempts) == 1


def test_opening_the_list_of_someone_who_started_none_fails_at_once(cast):
    with pytest.raises(StepMisuse, match="Edith has not started a list"):
        cast["Francis"].open_list_of(cast["Edith"])


def test_seeing_someone_elses_list_checks_the_browser_is_there(cast, pool):
    edith, francis = cast["Edith"], cast["Francis"]
    edith.list_url = "http://testserver/lists/abc/"
    francis.driver.current_url = "http://testserver/lists/other/"
    with pytest.raises(StepMisuse, match="Francis's browser is at .*/other/, not Edith's list"):
        francis.assert_sees_list_of(edith, ["Buy milk"])


def test_no_email_check_names_what_was_sent(cast, server):
    cast.assert_no_email_to("nobody@example.com")
    server.emails["x@example.com"] = login_email("x@example.com")
    with pytest.raises(AssertionError, match="the site sent x@example.com an email"):
        cast.assert_no_email_to("x@example.com")
