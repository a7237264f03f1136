"""To-do list and item models, and who may see or change a list."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

#: Item texts longer than this are refused; generous for a to-do, small for a page.
MAX_ITEM_LENGTH = 1000


class List(models.Model):
    """A to-do list, optionally owned by a user and shared with others.

    A list started while logged out has no owner: anyone with its address may
    use it, as in the book. A list with an owner is private to the owner and
    the people it is shared with. Either way the address is a random UUID, so
    holding it is the only way to find a list.
    """

    # The integer id stays the primary key (and the creation order); the URL
    # uses `uid`, whose 122 random bits cannot be guessed or enumerated.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
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
        return reverse("view_list", args=[self.uid])

    @property
    def name(self) -> str:
        """The list is known by its first item's text."""
        first = self.item_set.order_by("id").first()
        return first.text if first else ""

    def can_be_used_by(self, user) -> bool:
        """Whether ``user`` may see this list and add items to it."""
        if self.owner_id is None:
            return True
        if not user.is_authenticated:
            return False
        return self.owner_id == user.pk or self.shared_with.filter(pk=user.pk).exists()

    def can_be_shared_by(self, user) -> bool:
        """Whether ``user`` may share this list: its owner only."""
        return self.owner_id is not None and user.is_authenticated and self.owner_id == user.pk


class Item(models.Model):
    """One entry on a to-do list; texts are unique within a list."""

    text = models.TextField(default="", max_length=MAX_ITEM_LENGTH)
    list = models.ForeignKey(List, on_delete=models.CASCADE)

    class Meta:
        ordering = ("id",)
        unique_together = ("list", "text")

    def __str__(self) -> str:
        return self.text
