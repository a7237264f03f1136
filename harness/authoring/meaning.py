"""What a step sentence says, as "did you mean" compares it: its content
words, and whether it says something or its opposite.

`read("she is not signed in anymore")` gives the content words (`log`), no
negation, and the direction `log: out`: "not signed in" is read as "logged
out", so it meets the catalogue's "has logged out" and never its "is logged
in". People, pronouns, quoted text and numbers stand as placeholders; small
words are left out; words are lower-cased, cut to a stem, and a person's
everyday word is read as the catalogue's (create/start, sign in/log in,
shows/reads).

Two readings disagree (`opposed`) when one is negative and the other not
("does not see" against "sees"), or when they point opposite ways on the
same axis (logged in against logged out, "has accessibility problems"
against "has none"). The rules are general, word by word; no sentence is
known by heart, so sentences nobody has written yet are read the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from harness.people.personas import PRONOUNS, is_name

#: Placeholders in a reading's shape.
SOMEONE, TEXT, NUMBER = "«someone»", "«text»", "«n»"

#: Words that carry no meaning of their own in a step: articles, auxiliaries,
#: prepositions, modal verbs, and "get", which only carries its object ("gets
#: an email", "gets a page not found error").
SMALL_WORDS = frozenset(
    """a an the to of is are be been being am has have had having was were do does did
    it its and or that this these those there their his her them him as at on in into onto
    by for from with about should will would shall must may might can could also just
    still now then yet already anymore any some else so than too very really
    get gets got getting receive receives received receiving able
    called named titled containing new one ones up back all every each both following
    remain remains remained stay stays stayed become becomes became""".split()
)
#: Words kept in a sentence's shape but not as its content: a Then "sees"
#: whatever it checks, so "she sees a warning" is about the warning; "again"
#: may go with anything ("signs in again"), and only tells a repeat apart.
LIGHT = frozenset({"see", "again"})
#: Words that say "not". ("no longer", "no one" and the n't forms are
#: rewritten into these first.)
NEGATIONS = frozenset("not no never nobody nothing none neither nor".split())
#: Capitalised words that are nobody's name.
NOT_PEOPLE = frozenset(
    """i the a an this that these those it its there here no not nobody nothing none each
    every all some any someone somebody something everyone everybody everything anyone
    anybody anything you your we our us me my""".split()
)

#: Ways of saying a thing in several words, read as the catalogue's words, in
#: order. They run on the lower-cased sentence, people and quotes already set
#: aside, so each is general English, not a sentence of the catalogue.
PHRASES: tuple[tuple[str, str], ...] = (
    # contractions: "doesn't" -> "does not", so "not" is one word to look for
    (r"\bcan['’]t\b|\bcannot\b", "can not"),
    (r"\bwon['’]t\b", "will not"),
    (r"\bshan['’]t\b", "shall not"),
    (r"(\w)n['’]t\b", r"\1 not"),
    (r"\bno longer\b|\bno more\b|\bnot any ?more\b|\bnot any longer\b", "not"),
    (r"\bno[ -]one\b", "nobody"),
    (r"\bany ?more\b|\bany longer\b", " "),
    (r"\b(?:unable|fails?|failed|failing) to\b", "not"),
    # a page that is not there is something a person is told, not a negation
    (
        r"\b(?:(?:a|the|an) )?(?:page |list |address )?(?:is |was )?not[ -]found"
        r"(?: (?:error|page|message|screen))?\b",
        " notfound ",
    ),
    (r"\b(?:a |an |the )?404(?: (?:error|page))?\b", " notfound "),
    (r"\b(?:does|do|did) not exist\b|\bno such (?:page|list|address)\b", " notfound "),
    (
        r"\bnothing (?:at|on|there)(?: (?:that|this|the|its) (?:address|page|url|link))?",
        " notfound ",
    ),
    (r"\bnothing is there\b|\bthere is nothing\b", " notfound "),
    # logging in and out: a state ("is logged in"), which a "not" turns round
    # (not logged in is logged out); a deed ("logs in"), which it does not
    # (not logging out is not logging in); or a noun ("a login link")
    (r"\b(?:logg?ed|signed)(?: back)?[ -](?:in|on|into)\b", " loggedin "),
    (r"\b(?:logg?ed|signed)(?: back)?[ -](?:out|off)\b", " loggedout "),
    (r"\b(?:log|sign)(?:s|ging|ning)?(?: back)?[ -](?:in|on|into)\b", " logsin "),
    (r"\b(?:log|sign)(?:s|ging|ning)?(?: back)?[ -](?:out|off)\b", " logsout "),
    (r"\b(?:logon|signin)\b", " login "),
    (r"\bsignout\b", " logout "),
    (r"\bmy ?lists?\b", " mylists "),
    (r"\b(?:is |are |was |were )?not (?:valid|working|correct|right)\b", " invalid "),
    (r"\bwith nothing(?: in it)?\b|\bwithout (?:any |an? )?items?\b", " with empty item "),
    (r"\b(?:a |the )?new (?:to-do |todo |shopping )?list\b", " start list "),
    (r"\b(?:is |are |was |were )?(?:authenticated|identified)\b", " loggedin "),
    (r"\b(?:anonymous|unauthenticated)\b", " loggedout "),
    (r"\bha(?:s|ve|d) an? (?:active |open |valid )?session\b", " is loggedin "),
    (r"\bend(?:s|ed)? up\b", " "),
    (r"\b(?:is |are |was |were )?e?-?mailed to\b", " email "),
    (r"\binvit(?:e|es|ed|ing) (qqsomeone) to\b", r"shares with \1"),
    (r"\b(?:is|are|was|were|be|been|being) asked to\b", "told to"),
    (r"\bin (?:this|that|the same|the right|the following|this same)? ?order\b", " "),
    (
        r"\b(e-?mail|mail|link|message)s? (?:goes|go|went|arrives?|arrived|is sent|are sent) to\b",
        r"\1",
    ),
    (r"\bmagic(?: login)? link\b", "login link"),
    # passing or failing a check is having no problems, or some
    (r"\bpass(?:es|ed|ing)?\b", " no problem "),
    (r"\bfail(?:s|ed|ing)?\b", " problem "),
    (r"\binaccessible\b", "accessibility problem"),
    # everyday multi-word verbs
    (r"\bgo(?:es|ing)? away\b|\bwent away\b", "disappears"),
    (r"\b(?:go(?:es|ing)?|went|come(?:s)?|came|get(?:s)?|got) back to\b", "returns to"),
    (r"\b(?:a second time|once more|one more time|twice)\b", "again"),
    (r"\bstop(?:s|ped|ping)? (\w+ing)\b", r"not \1"),
    (r"\b(?:using|with|by)(?: only)? (?:the |a )?keyboard(?: only| alone)?\b", "keyboard"),
    (r"\bonly using (?:the |a )?keyboard\b", "keyboard"),
    (r"\bwithout (?:the |a )?mouse\b|\bkeyboard[ -]only\b", "keyboard"),
    (r"\b(?:home|front|start|main|landing) ?page\b", "home page"),
    (r"\b(?:is|are|was|were|be|been|being) sent to\b", " "),
    (r"\bto[ -]do\b", "item"),
    (r"\be-mail\b", "email"),
)
_PHRASES = [(re.compile(pattern), replacement) for pattern, replacement in PHRASES]

#: Irregular forms, read as the word's plain form before stemming.
IRREGULAR = {
    "went": "go", "gone": "disappear", "saw": "see", "seen": "see", "made": "make",
    "began": "begin", "begun": "begin", "gave": "give", "given": "give", "sent": "send",
    "took": "take", "taken": "take", "chose": "choose", "chosen": "choose",
    "wrote": "write", "written": "write", "shown": "show", "hidden": "hide",
    "told": "tell", "tells": "tell", "telling": "tell", "people": "person",
    "centre": "center", "centred": "center", "centered": "center", "used": "use",
    "goes": "go", "going": "go", "does": "do", "did": "do",
}  # fmt: skip
#: A person's word for what the catalogue calls by another word.
SYNONYMS = {
    "create": "start", "make": "start", "begin": "start",
    "show": "see", "display": "see", "view": "see", "read": "see", "contain": "see",
    "say": "see", "appear": "see", "visible": "see", "notice": "see", "spot": "see",
    "include": "see",
    "visit": "open", "go": "open", "navigate": "open", "browse": "open", "load": "open",
    "return": "open", "reopen": "open", "pick": "open", "choose": "open", "select": "open",
    "type": "add", "enter": "add", "put": "add", "insert": "add", "write": "add",
    "append": "add", "submit": "add", "jot": "add",
    "give": "share", "send": "share", "grant": "share",
    "mail": "email", "inbox": "email", "mailbox": "email",
    "url": "address", "web": "address",
    "entry": "item", "thing": "item", "task": "item", "todo": "item",
    "reload": "refresh", "owner": "own", "ownership": "own", "belong": "own",
    "tell": "told", "message": "told", "error": "told", "alert": "told", "inform": "told",
    "warning": "warn", "request": "ask",
    "click": "follow", "tap": "follow", "press": "follow", "use": "follow",
    "broken": "invalid", "expired": "invalid", "bad": "invalid", "wrong": "invalid",
    "bogus": "invalid", "fake": "invalid", "incorrect": "invalid",
    "middle": "center", "https": "secure", "encrypted": "secure", "safe": "secure",
    "insecure": "plain", "unencrypted": "plain",
    "another": "different", "distinct": "different", "separate": "different",
    "blank": "empty", "duplicate": "again", "repeat": "again",
    "issue": "problem", "violation": "problem", "barrier": "problem",
    "accessible": "accessibility", "audit": "accessibility",
    "sharee": "share", "user": "person", "someone": "person", "somebody": "person",
    "anyone": "person", "anybody": "person", "everyone": "person", "everybody": "person",
    "option": "way", "choice": "way", "look": "check", "tab": "keyboard",
    "app": "site", "application": "site", "website": "site", "superlists": "site",
}  # fmt: skip
#: Words that mean "not" another word: (that word, flipped).
ANTONYMS = {
    "hide": "see", "disappear": "see", "vanish": "see", "invisible": "see",
    "missing": "see", "absent": "see",
    "remove": "add", "delete": "add", "erase": "add",
    "close": "open", "leave": "open", "exit": "open",
    "unshare": "share", "revoke": "share",
}  # fmt: skip
#: Words on an axis, and which way they point: "login" and "logout" both
#: speak of logging ("log"), one in, one out.
AXES = {
    "loggedin": ("log", "in"),
    "loggedout": ("log", "out"),
    "logsin": ("log", "in"),
    "logsout": ("log", "out"),
    "login": ("log", "in"),
    "logout": ("log", "out"),
    "problem": ("problem", "some"),
}
#: The axis words a "not" before them turns round: "is not logged in" is
#: logged out, but "no login email" is no email, not a logout email.
TURNABLE = frozenset({"loggedin", "loggedout", "problem"})
#: The axis words that only say which thing it is ("a login link").
PASSING = frozenset({"login", "logout"})
#: The other end of each axis, for a negation that turns a word round.
_OTHER_END = {"in": "out", "out": "in", "some": "none", "none": "some"}
#: How many words back a "not" may stand and still turn an axis word round
#: ("is not logged in", "has no accessibility problems").
_REACH = 2

#: A control a person works on the page ("clicks the "Log out" button"): its
#: label is what they do, so "When she clicks the "Log out" button" is "When
#: she logs out". The label's words are read as the sentence's own words; a
#: label is never the writer's text for a quoted blank. Any verb of working a
#: control, any label: no label is known by heart.
_PRESSING = (
    r"(?:click|press|tap|hit|push|select|choos|chose|follow|activat|us)"
    r"(?:e|es|ed|s|ing|ped|ping|ting)?"
)
_CONTROL = r"(?:button|link|menu item|menu entry|icon|option|control)s?"
_LABEL = r"[\"“]([^\"“”]*)[\"”]"
_PRESSED = re.compile(
    rf"\b{_PRESSING}(?: on)? (?:(?:the|a|an|her|his|their|its) )?{_LABEL} {_CONTROL}\b",
    re.IGNORECASE,
)

_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*['’]?", re.UNICODE)
_KEYWORDS = frozenset({"given", "when", "then", "and", "but"})
_NUMBER_WORDS = frozenset(
    "zero two three four five six seven eight nine ten eleven twelve twenty "
    "thirty forty fifty hundred".split()
)


def _stem(word: str) -> str:
    """A crude stem: "shares", "shared" and "sharing" all read "shar"."""
    for ending, keep in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if not word.endswith(ending) or len(word) - len(ending) < (2 if keep else 3):
            continue
        if ending == "s" and word.endswith("ss"):  # "address", "access"
            break
        if ending == "es" and not word[:-2].endswith(("ss", "sh", "ch", "x", "z")):
            ending = "s"  # "shares" is "share" and an s, "boxes" is "box" and es
        cut = word[: -len(ending)] + keep
        # "logged", "shopping": the doubled consonant goes too ("filled",
        # "passed" and "added" keep theirs)
        if ending in ("ing", "ed") and len(cut) > 3 and cut[-1] == cut[-2]:
            if cut[-1] not in "aeioudlsz":
                cut = cut[:-1]
        word = cut
        break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def _canonical(words: Mapping[str, str]) -> dict[str, str]:
    return {_stem(word): _stem(meaning) for word, meaning in words.items()}


_SYNONYM_STEMS = _canonical(SYNONYMS)
_ANTONYM_STEMS = _canonical(ANTONYMS)


def word_stem(word: str) -> str:
    """One lower-case word as a reading has it: its plain form, stemmed,
    then the catalogue's word for it (antonyms keep their own stem)."""
    word = IRREGULAR.get(word, word)
    stemmed = _stem(word)
    if stemmed.endswith("ing") and word.endswith("s"):  # "warnings"
        stemmed = _stem(stemmed)
    return _SYNONYM_STEMS.get(stemmed, stemmed)


@dataclass(frozen=True)
class Reading:
    """A sentence as "did you mean" compares it."""

    #: Content words, stemmed and in the catalogue's words, in order.
    words: tuple[str, ...]
    #: The words with the placeholders of people, quotes and numbers, in order.
    shape: tuple[str, ...]
    #: Whether it says "not" (an odd number of times, antonyms included).
    negative: bool
    #: The axes it points along: {"log": "out"}.
    axes: dict[str, str] = field(default_factory=dict)
    #: How many quoted texts and numbers it has, and whether a table follows.
    quotes: int = 0
    numbers: int = 0
    table: bool = False
    #: Words naming a quoted text or a table ("the item "Buy eggs"", "these items:").
    naming: frozenset[str] = frozenset()
    #: Words said only in passing, which count half: "login" in "a login link".
    passing: frozenset[str] = frozenset()
    #: The words as written, lower-cased, people and small words left out:
    #: "lists" is not "list" here.
    surface: str = ""

    def opposed(self, other: Reading) -> bool:
        """Whether the two say opposite things: one negative, or pointing
        the other way on an axis both are on."""
        if self.negative != other.negative:
            return True
        return any(other.axes.get(axis, end) != end for axis, end in self.axes.items())


def is_person(word: str, terms: frozenset[str] = frozenset()) -> bool:
    """Whether a word of a step names a person: a pronoun, or a capitalised
    name that is not one of the product's own `terms` ("My"), an all-capital
    word (HTTP, VAT, URL) or a capitalised small word ("The", "Nobody")."""
    bare = re.sub(r"['’]s?$", "", word)
    if bare.lower() in PRONOUNS:
        return True
    if not bare or bare in terms or bare.lower() in NOT_PEOPLE:
        return False
    if len(bare) > 1 and bare.replace("-", "").isupper():
        return False
    return is_name(bare)


def unlabelled(sentence: str) -> str:
    """The sentence with the quoted label of each control a person works
    said as plain words: clicking, pressing, tapping or using `the "Log out"
    button` (or link) is doing what its label says, "log out". Other quoted
    text is the writer's own, and stays quoted: `adds "Click cows" to the
    list`, `sees the "Log out" button`."""
    return _PRESSED.sub(lambda match: f" {match.group(1).lower()} ", sentence)


def read(sentence: str, terms: frozenset[str] = frozenset()) -> Reading:
    """The reading of one step sentence (with or without its keyword);
    `terms` are capitalised words that are the product's, not people. A
    control's quoted label is read as words (`unlabelled`)."""
    text = unlabelled(sentence).strip()
    table = text.endswith(":")
    quotes = len(_QUOTED.findall(text))
    text = _QUOTED.sub(" QUOTEDTEXT ", text)
    words = _WORD.findall(text)
    if words and words[0].lower() in _KEYWORDS:
        words = words[1:]
    marked = []
    position = 0
    while position < len(words):
        word = words[position]
        position += 1
        if word == "QUOTEDTEXT":
            marked.append("qqtext")
        elif word in terms and position < len(words):
            # the product's own name for a thing ("My lists") is one word
            marked.append((word + words[position]).lower())
            position += 1
        elif is_person(word, terms):
            marked.append("qqsomeone")
        else:
            marked.append(word.lower().replace("’", "'"))
    lowered = " " + " ".join(marked) + " "
    surface = " ".join(
        word for word in marked if word not in SMALL_WORDS and not word.startswith("qq")
    )
    for pattern, replacement in _PHRASES:
        lowered = pattern.sub(replacement, lowered)
    return replace(_reading(lowered.split(), quotes, table), surface=surface)


def _reading(words: list[str], quotes: int, table: bool) -> Reading:
    shape: list[str] = []
    numbers = 0
    negations: list[int] = []  # positions in `shape` of each "not" not yet used up
    flips = 0
    axes: dict[str, str] = {}
    said: set[str] = set()  # axis words said as verbs
    passing: set[str] = set()
    placeholders = {"qqtext": TEXT, "qqsomeone": SOMEONE}
    for raw in words:
        for word in raw.replace("-", " ").split():
            word = word.strip("'")
            if word in placeholders:
                shape.append(placeholders[word])
                continue
            if word.isdigit() or word in _NUMBER_WORDS:
                numbers += 1
                shape.append(NUMBER)
                continue
            if word in NEGATIONS:
                negations.append(len(shape))
                continue
            if not word or word in SMALL_WORDS or word in _KEYWORDS:
                continue
            stem = word_stem(word)
            key = word if word in AXES else stem
            if key in AXES:
                name, end = AXES[key]
                if key in TURNABLE and negations and len(shape) - negations[-1] <= _REACH:
                    negations.pop()  # "not logged in" is logged out
                    end = _OTHER_END[end]
                if key in PASSING:
                    passing.add(name)  # "login" says which link, "logged in" what is so
                else:
                    said.add(name)
                axes[name] = end
                shape.append(name)
                continue
            if stem in _ANTONYM_STEMS:
                flips += 1
                stem = _ANTONYM_STEMS[stem]
            shape.append(stem)
    negative = (len(negations) + flips) % 2 == 1
    content = tuple(word for word in shape if word not in (SOMEONE, TEXT, NUMBER, *LIGHT))
    # "the item "Buy eggs"", "the message "…"": a word that names the quoted
    # text may go unsaid where the quote itself has a place.
    naming = {
        word
        for word, after in zip(shape, shape[1:], strict=False)
        if after == TEXT and word in content
    }
    if table and shape and shape[-1] in content:
        naming.add(shape[-1])  # "her list has these items:", the table says which
    return Reading(
        content,
        tuple(shape),
        negative,
        axes,
        quotes,
        numbers,
        table,
        frozenset(naming),
        frozenset(passing - said),
    )


def shape(sentence: str, terms: frozenset[str] = frozenset()) -> str:
    """The sentence as "did you mean" compares it, as one line of words."""
    return " ".join(read(sentence, terms).shape)
