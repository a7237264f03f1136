import pytest

from superlists.lists.forms import (
    DUPLICATE_ITEM_ERROR,
    EMPTY_ITEM_ERROR,
    TOO_LONG_ITEM_ERROR,
    ExistingListItemForm,
    ItemForm,
)
from superlists.lists.models import MAX_ITEM_LENGTH, Item, List

pytestmark = pytest.mark.django_db


def test_item_form_renders_input_contract():
    html = str(ItemForm()["text"])
    assert 'id="id_text"' in html
    assert 'name="text"' in html
    assert 'placeholder="Enter a to-do item"' in html
    assert 'class="form-control form-control-lg"' in html
    assert "required" in html
    # Its error message, when there is one, is read out as its description.
    assert 'aria-describedby="id_text_feedback"' in html
    assert "aria-invalid" not in html


def test_item_form_rejects_blank_with_message_and_invalid_class():
    form = ItemForm(data={"text": ""})
    assert not form.is_valid()
    assert form.errors["text"] == [EMPTY_ITEM_ERROR]
    assert "is-invalid" in str(form["text"])
    assert 'aria-invalid="true"' in str(form["text"])


def test_item_form_save_attaches_item_to_list():
    list_ = List.objects.create()
    form = ItemForm(data={"text": "do it"})
    assert form.is_valid()
    item = form.save(for_list=list_)
    assert item == Item.objects.get() and item.list == list_


def test_existing_list_form_rejects_duplicates():
    list_ = List.objects.create()
    Item.objects.create(list=list_, text="no twins")
    form = ExistingListItemForm(for_list=list_, data={"text": "no twins"})
    assert not form.is_valid()
    assert form.errors["text"] == [DUPLICATE_ITEM_ERROR]
    assert "is-invalid" in str(form["text"])


def test_item_text_is_stored_as_a_browser_shows_it():
    form = ItemForm(data={"text": "  Buy \t  milk\n "})
    assert form.is_valid()
    assert form.save(for_list=List.objects.create()).text == "Buy milk"


def test_a_repeat_that_differs_only_in_spacing_is_a_duplicate():
    list_ = List.objects.create()
    Item.objects.create(list=list_, text="Buy milk")
    form = ExistingListItemForm(for_list=list_, data={"text": "  Buy   milk "})
    assert not form.is_valid()
    assert form.errors["text"] == [DUPLICATE_ITEM_ERROR]


def test_existing_list_form_blank_gives_only_empty_error():
    form = ExistingListItemForm(for_list=List.objects.create(), data={"text": ""})
    assert not form.is_valid()
    assert form.errors["text"] == [EMPTY_ITEM_ERROR]


def test_existing_list_form_saves_into_its_list():
    list_ = List.objects.create()
    form = ExistingListItemForm(for_list=list_, data={"text": "hi"})
    assert form.is_valid()
    assert form.save() == Item.objects.get(list=list_, text="hi")


def test_valid_form_input_is_not_marked_invalid():
    form = ItemForm(data={"text": "fine"})
    assert form.is_valid()
    assert "is-invalid" not in str(form["text"])
    assert "aria-invalid" not in str(form["text"])


def test_item_box_carries_the_length_cap_for_the_browser():
    html = ItemForm().as_p()
    assert f'maxlength="{MAX_ITEM_LENGTH}"' in html


def test_item_at_the_cap_is_accepted_and_longer_refused_with_a_message():
    assert ItemForm(data={"text": "x" * MAX_ITEM_LENGTH}).is_valid()
    form = ItemForm(data={"text": "x" * (MAX_ITEM_LENGTH + 1)})
    assert not form.is_valid()
    assert form.errors["text"] == [TOO_LONG_ITEM_ERROR]
    assert "is-invalid" in form.as_p()
