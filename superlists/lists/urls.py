"""URLs under /lists/."""

from urllib.parse import unquote

from django.urls import path, register_converter

from superlists.lists import views


class EmailConverter:
    """An email address as one path segment, whatever characters it holds.

    Valid addresses may contain "/" (even "/./", which browsers collapse) and
    "%". Escaping those two here keeps the address in one segment; Django then
    percent-encodes the whole path once more, and decodes it once on the way
    in, so `to_python` sees exactly what `to_url` made.
    """

    regex = r"[^/]+"

    def to_python(self, value: str) -> str:
        return unquote(value)

    def to_url(self, value: str) -> str:
        return value.replace("%", "%25").replace("/", "%2F")


register_converter(EmailConverter, "email")

urlpatterns = [
    path("new", views.new_list, name="new_list"),
    path("<uuid:list_uid>/", views.view_list, name="view_list"),
    path("<uuid:list_uid>/share", views.share_list, name="share_list"),
    path("users/<email:email>/", views.my_lists, name="my_lists"),
]
