"""Views for creating, viewing, sharing and listing to-do lists."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from superlists.accounts.models import User
from superlists.lists.forms import ExistingListItemForm, ItemForm
from superlists.lists.models import List


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


def view_list(request, list_id: int):
    """Show a list and, on POST, add an item to it."""
    list_ = get_object_or_404(List, id=list_id)
    form = ExistingListItemForm(for_list=list_)
    if request.method == "POST":
        form = ExistingListItemForm(for_list=list_, data=request.POST)
        if form.is_valid():
            form.save()
            return redirect(list_)
    return render(request, "lists/list.html", {"list": list_, "form": form})


@require_POST
def share_list(request, list_id: int):
    """Share a list with the given email, creating that user if they never logged in."""
    list_ = get_object_or_404(List, id=list_id)
    email = request.POST.get("sharee", "").strip()
    try:
        validate_email(email)
    except ValidationError:
        messages.error(request, "Please enter a valid email address to share with")
        return redirect(list_)
    sharee, _ = User.objects.get_or_create(email=email)
    list_.shared_with.add(sharee)
    return redirect(list_)


def my_lists(request, email: str):
    """Show the lists a user owns and those shared with them."""
    owner = get_object_or_404(User, email=email)
    return render(request, "lists/my_lists.html", {"owner": owner})
