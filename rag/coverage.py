"""Coverage: whether the reports a question is about mention what it asks about at all.

"By how much did Norfolk put up council tax?" finds passages about Norfolk, and their closest sentences can
read as an answer; but no Norfolk report says "tax". A question's *key words* are its words less stop words,
the words that frame any question to Ofsted's reports ("what did inspectors say", "how many", "according to",
"improve") and the council's name and year that chose the reports. A key word is *mentioned* when it, or
another form of the same term (Ofsted's vocabulary and the lay terms of `rag.keywords`: "kids in care" →
"children looked after"), occurs in a passage in scope. The keyword index's postings answer this without
reading a passage.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from rag.keywords import named_terms, other_forms, passages_with, report_terms, tokenize
from rag.query import NEGATIVE, lay_asking
from rag.text import MONTH_WORDS

# Words that frame a question to the reports rather than name its topic: asking, reporting, judging, changing.
FRAME_WORDS = frozenset(
    tokenize(
        "what which who whom whose when where why how much many often long quickly well far any "
        "did does do done doing is are was were be been being has have had can could would should will still yet "
        "say said says saying tell told remind according report reports reported reporting ofsted ofsted's inspector "
        "inspectors inspection inspections inspected re-inspection reinspection reinspected reinspect visit visited "
        "find found finding findings describe described think thought view views judge judged judgement judgment "
        "rate rated rating ratings grade graded mention mentioned note noted comment commented call called name "
        "names named identify identified highlight highlighted consider considered see saw seen show shown "
        "recommend recommended recommendation recommendations urge urged want wanted ask asked action actions "
        "need needs needed improve improved improvement improvements stop start rethink criticise criticised "
        "praise praised happen happened change changed changes compare compared comparison since earlier previous "
        "fix fixed deal dealt tackle tackled address addressed resolve resolved "
        "last latest current currently now nowadays presently today time times year years ever really make made "
        "get got kept keep main key "
        "council councils authority local services service children child children's social care area areas "
        "must priority list development run doing like it its they them their there this that these those "
        "until unless before after during within without across among between despite towards upon whether also even "
        "instead rather enough only given raise raised about conclude concluded conclusion conclusions overall "
        "anything something everything nothing already around one flag flagged flagging here spring summer autumn "
        "winter publish published set sets percentage percentages percent proportion share figure figures total "
        "progress thing things back problem problems issue issues better worse give gave too didn't doesn't don't "
        "isn't wasn't weren't aren't hasn't haven't hadn't who'd who've who's per blame blamed blames blaming "
        "explain explained explains anywhere somewhere everywhere nowhere moment newest further reason reasons "
        "handle handled handles handling "
        "ran running runs drove driven notice noticed noticing spotted try tried trying roughly once biggest through "
        "RI"  # "RI": requires improvement, and its acronym token
    )
)
# Words a conversation points back with or says how things went in ("Is that any better?", "What went wrong
# there?"): never a topic of a follow-up, nor a key word the reports must mention.
CHAT_WORDS = frozenset(
    tokenize(
        "it its they them their there that this these those then he she his her same one ones problem problems "
        "issue issues concern concerns area thing things situation picture position case about also too again "
        "instead either else other others compare compared comparison earlier later previous next first latest "
        "recent most report inspection visit led lead leads leading headed high low anything something everything "
        "nothing any some much left remain remains remaining remained sorted fixed solved resolved better worse "
        "good bad poor strong weak patchy ok okay fine doing going bit bits part parts aspect aspects kind sort "
        "wrong behind lacking happening matter matters flagged flag raised warned slip slipped "
        "slipping went story hm hmm hmmm from into onto already exactly really actually just quite very so over "
        "out you your "
        "i me my we us our mentioned different difference big deal jump spot spots holding hold took take came come "
        "look looked looking stayed stay turned turn round next than new similar pull pulled handle handling "
        "manage managing pick picked two up outstanding inadequate know knew stack fare around quicker faster "
        "slower stronger weaker sooner question right verdict headline headlines start end beginning middle gone "
        "spring summer autumn winter true decent apart catch catches earth boat best worst weakest "
        "strongest nice tho though thats hear heard hearing useful contrast thanks cheers hi hello hey great worried "
        "worry worrying marked mark down remember mess scratch studying baseline lot lots few anyone anybody someone "
        "somebody afterwards decide decides decided basically mo q particularly especially specifically notably "
        "generally mainly mostly largely truly genuinely honestly seriously surely all every single fail failed "
        "failing slated slammed ago positive negative sound sounds sounded seem seems seemed more less finally "
        # contractions typed without their apostrophe: "ive heard edt there is a struggle"
        "ive im youre theyre weve theyve youve put struggle struggles struggling let lets letting "
        # the user's family: "my nephew's 17 and in care there"
        "nephew nephews niece nieces son sons daughter daughters mum mums dad dads aunt auntie uncle grandson "
        "granddaughter cousin sister brother partner husband wife mate lad lads boy girl "
        "stepson stepsons stepdaughter stepdaughters stepdad stepmum stepfather stepmother stepkids "
        # how the user asks, said loosely: "where's he supposed to stay over the summer breaks?"
        "supposed "
        # how it went, said loosely: "is their data still dodgy because of it", "more stable now at least?"
        "dodgy shaky proper always affected least because fall fell falling own "
        # what happened to a service, said in passing: "why did it slide", "which teams were hit worst", "what stood
        # out", "how did they bring caseloads down", "have they recovered since"
        "slide slid sliding hit hits stood stands bring brought recover recovered recovering standout "
        # "has that calmed down now?", "why's the whole thing stuck on requires improvement?", "his council bill"
        "calmed calm calming stuck him his her hers he she turnaround slow quick fast literally "
        # "has that been an issue for a while?", "leaning really heavily on agency staff"; "was it the same setup?"
        "while heavily setup set-up "
        # "what was so bad in 2019 anyway", "is theirs any good", "where i am now", "esp the PEPs", "money wise"
        "anyway anyways theirs mine esp am wise "
        # "hmm and the local offer for them, any good?", "does stuff get actioned quickly?", "grim.", "a real mess"
        "hmm hmmm stuff grim wow yikes blimey real "
        # "i heard it was a disaster then", "were they getting a raw deal?", "a nightmare": how bad, not what
        "disaster disasters disastrous shambles awful terrible dire raw nightmare nightmares "
        # "if someone reports a worry on a friday, could it just sit there till monday?": when, not what about
        "monday mondays tuesday wednesday thursday friday fridays saturday sunday till "
        # "and islington itself, …?", "is this a common problem? what about east sussex"
        "itself themselves common "
        # "was it dragging like that in 2019?", "any better on the health side?", "the perks we're meant to get",
        # "how many of them turn up each year?", "how are they treated there?"
        "drag drags dragging dragged side sides meant each treat treats treated treating "
        # "how many were going off to uni?", "she's been on the list forever", "with one family for ages"
        "off forever ages "
        # "are caseloads still crazy there?", "was finding homes this hard back in 2022?": how much, not what about
        "crazy mad insane ridiculous bonkers hard tough "
        # "any chance of getting a few nights off now and then, or is that impossible to get": whether, not what
        "chance impossible "
        # "was it really as bad as the papers said", "got out of inadequate apparently": hearsay, not what about
        "apparently papers newspapers rumour rumours gossip "
        # "wasn't there a massive backlog of those?", "were people doing loads of extra hours?", "2021 or whenever"
        "massive huge loads whenever "
        # "sleepovers etc without waiting ages for a yes", "… any therapy meanwhile?", "sounds glowing but …", "…
        # unlike islington?"
        "etc yes meanwhile glowing unlike "
        # "we're under dudley": where the user lives
        "under "
        # "or is it a tick box thing?": how it is done, not what
        "tick box "
        # "did doncaster get rid of the childrens trust?": what was done, not what of
        "rid"
    )
)
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
_NOT_TOPIC = re.compile(  # "weren't" ("werent"), "they're", "December"
    rf"\w+n['’]t|{NEGATIVE.pattern}|\w+['’](?:re|ve|ll|m|d)|{MONTH_WORDS}", re.I
)
# "already in place", "took place", "doing well … these days?": when, not what about; "what's getting in the way?",
# "where's it falling down?", "what held back improvement?": how, not what about
NO_TOPIC = re.compile(
    r"\b(?:in|into|take|takes|took|taking) place\b|\bthese days\b"
    r"|\b(?:get|gets|getting|got|stand|stands|standing|stood)\s+in\s+(?:the|their)\s+way\b"
    r"|\b(?:fall|falls|falling|fell)\s+down\b|\b(?:hold|holds|holding|held)\s+(?:\w+\s+)?back\b"
    r"|\b(?:in\s+)?a\s+(?:right|real|proper|terrible|bad|sorry|total)\s+state\b"  # "in a right state": how bad
    r"|\bacross the board\b|\btop marks\b"  # "got outstanding across the board", "was it top marks": the grade
    r"|\brequir(?:es?|ing)\s+improvement(?:\s+to\s+be\s+good)?\b"  # the grade, as "inadequate" is: no topic
    r"|\bat (?:one|some) (?:point|stage)\b"  # "weren't they inadequate at one point?": when
    # when, not what about: "was it better before covid?" (a report of then cannot say it; one since can)
    r"|\b(?:before|pre)[\s-]+(?:the\s+)?(?:covid(?:-?19)?|pandemic|lockdowns?)\b"
    r"|\b(?:the|that|this)\s+(?:drop|dip|decline|slide|fall)\b(?![\s-]*in\b)"  # "what's behind the drop?": how it went
    r"|\b(?:come|came|coming|comes)\s+a\s+long\s+way\b"  # "they've come a long way, how bad was it in 2018?"
    r"|\bfair enough\b|\bkick(?:s|ed|ing)?\s+in\b"  # "thurrock … fair enough, but …", "when did it kick in?"
    r"|\bway\s+(?=(?:worse|better|more|less|too|over|behind|below|above|off)\b)"  # "it was way worse in 2018": how much
    r"|\b(?:do|does|doing|did|done)\s+(?:its|their|his|her|a\s+(?:good|decent|proper|bad)|the)\s+job\b",  # "is the
    # MASH doing its job?": how it went
    re.I,
)
_ROLE = re.compile(r"^\W*as\s+an?\s+[^,;:?!.—–]{1,40}?(?=\s*(?:[,;:—–]|\s-\s))", re.I)  # "as a rochdale councillor -"
_AGE = re.compile(r"\b\d+[\s-]*(?:years?|yrs?)[\s-]*olds?\b", re.I)  # "if a 16 year old gets kicked out": who asks
# How a service went, which any report may say in other words: "do they just get dropped", "has it slipped"
_HOW_IT_WENT = re.compile(r"(?:drop|declin|deterior|improv|slip|worse|better|chang|fell|fall|rose|rise)", re.I)
_HEAD = re.compile(r"\b(council|school|social|youth|health|public|local)\s+$", re.I)  # first words of compounds


def key_words(words: str, chat: bool = False, joined: bool = False) -> list[tuple[str, int, int, list[str]]]:
    """The words of `words` that name what is asked, each with where it stands and its tokens in every form.

    Args:
        words: The question without the council names and years that chose its reports.
        chat: Whether the words of conversation (`CHAT_WORDS`: "actually", "went", "that") count too.
        joined: Whether a word's forms include it joined to the word before or after ("cyber attack" is also
            "cyberattack", "case load" "caseload"), for finding it in the reports.

    Returns:
        ``(word, start, end, tokens)`` for each key word in order; `tokens` are the word's own tokens and those
        of every other form of a term that contains it.

    """
    return [
        (word, start, end, own + [token for form in forms for token in form])
        for word, start, end, own, forms in _key_forms(words, chat, joined)
    ]


def _key_forms(words: str, chat: bool, joined: bool) -> list[tuple[str, int, int, list[str], list[list[str]]]]:
    """`key_words`, each word's other forms apart: ``(word, start, end, own tokens, tokens of each other form)``."""
    spans = other_forms(words)
    # "What's wrong with …?", "anything that needs sorting?": how it is asked, not what about
    framing = lay_asking(words) + [match.span() for said in (NO_TOPIC, _AGE, _ROLE) for match in said.finditer(words)]
    keys = []
    matches = list(_WORD.finditer(words))
    for i, match in enumerate(matches):
        word = match.group()
        tokens = tokenize(word)
        framed = set(tokens) <= (FRAME_WORDS if chat else FRAME_WORDS | CHAT_WORDS)
        if not tokens or framed or len(word) < 2 or word.isdigit() or _NOT_TOPIC.fullmatch(word):
            continue
        if any(start <= match.start() < end for start, end in framing):
            continue
        forms = [form for start, end, group in spans if start <= match.start() < end for form in group]
        if joined:  # with the word just before it and the word just after it, one space apart
            pairs = [(matches[i - 1], match)] if i else []
            pairs += [(match, matches[i + 1])] if i + 1 < len(matches) else []
            forms += [a.group() + b.group() for a, b in pairs if a.end() + 1 == b.start()]
        keys.append((word, match.start(), match.end(), tokens, [t for form in forms if (t := tokenize(form))]))
    return keys


@dataclass(frozen=True)
class Gap:
    """What a question asks about that no passage in scope mentions.

    Attributes:
        phrases: The unmentioned key words as written, words next to each other joined into one phrase
            ("electric vehicle charging"); empty when every key word is mentioned.
        share: The share of the question's key words that are unmentioned (0 when it has none), its words of
            conversation counted as mentioned: "Did Ofsted actually find that?" asks as much as "Did Ofsted find
            that?".
        terms: Terms of several words that no passage in scope says as a term in any of its forms ("young
            carers" where the reports speak of young people and of foster carers; "lifelong links", a programme).
        said: How many key words the question has, its words of conversation among them.

    """

    phrases: tuple[str, ...]
    share: float
    terms: tuple[str, ...] = ()
    said: int = 0


def unmentioned(bm25: Any, words: str, allowed: np.ndarray | None, text_of: Callable[[int], str] | None = None) -> Gap:
    """The key words of `words` that no passage in scope mentions in any form, and the terms none says.

    Args:
        bm25: The index's passage keyword index.
        words: The question without the council names and years that chose its reports.
        allowed: Which passages are in scope (``None``: all).
        text_of: A passage's text by its row, to find the terms of several words (Ofsted's and the lay terms of
            `rag.keywords`) as terms; ``None``: their words only.

    Example:
        ``unmentioned(index.bm25, "By how much did put up council tax?", norfolk).phrases`` is ``("council tax",)``.

    """
    terms, spans = _unsaid_terms(bm25, words, allowed, text_of) if text_of is not None else ([], [])
    phrases: list[str] = []
    missing, last_end = 0, -2
    for word, start, end, own, forms in _key_forms(words, chat=False, joined=True):
        if any(_mentioned(bm25, tokens, allowed) for tokens in [own, *forms]):
            continue
        missing += 1
        if any(s_start <= start < s_end for s_start, s_end in spans):
            continue  # a word of an unsaid term, given as the term: not "helps or young carers"
        if phrases and not words[last_end:start].strip(" -"):
            phrases[-1] = f"{phrases[-1]}{words[last_end:start]}{word}"
        else:
            head = _HEAD.search(words[:start])  # "council tax", not "tax"
            phrases.append(f"{head.group(1)} {word}" if head else word)
        last_end = end
    said = len(key_words(words, chat=True))
    return Gap(tuple(phrases), missing / said if said else 0.0, tuple(terms), said)


def rarest_unmentioned(bm25: Any, words: str, allowed: np.ndarray | None, rare: float) -> str | None:
    """The term of `words` rarest in the whole collection, if no passage in scope mentions it and it is rare.

    Only the terms the vocabularies know (Ofsted's and the lay terms of `rag.keywords`), counted in any of their
    forms: "did ofsted look at how knowsley deals with children who've been trafficked?": "trafficked" (with
    "trafficking" and "modern slavery", in under `rare` of all passages) names what is asked, where "children" is
    everywhere and a sentence close to it is no answer. An everyday word ("plates" of "too much on their plates")
    is no such term, however rare, nor is a word of how a service went ("dropped": declined).
    """
    total = int(bm25.scores.get("num_docs") or 1)
    rarest, fewest, its = None, None, []
    for word, _, _, own, phrased in _key_forms(words, chat=False, joined=False):
        if _HOW_IT_WENT.match(word) or not any(g for *_, g in other_forms(word) if g != [word.replace("-", "")]):
            continue  # a word the vocabularies know alone, not "plates" of "too much on their plates", "top-flight"
        forms = [own, *phrased]  # "computer" of "computer system" is also its "recording system"
        count = np.unique(np.concatenate([_holding(bm25, tokens, None) for tokens in forms])).size  # each once
        if fewest is None or count < fewest:
            rarest, fewest, its = word, count, forms
    if rarest is None or fewest is None or fewest >= rare * total:
        return None
    return None if any(_mentioned(bm25, tokens, allowed) for tokens in its) else rarest


def _unsaid_terms(
    bm25: Any, words: str, allowed: np.ndarray | None, text_of: Callable[[int], str]
) -> tuple[list[str], list[tuple[int, int]]]:
    """The terms of several words in `words` that no passage in scope says in any form.

    The reports' own terms ("young carers", "honour-based abuse", and programmes a council runs or not: "lifelong
    links", "no wrong door"), and everyday words for one of them ("helps look after her dad", given as "young
    carers"; not "lagging behind", whose forms name no thing: "below the national average"), unless a form of three
    words or more says it in any order ("jobs for care leavers" by "employment, education or training"); of two
    words or more, one of which frames nothing ("last inspection" asks of no term), and with no figure ("over 21").
    A term one of whose words no passage in scope holds is unsaid too: "lifelong links" where no report says
    "lifelong".

    Returns:
        The terms, and where each stands in `words`.

    """
    terms: list[str] = []
    spans: list[tuple[int, int]] = []  # where the unsaid terms stand in `words`
    every: dict[tuple[int, int], list[str]] = {}  # a term's forms in every vocabulary that has it ("front door":
    for start, end, forms in other_forms(words):  # MASH, and the lay term's "contacts")
        every.setdefault((start, end), []).extend(forms)
    for (start, end), forms in sorted(every.items()):
        term = words[start:end]
        # everyday words ("helps look after her dad") the reports say in their terms ("young carers") or not at all
        lay = term.lower() not in report_terms()
        named = [word for word in _WORD.findall(term) if set(tokenize(word)) - FRAME_WORDS - CHAT_WORDS]
        if not named or len([word for word in _WORD.findall(term) if tokenize(word)]) < 2 or re.search(r"\d", term):
            continue
        if any(start < s_end and s_start < end for s_start, s_end in spans):
            continue  # within or across a term already found unsaid
        loose = not names_itself(term, forms)  # "safe and together" (a programme) is not said by "safely stay
        # together"
        if lay:  # and the other forms of its forms: "personal advisers" of "leaving care workers" is also "PAs"
            forms = list(
                dict.fromkeys([*forms, *(g for form in forms for *_, group in other_forms(form) for g in group)])
            )
        if any(_said(bm25, form, allowed, text_of, loose=loose) for form in [term, *forms]):
            continue
        # a word of the everyday term that its first form says too: "missing" of "kids going missing" ("missing
        # from home"), said by "missing and exploitation risks"
        shared = set(tokenize(term)) & set(tokenize(forms[0])) - FRAME_WORDS - CHAT_WORDS if forms else set()
        if lay and shared and _mentioned(bm25, sorted(shared), allowed):
            continue
        said_as = next((f for f in forms if f.lower() in named_terms()), None) if lay else term
        # a lay term's forms of three words or more, in any order: "employment, education or training"
        if said_as and not (lay and any(_said_near(bm25, f, allowed, text_of) for f in forms if len(tokenize(f)) > 2)):
            terms += [said_as] if said_as not in terms else []
            spans.append((start, end))
    return terms, spans


def names_itself(term: str, forms: list[str]) -> bool:
    """Whether a term of the vocabularies has no form but itself: a programme's name ("safe and together")."""
    return {form.lower() for form in forms} <= {term.lower()}


def _said_near(bm25: Any, words: str, allowed: np.ndarray | None, text_of: Callable[[int], str]) -> bool:
    """Whether a passage in scope holds every word of `words` a few words apart, in any order and ending.

    "education, employment or training" is said by "not in employment, education or training".
    """
    tokens = tokenize(words)
    reach = len(tokens) + 3
    for row in _holding(bm25, tokens, allowed)[:200] if tokens else ():
        said = tokenize(text_of(int(row)))
        at = [i for i, token in enumerate(said) if token in tokens]
        if any(set(tokens) <= {said[j] for j in at[k:] if j - i < reach} for k, i in enumerate(at)):
            return True
    return False


def _said(bm25: Any, form: str, allowed: np.ndarray | None, text_of: Callable[[int], str], loose: bool = True) -> bool:
    """Whether a passage in scope says `form`: its words in order, each in any ending ("young carer's").

    A word may stand between two of them (`loose`): "education, employment and training" says "education,
    employment or training"; not of a name ("Safe and Together" is not said by "safely stay together").
    """
    tokens = tokenize(form)
    rows = _holding(bm25, tokens, allowed) if tokens else np.zeros(0, dtype=np.int64)
    if not rows.size:
        return False
    parts = [part for part in re.findall(r"[a-z0-9]+", form.lower()) if tokenize(part)]
    if len(parts) < 2:
        return True
    stems = [part[: max(len(part) - 2, 3)] if len(part) > 4 else part for part in parts]  # "carers": "care…"
    between = r"\W+(?:\w+\W+)?" if loose else r"\W+(?:(?:and|of|the|for|to|in|on|&)\W+)?"
    pattern = re.compile(r"\b" + between.join(rf"{re.escape(stem)}\w*" for stem in stems) + r"\b", re.I)
    return any(pattern.search(text_of(int(row))) for row in rows)


def written_as_name(bm25: Any, phrase: str, text_of: Callable[[int], str], sample: int = 40) -> bool:
    """Whether the reports, wherever they say `phrase`, write it as a name: each word capitalised, no acronym.

    "mockingbird" or "bright spots" as a user types them are the reports' "Mockingbird" (a fostering model) and
    "Bright Spots" (a survey): a programme that a council's reports would name if it ran it. Read in up to `sample`
    passages of the whole collection; at least three sightings, seven in ten of them capitalised ("Pause", 13 of 20,
    is also a word). An acronym is no such name ("RHIs" a council's reports may spell out), nor is a word of a
    longer name ("walk" of "Walk Online"). "barnardos" is the reports' "Barnardo’s": seen but twice, each time
    capitalised within its sentence, a name.
    """
    tokens = tokenize(phrase)
    pattern = re.compile(r"(?<![\w-])" + r"[\s-]+".join(map(_possessive, phrase.split())) + r"(?![\w-])", re.I)
    seen = named = inside = 0
    for row in _holding(bm25, tokens, None)[:sample] if tokens else ():
        text = text_of(int(row))
        for found in pattern.finditer(text):
            seen += 1
            spelt = re.split(r"[\s-]+", found.group())
            whole = not re.match(r"[\s-]+[A-Z]", text[found.end() :])  # not "Walk" of "Walk Online" for "walk"
            capitalised = whole and all(word[:1].isupper() and word[1:2].islower() for word in spelt)
            named += capitalised
            inside += capitalised and not re.search(r"(?:^|[.?!:]\s*|\n\s*|^\d+\.\s*)$", text[: found.start()])
    return (seen >= 3 and named >= 0.7 * seen) or (seen == 2 and inside == 2)


_COUNTRY = re.compile(r"\b(?:United Kingdom|Great Britain|United States|European Union)\b")


def acronym_unsaid(
    bm25: Any, word: str, allowed: np.ndarray | None, text_of: Callable[[int], str], sample: int = 40
) -> bool:
    """Whether `word` is an acronym the reports spell out ("HAF"), and no passage in scope says it either way.

    "do kids in care get places on the haf holiday club thing?" asks of the Holiday Activities and Food (HAF)
    programme: a name, however typed. Where a council's reports say neither "HAF" nor "Holiday Activities and
    Food", they do not speak of it. Only where the collection writes `word` in capitals (seven sightings in ten
    of those read, in up to `sample` passages) and spells it out once, the capitalised words before "(HAF)" whose
    initials it is; not a word the reports write in lower case, nor an acronym they never spell out.
    """
    tokens = tokenize(word)
    if not tokens or not word.isalpha() or not 2 <= len(word) <= 6:
        return False
    plain = re.compile(rf"(?<![\w-]){re.escape(word)}s?(?![\w-])", re.I)
    defined = re.compile(rf"((?:[A-Z][\w’'-]*\s+(?:(?:and|of|for|&)\s+)?){{2,8}})\(\s*{re.escape(word.upper())}s?\s*\)")
    seen = capitals = 0
    spelt = ""
    for row in _holding(bm25, tokens, None)[:sample]:
        text = text_of(int(row))
        for found in plain.finditer(text):
            seen += 1
            capitals += found.group().rstrip("s").isupper()
        for found in defined.finditer(text):
            words = found.group(1).split()
            initials = "".join(w[0] for w in words if w[0].isupper())
            if not spelt and initials.upper().endswith(word.upper()):  # "Holiday Activities and Food": "HAF"
                capitalised = [w for w in words if w[0].isupper()]
                spelt = " ".join(words[words.index(capitalised[-len(word)]) :])
    if not spelt or capitals < 0.7 * seen or _COUNTRY.search(spelt):  # "United Kingdom (UK)": a place
        return False
    return not _said(bm25, spelt, allowed, text_of, loose=False)


def _possessive(word: str) -> str:
    """A pattern for a typed word, a final "s" also after an apostrophe: "barnardos", "barnardo's" are "Barnardo’s"."""
    stem = re.sub(r"['’]?s$", "", word)
    return f"{re.escape(stem)}['’]?s" if len(word) > 3 and word.endswith("s") else re.escape(word)


def _mentioned(bm25: Any, tokens: list[str], allowed: np.ndarray | None) -> bool:
    """Whether one passage in scope holds every one of `tokens`.

    A word's own token, or every word of another form of it: "FGM" is not mentioned by a passage that says
    "female" but not "genital mutilation".
    """
    return bool(tokens) and bool(_holding(bm25, tokens, allowed).size)


def _holding(bm25: Any, tokens: list[str], allowed: np.ndarray | None) -> np.ndarray:
    """The rows of the passages in scope that hold every one of `tokens`, of which there is at least one."""
    rows: np.ndarray | None = None
    for token in dict.fromkeys(tokens):
        found = passages_with(bm25, [token])
        if allowed is not None:
            found = found[allowed[found]]
        rows = found if rows is None else np.intersect1d(rows, found, assume_unique=True)
        if not rows.size:
            break
    assert rows is not None
    return rows
