import parse
import pytest
from behave.matchers import ParseMatcher

from harness.people.step_types import parse_who

# behave's parse matcher compiles step patterns case-sensitively; so do we,
# otherwise "edith" would match the capitalised-name alternative.
PATTERN = parse.compile("{who:Who} x", extra_types={"Who": parse_who}, case_sensitive=True)


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Edith", "Edith"),
        ("Edith's", "Edith"),
        ("James's", "James"),
        ("James'", "James"),
        ("Zoë’s", "Zoë"),
        ("Zoë", "Zoë"),
        ("José", "José"),
        ("Anne-Marie", "Anne-Marie"),
        ("Anne-Marie's", "Anne-Marie"),
        ("O'Brien", "O'Brien"),
        ("O'Brien's", "O'Brien"),
        ("Łukasz", "Łukasz"),
        ("Σοφία", "Σοφία"),
        ("she", "she"),
        ("his", "his"),
        ("her", "her"),
        ("their", "their"),
        ("themselves", "themselves"),
    ],
)
def test_pattern_matches_names_possessives_and_pronouns(text, who):
    result = PATTERN.parse(f"{text} x")
    assert result is not None, text
    assert result["who"] == who


@pytest.mark.parametrize(
    "text", ["edith", "Bob Smith", "it", "Edith's's", "Anne-", "-Anne", "R2D2", "the", "Édith?"]
)
def test_pattern_rejects_other_words(text):
    assert PATTERN.parse(f"{text} x") is None


def test_importing_registers_the_type_with_behave():
    matcher = ParseMatcher(lambda context, who: None, "{who:Who} opens the page")
    match = matcher.match("Zoë's opens the page")
    assert match is not None
    assert [argument.value for argument in match.arguments] == ["Zoë"]
    assert matcher.match("edith opens the page") is None


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ('Edith has started a list with ""', ""),
        ('Edith has started a list with "Buy milk"', "Buy milk"),
        ('Edith has started a list with "Say "hello" to Bob"', 'Say "hello" to Bob'),
    ],
)
def test_quoted_text_may_be_empty_or_hold_quotes(sentence, text):
    from harness.people.step_types import parse_quoted, parse_who

    found = parse.parse(
        '{who:Who} has started a list with "{text:Quoted}"',
        sentence,
        extra_types={"Who": parse_who, "Quoted": parse_quoted},
    )
    assert found is not None and found["text"] == text
