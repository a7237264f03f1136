"""Where each control is on the site's pages, declared once (ids and names
first), what a person calls it, and the headings and messages the pages show."""

from __future__ import annotations

from selenium.webdriver.common.by import By

Locator = tuple[str, str]


ITEM_INPUT: Locator = (By.ID, "id_text")
ITEM_INPUT_INVALID: Locator = (By.CSS_SELECTOR, "#id_text:invalid")  # HTML5 validation
ITEM_FEEDBACK: Locator = (By.ID, "id_text_feedback")
LIST_TABLE: Locator = (By.ID, "id_list_table")
LIST_ROWS: Locator = (By.CSS_SELECTOR, "#id_list_table tr")  # rows() relies on CSS
LIST_OWNER: Locator = (By.ID, "id_list_owner")
SHAREE_INPUT: Locator = (By.NAME, "sharee")
SHAREES: Locator = (By.CSS_SELECTOR, ".list-sharee")
EMAIL_INPUT: Locator = (By.NAME, "email")
EMAIL_LABEL: Locator = (By.CSS_SELECTOR, "label[for=id_email_input]")
LOGOUT_BUTTON: Locator = (By.ID, "id_logout")
MY_LISTS_LINK: Locator = (By.LINK_TEXT, "My lists")
NAVBAR: Locator = (By.CSS_SELECTOR, "nav.navbar")
HEADING: Locator = (By.TAG_NAME, "h1")
OWN_LISTS: Locator = (By.CSS_SELECTOR, "#id_owned_lists a")
SHARED_LISTS: Locator = (By.CSS_SELECTOR, "#id_shared_lists a")
BODY: Locator = (By.TAG_NAME, "body")
SHARING: Locator = (By.ID, "id_sharing")


#: What a person would call each control, for "there is no … here" failures.
CONTROL_NAMES: dict[Locator, str] = {
    ITEM_INPUT: "item box",
    SHAREE_INPUT: "box for sharing the list",
    EMAIL_INPUT: "login email box",
    LOGOUT_BUTTON: "log out button",
    MY_LISTS_LINK: '"My lists" link',
}


LOGIN_LINK_SENT = "Check your email, we've sent you a link you can use to log in."
HOME_HEADING = "Start a new To-Do list"
LIST_HEADING = "Your To-Do list"
MY_LISTS_HEADING = "My Lists"
NOT_FOUND_HEADING = "Not found"
