import pytest

from harness.pages.site_page import plain_address


@pytest.mark.parametrize(
    ("url", "typed"),
    [
        ("https://10.200.0.2", "http://10.200.0.2"),
        ("https://h:444", "http://h"),
        ("https://staging.example.com:8443", "http://staging.example.com"),
        ("http://10.200.0.2", "http://10.200.0.2"),
        ("http://h:8000", "http://h:8000"),
        ("http://localhost:8081", "http://localhost:8081"),
        ("https://[::1]:444", "http://[::1]"),
        ("https://[::1]", "http://[::1]"),
    ],
)
def test_the_plain_address_is_what_a_person_would_type(url, typed):
    assert plain_address(url) == typed
