"""Council names: the English local authorities with children's services, and their common short forms."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from rag.text import name_key

# Names that are also ordinary words: matched only when capitalised, or where only a place fits ("what about
# sutton?", "and reading?", "kingston's care leavers", "better than bury").
_AMBIGUOUS = set(
    "Reading Bury Sutton Kingston Richmond Bath Stoke Poole Telford Windsor Staffs Wilts".split()
)  # "staffs", "wilts": short forms that are also words
_PLACE_BEFORE = re.compile(r"(?:\b(?:what|how) about|\b(?:than|versus|vs\.?))\s+$", re.I)
_SAY_ABOUT = re.compile(r"\b(?:say|says|said)\s+about\s+$", re.I)  # "what did the 2025 ofsted say about sutton …"
_PLACE_OPENS = re.compile(r"\W*(?:and|or)\s+", re.I)  # "and reading?"
_PLACE_AFTER = re.compile(  # "kingston's", "the sutton inspection", "stoke ofsted may 2025", "reading borough council"
    r"['’]s\b|\s+(?:ofsted|inspections?|(?:borough\s+|city\s+)?council|children['’]?s services|social care)\b", re.I
)
_PLACE_IN = re.compile(r"\b(?:in|at)\s+$", re.I)  # "next door in sutton"
_PLACE_JOINED = re.compile(  # "thinking of applying to reading", "moving to sutton", "my sister fosters for bury"
    r"\b(?:(?:apply|applying|applied|move|moving|moved|relocat(?:e|ed|ing)|transferr(?:ed|ing))\s+to"
    r"|(?:work|works|working|worked|foster|fosters|fostering|fostered)\s+for)\s+$",
    re.I,
)
_PLACE_PEOPLE = re.compile(  # "do sutton families wait …", "bury care leavers": the place's people (not "reading")
    r"\s+(?:families|kids|children|parents|carers|foster carers|care leavers|young people|teenagers|social workers)\b"
    r"(?!['’])",
    re.I,
)
_PLACE_ASKED = re.compile(
    r"\b(?:how|what|where|why|when)\s+(?:does|did|do|is|was|has|had)\s+$", re.I
)  # "how does sutton"
_PLACE_ASKED_IF = re.compile(  # "does kingston use …?", "is sutton any good?": a question's subject
    r"(?:^|[.?!:;]\s+|\s[-–—]\s+)\W*(?:does|did|do|is|was|has|had|are|were|can|could|will|would|should)\s+$", re.I
)
_PLACE_DID = re.compile(r"\s+(?:got|gets|was|were|has|had|did)\b", re.I)  # "kingston got outstanding - …?"
# "how many family hubs has sutton opened so far?", "how many … kids is kingston looking after?": the subject of a
# question's verb, done or doing
_PLACE_ASKED_MID = re.compile(
    r"\b(?:how many|how much|which|what)\s+[^?.!,]{1,40}?\s(?:has|have|had|did|is|are|was|were)\s+$", re.I
)
_DONE = re.compile(r"\s+(?:\w{3,}ed|\w{3,}ing|got|made|done|put|run|set|built|brought|taken|given|kept|seen)\b", re.I)
# "stoke - are care cases …?", "sutton 2025 - …", "reading latest: …": a question headed by its place
_PLACE_LABEL = re.compile(r"\s*(?:[-–—:]|(?:19|20)\d\d\b|(?:latest|newest|most recent)\b)", re.I)
_HEARD = re.compile(
    r"\b(?:heard|hear|read|reckon|think|thought|apparently|know|knew|told (?:me|us)|said|find)\s+(?:that\s+)?$", re.I
)
_PLACE_DOES = re.compile(r"\s+(?:is|are|does|[a-z]{3,}s)\b(?!['’])")  # "someone told me sutton counts care leavers …"
_SAME_FOR = re.compile(r"\W*(?:(?:and|so|ok)\W+)?(?:the\s+)?same\s+(?:for|with|in|at)\s+", re.I)  # "same for reading?"
_AFTER_QUESTION = re.compile(r"\?\s*$")  # "does anywhere else have one? stoke maybe": a place named alone
_MAYBE = re.compile(r"\s*(?:maybe|perhaps|say|too|then|instead)?\W*", re.I)
_NOT_PLACE_IN = {"reading"}  # "progress in reading and maths": after "in", a word still
_CLAUSE_END = re.compile(  # "… social care in reading - is it …?": the place; "in reading, maths …": a subject
    r"\s*(?:[?!;:–—]|-\s|$|,(?!\s*(?:and\s+)?(?:maths|writing|english|science|spelling|numeracy|literacy)\b))"
    r"|\s+and\s+(?:how|what|why|when|where|who|which|do|does|did|is|are|was|were)\b",  # "in reading and how …"
    re.I,
)
# "is reading using the no wrong door model?", "how does reading deal with homeless 16 year olds?": what a council
# does, not reading as learning ("does reading help")
_PLACE_ACTS = re.compile(
    r"\s+(?:us(?:e|es|ing)|run(?:s|ning)?|offer(?:s|ing)?|have|got|still|any|doing|deal(?:s|ing)?|handl(?:e|es|ing)"
    r"|treat(?:s|ing)?|respond(?:s|ing)?|manag(?:e|es|ing)|cop(?:e|es|ing)|look(?:s|ing)? after|work(?:s|ing)? with)\b",
    re.I,
)
_PEOPLE_IN = re.compile(  # "if a teenager in reading runs off": people in a place; "progress in reading": a subject
    r"\b(?:teen(?:ager)?s?|child(?:ren)?|kids?|famil(?:y|ies)|young people|parents?|(?:foster )?carers?|care leavers?"
    r"|social workers?|mums?|dads?|sons?|daughters?|nephews?|nieces?|grand(?:son|daughter|child(?:ren)?|kid)s?)"
    r"\s+in\s+$",
    re.I,
)


@lru_cache(maxsize=1)
def councils() -> dict[str, str]:
    """Every name and short form (as written) mapped to the council's canonical name."""
    names: dict[str, str] = {}
    text = resources.files("rag").joinpath("data/councils.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            forms = [form.strip() for form in line.split("|")]
            for form in forms:
                names[form] = forms[0]
    return names


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    forms = sorted(councils(), key=len, reverse=True)
    alternatives = "|".join(
        re.escape(form)
        .replace(",", ",?")
        .replace(r"\ ", r"[\s-]+")
        .replace(r"\-", r"[\s-]+")
        .replace("and", "(?:and|&)")
        for form in forms
    )  # "bournemouth christchurch and poole": the comma left out; "stoke on trent": the hyphens
    # "Nottingham City", "Bristol City Council": the council, "City" and all
    # "wokinghams disabled children's team": a possessive typed without its apostrophe
    return re.compile(rf"(?<![\w-])(?P<name>{alternatives})(?:(?-i:\s+City)|(?P<s>s)(?=\s))?(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _lookup() -> dict[str, str]:
    return {name_key(form): name for form, name in councils().items()}


def find_councils(text: str) -> list[str]:
    """Canonical names of the councils that `text` names, in order of first mention.

    Example:
        >>> find_councils("Care leavers in knowsley and Bath and North East Somerset")
        ['Knowsley', 'Bath and North East Somerset']

    """
    return list(dict.fromkeys(name for name, _, _ in council_mentions(text)))


def council_mentions(text: str) -> list[tuple[str, int, int]]:
    """Each mention of a council in `text`: its canonical name, and where the mention starts and ends."""
    lookup = _lookup()
    found: list[tuple[str, int, int]] = []
    for match in _pattern().finditer(text):
        written = match.group("name")
        key = name_key(written)
        name = lookup.get(key) or lookup.get(key.replace(" ", "-"))
        if name is None:
            continue
        if (
            (name in _AMBIGUOUS or key.title() in _AMBIGUOUS)
            and not written[0].isupper()
            and not _place_fits(text, match.start(), match.end())
        ):
            continue
        found.append((name, match.start(), match.start("s") if match["s"] else match.end()))  # "wokinghams"
    return found


def without_councils(text: str) -> str:
    """`text` with each council it names taken out (a space where it stood): what it says besides its councils.

    Example:
        >>> without_councils("Was Knowsley inadequate?")
        'Was   inadequate?'

    """
    for _, start, end in reversed(council_mentions(text)):  # mentions come in order and do not overlap
        text = f"{text[:start]} {text[end:]}"
    return text


def _place_fits(text: str, start: int, end: int) -> bool:
    """Whether only a place fits the lower-case word at `text[start:end]`: "what about sutton?", "kingston's".

    Also "stoke - are …?", "sutton 2025 - …", "the june 2025 sutton inspection", "stoke ofsted", "sutton families",
    "in sutton", "say about sutton", "how does sutton", "does kingston use …", "same for reading?", "kingston got
    outstanding", "heard kingston got …", "told me sutton counts …", "applying to reading", "fosters for bury"
    and "… have one? stoke maybe", "how many family hubs has sutton opened" (but "progress in reading and maths",
    "say about reading", "how is reading" and "does reading help" are no place; "in reading -", "in reading?", "in
    reading and how …", "a teenager in reading runs off" and "is reading using …" are).
    """
    return bool(
        _PLACE_BEFORE.search(text[max(0, start - 20) : start])
        or _PLACE_OPENS.fullmatch(text[:start])
        or _PLACE_AFTER.match(text, end)
        or _PLACE_JOINED.search(text[max(0, start - 24) : start])
        or (_PLACE_PEOPLE.match(text, end) is not None and text[start:end].lower() not in _NOT_PLACE_IN)
        or (not text[:start].strip() and (_PLACE_DID.match(text, end) or _PLACE_LABEL.match(text, end)) is not None)
        # "heard kingston got top marks across the board."
        or (
            _HEARD.search(text[max(0, start - 16) : start]) is not None
            and (_PLACE_DID.match(text, end) or _PLACE_DOES.match(text, end)) is not None
            and text[start:end].lower() not in _NOT_PLACE_IN  # "i heard reading was good at maths"
        )
        or (_AFTER_QUESTION.search(text[:start]) is not None and _MAYBE.fullmatch(text, end) is not None)
        or (_PLACE_ASKED_MID.search(text[max(0, start - 60) : start]) and _DONE.match(text, end)) is not None
        or (
            (
                _PLACE_IN.search(text[max(0, start - 4) : start])
                or _SAY_ABOUT.search(text[max(0, start - 12) : start])
                or _PLACE_ASKED.search(text[max(0, start - 12) : start])
                or _PLACE_ASKED_IF.search(text[max(0, start - 12) : start])
                or _SAME_FOR.fullmatch(text[:start])
            )
            is not None
            and (
                text[start:end].lower() not in _NOT_PLACE_IN
                or _CLAUSE_END.match(text, end)
                or _PEOPLE_IN.search(text[max(0, start - 24) : start])
                or _PLACE_ACTS.match(text, end)
            )
        )
    )
