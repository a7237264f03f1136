"""Forms for adding items to lists."""

from django import forms
from django.core.exceptions import ValidationError

from superlists.lists.models import Item, List

EMPTY_ITEM_ERROR = "You can't have an empty list item"
DUPLICATE_ITEM_ERROR = "You've already got this in your list"


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
                }
            )
        }
        error_messages = {"text": {"required": EMPTY_ITEM_ERROR}}

    def full_clean(self):
        """Validate, and mark the input invalid so Bootstrap shows the sibling feedback."""
        super().full_clean()
        if self._errors and "text" in self._errors:
            self.fields["text"].widget.attrs["class"] += " is-invalid"

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

    def save(self) -> Item:
        """Save the item into the list given at construction."""
        return forms.ModelForm.save(self)
