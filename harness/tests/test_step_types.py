import parse
import pytest
from behave.matchers import ParseMatcher

from harness.step_types import parse_who

# behave's parse matcher compiles step patterns case-sensitively; so do we,
# otherwise "edith" would match the capitalised-name alternative.
PATTERN = parse.compile("{who:Who} x", extra_types={"Who": parse_who}, case_sensitive=True)


def test_parse_who_strips_the_possessive():
    assert parse_who("Edith's") == "Edith"
    assert parse_who("Edith") == "Edith"
    assert parse_who("his") == "his"


@pytest.mark.parametrize(
    ("text", "who"),
    [("Edith", "Edith"), ("Edith's", "Edith"), ("she", "she"), ("his", "his"), ("her", "her")],
)
def test_pattern_matches_names_and_pronouns(text, who):
    result = PATTERN.parse(f"{text} x")
    assert result is not None
    assert result["who"] == who


@pytest.mark.parametrize("text", ["edith", "Bob Smith", "EDITH", "it", "Edith's's"])
def test_pattern_rejects_other_words(text):
    assert PATTERN.parse(f"{text} x") is None


def test_importing_registers_the_type_with_behave():
    matcher = ParseMatcher(lambda context, who: None, "{who:Who} opens the page")
    match = matcher.match("Edith's opens the page")
    assert match is not None
    assert [argument.value for argument in match.arguments] == ["Edith"]
    assert matcher.match("edith opens the page") is None
