"""To-do list and item models."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class List(models.Model):
    """A to-do list, optionally owned by a user and shared with others."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="lists",
    )
    shared_with = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="shared_lists"
    )

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """Return the URL of the list page."""
        return reverse("view_list", args=[self.id])

    @property
    def name(self) -> str:
        """The list is known by its first item's text."""
        first = self.item_set.order_by("id").first()
        return first.text if first else ""


class Item(models.Model):
    """One entry on a to-do list; texts are unique within a list."""

    text = models.TextField(default="")
    list = models.ForeignKey(List, on_delete=models.CASCADE)

    class Meta:
        ordering = ("id",)
        unique_together = ("list", "text")

    def __str__(self) -> str:
        return self.text
