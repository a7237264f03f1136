import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from superlists.accounts.models import User
from superlists.lists.models import Item, List

pytestmark = pytest.mark.django_db


def test_items_are_saved_in_order_on_their_list():
    list_ = List.objects.create()
    Item.objects.create(list=list_, text="first")
    Item.objects.create(list=list_, text="second")
    assert [i.text for i in list_.item_set.all()] == ["first", "second"]


def test_empty_item_is_invalid():
    item = Item(list=List.objects.create(), text="")
    with pytest.raises(ValidationError):
        item.full_clean()


def test_duplicate_item_in_same_list_is_rejected():
    list_ = List.objects.create()
    Item.objects.create(list=list_, text="bla")
    with pytest.raises(IntegrityError):
        Item.objects.create(list=list_, text="bla")


def test_same_text_allowed_in_different_lists():
    Item.objects.create(list=List.objects.create(), text="bla")
    Item(list=List.objects.create(), text="bla").full_clean()  # must not raise


def test_absolute_url():
    list_ = List.objects.create()
    assert list_.get_absolute_url() == f"/lists/{list_.uid}/"


def test_name_is_first_item_text():
    list_ = List.objects.create()
    Item.objects.create(list=list_, text="first")
    Item.objects.create(list=list_, text="second")
    assert list_.name == "first"


def test_owner_is_optional_and_lists_can_be_shared():
    owner = User.objects.create(email="a@example.com")
    friend = User.objects.create(email="b@example.com")
    owned = List.objects.create(owner=owner)
    List.objects.create()
    owned.shared_with.add(friend)
    assert list(owner.lists.all()) == [owned]
    assert list(friend.shared_lists.all()) == [owned]
