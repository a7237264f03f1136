import pytest

from harness.people.personas import (
    DEFAULT_CAST_FILE,
    Person,
    derived_email,
    explain_unknown_pronoun,
    in_place_of,
    is_name,
    load_default_cast,
    person_from_row,
)
from harness.run.errors import HarnessError


@pytest.mark.parametrize(
    "name", ["Edith", "Zoë", "José", "Anne-Marie", "O'Brien", "D’Arcy", "Łukasz", "Σοφία", "EDITH"]
)
def test_capitalised_unicode_hyphenated_and_apostrophe_names_are_names(name):
    assert is_name(name)


@pytest.mark.parametrize(
    "text", ["edith", "zoë", "Bob Smith", "Anne-", "-Anne", "O'", "R2D2", "Edith's", "", "Ed_ith"]
)
def test_other_words_are_not_names(text):
    assert not is_name(text)


@pytest.mark.parametrize(
    ("name", "email"),
    [
        ("Zoë", "zoe@example.com"),
        ("José", "jose@example.com"),
        ("Anne-Marie", "anne-marie@example.com"),
        ("O'Brien", "obrien@example.com"),
        ("Łukasz", "lukasz@example.com"),
        ("Søren", "soren@example.com"),
    ],
)
def test_derived_emails_are_plain_ascii(name, email):
    assert derived_email(name) == email


def test_a_name_without_latin_letters_gets_a_stable_ascii_address():
    email = derived_email("Σοφία")
    assert email.isascii() and email.endswith("@example.com")
    assert email == derived_email("Σοφία") != derived_email("Μαρία")


def test_a_pronoun_may_be_written_she_slash_her():
    assert person_from_row({"name": "Zoë", "pronoun": "She/Her"}, "x").pronoun == "she"


def test_the_default_cast_file_loads():
    people = load_default_cast()
    assert people["Edith"] == Person("Edith", "she", "edith@example.com")
    assert people["Francis"].pronoun == "he"
    assert DEFAULT_CAST_FILE.name == "people.csv"


def write(tmp_path, text):
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_comments_and_blank_lines_are_skipped_and_lines_are_counted(tmp_path):
    path = write(tmp_path, "# who\n\nname, pronoun, email\n# Zoë later\nZoë, she,\nBob, it, \n")
    with pytest.raises(HarnessError, match=r"people.csv line 6: Bob's pronoun must be"):
        load_default_cast(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "needs a header line"),
        ("# only a comment\n", "needs a header line"),
        ("name, pronoun, emial\nZoë, she, z@example.com\n", "the columns must be"),
        ("name, pronoun\nZoë, she\nZoë, she\n", "Zoë is declared twice"),
        ("name, email\nAl, a@example.com\nBo, a@example.com\n", "Bo and Al have the same email"),
        ("name, pronoun\nZoë, she, extra\n", "line 2: more cells than the header has columns"),
        ("name, email\nAl, a@example.com\nBo, A@Example.com\n", "Bo and Al have the same email"),
        ("name, pronoun\nThey, she\n", "'They' is a pronoun, so it cannot be a name"),
        ("name, pronoun\nMaria, she/him\n", "not 'she/him'"),
    ],
)
def test_a_bad_cast_file_is_one_line_naming_the_problem(tmp_path, text, message):
    with pytest.raises(HarnessError, match=message):
        load_default_cast(write(tmp_path, text))


def test_a_missing_or_binary_cast_file_is_one_line(tmp_path):
    with pytest.raises(HarnessError, match="cannot read the default cast"):
        load_default_cast(tmp_path / "nope.csv")
    path = tmp_path / "people.csv"
    path.write_bytes(b"name\n\xff\xfe\n")
    with pytest.raises(HarnessError, match="is not UTF-8"):
        load_default_cast(path)


def test_a_cast_file_saved_with_a_byte_order_mark_loads(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(b"\xef\xbb\xbf# from a spreadsheet\nname,pronoun\nZo\xc3\xab,she/her\n")
    assert load_default_cast(path)["Zoë"].pronoun == "she"


@pytest.mark.parametrize("written", ["she/him", "they/she", "it", "her/it"])
def test_a_pronoun_that_says_two_things_or_none_is_refused(written):
    with pytest.raises(ValueError, match="pronoun must be"):
        person_from_row({"name": "Maria", "pronoun": written}, "x")


def test_column_names_are_read_without_letter_case(tmp_path):
    path = write(tmp_path, "Name, Pronoun, Email\nZoë, She, zoe@example.org\n")
    assert load_default_cast(path)["Zoë"] == Person("Zoë", "she", "zoe@example.org")


@pytest.mark.parametrize(
    ("word", "pronoun", "forms"),
    [
        ("he", "they", ["they"]),
        ("His", "they", ["their"]),
        ("him", "she", ["her"]),
        ("her", "he", ["him", "his"]),
        ("herself", "they", ["themselves"]),
    ],
)
def test_a_pronoun_in_another_persons_words(word, pronoun, forms):
    assert in_place_of(word, pronoun) == forms


CAST = {"Edith": "she", "Francis": "he", "Onesiphorus": "he"}


@pytest.mark.parametrize(
    ("word", "named", "declared", "explanation"),
    [
        (
            "his",
            [("Bartholomew", "they")],
            CAST,
            '"his" here seems to mean Bartholomew, who goes by "they" until declared; add him '
            'to features/people.csv or to a "Given these people:" table in this feature, or '
            'write "their"',
        ),
        (
            "her",
            [("Edith", "she"), ("Zoë", "they")],
            CAST,
            '"her" here seems to mean Zoë, who goes by "they" until declared; add her to '
            'features/people.csv or to a "Given these people:" table in this feature, or '
            'write "them" or '
            '"their", whichever fits',
        ),
        (
            "he",
            [("Edith", "she"), ("Zoë", "they")],
            {**CAST, "Zoë": "they"},
            '"he" here points to no one: Edith goes by "she" and Zoë by "they"; write their '
            "name instead, or the pronoun they go by",
        ),
        (
            "he",
            [("Edith", "she"), ("Zoë", "they"), ("Ann", "she")],
            {**CAST, "Zoë": "they", "Ann": "she"},
            '"he" here points to no one: Edith and Ann go by "she" and Zoë by "they"; '
            "write their name instead, or the pronoun they go by",
        ),
        (
            "his",
            [("Edith", "she")],
            CAST,
            '"his" here points to no one: Edith goes by "she"; write "Edith\'s" instead, or "her"',
        ),
        (
            "She",
            [],
            CAST,
            '"She" here points to no one: no one has been named yet in this scenario; name the '
            'person first, for example "Edith"',
        ),
        (
            "they",
            [],
            CAST,
            '"they" here points to no one: no one has been named yet in this scenario; name the '
            'person first, for example "Sam"',
        ),
    ],
)
def test_a_pronoun_that_points_to_no_one_is_explained_with_its_fix(
    word, named, declared, explanation
):
    assert explain_unknown_pronoun(word, named, declared) == explanation
