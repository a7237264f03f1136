import threading
import uuid

import pytest
from django.test import Client

from superlists.accounts.models import User
from superlists.lists.forms import DUPLICATE_ITEM_ERROR, EMPTY_ITEM_ERROR, TOO_LONG_ITEM_ERROR
from superlists.lists.models import Item, List

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in_client(client):
    user = User.objects.create(email="owner@example.com")
    client.force_login(user)
    client.user = user
    return client


def feedback_text(response) -> str:
    html = response.content.decode()
    start = html.index('id="id_text_feedback"')
    return html[start : html.index("</div>", start)]


class TestHomePage:
    def test_renders_title_heading_and_form(self, client):
        response = client.get("/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "To-Do lists" in html.split("<title>")[1].split("</title>")[0]
        assert "Start a new To-Do list" in html
        assert 'action="/lists/new"' in html
        assert 'id="id_text"' in html
        assert "lists.js" in html
        assert "vendor/bootstrap-5.3.9/bootstrap.min.css" in html

    def test_the_item_box_has_a_label_and_its_error_is_announced(self, client):
        html = client.get("/").content.decode()
        assert '<label for="id_text" class="visually-hidden">To-do item</label>' in html
        assert 'id="id_text_feedback" class="invalid-feedback" role="alert"' in html

    def test_logged_out_navbar_has_login_form(self, client):
        html = client.get("/").content.decode()
        assert 'action="/accounts/send_login_email"' in html
        assert '<label for="id_email_input"' in html
        assert "Enter your email to log in" in html
        assert 'id="id_email_input"' in html and 'name="email"' in html

    def test_logged_in_navbar(self, logged_in_client):
        html = logged_in_client.get("/").content.decode()
        assert "Logged in as owner@example.com" in html
        assert 'href="/lists/users/owner@example.com/"' in html
        assert "My lists" in html
        assert 'id="id_logout"' in html
        assert 'action="/accounts/logout"' in html
        assert 'id="id_email_input"' not in html


class TestNewList:
    def test_post_creates_list_and_redirects(self, client):
        response = client.post("/lists/new", {"text": "A new item"})
        list_ = List.objects.get()
        assert Item.objects.get().text == "A new item"
        assert response.status_code == 302
        assert response["Location"] == f"/lists/{list_.uid}/"
        assert list_.owner is None

    def test_each_post_creates_a_separate_list(self, client):
        client.post("/lists/new", {"text": "one"})
        client.post("/lists/new", {"text": "two"})
        assert List.objects.count() == 2

    def test_empty_item_rerenders_home_with_error(self, client):
        response = client.post("/lists/new", {"text": ""})
        assert response.status_code == 200
        assert "Start a new To-Do list" in response.content.decode()
        assert EMPTY_ITEM_ERROR.replace("'", "&#x27;") in feedback_text(response)
        assert List.objects.count() == 0 and Item.objects.count() == 0

    def test_list_gets_owner_when_logged_in(self, logged_in_client):
        logged_in_client.post("/lists/new", {"text": "mine"})
        assert List.objects.get().owner == logged_in_client.user

    def test_get_not_allowed(self, client):
        assert client.get("/lists/new").status_code == 405


class TestViewList:
    def test_shows_only_this_lists_items_numbered(self, client):
        list_ = List.objects.create()
        Item.objects.create(list=list_, text="Buy milk")
        Item.objects.create(list=list_, text="Walk dog")
        Item.objects.create(list=List.objects.create(), text="other list item")
        response = client.get(f"/lists/{list_.uid}/")
        html = response.content.decode()
        assert "Your To-Do list" in html
        assert 'id="id_list_table"' in html
        assert "<td>1: Buy milk</td>" in html and "<td>2: Walk dog</td>" in html
        assert "other list item" not in html
        assert f'action="/lists/{list_.uid}/"' in html

    @pytest.mark.parametrize("address", ["/lists/1/", f"/lists/{uuid.uuid4()}/"])
    def test_unknown_list_is_404(self, client, address):
        List.objects.create()  # id 1 exists, but ids are not addresses
        assert client.get(address).status_code == 404

    def test_post_adds_item_and_redirects(self, client):
        list_ = List.objects.create()
        response = client.post(f"/lists/{list_.uid}/", {"text": "new item"})
        assert response["Location"] == f"/lists/{list_.uid}/"
        assert Item.objects.get().list == list_

    def test_post_to_unknown_list_is_404(self, client):
        assert client.post(f"/lists/{uuid.uuid4()}/", {"text": "x"}).status_code == 404

    def test_empty_post_shows_error_and_saves_nothing(self, client):
        list_ = List.objects.create()
        response = client.post(f"/lists/{list_.uid}/", {"text": ""})
        assert response.status_code == 200
        assert "Your To-Do list" in response.content.decode()
        assert EMPTY_ITEM_ERROR.replace("'", "&#x27;") in feedback_text(response)
        assert Item.objects.count() == 0

    def test_duplicate_shows_error_with_invalid_input(self, client):
        list_ = List.objects.create()
        Item.objects.create(list=list_, text="twice")
        response = client.post(f"/lists/{list_.uid}/", {"text": "twice"})
        html = response.content.decode()
        assert response.status_code == 200
        assert DUPLICATE_ITEM_ERROR.replace("'", "&#x27;") in feedback_text(response)
        assert "is-invalid" in html
        assert Item.objects.count() == 1

    def test_item_text_is_escaped(self, client):
        list_ = List.objects.create()
        Item.objects.create(list=list_, text="<script>alert(1)</script>")
        html = client.get(f"/lists/{list_.uid}/").content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_owner_shown_only_when_present(self, client):
        anonymous = List.objects.create()
        owned = List.objects.create(owner=User.objects.create(email="o@example.com"))
        assert "id_list_owner" not in client.get(f"/lists/{anonymous.uid}/").content.decode()
        client.force_login(owned.owner)
        html = client.get(f"/lists/{owned.uid}/").content.decode()
        assert 'List owner: <span id="id_list_owner">o@example.com</span>' in html

    def test_share_form_shown_to_the_owner(self, logged_in_client):
        list_ = List.objects.create(owner=logged_in_client.user)
        html = logged_in_client.get(f"/lists/{list_.uid}/").content.decode()
        assert f'action="/lists/{list_.uid}/share"' in html
        assert 'name="sharee"' in html
        assert 'placeholder="your-friend@example.com"' in html


class TestShareList:
    def test_share_with_existing_user(self, logged_in_client):
        client = logged_in_client
        list_ = List.objects.create(owner=client.user)
        friend = User.objects.create(email="friend@example.com")
        response = client.post(f"/lists/{list_.uid}/share", {"sharee": "friend@example.com"})
        assert response["Location"] == f"/lists/{list_.uid}/"
        assert list(list_.shared_with.all()) == [friend]
        html = client.get(f"/lists/{list_.uid}/").content.decode()
        assert '<li class="list-sharee">friend@example.com</li>' in html

    def test_share_with_unknown_email_creates_user(self, logged_in_client):
        list_ = List.objects.create(owner=logged_in_client.user)
        response = logged_in_client.post(f"/lists/{list_.uid}/share", {"sharee": "new@example.com"})
        assert response.status_code == 302
        assert list_.shared_with.get().email == "new@example.com"

    def test_share_with_invalid_email_shares_nothing(self, logged_in_client):
        list_ = List.objects.create(owner=logged_in_client.user)
        response = logged_in_client.post(
            f"/lists/{list_.uid}/share", {"sharee": "not an email"}, follow=True
        )
        assert response.status_code == 200
        assert "valid email" in response.content.decode()
        assert list_.shared_with.count() == 0 and User.objects.count() == 1

    def test_share_unknown_list_is_404(self, logged_in_client):
        response = logged_in_client.post(f"/lists/{uuid.uuid4()}/share", {"sharee": "a@b.com"})
        assert response.status_code == 404

    def test_sharee_can_add_items(self, client):
        list_ = List.objects.create(owner=User.objects.create(email="o@example.com"))
        sharee = User.objects.create(email="s@example.com")
        list_.shared_with.add(sharee)
        client.force_login(sharee)
        client.post(f"/lists/{list_.uid}/", {"text": "from sharee"})
        assert list_.item_set.get().text == "from sharee"


class TestMyLists:
    def test_shows_owned_and_shared_lists_as_links(self, client):
        owner = User.objects.create(email="me@example.com")
        client.force_login(owner)
        mine = List.objects.create(owner=owner)
        Item.objects.create(list=mine, text="my first item")
        theirs = List.objects.create(owner=User.objects.create(email="them@example.com"))
        Item.objects.create(list=theirs, text="their item")
        theirs.shared_with.add(owner)
        html = client.get("/lists/users/me@example.com/").content.decode()
        assert "My Lists" in html
        assert f'<a href="/lists/{mine.uid}/">my first item</a>' in html
        assert "Lists shared by other users" in html
        shared_section = html.split("Lists shared by other users")[1]
        assert f'<a href="/lists/{theirs.uid}/">their item</a>' in shared_section
        assert "my first item" not in shared_section

    def test_unknown_user_is_404(self, client):
        response = client.get("/lists/users/nobody@example.com/")
        assert response.status_code == 404
        assert "Not found" in response.content.decode()


def test_csrf_is_enforced():
    response = Client(enforce_csrf_checks=True).post("/lists/new", {"text": "x"})
    assert response.status_code == 403
    assert Item.objects.count() == 0


def test_forms_carry_csrf_tokens():
    html = Client().get("/").content.decode()
    # Navbar login form and the item form.
    assert html.count('name="csrfmiddlewaretoken"') == 2


@pytest.mark.django_db(transaction=True)
def test_identical_items_posted_at_the_same_moment_store_one_and_warn_the_other(monkeypatch):
    """Both requests pass the uniqueness check before either saves: the race
    that used to end in a 500. Each thread has its own connection, like two
    gunicorn workers."""
    from django.db import connection

    from superlists.lists.forms import ExistingListItemForm

    list_ = List.objects.create()
    both_checked = threading.Barrier(2)
    check = ExistingListItemForm.validate_unique

    def check_then_wait(form):
        check(form)
        both_checked.wait(timeout=10)

    monkeypatch.setattr(ExistingListItemForm, "validate_unique", check_then_wait)
    responses = []

    def post() -> None:
        try:
            responses.append(Client().post(list_.get_absolute_url(), {"text": "Buy milk"}))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in responses) == [200, 302]
    [refused] = [r for r in responses if r.status_code == 200]
    assert DUPLICATE_ITEM_ERROR.replace("'", "&#x27;") in feedback_text(refused)
    assert list(list_.item_set.values_list("text", flat=True)) == ["Buy milk"]


def test_an_overlong_item_is_refused_in_the_form(client):
    list_ = List.objects.create()
    response = client.post(list_.get_absolute_url(), {"text": "x" * 1_000_000})
    assert response.status_code == 200
    assert TOO_LONG_ITEM_ERROR in feedback_text(response)
    assert not Item.objects.exists()
    assert len(response.content) < 20_000  # the refused text is not echoed back whole
