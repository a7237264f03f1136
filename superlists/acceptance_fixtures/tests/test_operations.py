"""The table of set-up operations, called by name as both harnesses call it:
each operation, the site's refusals, and calls that do not fit."""

import json
from typing import Annotated

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client, override_settings

from superlists.acceptance_fixtures import api, operations, registry
from superlists.acceptance_fixtures.operations import OPERATIONS, BadCall, call
from superlists.acceptance_fixtures.registry import Shape
from superlists.accounts.models import Token, User
from superlists.accounts.views import TOO_MANY_LINKS_ERROR
from superlists.lists.forms import DUPLICATE_ITEM_ERROR, EMPTY_ITEM_ERROR
from superlists.lists.models import Item, List
from superlists.lists.views import ONLY_OWNER_CAN_SHARE_ERROR

FILE_BACKEND = "superlists.email_files.OrderedFileBackend"
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def send_to_file(directory, to, subject, body="body"):
    with override_settings(EMAIL_BACKEND=FILE_BACKEND, EMAIL_FILE_PATH=str(directory)):
        mail.send_mail(subject, body, "noreply@superlists", [to])


def texts_of(url: str) -> list[str]:
    list_ = List.objects.get(uid=url.strip("/").rsplit("/", 1)[1])
    return list(list_.item_set.values_list("text", flat=True))


def test_the_table_holds_every_operation_the_harness_calls():
    assert sorted(OPERATIONS) == [
        "add_items",
        "create_session",
        "latest_email",
        "reset",
        "send_login_links",
        "share_list",
        "start_list",
        "start_lists",
    ]
    for found in OPERATIONS.values():
        assert found.function.__doc__, found.name


# -- each operation ---------------------------------------------------------------


@pytest.mark.django_db
class TestOperations:
    def test_reset_empties_app_data_and_says_who_was_mailed(self):
        list_ = List.objects.create(owner=User.objects.create(email="edith@example.com"))
        Item.objects.create(list=list_, text="Buy peacock feathers")
        for email in ("edith@example.com", "francis@example.com", "edith@example.com"):
            Token.objects.create(email=email)
        assert call("reset", {}) == {"mailed": ["edith@example.com", "francis@example.com"]}
        assert (User.objects.count(), List.objects.count(), Token.objects.count()) == (0, 0, 0)

    def test_reset_forgets_email_in_memory(self):
        mail.send_mail("Old", "body", "noreply@superlists", ["edith@example.com"])
        call("reset", {})
        assert mail.outbox == []

    def test_reset_forgets_email_in_files(self, tmp_path):
        send_to_file(tmp_path, "edith@example.com", "Your login link")
        with override_settings(EMAIL_BACKEND=FILE_BACKEND, EMAIL_FILE_PATH=str(tmp_path)):
            call("reset", {})
        assert list(tmp_path.glob("*.log")) == []

    def test_create_session_returns_a_key_that_logs_a_client_in(self):
        key = call("create_session", {"email": "edith@example.com"})
        assert Session.objects.filter(session_key=key).exists()
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        assert "Logged in as edith@example.com" in client.get("/").content.decode()

    def test_latest_email_in_memory(self):
        mail.send_mail("First", "one", "noreply@superlists", ["edith@example.com"])
        mail.send_mail("Second", "two", "noreply@superlists", ["edith@example.com", "z@x.com"])
        assert call("latest_email", {"to": "edith@example.com"}) == {
            "subject": "Second",
            "from": "noreply@superlists",
            "to": "edith@example.com, z@x.com",
            "body": "two",
        }
        assert call("latest_email", {"to": "nobody@example.com"}) is None

    def test_latest_email_in_files(self, tmp_path):
        send_to_file(tmp_path, "edith@example.com", "Your login link", "Use this link")
        send_to_file(tmp_path, "francis@example.com", "Not for Edith")
        with override_settings(EMAIL_BACKEND=FILE_BACKEND, EMAIL_FILE_PATH=str(tmp_path)):
            found = call("latest_email", {"to": "edith@example.com"})
            nobody = call("latest_email", {"to": "nobody@example.com"})
        assert found == {
            "subject": "Your login link",
            "from": "noreply@superlists",
            "to": "edith@example.com",
            "body": "Use this link",
        }
        assert nobody is None
        json.dumps(found)  # it must travel as a JSON reply

    @pytest.mark.parametrize("path", ["", None])
    def test_latest_email_of_a_site_sending_over_smtp_fails(self, path):
        with override_settings(EMAIL_BACKEND=SMTP_BACKEND, EMAIL_FILE_PATH=path):
            with pytest.raises(RuntimeError, match="over SMTP, not to files.*mailbox"):
                call("latest_email", {"to": "edith@example.com"})

    def test_start_list_answers_the_lists_path(self):
        started = call("start_list", {"items": ["Buy milk", "<b>&</b>"], "session": None})
        list_ = List.objects.get()
        assert started == {"url": f"/lists/{list_.uid}/"}
        assert texts_of(started["url"]) == ["Buy milk", "<b>&</b>"]
        assert list_.owner is None

    def test_start_lists_makes_one_list_per_name_in_order_for_the_sessions_user(self):
        session = call("create_session", {"email": "edith@example.com"})
        names = ["Click cows", "Feed the horses", "Click cows"]
        urls = call("start_lists", {"names": names, "session": session})["urls"]
        assert [texts_of(url) for url in urls] == [[name] for name in names]
        assert len(set(urls)) == 3
        assert {list_.owner.email for list_ in List.objects.all()} == {"edith@example.com"}

    def test_start_lists_makes_none_if_one_is_refused(self):
        with pytest.raises(api.Refused, match=f"^{EMPTY_ITEM_ERROR}$"):
            call("start_lists", {"names": ["Fine", " "], "session": None})
        assert not List.objects.exists()

    def test_a_session_owns_the_list_and_may_add_to_it(self):
        session = call("create_session", {"email": "edith@example.com"})
        url = call("start_list", {"items": ["Mine"], "session": session})["url"]
        assert List.objects.get().owner.email == "edith@example.com"
        assert call("add_items", {"list": url, "items": ["More"], "session": session}) is None
        assert texts_of(url) == ["Mine", "More"]

    def test_share_list_then_the_sharee_may_add(self):
        owner = api.create_pre_authenticated_session("edith@example.com")
        sharee = api.create_pre_authenticated_session("francis@example.com")
        url = api.start_list(["Ours"], owner)
        shared = call("share_list", {"list": url, "email": "francis@example.com", "session": owner})
        assert shared is None
        call("add_items", {"list": url, "items": ["Francis was here"], "session": sharee})
        assert texts_of(url) == ["Ours", "Francis was here"]

    def test_send_login_links_mails_them(self):
        fields = {"email": "edith@example.com", "times": 2, "site_url": "http://h:1"}
        assert call("send_login_links", fields) is None
        assert len(mail.outbox) == 2
        token = Token.objects.first().uid
        assert mail.outbox[0].body.endswith(f"http://h:1/accounts/login?token={token}")


# -- refusals: the site's own words ---------------------------------------------------


@pytest.mark.django_db
class TestRefusals:
    def test_a_refused_item(self):
        with pytest.raises(api.Refused, match=f"^{DUPLICATE_ITEM_ERROR}$"):
            call("start_list", {"items": ["Twice", "Twice"], "session": None})
        assert not List.objects.exists()

    def test_a_list_the_user_may_not_see(self):
        url = api.start_list(["Private"], api.create_pre_authenticated_session("e@example.com"))
        with pytest.raises(api.Refused, match="^Not found"):
            call("add_items", {"list": url, "items": ["x"], "session": None})
        assert texts_of(url) == ["Private"]

    def test_sharing_by_a_non_owner(self):
        url = api.start_list(["Anyone's"], None)
        with pytest.raises(api.Refused, match=f"^{ONLY_OWNER_CAN_SHARE_ERROR}$"):
            call("share_list", {"list": url, "email": "a@example.com", "session": None})

    def test_too_many_login_links_after_sending_the_allowed_ones(self):
        fields = {"email": "e@example.com", "times": 6, "site_url": "http://h"}
        with pytest.raises(api.Refused, match=f"^{TOO_MANY_LINKS_ERROR}$"):
            call("send_login_links", fields)
        assert len(mail.outbox) == 5

    def test_fifty_links_is_the_most_one_may_ask_for(self):
        fields = {"email": "e@example.com", "site_url": "http://h"}
        with pytest.raises(api.Refused):
            call("send_login_links", {**fields, "times": operations.MAX_LOGIN_LINKS})
        with pytest.raises(BadCall, match="'times'"):
            call("send_login_links", {**fields, "times": operations.MAX_LOGIN_LINKS + 1})


# -- calls that do not fit ------------------------------------------------------------------

GOOD = {
    "create_session": {"email": "a@example.com"},
    "latest_email": {"to": "a@example.com"},
    "start_list": {"items": ["Buy milk"], "session": None},
    "start_lists": {"names": ["Buy milk"], "session": None},
    "add_items": {
        "list": "/lists/00000000-0000-4000-8000-000000000000/",
        "items": ["x"],
        "session": None,
    },
    "share_list": {
        "list": "/lists/00000000-0000-4000-8000-000000000000/",
        "email": "a@example.com",
        "session": None,
    },
    "send_login_links": {"email": "a@example.com", "times": 1, "site_url": "http://h"},
}

MISSING = object()  # in BAD: the field is left out

BAD = [
    # (op, changes to its good fields, the field the error must name)
    ("create_session", {"email": MISSING}, "email"),
    ("create_session", {"email": None}, "email"),
    ("latest_email", {"to": ["a@example.com"]}, "to"),
    ("start_list", {"items": MISSING}, "items"),
    ("start_list", {"items": []}, "items"),
    ("start_list", {"items": "Buy milk"}, "items"),
    ("start_list", {"items": ["ok", 3]}, "items"),
    ("start_list", {"items": [None]}, "items"),
    ("start_list", {"items": {"text": "x"}}, "items"),
    ("start_list", {"session": MISSING, "sesion": "abc"}, "sesion"),
    ("start_list", {"session": 5}, "session"),
    ("start_list", {"session": ["abc"]}, "session"),
    ("start_lists", {"names": "Buy milk"}, "names"),
    ("start_lists", {"names": [["nested"]]}, "names"),
    ("add_items", {"list": MISSING}, "list"),
    ("add_items", {"list": 7}, "list"),
    ("add_items", {"items": [["nested"]]}, "items"),
    ("add_items", {"extra": 1}, "extra"),
    ("share_list", {"email": MISSING}, "email"),
    ("share_list", {"email": ["a@example.com"]}, "email"),
    ("share_list", {"list": {"url": "/"}}, "list"),
    ("send_login_links", {"times": MISSING}, "times"),
    ("send_login_links", {"times": 0}, "times"),
    ("send_login_links", {"times": 51}, "times"),
    ("send_login_links", {"times": -1}, "times"),
    ("send_login_links", {"times": "5"}, "times"),
    ("send_login_links", {"times": 5.0}, "times"),
    ("send_login_links", {"times": True}, "times"),
    ("send_login_links", {"email": 1}, "email"),
    ("send_login_links", {"site_url": MISSING}, "site_url"),
    ("send_login_links", {"site_url": False}, "site_url"),
]


def changed(op: str, changes: dict) -> dict:
    fields = {**GOOD[op], **changes}
    return {name: value for name, value in fields.items() if value is not MISSING}


@pytest.mark.django_db
class TestBadCalls:
    @pytest.mark.parametrize("op, changes, field", BAD)
    def test_a_bad_call_names_the_field_and_nothing_happens(self, op, changes, field):
        with pytest.raises(BadCall) as raised:
            call(op, changed(op, changes))
        assert repr(field) in str(raised.value)
        assert not List.objects.exists() and not Token.objects.exists() and mail.outbox == []

    def test_a_missing_session_is_not_taken_as_logged_out(self):
        with pytest.raises(BadCall, match="^missing field 'session': it must be a session key"):
            call("start_list", {"items": ["x"]})

    @pytest.mark.parametrize("op", sorted(GOOD))
    def test_the_good_calls_fit(self, op):
        # So each bad case above fails on the change it makes, not on the rest.
        try:
            call(op, GOOD[op])
        except api.Refused:
            pass  # the site may refuse (no such list): the call itself fitted

    @pytest.mark.parametrize("name", ["explode", None, 3, ""])
    def test_an_unknown_name_says_which_there_are(self, name):
        with pytest.raises(BadCall) as raised:
            call(name, {})
        assert str(raised.value) == (
            f"unknown op {name!r}; the operations are: {', '.join(sorted(OPERATIONS))}"
        )


# -- the registry ------------------------------------------------------------------


def test_an_operation_must_take_keyword_arguments_with_a_shape():
    def positional(text: Annotated[str, Shape("a string", bool)]) -> None: ...

    def bare(*, text: str) -> None: ...

    for function in (positional, bare):
        with pytest.raises(TypeError, match="text"):
            registry.operation("never_registered")(function)
    assert "never_registered" not in OPERATIONS


def test_a_name_is_registered_once():
    with pytest.raises(ValueError, match="two operations are called 'reset'"):
        registry.operation("reset")(lambda: None)


def test_a_signature_says_the_shapes_in_words():
    assert OPERATIONS["start_lists"].signature() == (
        "start_lists(names: a non-empty list of strings, session: a session key or null)"
    )
