"""One failing case for each Then step, by the step function's name: each
sets a scene in the failing state and says the sentence a feature would
write and whom the headline must name. A new Then step needs a case here.
"""

from __future__ import annotations

from collections.abc import Callable

from harness.people.cast import LOGIN_EMAIL_SUBJECT
from harness.people.tests.then_scenes import (
    Call,
    Stage,
    home_page,
    item_form,
    items,
    list_page,
    logged_in_navbar,
    logged_out_navbar,
    my_lists_page,
)
from harness.server import Email

CASES: dict[str, Callable[[Stage], Call]] = {}


def case(scene: Callable[[Stage], Call]) -> Callable[[Stage], Call]:
    """A failing case for the Then step of the same name."""
    CASES[scene.__name__] = scene
    return scene


@case
def no_accessibility_problems(stage: Stage) -> Call:
    """A box with no label, and text too faint to read."""
    context = stage.context()
    faint = "<input id='id_text' name='text'><p style='color:#c8c8c8'>Faint</p>"
    stage.shows(context, "Edith", home_page(form=faint))
    return Call(context, "the page Edith sees has no accessibility problems", ("Edith",))


@case
def no_email_to(stage: Stage) -> Call:
    """The site mailed a login link to an address it should have refused."""
    sent = Email(LOGIN_EMAIL_SUBJECT, "noreply@superlists", ("not-an-email",), "Log in here")
    return Call(
        stage.context(mailbox={"not-an-email": sent}), 'no email is sent to "not-an-email"', ()
    )


@case
def told_to_check_email(stage: Stage) -> Call:
    """The site went back to the home page without a word."""
    context = stage.context()
    stage.shows(context, "Edith", home_page(logged_out_navbar()))
    return Call(context, "Edith is told to check her email", ("Edith",))


@case
def gets_login_email(stage: Stage) -> Call:
    """Edith's newest email from the site is not a login link."""
    welcome = Email("Welcome to Superlists", "noreply@superlists", ("edith@example.com",), "Hi")
    return Call(
        stage.context(mailbox={"edith@example.com": welcome}),
        "Edith gets an email with a login link",
        ("Edith",),
    )


@case
def told(stage: Stage) -> Call:
    """The page says nothing about the invalid link."""
    context = stage.context()
    stage.shows(context, "Edith", home_page(logged_out_navbar()))
    return Call(context, 'Edith is told "Invalid login link, please request a new one"', ("Edith",))


@case
def is_logged_in(stage: Stage) -> Call:
    """The navbar says Francis is logged in, in Edith's browser."""
    context = stage.context()
    stage.shows(context, "Edith", home_page(logged_in_navbar("francis@example.com")))
    return Call(context, "Edith is logged in", ("Edith", "Francis"))


@case
def is_logged_out(stage: Stage) -> Call:
    """The navbar still offers to log out."""
    context = stage.context()
    stage.shows(context, "Edith", home_page(logged_in_navbar("edith@example.com")))
    return Call(context, "Edith is logged out", ("Edith",))


@case
def asked_to_fill_in(stage: Stage) -> Call:
    """The item box is not required, so the browser lets an empty item through."""
    context = stage.context()
    stage.shows(context, "Edith", home_page(form=item_form(required=False)))
    return Call(context, "Edith is asked to fill in the item first", ("Edith",))


@case
def warned(stage: Stage) -> Call:
    """The site warns about something else."""
    context = stage.context()
    warning = item_form(warning="Something went wrong")
    page = list_page(["Buy wellies"], navbar=logged_out_navbar(), form=warning)
    stage.shows(context, "Edith", page)
    return Call(context, 'Edith is warned "You\'ve already got this in your list"', ("Edith",))


@case
def warning_gone(stage: Stage) -> Call:
    """The warning is still showing."""
    context = stage.context()
    warning = item_form(warning="You can't have an empty list item")
    stage.shows(context, "Edith", home_page(form=warning))
    return Call(context, "her warning disappears", ("Edith",))


@case
def focus_is_visible(stage: Stage) -> Call:
    """The item box has the focus, but a style takes its outline away."""
    context = stage.context()
    unfocused = "<style>#id_text:focus, #id_text:focus-visible { outline: none }</style>"
    edith = stage.shows(context, "Edith", home_page(logged_out_navbar(), head=unfocused))
    edith.list_page.move_to_item_box_by_keyboard()
    return Call(context, "Edith can see where the keyboard focus is", ("Edith",))


@case
def reading_order(stage: Stage) -> Call:
    """The item box jumps the queue with a tabindex."""
    context = stage.context()
    first = home_page(logged_out_navbar(), item_form(attributes="tabindex='1'"))
    stage.shows(context, "Edith", first)
    return Call(
        context,
        "Edith can reach every control on the page with the keyboard, in reading order",
        ("Edith",),
    )


@case
def sees_someones_list(stage: Stage) -> Call:
    """Francis opens Edith's list; two of its rows are swapped."""
    context = stage.context(table=items("Milk", "Eggs", "Bread"))
    francis = stage.shows(context, "Francis", list_page(["Milk", "Bread", "Eggs"]))
    context.cast.mentioned("Edith").list_url = francis.list_page.current_url
    return Call(context, "Francis sees Edith's list:", ("Francis", "Edith"))


@case
def told_nothing_there(stage: Stage) -> Call:
    """Francis sees Edith's list where he should find nothing."""
    context = stage.context()
    stage.shows(context, "Francis", list_page(["Get help"], owner="edith@example.com"))
    return Call(context, "Francis is told there is nothing at that address", ("Francis",))


@case
def list_reads(stage: Stage) -> Call:
    """Edith's list lacks the item she added."""
    context = stage.context(table=items("Milk", "Eggs"))
    stage.shows(context, "Edith", list_page(["Milk"]))
    return Call(context, "her list reads:", ("Edith",))


@case
def lists_apart(stage: Stage) -> Call:
    """Francis's new list turned out to be Edith's."""
    context = stage.context()
    edith = stage.shows(context, "Edith", list_page(["Buy milk"]))
    edith.list_url = edith.list_page.current_url
    context.cast.mentioned("Francis").list_url = edith.list_url
    return Call(
        context, "Francis's list is at a different address from Edith's", ("Francis", "Edith")
    )


@case
def item_box_centred(stage: Stage) -> Call:
    """The page lost its style sheet: the item box sits at the left."""
    context = stage.context()
    stage.shows(context, "Edith", home_page(logged_out_navbar()))
    return Call(context, "the item box is centred in her window", ("Edith",))


@case
def sees_own_lists(stage: Stage) -> Call:
    """Edith's own lists miss one and show one of Francis's."""
    context = stage.context(table=items("Trip", "Groceries", heading="list"))
    page = my_lists_page("edith@example.com", ["Groceries", "Francis's party"], [])
    stage.shows(context, "Edith", page)
    return Call(context, "Edith sees her own lists:", ("Edith",))


@case
def no_my_lists_link(stage: Stage) -> Call:
    """The navbar still shows the My lists link."""
    context = stage.context()
    stage.shows(context, "Edith", home_page(logged_in_navbar("edith@example.com")))
    return Call(context, "Edith no longer sees the My lists link", ("Edith",))


@case
def my_lists_link(stage: Stage) -> Call:
    """The navbar of a logged-in person lacks the My lists link."""
    context = stage.context()
    navbar = logged_in_navbar("edith@example.com", my_lists=False)
    stage.shows(context, "Edith", home_page(navbar))
    return Call(context, "Edith sees the My lists link", ("Edith",))


@case
def sees_shared_lists(stage: Stage) -> Call:
    """Edith's list is not among those shared with Onesiphorus."""
    context = stage.context(table=items("Get help", heading="list"))
    page = my_lists_page("onesiphorus@example.com", ["His own"], [])
    stage.shows(context, "Onesiphorus", page)
    return Call(context, "Onesiphorus sees these lists shared by other users:", ("Onesiphorus",))


@case
def sees_secure_connection(stage: Stage) -> Call:
    """The site is served over plain http."""
    context = stage.context()
    stage.shows(context, "Edith", home_page(logged_out_navbar()))
    return Call(context, "Edith sees the site over a secure connection", ("Edith",))


@case
def told_to_stay_secure(stage: Stage) -> Call:
    """The site asks for a secure connection for a month only."""
    context = stage.context()
    page = home_page(logged_out_navbar())
    stage.shows(context, "Edith", page, **{"Strict-Transport-Security": "max-age=2592000"})
    return Call(context, "the site tells her browser to always use a secure connection", ("Edith",))


@case
def not_offered_sharing(stage: Stage) -> Call:
    """Francis, a sharee, is offered the box only the owner should have."""
    context = stage.context()
    page = list_page(
        ["Get help"],
        owner="edith@example.com",
        sharees=["francis@example.com"],
        can_share=True,
        navbar=logged_in_navbar("francis@example.com"),
    )
    stage.shows(context, "Francis", page)
    return Call(context, "Francis is not offered a way to share the list", ("Francis",))


@case
def sees_sharee(stage: Stage) -> Call:
    """Edith's list is shared with Francis, not Onesiphorus."""
    context = stage.context()
    page = list_page(
        ["Get help"],
        owner="edith@example.com",
        sharees=["francis@example.com"],
        can_share=True,
        navbar=logged_in_navbar("edith@example.com"),
    )
    stage.shows(context, "Edith", page)
    return Call(
        context,
        "Edith sees Onesiphorus among the people the list is shared with",
        ("Edith", "Onesiphorus", "Francis"),
    )


@case
def sees_owner(stage: Stage) -> Call:
    """The list page names Onesiphorus as the owner of Edith's list."""
    context = stage.context()
    page = list_page(["Get help"], owner="onesiphorus@example.com")
    stage.shows(context, "Francis", page)
    return Call(
        context, "Francis sees that Edith owns the list", ("Francis", "Edith", "Onesiphorus")
    )


@case
def invited_to_start_list(stage: Stage) -> Call:
    """The item box invites something else."""
    context = stage.context()
    form = item_form(placeholder="Type here")
    stage.shows(context, "Edith", home_page(logged_out_navbar(), form))
    return Call(context, "Edith is invited to start a new list", ("Edith",))


@case
def offered_login(stage: Stage) -> Call:
    """The login box's label does not say what it is for."""
    context = stage.context()
    stage.shows(context, "Edith", home_page(logged_out_navbar(label="Email")))
    return Call(context, "Edith is offered a way to log in", ("Edith",))
