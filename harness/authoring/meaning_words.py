"""The words and phrases `harness.authoring.meaning` reads a sentence by:
the small words it leaves out, the several-word phrases it reads as one of
the catalogue's words, irregular forms, synonyms, antonyms, the axes a word
points along (logged in or out), and the crude stemmer that brings "shares",
"shared" and "sharing" to one word. General English, no sentence by heart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

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
#: The phrases, compiled, in order.
PHRASE_PATTERNS = [(re.compile(pattern), replacement) for pattern, replacement in PHRASES]

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


#: Each synonym's stem, and the stem of the catalogue's word for it.
SYNONYM_STEMS = _canonical(SYNONYMS)
#: Each antonym's stem, and the stem of the word it turns round.
ANTONYM_STEMS = _canonical(ANTONYMS)


def word_stem(word: str) -> str:
    """One lower-case word as a reading has it: its plain form, stemmed,
    then the catalogue's word for it (antonyms keep their own stem)."""
    word = IRREGULAR.get(word, word)
    stemmed = _stem(word)
    if stemmed.endswith("ing") and word.endswith("s"):  # "warnings"
        stemmed = _stem(stemmed)
    return SYNONYM_STEMS.get(stemmed, stemmed)
