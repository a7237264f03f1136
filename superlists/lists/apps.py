"""App configuration for to-do lists."""

from django.apps import AppConfig


class ListsConfig(AppConfig):
    """To-do lists, their items, and sharing between users."""

    name = "superlists.lists"
    label = "lists"
    default_auto_field = "django.db.models.BigAutoField"
