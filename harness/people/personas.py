"""Who the people in the features are: names, pronouns and email addresses.

A scenario may mention anyone by a capitalised name ("Zoë", "Anne-Marie",
"O'Brien"). Their pronoun and email come, in order of preference, from a
`Given these people:` table in the feature, from the default cast in
`features/people.csv` (which product owners edit), or from the name itself:
"they", and an ASCII address such as zoe@example.com.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from harness.run.errors import HarnessError
from harness.run.paths import PROJECT

#: The default cast: people every feature may use without declaring them.
DEFAULT_CAST_FILE = PROJECT / "features" / "people.csv"

#: Every word a step may use for a person, and the pronoun it stands for.
PRONOUNS: dict[str, str] = {
    "she": "she",
    "her": "she",
    "herself": "she",
    "he": "he",
    "him": "he",
    "his": "he",
    "himself": "he",
    "they": "they",
    "them": "they",
    "their": "they",
    "themselves": "they",
}
#: Each pronoun's words by what they do in a sentence: "she" is to "her" as
#: "they" is to "them" (and "her" is both the object and the possessive).
PRONOUN_FORMS: dict[str, dict[str, str]] = {
    "she": {"subject": "she", "object": "her", "possessive": "her", "reflexive": "herself"},
    "he": {"subject": "he", "object": "him", "possessive": "his", "reflexive": "himself"},
    "they": {
        "subject": "they",
        "object": "them",
        "possessive": "their",
        "reflexive": "themselves",
    },
}
#: The columns of a people table, in the cast file or a feature.
COLUMNS = ("name", "pronoun", "email")


def _uppercase_class() -> str:
    """A regex character class of the uppercase (and titlecase) letters of the
    Basic Multilingual Plane, as ranges.

    Python's `re` has no \\p{Lu}; a name must start with a capital so that
    ordinary lowercase words ("the", "no") never read as names.
    """
    capitals = [code for code in range(0x10000) if chr(code).isupper() or chr(code).istitle()]
    ranges: list[tuple[int, int]] = []
    for code in capitals:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    parts = (
        re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"
        for low, high in ranges
    )
    return "[" + "".join(parts) + "]"


_LETTER = r"[^\W\d_]"
#: A person's name: a capital, then letters, with inner hyphens or apostrophes
#: ("Anne-Marie", "O'Brien", "Zoë", "José").
#: ("Edith's" is a possessive, not a name: an apostrophe may not start "s".)
NAME_PATTERN = rf"{_uppercase_class()}{_LETTER}*(?:-{_LETTER}+|['’](?!s(?!{_LETTER})){_LETTER}+)*"
_NAME = re.compile(rf"(?:{NAME_PATTERN})\Z")


def is_name(text: str) -> bool:
    """Whether `text` reads as a person's name."""
    return bool(_NAME.match(text))


def derived_email(name: str) -> str:
    """An ASCII address made from a name: Zoë -> zoe@example.com,
    Anne-Marie -> anne-marie@example.com, O'Brien -> obrien@example.com.

    A name with no Latin letters at all (Σοφία) gets a stable made-up local
    part, since the app only mails plain ASCII addresses.
    """
    decomposed = unicodedata.normalize("NFKD", name.lower().translate(_UNDECOMPOSABLE))
    local = "".join(
        char for char in decomposed if char.isascii() and (char.isalnum() or char == "-")
    )
    if not local.strip("-"):
        local = "person-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{local}@example.com"


#: Latin letters that Unicode does not decompose into an ASCII base letter.
_UNDECOMPOSABLE = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"}
)


@dataclass(frozen=True)
class Person:
    """Someone a feature mentions: what they are called, go by, and get email at."""

    name: str
    pronoun: str
    email: str

    @classmethod
    def undeclared(cls, name: str) -> Person:
        """Someone no table declares: "they", at an address made from their name."""
        return cls(name, "they", derived_email(name))


def same_email(one: Person, other: Person) -> bool:
    """Whether two people would be one account: the site ignores letter case
    in addresses (for login-link limits, say)."""
    return one.email.lower() == other.email.lower()


def in_place_of(word: str, pronoun: str) -> list[str]:
    """The words of `pronoun` that can stand where the pronoun `word` stands:
    "his" as "they" is ["their"]; "her" as "he" is ["him", "his"]."""
    written = PRONOUN_FORMS[PRONOUNS[word.lower()]]
    roles = [role for role, form in written.items() if form == word.lower()]
    return list(dict.fromkeys(PRONOUN_FORMS[pronoun][role] for role in roles))


def likely_meant(
    word: str, named: Sequence[tuple[str, str]], declared: Mapping[str, str]
) -> str | None:
    """Whom a pronoun that points to no one most likely means: the likeliest
    of `named` (see `explain_unknown_pronoun`) whom nobody declared, and who
    therefore goes by "they" only because no one said otherwise."""
    meant = PRONOUNS[word.lower()]
    return next(
        (name for name, pronoun in named if name not in declared and pronoun != meant), None
    )


def explain_unknown_pronoun(
    word: str, named: Sequence[tuple[str, str]], declared: Mapping[str, str]
) -> str:
    """Why the pronoun `word` points to nobody in a scenario, and how to fix
    it: the one explanation the run and the style check both give.

    `named` is everyone the scenario has named so far, as (name, pronoun),
    the likeliest meaning first (the latest subject, then the latest
    mention), each once; `declared` is who goes by what in the default cast
    and the feature's people tables. The likeliest person nobody declared is
    taken to be the one meant: they go by "they" only because no one said
    otherwise, which is the usual way this goes wrong.
    """
    meant = PRONOUNS[word.lower()]
    quoted = " or ".join(f'"{form}"' for form in in_place_of(word, "they"))
    guess = likely_meant(word, named, declared)
    if guess is not None:
        whichever = ", whichever fits" if " or " in quoted else ""
        return (
            f'"{word}" here seems to mean {guess}, who goes by "they" until declared; '
            f"add {PRONOUN_FORMS[meant]['object']} to {_relative(DEFAULT_CAST_FILE)} or to a "
            f'"Given these people:" table in this feature, or write {quoted}{whichever}'
        )
    if not named:
        # The feature's own people come last in `declared`: name one of them.
        example = next(
            (name for name, pronoun in reversed(list(declared.items())) if pronoun == meant), None
        )
        if example is None:
            example = "Sam" if "Sam" not in declared else "Edith"
        return (
            f'"{word}" here points to no one: no one has been named yet in this scenario; '
            f'name the person first, for example "{example}"'
        )
    (first, first_pronoun), *others = named
    who = f'{first} goes by "{first_pronoun}"'
    if not others:
        names = " or ".join(f'"{form}"' for form in _name_forms(word, first))
        forms = " or ".join(f'"{form}"' for form in in_place_of(word, first_pronoun))
        return f'"{word}" here points to no one: {who}; write {names} instead, or {forms}'
    listed = _who_goes_by_what(named)
    return (
        f'"{word}" here points to no one: {listed}; write their name instead, '
        "or the pronoun they go by"
    )


def _who_goes_by_what(named: Sequence[tuple[str, str]]) -> str:
    """ "Edith and Zoë go by "she" and Francis by "he"": people grouped by
    pronoun, in the order they were named."""
    by_pronoun: dict[str, list[str]] = {}
    for name, pronoun in named:
        by_pronoun.setdefault(pronoun, []).append(name)
    parts = []
    for number, (pronoun, people) in enumerate(by_pronoun.items()):
        together = people[0] if len(people) == 1 else ", ".join(people[:-1]) + f" and {people[-1]}"
        verb = ("goes by" if len(people) == 1 else "go by") if number == 0 else "by"
        parts.append(f'{together} {verb} "{pronoun}"')
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" and {parts[-1]}"


def _name_forms(word: str, name: str) -> list[str]:
    """What to write instead of the pronoun `word`, by name: "his" is "Edith's"."""
    roles = [
        role for role, form in PRONOUN_FORMS[PRONOUNS[word.lower()]].items() if form == word.lower()
    ]
    return list(dict.fromkeys(f"{name}'s" if role == "possessive" else name for role in roles))


def person_from_row(row: Mapping[str, str | None], where: str) -> Person:
    """A `Person` from a table row with a name and optionally a pronoun and an email.

    Raises ValueError, with `where` (a file and line, say) and the fix, for a
    row that is not usable.
    """
    name = (row.get("name") or "").strip()
    if not is_name(name):
        raise ValueError(
            f"{where}: {name!r} is not a name (a capital letter, then letters, "
            "hyphens or an inner apostrophe)"
        )
    if name.lower() in PRONOUNS:
        raise ValueError(f"{where}: {name!r} is a pronoun, so it cannot be a name")
    written = (row.get("pronoun") or "").strip() or "they"
    # "she/her" is she; "she/him" says two things, so it says nothing.
    meanings = {PRONOUNS.get(part.strip().lower()) for part in written.split("/")}
    if len(meanings) != 1 or None in meanings:
        raise ValueError(
            f"{where}: {name}'s pronoun must be she, he or they (or she/her, he/him, "
            f"they/them), not {written!r}"
        )
    pronoun = str(meanings.pop())
    email = (row.get("email") or "").strip() or derived_email(name)
    if email.count("@") != 1 or any(char.isspace() for char in email):
        raise ValueError(f"{where}: {name}'s email {email!r} is not an email address")
    return Person(name, pronoun, email)


def people_from_rows(rows: Iterable[tuple[str, Mapping[str, str | None]]]) -> dict[str, Person]:
    """People by name from (where, row) pairs; ValueError for a bad row or a
    name or address used twice."""
    people: dict[str, Person] = {}
    for where, given_row in rows:
        row = {key.strip().lower(): value for key, value in given_row.items()}  # "Name" is name
        unknown = set(row) - set(COLUMNS)
        if unknown or "name" not in row:
            raise ValueError(
                f"{where}: the columns must be {', '.join(COLUMNS)} (name is needed), "
                f"not {', '.join(row)}"
            )
        person = person_from_row(row, where)
        if person.name in people:
            raise ValueError(f"{where}: {person.name} is declared twice")
        clash = next((p for p in people.values() if same_email(p, person)), None)
        if clash is not None:
            raise ValueError(f"{where}: {person.name} and {clash.name} have the same email")
        people[person.name] = person
    return people


def load_default_cast(path: Path = DEFAULT_CAST_FILE) -> dict[str, Person]:
    """The people in the default cast file, by name.

    Raises HarnessError, in one line naming the file and line, when the file
    is missing columns or has a bad row.
    """
    try:
        # utf-8-sig: spreadsheets save CSV with a byte-order mark.
        with path.open(newline="", encoding="utf-8-sig") as file:
            numbered = [
                (number, line)
                for number, line in enumerate(file, start=1)
                if line.strip() and not line.lstrip().startswith("#")
            ]
    except OSError as error:
        raise HarnessError(f"cannot read the default cast {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise HarnessError(f"{path} is not UTF-8 text: save it as UTF-8") from None
    reader = csv.DictReader((line for _, line in numbered), skipinitialspace=True)
    if not reader.fieldnames:
        raise HarnessError(f"{path} needs a header line: {', '.join(COLUMNS)}")

    def rows() -> Iterator[tuple[str, dict[str, str | None]]]:
        for row in reader:
            # line_num counts the lines read so far, comments excluded
            where = f"{_relative(path)} line {numbered[reader.line_num - 1][0]}"
            if None in row:
                raise ValueError(f"{where}: more cells than the header has columns")
            yield where, _stripped_keys(row)

    try:
        return people_from_rows(rows())
    except ValueError as error:
        raise HarnessError(str(error)) from None


def _stripped_keys(row: Mapping[str, object]) -> dict[str, str | None]:
    return {key.strip(): None if value is None else str(value) for key, value in row.items()}


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(PROJECT))
    except ValueError:
        return str(path)
