"""The harness builds My lists addresses without Django; they must match the app's."""

import pytest
from django.test import Client
from django.urls import reverse

from superlists.accounts.models import User
from superlists.lists.addresses import my_lists_path


@pytest.mark.parametrize(
    "email",
    ["edith@example.com", "a/b@example.com", "a/./b@example.com", "100%@x.com", "o'b+t@x.com"],
)
def test_my_lists_path_matches_the_apps_own_links(email):
    assert my_lists_path(email) == reverse("my_lists", args=[email])


@pytest.mark.django_db
def test_my_lists_path_reaches_the_page_for_odd_addresses():
    user = User.objects.create(email="a/./b%@example.com")
    client = Client()
    client.force_login(user)
    assert client.get(my_lists_path(user.email)).status_code == 200
