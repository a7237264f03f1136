"""How an email address becomes one segment of a URL path.

Plain Python, no Django: the URL converter uses it, and so does the acceptance
harness, which must build the same addresses without starting Django.

Valid addresses may contain "/" (even "/./", which browsers collapse) and "%".
Escaping those two keeps the address in one segment. Django then percent-
encodes the whole path once more (`PATH_SAFE` characters excepted) and decodes
it once on the way in, so `segment_to_email` sees exactly what
`email_to_segment` made.
"""

from urllib.parse import quote, unquote

#: What Django's reverse() leaves unencoded in a path (RFC 3986 sub-delims, "/~:@").
PATH_SAFE = "!$&'()*+,;=/~:@"


def email_to_segment(email: str) -> str:
    """The path segment for `email`, before Django's own encoding."""
    return email.replace("%", "%25").replace("/", "%2F")


def segment_to_email(segment: str) -> str:
    """The email address a decoded path segment stands for."""
    return unquote(segment)


def my_lists_path(email: str) -> str:
    """The URL path of `email`'s My lists page, exactly as the app links to it."""
    return f"/lists/users/{quote(email_to_segment(email), safe=PATH_SAFE)}/"
