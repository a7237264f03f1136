"""The rule functions the list views call, called directly.

The acceptance fixtures call them too, so they must carry every rule on
their own, not lean on anything only the views do.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from superlists.accounts.models import User
from superlists.lists.forms import DUPLICATE_ITEM_ERROR, EMPTY_ITEM_ERROR
from superlists.lists.models import Item, List
from superlists.lists.views import (
    INVALID_SHAREE_ERROR,
    ONLY_OWNER_CAN_SHARE_ERROR,
    SHARE_WITH_SELF_ERROR,
    add_item,
    share_with,
    start_list,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return User.objects.create(email="owner@example.com")


class TestStartList:
    def test_a_logged_in_user_owns_the_list(self, owner):
        list_, form = start_list(owner, {"text": "First"})
        assert list_.owner == owner
        assert [i.text for i in list_.item_set.all()] == ["First"]
        assert not form.errors

    def test_a_visitor_starts_an_ownerless_list(self):
        list_, _ = start_list(AnonymousUser(), {"text": "First"})
        assert list_.owner is None and list_.name == "First"

    def test_a_refused_item_creates_no_list(self, owner):
        list_, form = start_list(owner, {"text": "  "})
        assert list_ is None
        assert form.errors["text"] == [EMPTY_ITEM_ERROR]
        assert not List.objects.exists()


class TestAddItem:
    def test_adds_to_the_list(self):
        list_ = List.objects.create()
        item, form = add_item(list_, {"text": " Second "})
        assert item == Item.objects.get() and item.list == list_ and item.text == "Second"
        assert not form.errors

    def test_a_duplicate_is_refused_with_the_forms_error(self):
        list_ = List.objects.create()
        Item.objects.create(list=list_, text="Once")
        item, form = add_item(list_, {"text": "Once"})
        assert item is None
        assert form.errors["text"] == [DUPLICATE_ITEM_ERROR]
        assert list_.item_set.count() == 1


class TestShareWith:
    @pytest.fixture
    def list_(self, owner):
        return List.objects.create(owner=owner)

    def test_the_owner_shares_creating_the_sharee(self, owner, list_):
        assert share_with(list_, owner, " friend@example.com ") is None
        assert [u.email for u in list_.shared_with.all()] == ["friend@example.com"]

    @pytest.mark.parametrize(
        "email, error",
        [
            ("not an email", INVALID_SHAREE_ERROR),
            ("", INVALID_SHAREE_ERROR),
            ("Owner@EXAMPLE.com", SHARE_WITH_SELF_ERROR),
            ("owner@example.com ", SHARE_WITH_SELF_ERROR),
        ],
    )
    def test_a_bad_sharee_is_refused(self, owner, list_, email, error):
        assert share_with(list_, owner, email) == error
        assert not list_.shared_with.exists()
        assert User.objects.count() == 1

    def test_only_the_owner_may_share(self, list_):
        sharee = User.objects.create(email="sharee@example.com")
        list_.shared_with.add(sharee)
        assert share_with(list_, sharee, "friend@example.com") == ONLY_OWNER_CAN_SHARE_ERROR
        assert share_with(list_, AnonymousUser(), "friend@example.com") == (
            ONLY_OWNER_CAN_SHARE_ERROR
        )
        assert not User.objects.filter(email="friend@example.com").exists()

    def test_nobody_shares_an_ownerless_list(self, owner):
        ownerless = List.objects.create()
        assert share_with(ownerless, owner, "friend@example.com") == ONLY_OWNER_CAN_SHARE_ERROR
        assert not ownerless.shared_with.exists()

    def test_the_refusal_is_what_the_site_tells_a_sharee(self, list_):
        sharee = User.objects.create(email="sharee@example.com")
        list_.shared_with.add(sharee)
        client = Client()
        client.force_login(sharee)
        response = client.post(list_.get_absolute_url() + "share", {"sharee": "x@example.com"})
        assert response.status_code == 403
        assert ONLY_OWNER_CAN_SHARE_ERROR in response.content.decode()
