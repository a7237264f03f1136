"""URLs under /lists/."""

from django.urls import path, register_converter

from superlists.lists import views
from superlists.lists.addresses import email_to_segment, segment_to_email


class EmailConverter:
    """An email address as one path segment (see `superlists.lists.addresses`)."""

    regex = r"[^/]+"

    def to_python(self, value: str) -> str:
        return segment_to_email(value)

    def to_url(self, value: str) -> str:
        return email_to_segment(value)


register_converter(EmailConverter, "email")

urlpatterns = [
    path("new", views.new_list, name="new_list"),
    path("<uuid:list_uid>/", views.view_list, name="view_list"),
    path("<uuid:list_uid>/share", views.share_list, name="share_list"),
    path("users/<email:email>/", views.my_lists, name="my_lists"),
]
