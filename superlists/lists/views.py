"""Views for creating, viewing, sharing and listing to-do lists.

Who may do what (see `List.can_be_used_by` and `List.can_be_shared_by`):

- a list without an owner: anyone with its address may view it and add to it;
- a list with an owner: only the owner and its sharees may view it and add to
  it, and only the owner may share it;
- a My lists page: only its own user, logged in.

Everyone else gets the 404 page, never a 403, so that a stranger cannot even
learn that a list or an account exists.
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
from superlists.lists.models import List

INVALID_SHAREE_ERROR = "Please enter a valid email address to share with"
SHARE_WITH_SELF_ERROR = "You can't share a list with yourself: it is already yours"


def home_page(request):
    """Show the form for starting a new list."""
    return render(request, "lists/home.html", {"form": ItemForm()})


@require_POST
def new_list(request):
    """Create a list from its first item, or redisplay the home page with the error."""
    form = ItemForm(data=request.POST)
    if not form.is_valid():
        return render(request, "lists/home.html", {"form": form})
    owner = request.user if request.user.is_authenticated else None
    list_ = List.objects.create(owner=owner)
    form.save(for_list=list_)
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
        form = ExistingListItemForm(for_list=list_, data=request.POST)
        if form.is_valid() and form.save() is not None:
            return redirect(list_)
    context = {"list": list_, "form": form, "can_share": list_.can_be_shared_by(request.user)}
    return render(request, "lists/list.html", context)


@require_POST
def share_list(request, list_uid: uuid.UUID):
    """Share a list with the given email, creating that user if they never logged in."""
    list_ = _usable_list_or_404(request, list_uid)
    if not list_.can_be_shared_by(request.user):
        # A sharee, or anyone on an ownerless list: they can see the list, so a
        # 404 would hide nothing; but only an owner can share.
        return render(request, "lists/share_refused.html", status=403)
    email = request.POST.get("sharee", "").strip()
    try:
        validate_email(email)
    except ValidationError:
        messages.error(request, INVALID_SHAREE_ERROR)
        return redirect(list_)
    if email.lower() == request.user.email.lower():
        messages.error(request, SHARE_WITH_SELF_ERROR)
        return redirect(list_)
    sharee, _ = User.objects.get_or_create(email=email)
    list_.shared_with.add(sharee)
    return redirect(list_)


def my_lists(request, email: str):
    """Show the lists a user owns and those shared with them: to that user only."""
    if not (request.user.is_authenticated and request.user.email == email):
        raise Http404("No such page")  # the same answer whether the account exists or not
    return render(request, "lists/my_lists.html", {"owner": request.user})
