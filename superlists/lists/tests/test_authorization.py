"""Who may see or change what: every role against every action.

Roles: the list's owner, a sharee, another logged-in user, a visitor who is
not logged in. Actions: view the list, add an item, share it, open the
owner's My lists page. A refusal is the 404 page (existence stays secret),
except sharing by someone who can already see the list (403).
"""

import re
import uuid

import pytest
from django.test import Client

from superlists.accounts.models import User
from superlists.lists.models import Item, List
from superlists.lists.views import SHARE_WITH_SELF_ERROR

pytestmark = pytest.mark.django_db

OWNER, SHAREE, STRANGER, VISITOR = "owner", "sharee", "stranger", "visitor"
ROLES = (OWNER, SHAREE, STRANGER, VISITOR)
SECRET_ITEM = "Secret plans"


@pytest.fixture
def people():
    owner = User.objects.create(email="owner@example.com")
    sharee = User.objects.create(email="sharee@example.com")
    stranger = User.objects.create(email="stranger@example.com")
    return {OWNER: owner, SHAREE: sharee, STRANGER: stranger, VISITOR: None}


@pytest.fixture
def owned_list(people):
    list_ = List.objects.create(owner=people[OWNER])
    Item.objects.create(list=list_, text=SECRET_ITEM)
    list_.shared_with.add(people[SHAREE])
    return list_


def client_for(people, role) -> Client:
    client = Client()
    if people[role] is not None:
        client.force_login(people[role])
    return client


def is_not_found_page(response) -> bool:
    return response.status_code == 404 and "Not found" in response.content.decode()


def without_csrf_tokens(response) -> str:
    """The page with its per-response CSRF tokens blanked, for comparing two pages."""
    return re.sub(r'value="[^"]{64}"', 'value=""', response.content.decode())


# (role, may view and add, share status) for a list with an owner.
OWNED_LIST_RULES = [
    (OWNER, True, 302),
    (SHAREE, True, 403),
    (STRANGER, False, 404),
    (VISITOR, False, 404),
]


def assert_shown_only_if(allowed, response, shown):
    """Allowed: the page shows `shown`. Otherwise: the not-found page, with no
    trace of the list's item."""
    if allowed:
        assert response.status_code == 200
        assert shown in response.content.decode()
    else:
        assert is_not_found_page(response)
        assert SECRET_ITEM not in response.content.decode()


@pytest.mark.parametrize("role, may_use, _", OWNED_LIST_RULES)
def test_viewing_an_owned_list(people, owned_list, role, may_use, _):
    response = client_for(people, role).get(owned_list.get_absolute_url())
    assert_shown_only_if(may_use, response, f"1: {SECRET_ITEM}")


@pytest.mark.parametrize("role, may_use, _", OWNED_LIST_RULES)
def test_adding_to_an_owned_list(people, owned_list, role, may_use, _):
    response = client_for(people, role).post(owned_list.get_absolute_url(), {"text": "Mine now"})
    added = owned_list.item_set.filter(text="Mine now").exists()
    assert added == may_use
    assert response.status_code == (302 if may_use else 404)


@pytest.mark.parametrize("role, _, share_status", OWNED_LIST_RULES)
def test_sharing_an_owned_list(people, owned_list, role, _, share_status):
    url = owned_list.get_absolute_url() + "share"
    response = client_for(people, role).post(url, {"sharee": "new@example.com"})
    assert response.status_code == share_status
    shared = owned_list.shared_with.filter(email="new@example.com").exists()
    assert shared == (role == OWNER)


@pytest.mark.parametrize("role", ROLES)
def test_share_form_only_for_the_owner(people, owned_list, role):
    response = client_for(people, role).get(owned_list.get_absolute_url())
    assert ('name="sharee"' in response.content.decode()) == (role == OWNER)


@pytest.mark.parametrize("role", ROLES)
def test_my_lists_page_only_for_its_user(people, owned_list, role):
    response = client_for(people, role).get("/lists/users/owner@example.com/")
    assert_shown_only_if(role == OWNER, response, SECRET_ITEM)


@pytest.mark.parametrize("role", ROLES)
def test_ownerless_list_is_open_to_anyone_with_its_address(people, role):
    list_ = List.objects.create()
    client = client_for(people, role)
    assert client.get(list_.get_absolute_url()).status_code == 200
    assert client.post(list_.get_absolute_url(), {"text": "Anyone's"}).status_code == 302
    assert list_.item_set.filter(text="Anyone's").exists()


@pytest.mark.parametrize("role", ROLES)
def test_nobody_can_share_an_ownerless_list(people, role):
    list_ = List.objects.create()
    client = client_for(people, role)
    assert 'name="sharee"' not in client.get(list_.get_absolute_url()).content.decode()
    response = client.post(list_.get_absolute_url() + "share", {"sharee": "new@example.com"})
    assert response.status_code == 403
    assert not list_.shared_with.exists()


def test_refusals_do_not_reveal_that_a_list_exists(people, owned_list):
    stranger = client_for(people, STRANGER)
    hidden = stranger.get(owned_list.get_absolute_url())
    missing = stranger.get(f"/lists/{uuid.uuid4()}/")
    assert hidden.status_code == missing.status_code == 404
    assert without_csrf_tokens(hidden) == without_csrf_tokens(missing)


def test_refusals_do_not_reveal_that_an_account_exists(people):
    stranger = client_for(people, STRANGER)
    existing = stranger.get("/lists/users/owner@example.com/")
    missing = stranger.get("/lists/users/nobody@example.com/")
    assert existing.status_code == missing.status_code == 404
    assert without_csrf_tokens(existing) == without_csrf_tokens(missing)


@pytest.mark.parametrize(
    "spelling", ["owner@example.com", " owner@EXAMPLE.com ", "OWNER@example.com"]
)
def test_sharing_with_yourself_is_refused_with_a_message(people, owned_list, spelling):
    owner = client_for(people, OWNER)
    url = owned_list.get_absolute_url() + "share"
    response = owner.post(url, {"sharee": spelling}, follow=True)
    assert SHARE_WITH_SELF_ERROR.replace("'", "&#x27;") in response.content.decode()
    assert not owned_list.shared_with.filter(email__iexact="owner@example.com").exists()


def test_list_addresses_are_random_uuids_not_sequence_numbers():
    first, second = List.objects.create(), List.objects.create()
    assert first.uid.version == second.uid.version == 4  # 122 random bits
    assert first.uid != second.uid
    assert first.get_absolute_url() == f"/lists/{first.uid}/"


def test_my_lists_keep_creation_order(people):
    owner, other = people[OWNER], people[SHAREE]
    names = ["Zebra", "Apple", "Mango"]
    for name in names:
        Item.objects.create(list=List.objects.create(owner=owner), text=name)
        shared = List.objects.create(owner=other)
        Item.objects.create(list=shared, text=f"shared {name}")
        shared.shared_with.add(owner)
    html = client_for(people, OWNER).get("/lists/users/owner@example.com/").content.decode()
    own, shared = html.split("Lists shared by other users")
    assert [own.index(f">{n}<") for n in names] == sorted(own.index(f">{n}<") for n in names)
    positions = [shared.index(f">shared {n}<") for n in names]
    assert positions == sorted(positions)
