"""The set-up helpers for "Given" steps: the site's rules, without a browser.

Each helper must allow exactly what the site's pages allow, as the user the
session cookie belongs to, and refuse the rest with the site's own words.
"""

import uuid
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib import auth
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone

from superlists.acceptance_fixtures.api import (
    Refused,
    add_items,
    create_pre_authenticated_session,
    send_login_links,
    share_list,
    start_list,
    user_of_session,
)
from superlists.accounts.models import Token, User
from superlists.accounts.views import INVALID_EMAIL_ERROR, TOO_MANY_LINKS_ERROR
from superlists.lists.forms import DUPLICATE_ITEM_ERROR, EMPTY_ITEM_ERROR, TOO_LONG_ITEM_ERROR
from superlists.lists.models import MAX_ITEM_LENGTH, Item, List
from superlists.lists.views import (
    INVALID_SHAREE_ERROR,
    ONLY_OWNER_CAN_SHARE_ERROR,
    SHARE_WITH_SELF_ERROR,
)

pytestmark = pytest.mark.django_db

OWNER, SHAREE, STRANGER, VISITOR = "owner", "sharee", "stranger", "visitor"
ROLES = (OWNER, SHAREE, STRANGER, VISITOR)
SITE = "http://127.0.0.1:8000"


@pytest.fixture
def sessions():
    """A session key per role; None for the visitor who is not logged in."""
    return {
        OWNER: create_pre_authenticated_session("owner@example.com"),
        SHAREE: create_pre_authenticated_session("sharee@example.com"),
        STRANGER: create_pre_authenticated_session("stranger@example.com"),
        VISITOR: None,
    }


@pytest.fixture
def owned_list(sessions):
    url = start_list(["Secret plans"], sessions[OWNER])
    share_list(url, "sharee@example.com", sessions[OWNER])
    return url


def texts(url: str) -> list[str]:
    return list(list_at(url).item_set.values_list("text", flat=True))


def list_at(url: str) -> List:
    return List.objects.get(uid=url.strip("/").rsplit("/", 1)[1])


def expire(session_key: str) -> None:
    Session.objects.filter(session_key=session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )


def nothing_stored() -> bool:
    return not (List.objects.exists() or Item.objects.exists())


class TestUserOfSession:
    def test_none_is_not_logged_in(self):
        assert not user_of_session(None).is_authenticated

    def test_a_logged_in_session_gives_its_user(self, sessions):
        user = user_of_session(sessions[OWNER])
        assert user.is_authenticated
        assert user == User.objects.get(email="owner@example.com")

    @pytest.mark.parametrize("key", ["", "nonsense", "0" * 32, "a" * 40])
    def test_an_unknown_key_is_not_logged_in(self, key):
        assert not user_of_session(key).is_authenticated
        assert not Session.objects.exists()  # reading never creates a session

    def test_an_expired_session_is_not_logged_in(self, sessions):
        expire(sessions[OWNER])
        assert not user_of_session(sessions[OWNER]).is_authenticated

    def test_agrees_with_the_site(self, sessions):
        expire(sessions[SHAREE])
        for key in [*sessions.values(), "nonsense"]:
            client = Client()
            if key is not None:
                client.cookies[settings.SESSION_COOKIE_NAME] = key
            page = client.get("/").content.decode()
            user = user_of_session(key)
            assert user.is_authenticated == ("Logged in as" in page)
            if user.is_authenticated:
                assert f"Logged in as {user.email}" in page


class TestStartList:
    def test_not_logged_in_makes_a_list_anyone_can_use(self):
        url = start_list(["Buy peacock feathers", "Make a fly"], None)
        list_ = List.objects.get()
        assert url == list_.get_absolute_url() == f"/lists/{list_.uid}/"
        assert list_.owner is None
        assert texts(url) == ["Buy peacock feathers", "Make a fly"]
        page = Client().get(url).content.decode()
        assert "1: Buy peacock feathers" in page and "2: Make a fly" in page

    def test_logged_in_the_list_is_the_users(self, sessions):
        url = start_list(["Mine"], sessions[OWNER])
        assert list_at(url).owner.email == "owner@example.com"
        assert Client().get(url).status_code == 404  # private, as if made in the browser

    def test_an_expired_session_makes_an_ownerless_list(self, sessions):
        expire(sessions[OWNER])
        url = start_list(["Whose?"], sessions[OWNER])
        assert list_at(url).owner is None

    def test_each_call_makes_a_new_list(self):
        assert start_list(["Same"], None) != start_list(["Same"], None)
        assert List.objects.count() == 2

    def test_texts_are_stripped_as_the_form_strips(self):
        url = start_list(["  Buy milk\t", "\nWalk dog "], None)
        assert texts(url) == ["Buy milk", "Walk dog"]

    def test_any_text_round_trips(self):
        items = [
            "<script>alert('hi')</script>",
            "Quotes \"double\" and 'single'",
            "Fish & chips &amp; &lt;",
            "Ünïcödé, 日本語, עברית, emoji 🎉",
            "x" * MAX_ITEM_LENGTH,
        ]
        assert texts(start_list(items, None)) == items

    @pytest.mark.parametrize(
        "items, error",
        [
            ([""], EMPTY_ITEM_ERROR),
            (["   "], EMPTY_ITEM_ERROR),
            (["x" * (MAX_ITEM_LENGTH + 1)], TOO_LONG_ITEM_ERROR),
            (["First", ""], EMPTY_ITEM_ERROR),
            (["First", "Second", "First"], DUPLICATE_ITEM_ERROR),
            (["Same", "  Same "], DUPLICATE_ITEM_ERROR),  # the same once stripped
            (["First", "y" * (MAX_ITEM_LENGTH + 1)], TOO_LONG_ITEM_ERROR),
        ],
    )
    def test_a_refused_item_creates_nothing(self, sessions, items, error):
        with pytest.raises(Refused) as refusal:
            start_list(items, sessions[OWNER])
        assert str(refusal.value) == error
        assert nothing_stored()

    @pytest.mark.parametrize(
        "items, problem",
        [([], ValueError), ("Buy milk", TypeError), (["ok", 3], TypeError), ([None], TypeError)],
    )
    def test_a_malformed_call_is_not_a_refusal(self, items, problem):
        with pytest.raises(problem):
            start_list(items, None)
        assert nothing_stored()


class TestAddItems:
    @pytest.mark.parametrize(
        "role, allowed", [(OWNER, 1), (SHAREE, 1), (STRANGER, 0), (VISITOR, 0)]
    )
    def test_on_an_owned_list_only_owner_and_sharees(self, sessions, owned_list, role, allowed):
        if allowed:
            add_items(owned_list, ["More", "Even more"], sessions[role])
            assert texts(owned_list) == ["Secret plans", "More", "Even more"]
        else:
            with pytest.raises(Refused, match="^Not found") as refusal:
                add_items(owned_list, ["More"], sessions[role])
            assert texts(owned_list) == ["Secret plans"]
            who = "stranger@example.com" if role == STRANGER else "not logged in"
            assert who in str(refusal.value)
            assert owned_list in str(refusal.value)

    @pytest.mark.parametrize("role", ROLES)
    def test_an_ownerless_list_is_open_to_anyone(self, sessions, role):
        url = start_list(["Anyone's"], None)
        add_items(url, [f"From the {role}"], sessions[role])
        assert texts(url) == ["Anyone's", f"From the {role}"]

    def test_an_expired_session_is_refused_like_a_visitor(self, sessions, owned_list):
        expire(sessions[OWNER])
        with pytest.raises(Refused, match="^Not found.*not logged in"):
            add_items(owned_list, ["Too late"], sessions[OWNER])

    def test_an_absolute_url_works_too(self, sessions, owned_list):
        add_items(f"{SITE}{owned_list}", ["Via the full URL"], sessions[OWNER])
        assert texts(owned_list)[-1] == "Via the full URL"

    def test_a_list_that_does_not_exist_is_not_found(self, sessions):
        with pytest.raises(Refused, match="^Not found"):
            add_items(f"/lists/{uuid.uuid4()}/", ["Lost"], sessions[OWNER])
        assert nothing_stored()

    def test_a_missing_list_and_a_hidden_one_read_alike(self, sessions, owned_list):
        missing = f"/lists/{uuid.uuid4()}/"
        refusals = []
        for url in (owned_list, missing):
            with pytest.raises(Refused) as refusal:
                add_items(url, ["x"], sessions[STRANGER])
            refusals.append(str(refusal.value).replace(url, "URL"))
        assert refusals[0] == refusals[1]

    @pytest.mark.parametrize(
        "url",
        [
            "/",
            "/lists/new",
            "/lists/users/owner@example.com/",
            "lists/{uid}/",  # not a path
            "/lists/{uid}",  # the site would redirect, not show the list
            "/lists/{uid}/share",
            "/lists/1/",
        ],
    )
    def test_an_address_that_is_not_a_list_page_is_refused(self, sessions, url):
        list_url = start_list(["Kept"], None)
        url = url.format(uid=list_at(list_url).uid)
        with pytest.raises(Refused, match="^Not a list's address"):
            add_items(url, ["x"], sessions[OWNER])
        assert texts(list_url) == ["Kept"]

    @pytest.mark.parametrize(
        "items, error",
        [
            (["New", "Secret plans"], DUPLICATE_ITEM_ERROR),
            (["New", " Secret plans "], DUPLICATE_ITEM_ERROR),
            (["New", "Newer", "New"], DUPLICATE_ITEM_ERROR),
            (["New", ""], EMPTY_ITEM_ERROR),
            (["New", "z" * (MAX_ITEM_LENGTH + 1)], TOO_LONG_ITEM_ERROR),
        ],
    )
    def test_a_refused_item_adds_nothing(self, sessions, owned_list, items, error):
        with pytest.raises(Refused) as refusal:
            add_items(owned_list, items, sessions[SHAREE])
        assert str(refusal.value) == error
        assert texts(owned_list) == ["Secret plans"]

    def test_the_same_text_may_be_on_two_lists(self):
        first, second = start_list(["Milk"], None), start_list(["Bread"], None)
        add_items(second, ["Milk"], None)
        assert texts(first) == ["Milk"] and texts(second) == ["Bread", "Milk"]

    def test_a_malformed_call_is_not_a_refusal(self, owned_list, sessions):
        with pytest.raises(ValueError):
            add_items(owned_list, [], sessions[OWNER])
        with pytest.raises(TypeError):
            add_items(owned_list, "Letters", sessions[OWNER])
        assert texts(owned_list) == ["Secret plans"]


class TestShareList:
    def test_the_owner_shares_and_the_sharee_can_then_use_it(self, sessions):
        url = start_list(["Ours"], sessions[OWNER])
        with pytest.raises(Refused):
            add_items(url, ["Not yet"], sessions[STRANGER])
        share_list(url, "stranger@example.com", sessions[OWNER])
        add_items(url, ["Now I can"], sessions[STRANGER])
        assert texts(url) == ["Ours", "Now I can"]
        assert [u.email for u in list_at(url).shared_with.all()] == ["stranger@example.com"]

    def test_sharing_with_someone_new_creates_their_account(self, sessions, owned_list):
        share_list(owned_list, "  newcomer@example.com ", sessions[OWNER])
        assert User.objects.filter(email="newcomer@example.com").exists()
        assert list_at(owned_list).shared_with.filter(email="newcomer@example.com").exists()

    def test_sharing_twice_is_harmless(self, sessions, owned_list):
        share_list(owned_list, "sharee@example.com", sessions[OWNER])
        assert list_at(owned_list).shared_with.count() == 1

    @pytest.mark.parametrize(
        "role, error",
        [
            (SHAREE, f"^{ONLY_OWNER_CAN_SHARE_ERROR}$"),
            (STRANGER, "^Not found.*stranger@example.com"),
            (VISITOR, "^Not found.*not logged in"),
        ],
    )
    def test_only_the_owner_may_share(self, sessions, owned_list, role, error):
        with pytest.raises(Refused, match=error):
            share_list(owned_list, "newcomer@example.com", sessions[role])
        assert not User.objects.filter(email="newcomer@example.com").exists()
        assert [u.email for u in list_at(owned_list).shared_with.all()] == ["sharee@example.com"]

    @pytest.mark.parametrize("role", ROLES)
    def test_nobody_may_share_an_ownerless_list(self, sessions, role):
        url = start_list(["Anyone's"], None)
        with pytest.raises(Refused) as refusal:
            share_list(url, "newcomer@example.com", sessions[role])
        assert str(refusal.value) == ONLY_OWNER_CAN_SHARE_ERROR
        assert not list_at(url).shared_with.exists()

    @pytest.mark.parametrize(
        "spelling", ["owner@example.com", "OWNER@Example.COM", "  owner@example.com\n"]
    )
    def test_sharing_with_yourself_is_refused(self, sessions, owned_list, spelling):
        with pytest.raises(Refused) as refusal:
            share_list(owned_list, spelling, sessions[OWNER])
        assert str(refusal.value) == SHARE_WITH_SELF_ERROR
        assert (
            not list_at(owned_list).shared_with.filter(email__iexact="owner@example.com").exists()
        )

    @pytest.mark.parametrize("email", ["", "   ", "not an email", "a@b", "<b>@example.com"])
    def test_an_invalid_address_is_refused(self, sessions, owned_list, email):
        users = User.objects.count()
        with pytest.raises(Refused) as refusal:
            share_list(owned_list, email, sessions[OWNER])
        assert str(refusal.value) == INVALID_SHAREE_ERROR
        assert User.objects.count() == users

    def test_an_expired_owner_session_is_not_found(self, sessions, owned_list):
        expire(sessions[OWNER])
        with pytest.raises(Refused, match="^Not found"):
            share_list(owned_list, "newcomer@example.com", sessions[OWNER])

    def test_an_address_that_is_not_a_list_page_is_refused(self, sessions):
        with pytest.raises(Refused, match="^Not a list's address"):
            share_list("/lists/new", "newcomer@example.com", sessions[OWNER])


def link_in(message) -> str:
    return message.body.split("\n\n", 1)[1]


class TestSendLoginLinks:
    @pytest.mark.parametrize("site", [SITE, SITE + "/"])
    def test_sends_the_login_forms_email(self, site):
        send_login_links("edith@example.com", 1, site)
        token = Token.objects.get()
        [message] = mail.outbox
        assert message.subject == "Your login link for Superlists"
        assert message.from_email == "noreply@superlists"
        assert message.to == ["edith@example.com"]
        assert message.body == (
            f"Use this link to log in:\n\n{SITE}/accounts/login?token={token.uid}"
        )

    def test_the_link_logs_in(self):
        send_login_links("edith@example.com", 1, "https://staging.example.com")
        link = urlsplit(link_in(mail.outbox[0]))
        assert link.scheme == "https" and link.netloc == "staging.example.com"
        client = Client()
        client.get(f"{link.path}?{link.query}")
        assert auth.get_user(client).email == "edith@example.com"

    def test_each_link_is_a_new_token(self):
        send_login_links("edith@example.com", 3, SITE)
        assert len({link_in(m) for m in mail.outbox}) == 3 == Token.objects.count()

    def test_the_address_is_stripped_as_the_form_strips(self):
        send_login_links("  edith@example.com\n", 1, SITE)
        assert mail.outbox[0].to == ["edith@example.com"]
        assert Token.objects.get().email == "edith@example.com"

    def test_the_sixth_link_is_refused_after_five_are_sent(self):
        assert settings.LOGIN_EMAILS_PER_WINDOW == 5  # the default this test is about
        with pytest.raises(Refused) as refusal:
            send_login_links("edith@example.com", 6, SITE)
        assert str(refusal.value) == TOO_MANY_LINKS_ERROR
        assert len(mail.outbox) == Token.objects.count() == 5

    def test_exactly_the_limit_is_allowed(self):
        send_login_links("edith@example.com", 5, SITE)
        assert len(mail.outbox) == 5

    def test_links_asked_for_in_the_browser_count_too(self, client):
        for _ in range(3):
            client.post("/accounts/send_login_email", {"email": "edith@example.com"})
        with pytest.raises(Refused, match=TOO_MANY_LINKS_ERROR):
            send_login_links("EDITH@example.com", 3, SITE)
        assert len(mail.outbox) == 5

    @pytest.mark.parametrize("email", ["", "not-an-email", "a@straße.de", "a\nb@example.com"])
    def test_an_invalid_address_is_refused(self, email):
        with pytest.raises(Refused) as refusal:
            send_login_links(email, 2, SITE)
        assert str(refusal.value) == INVALID_EMAIL_ERROR
        assert mail.outbox == [] and not Token.objects.exists()

    @pytest.mark.parametrize(
        "times, site",
        [
            (0, SITE),
            (-1, SITE),
            (True, SITE),
            (1.0, SITE),
            ("2", SITE),
            (1, "127.0.0.1:8000"),
            (1, "/accounts"),
            (1, "ftp://example.com"),
            (1, ""),
        ],
    )
    def test_a_malformed_call_is_not_a_refusal(self, times, site):
        with pytest.raises(ValueError):
            send_login_links("edith@example.com", times, site)
        assert mail.outbox == [] and not Token.objects.exists()
