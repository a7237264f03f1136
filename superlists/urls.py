"""Root URL configuration."""

from django.urls import include, path

from superlists.lists import views as list_views

urlpatterns = [
    path("", list_views.home_page, name="home"),
    path("lists/", include("superlists.lists.urls")),
    path("accounts/", include("superlists.accounts.urls")),
]
