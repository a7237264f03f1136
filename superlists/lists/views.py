"""Views for creating, viewing, sharing and listing to-do lists.

Who may do what (see `List.can_be_used_by` and `List.can_be_shared_by`):

- a list without an owner: anyone with its address may view it and add to it;
- a list with an owner: only the owner and its sharees may view it and add to
  it, and only the owner may share it;
- a My lists page: only its own user, logged in.

Everyone else gets the 404 page, never a 403, so that a stranger cannot even
learn that a list or an account exists.

`start_list`, `add_item` and `share_with` hold the rules the views apply, so
that anything else changing lists (the acceptance fixtures) obeys them too.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from superlists.accounts.models import User
from superlists.lists.forms import ExistingListItemForm, ItemForm
from superlists.lists.models import Item, List

INVALID_SHAREE_ERROR = "Please enter a valid email address to share with"
SHARE_WITH_SELF_ERROR = "You can't share a list with yourself: it is already yours"
#: What lists/share_refused.html tells anyone but the owner who tries to share.
ONLY_OWNER_CAN_SHARE_ERROR = "Sorry, only the owner of a list can share it."


def start_list(user, data) -> tuple[List | None, ItemForm]:
    """Start a list from the home page form's ``data``, owned by ``user`` if logged in.

    Returns the new list, or None if the item was refused, and the bound form,
    which carries the error.
    """
    form = ItemForm(data=data)
    if not form.is_valid():
        return None, form
    owner = user if user.is_authenticated else None
    list_ = List.objects.create(owner=owner)
    form.save(for_list=list_)
    return list_, form


def add_item(list_: List, data) -> tuple[Item | None, ExistingListItemForm]:
    """Add the item in the list page form's ``data`` to ``list_``.

    Returns the new item, or None if it was refused, and the bound form, which
    carries the error. Whether the visitor may use the list is the caller's check.
    """
    form = ExistingListItemForm(for_list=list_, data=data)
    if not form.is_valid():
        return None, form
    return form.save(), form


def share_with(list_: List, user, email: str) -> str | None:
    """Share ``list_`` with ``email`` on behalf of ``user``, creating that user if needed.

    Returns None once shared, or the message saying why not: only the owner may
    share, the address must be valid, and not the owner's own in any case.
    Whether ``user`` may see the list at all is the caller's check.
    """
    if not list_.can_be_shared_by(user):
        return ONLY_OWNER_CAN_SHARE_ERROR
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        return INVALID_SHAREE_ERROR
    if email.lower() == user.email.lower():
        return SHARE_WITH_SELF_ERROR
    sharee, _ = User.objects.get_or_create(email=email)
    list_.shared_with.add(sharee)
    return None


def home_page(request):
    """Show the form for starting a new list."""
    return render(request, "lists/home.html", {"form": ItemForm()})


@require_POST
def new_list(request):
    """Create a list from its first item, or redisplay the home page with the error."""
    list_, form = start_list(request.user, request.POST)
    if list_ is None:
        return render(request, "lists/home.html", {"form": form})
    return redirect(list_)


def _usable_list_or_404(request, list_uid: uuid.UUID) -> List:
    """The list at this address, if the visitor may use it; otherwise the 404 page."""
    list_ = get_object_or_404(List, uid=list_uid)
    if not list_.can_be_used_by(request.user):
        raise Http404("No such list")  # not 403: existence stays secret
    return list_


def view_list(request, list_uid: uuid.UUID):
    """Show a list and, on POST, add an item to it."""
    list_ = _usable_list_or_404(request, list_uid)
    form = ExistingListItemForm(for_list=list_)
    if request.method == "POST":
        item, form = add_item(list_, request.POST)
        if item is not None:
            return redirect(list_)
    context = {"list": list_, "form": form, "can_share": list_.can_be_shared_by(request.user)}
    return render(request, "lists/list.html", context)


@require_POST
def share_list(request, list_uid: uuid.UUID):
    """Share a list with the given email, creating that user if they never logged in."""
    list_ = _usable_list_or_404(request, list_uid)
    refusal = share_with(list_, request.user, request.POST.get("sharee", ""))
    if refusal == ONLY_OWNER_CAN_SHARE_ERROR:
        # A sharee, or anyone on an ownerless list: they can see the list, so a
        # 404 would hide nothing; but only an owner can share.
        return render(request, "lists/share_refused.html", status=403)
    if refusal is not None:
        messages.error(request, refusal)
    return redirect(list_)


def my_lists(request, email: str):
    """Show the lists a user owns and those shared with them: to that user only."""
    if not (request.user.is_authenticated and request.user.email == email):
        raise Http404("No such page")  # the same answer whether the account exists or not
    return render(request, "lists/my_lists.html", {"owner": request.user})
