"""Forms for adding items to lists."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from superlists.lists.models import MAX_ITEM_LENGTH, Item, List

EMPTY_ITEM_ERROR = "You can't have an empty list item"
DUPLICATE_ITEM_ERROR = "You've already got this in your list"
TOO_LONG_ITEM_ERROR = f"An item can be at most {MAX_ITEM_LENGTH:,} characters long"


class ItemForm(forms.ModelForm):
    """Form for the first item of a new list."""

    class Meta:
        model = Item
        fields = ("text",)
        widgets = {
            "text": forms.TextInput(
                attrs={
                    "placeholder": "Enter a to-do item",
                    "class": "form-control form-control-lg",
                    # The error under the box is read out as the box's description.
                    "aria-describedby": "id_text_feedback",
                }
            )
        }
        error_messages = {"text": {"required": EMPTY_ITEM_ERROR, "max_length": TOO_LONG_ITEM_ERROR}}

    def clean_text(self) -> str:
        """The item as a browser shows it: runs of whitespace read as one space,
        so "Buy   milk" is stored as, and is a repeat of, "Buy milk"."""
        return " ".join(self.cleaned_data["text"].split())

    def full_clean(self):
        """Validate, and mark the input invalid so Bootstrap shows the sibling feedback."""
        super().full_clean()
        if self._errors and "text" in self._errors:
            self._mark_invalid()
            self._echo_at_most_the_cap()

    def _echo_at_most_the_cap(self) -> None:
        # The box is redisplayed with what was sent. Browsers stop typing at
        # maxlength, so only a hand-made request is longer: echoing all of it
        # would turn a refused megabyte into a megabyte-sized page.
        text = self.data.get("text", "")
        if len(text) > MAX_ITEM_LENGTH:
            self.data = self.data.copy()
            self.data["text"] = text[:MAX_ITEM_LENGTH]

    def _mark_invalid(self) -> None:
        attrs = self.fields["text"].widget.attrs
        if "is-invalid" not in attrs["class"]:
            attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"  # what assistive technology reads for "is-invalid"

    def save(self, for_list: List) -> Item:
        """Save the item into ``for_list``."""
        self.instance.list = for_list
        return super().save()


class ExistingListItemForm(ItemForm):
    """Form for adding an item to an existing list, rejecting duplicates."""

    def __init__(self, for_list: List, *args, **kwargs):
        # Set before validation so the model's unique_together check can see the list.
        kwargs.setdefault("instance", Item(list=for_list))
        super().__init__(*args, **kwargs)

    def validate_unique(self):
        """Check (list, text) uniqueness, reporting duplicates against the text field."""
        if self.has_error("text"):
            return
        try:
            # No exclusions: the default ones would drop "list" and skip unique_together.
            self.instance.validate_unique()
        except ValidationError:
            self.add_error("text", DUPLICATE_ITEM_ERROR)

    def save(self) -> Item | None:
        """Save the item into the list given at construction.

        Two identical items posted at the same moment both pass the uniqueness
        check; the database then refuses the second. That one gets the same
        duplicate error as if it had come later, and None is returned.
        """
        try:
            with transaction.atomic():  # keeps an outer transaction usable after the refusal
                return forms.ModelForm.save(self)
        except IntegrityError:
            self.add_error("text", DUPLICATE_ITEM_ERROR)
            self._mark_invalid()
            return None
