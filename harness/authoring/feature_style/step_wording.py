"""What a step says on its own, whatever comes before it: no words about the
screen (click, button, field, element ids) and no doing things to it ("types
… into", "presses Enter", "submits the form"); never what "should" happen;
never "I", "we" or "you"."""

from __future__ import annotations

import re

from behave.model import Step

#: Words that describe the screen rather than what a person does.
SCREEN_WORDS = (
    r"(?:double-)?click(?:s|ed|ing)?",
    r"tap(?:s|ped|ping)?",
    r"hover(?:s|ed|ing)?",
    r"scroll(?:s|ed|ing)?",
    r"buttons?",
    r"fields?",
    r"text ?box(?:es)?",
    r"check ?box(?:es)?",
    r"drop-?downs?",
    r"css",
    r"xpath",
    r"selectors?",
    r"typ(?:e|es|ed|ing) into",
    r"#[A-Za-z][\w-]*",  # a CSS id
    r"[A-Za-z]\w*_\w+",  # an element id such as id_new_item
)
_SCREEN = re.compile(rf"(?<![\w-])(?:{'|'.join(SCREEN_WORDS)})(?![\w-])", re.IGNORECASE)
#: Something typed: one to four words, the first not "in" or "into".
_TYPED = r"(?P<gap>(?:\s+(?!in(?:to)?\b)\S+){1,4}?)"
#: Doing things to the screen rather than with the site, some with a gap that
#: a message shows as "…" ("types … into", "fills in the … box"). Typing with
#: nothing typed is not one: "she starts typing in the item box" is how a
#: person says it, and the item box is the product's own name for its place.
SCREEN_ACTIONS = (
    rf"\b(?:typ(?:e|es|ed|ing)|enter(?:s|ed|ing)?){_TYPED}\s+in(?:to)?\b",
    r"\bfill(?:s|ed|ing)?\s+(?:in|out)\s+(?:the|a|an|her|his|their)\b"
    r"(?P<gap>(?:\s+[\w-]+){0,3}?)\s+(?:box(?:es)?|fields?|forms?)\b",
    r"\bpress(?:es|ed|ing)?\s+(?:the\s+)?(?:enter|return|tab|esc|escape|space|spacebar)"
    r"(?:\s+key)?\b",
    r"\bsubmit(?:s|ted|ting)?\s+(?:the|a|an|her|his|their)\s+forms?\b",
)
_SCREEN_ACTIONS = [re.compile(pattern, re.IGNORECASE) for pattern in SCREEN_ACTIONS]
#: Quoted text is what a person types or reads: its words are theirs, not the
#: step's (an item may well be "Click cows").
QUOTED = re.compile(r'"[^"]*"')
#: Speaking as oneself, or to the reader, instead of about a person, in any
#: letter case; but "My lists" is the product's page, and "US" a country.
FIRST_OR_SECOND_PERSON = re.compile(
    r"(?<![\w'’-])(?!My lists\b|US\b)"
    r"(?i:i|me|my|mine|myself|we|us|our|ours|ourselves|you|your|yours|yourself|yourselves)"
    r"(?![\w-]|\.\w)"  # not "i.e."
)
#: "should" and the verb after it, if any ("should see", "shouldn't be").
_SHOULD = re.compile(r"\bshould(?P<not>n['’]t|\s+not)?\b(?:\s+(?P<verb>[a-z]+))?", re.IGNORECASE)
#: What each kind of step says, for a message about one that says "should".
_STEP_SAYS = {
    "given": "a Given says what is already so",
    "when": "a When says what the person does",
    "then": "a Then says what the person sees",
}
_PLURAL_SUBJECTS = frozenset({"they", "we", "you", "i"})
_IRREGULAR = {"be": ("is", "are"), "have": ("has", "have"), "do": ("does", "do")}


def sentence_problems(step: Step) -> list[tuple[str, str]]:
    """(rule, what is wrong; what to do) for what a step says on its own,
    whatever comes before it: words about the screen, "should", "I"."""
    text = QUOTED.sub('""', step.name)
    problems = []
    words = _screen_words(text)
    if words:
        listed = ", ".join(f'"{word}"' for word in words)
        problems.append(
            (
                "screen-words",
                f'"{step.name}" describes the screen ({listed}); say what the person does '
                "or sees, as the sentences in docs/steps.md do",
            )
        )
    should = _should_problem(step, text)
    if should is not None:
        problems.append(("should", should))
    speaking = FIRST_OR_SECOND_PERSON.search(text)
    if speaking is not None:
        problems.append(
            (
                "first-person",
                f'"{step.name}" speaks as "{speaking.group(0)}"; say who, as in '
                '"Edith opens the home page"',
            )
        )
    return problems


def _screen_words(text: str) -> list[str]:
    """The words about the screen in `text`, in order, each once; a phrase
    with a gap is shown with "…" there, and a word inside one is not repeated."""
    found: list[tuple[int, int, str]] = []
    for pattern in _SCREEN_ACTIONS:
        for match in pattern.finditer(text):
            shown = match.group(0)
            gap = match.groupdict().get("gap")
            if gap:
                start, end = (at - match.start() for at in match.span("gap"))
                shown = f"{shown[:start]} …{shown[end:]}"
            found.append((match.start(), match.end(), shown))
    for match in _SCREEN.finditer(text):
        inside = any(start <= match.start() and match.end() <= end for start, end, _ in found)
        if not inside:
            found.append((match.start(), match.end(), match.group(0)))
    return list(dict.fromkeys(shown for _, _, shown in sorted(found)))


def _should_problem(step: Step, text: str) -> str | None:
    """What to say of a step that says what "should" happen, if it does."""
    found = _SHOULD.search(text)
    if found is None:
        return None
    keyword = step.keyword.strip()
    says = _STEP_SAYS.get(step.step_type, _STEP_SAYS["then"])
    written = text[: found.end()].replace('""', '"…"')
    verb = found.group("verb")
    if verb is None:
        return f'"{keyword} {written}" says what should happen; {says}, without "should"'
    before = text[: found.start()].rstrip()
    done = _as_it_is(verb, before, negative=found.group("not") is not None)
    instead = f"{before} {done}".strip().replace('""', '"…"')
    return f'"{keyword} {written} …" says what should happen; {says}: "{keyword} {instead} …"'


def _as_it_is(verb: str, subject: str, negative: bool) -> str:
    """ "should `verb`" said of `subject` as what is so: "sees", "are", "does not see"."""
    words = subject.split()
    last = words[-1] if words else ""
    plural = (
        last.lower() in _PLURAL_SUBJECTS
        or " and " in subject
        or (last.islower() and last.endswith("s") and not last.endswith(("ss", "is", "us")))
    )
    lower = verb.lower()
    if lower == "be" and last == "I":
        done = "am"
    elif lower in _IRREGULAR:
        done = _IRREGULAR[lower][plural]
    elif negative:
        return f"{'do' if plural else 'does'} not {lower}"
    elif plural:
        done = lower
    elif re.search(r"(?:s|sh|ch|x|z|o)$", lower):
        done = lower + "es"
    elif re.search(r"[^aeiou]y$", lower):
        done = lower[:-1] + "ies"
    else:
        done = lower + "s"
    return f"{done} not" if negative else done
