"""Keyword side of retrieval: tokenisation for BM25 and Ofsted's vocabulary for query expansion.

Ofsted writes "children looked after" where a manager asks about "LAC", and "personal advisers" where a
care leaver says "PA". A question that uses one form of a term is expanded with the others, so the
keyword index finds paragraphs in whichever form the report used. Everyday words are expanded, one way, with
the report's terms for them (``data/lay_terms.json``: "ran away" → "missing from care", "hacking" →
"cyber-attack"), a thesaurus written from the reports' vocabulary by someone who never saw the evaluation
questions.
"""

from __future__ import annotations

import json
import re
from array import array
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

# How the keyword indexes are made, recorded in the manifest: a change rebuilds them (without re-embedding).
KEYWORD_SETTINGS = {
    "library": "bm25s",
    "method": "lucene",
    "k1": 1.5,
    "b": 0.75,
    "tokens": "english stemmer, stop words dropped, acronyms marked",
    "text": "document title, section, the passage's words, and the councils it is about but does not name",
    "sentences": "each sentence of a passage, its words alone",
    "version": 2,
}

# Each group: the forms of one term, as Ofsted and its readers write them.
VOCABULARY: tuple[tuple[str, ...], ...] = (
    ("CLA", "LAC", "looked after", "looked-after", "children in care", "child in care", "in care"),
    ("care leavers", "care leaver", "care-experienced", "care experienced", "leaving care"),
    ("PA", "PAs", "personal adviser", "personal advisers", "personal advisor", "personal advisors"),
    ("IRO", "IROs", "independent reviewing officer", "independent reviewing officers"),
    ("MASH", "multi-agency safeguarding hub", "front door", "integrated front door", "IFD"),
    ("PEP", "PEPs", "personal education plan", "personal education plans"),
    ("PLO", "public law outline", "pre-proceedings"),
    ("SGO", "SGOs", "special guardianship order", "special guardianship orders", "special guardianship"),
    ("UASC", "unaccompanied asylum-seeking children", "unaccompanied asylum seeking", "unaccompanied children"),
    ("CSE", "child sexual exploitation", "sexual exploitation"),
    ("CCE", "child criminal exploitation", "criminal exploitation", "county lines"),
    ("exploitation", "CSE", "CCE"),
    ("LADO", "local authority designated officer", "designated officer"),
    ("EET", "employment, education or training", "education, employment or training"),
    ("NEET", "not in employment, education or training", "not in education, employment or training"),
    ("ILACS", "inspection of local authority children's services", "inspecting local authority children's services"),
    ("JTAI", "joint targeted area inspection"),
    (
        "HMI",
        "His Majesty's Inspector",
        "Her Majesty's Inspector",
        "His Majesty's Inspectors",
        "Her Majesty's Inspectors",
    ),
    ("LSCB", "local safeguarding children board", "safeguarding children board"),
    ("DCS", "director of children's services"),
    ("NQSW", "newly qualified social worker", "newly qualified social workers", "ASYE"),
    ("CIN", "child in need", "children in need"),
    ("CAMHS", "child and adolescent mental health services", "emotional health", "mental health"),
    ("EHCP", "education, health and care plan", "education health and care plan"),
    ("YOT", "youth offending team", "youth justice service", "YJS"),
    ("CiCC", "children in care council"),
    ("lead inspector", "led the inspection", "led by", "inspection team"),
    ("private fostering", "privately fostered", "private fostering arrangements"),
    (
        "Cafcass",
        "Children and Family Court Advisory and Support Service",
        "children's guardian",
        "children's guardians",
    ),
    (
        "health histories",
        "health history",
        "medical history",
        "medical histories",
        "medical background",
        "medical backgrounds",
    ),
    ("councillor", "councillors", "Cllr", "Coun", "cabinet member", "lead member", "portfolio holder"),
    ("in the past 12 months", "in the last 12 months", "in the previous year", "in the year before", "last year"),
)

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_ACRONYM = re.compile(r"(?<![\w'’-])[A-Z]{2,6}(?=(?:s|['’]s)?(?![\w'’]))")  # IRO, IROs, IRO's


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    """Lower-cased, stemmed words of `text` without English stop words, and a mark for each acronym.

    An acronym written in capitals also gives a token of its own (``MADE`` → ``made`` and ``made!``), so
    that "What is MADE?" finds the children in care council rather than every "made".
    """
    words = [w.replace("’", "'").removesuffix("'s") for w in _WORD.findall(text.lower())]
    words = [w for w in words if w not in _stopwords()]
    acronyms = [f"{a.lower()}!" for a in _ACRONYM.findall(text) if a.lower() not in _stopwords()]
    return _stemmer().stemWords(words) + acronyms


def new_bm25() -> Any:
    """An empty BM25 index with the `KEYWORD_SETTINGS`."""
    import bm25s

    return bm25s.BM25(method=KEYWORD_SETTINGS["method"], k1=KEYWORD_SETTINGS["k1"], b=KEYWORD_SETTINGS["b"])


def write_bm25(token_lists: Iterable[list[str]], folder: Path, chunk: int = 200_000) -> int:
    """Write a bm25s index of `token_lists` (one list of tokens per document) to `folder`; return the documents.

    The index is the one ``new_bm25().index(token_lists)`` makes, scored by bm25s's own functions (Lucene's idf,
    Robertson's term frequency), but built in arrays rather than a Python list per document: the 20 million
    sentences of a 5-million-passage index would need more memory than the machine has as lists. A document
    with no tokens is indexed as ``_empty_``.
    """
    import bm25s
    from bm25s.scoring import _score_idf_lucene, _score_tfc_robertson  # bm25s's own formulas

    k1, b = KEYWORD_SETTINGS["k1"], KEYWORD_SETTINGS["b"]
    vocab: dict[str, int] = {}
    ids, lengths = array("i"), array("i")
    for tokens in token_lists:
        tokens = tokens or ["_empty_"]
        ids.extend([vocab.setdefault(token, len(vocab)) for token in tokens])
        lengths.append(len(tokens))
    flat, length = np.frombuffer(ids, dtype=np.int32), np.frombuffer(lengths, dtype=np.int32)
    docs, words = len(length), len(vocab)
    ends = np.cumsum(length, dtype=np.int64)
    pairs: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (document, token, count), chunk by chunk
    for first in range(0, docs, chunk):
        last = min(first + chunk, docs)
        start = int(ends[first - 1]) if first else 0
        doc = np.repeat(np.arange(first, last, dtype=np.int64), length[first:last])
        keys, counts = np.unique(doc * words + flat[start : int(ends[last - 1])], return_counts=True)
        pairs.append(((keys // words).astype(np.int32), (keys % words).astype(np.int32), counts.astype(np.float32)))
    doc_of = np.concatenate([p[0] for p in pairs]) if pairs else np.zeros(0, np.int32)
    token_of = np.concatenate([p[1] for p in pairs]) if pairs else np.zeros(0, np.int32)
    count = np.concatenate([p[2] for p in pairs]) if pairs else np.zeros(0, np.float32)
    del pairs
    frequency = np.bincount(token_of, minlength=words)
    idf = np.array([_score_idf_lucene(int(df), docs) for df in frequency], dtype=np.float32)
    average = float(length.mean()) if docs else 0.0
    data = (idf[token_of] * _score_tfc_robertson(count, length[doc_of], average, k1, b)).astype(np.float32)
    order = np.argsort(token_of, kind="stable")  # by token, then document (documents ascend already)
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / "data.csc.index.npy", data[order], allow_pickle=False)
    np.save(folder / "indices.csc.index.npy", doc_of[order], allow_pickle=False)
    indptr = np.zeros(words + 1, dtype=np.int64)
    np.cumsum(frequency, out=indptr[1:])
    np.save(folder / "indptr.csc.index.npy", indptr, allow_pickle=False)
    vocab[""] = words  # bm25s's empty token, as its index() adds it
    (folder / "vocab.index.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    model = new_bm25()
    names = ("k1", "b", "delta", "method", "idf_method", "dtype", "int_dtype", "backend")  # as bm25s saves them
    params = {name: getattr(model, name) for name in names} | {"num_docs": docs, "version": bm25s.__version__}
    (folder / "params.index.json").write_text(json.dumps(params, indent=4), encoding="utf-8")
    return docs


def bm25_scores_of(bm25: Any, tokens: list[str], rows: np.ndarray) -> np.ndarray:
    """The BM25 score of the documents `rows` (ascending) alone, found by binary search in each token's postings.

    Reads a few pages of a memory-mapped index rather than every posting: how the sentences of a search's
    candidates are scored in an index too large to score all its sentences (bm25s's ``get_scores`` sums every
    posting of each token into an array of all documents).
    """
    scores = np.zeros(len(rows), dtype=np.float32)
    data, postings, starts = bm25.scores["data"], bm25.scores["indices"], bm25.scores["indptr"]
    rows = rows.astype(postings.dtype)  # else numpy converts the postings, reading them whole
    for i in bm25.get_tokens_ids(tokens):
        start, end = int(starts[i]), int(starts[i + 1])
        where = np.searchsorted(postings[start:end], rows)
        found = where < end - start
        found[found] = postings[start:end][where[found]] == rows[found]
        scores[found] += data[start:end][where[found]]
    return scores


_CASED = frozenset({"PA", "PEP", "CIN", "LAC"})  # abbreviations that are everyday words in lower case


@lru_cache(maxsize=1)
def _groups() -> list[tuple[list[re.Pattern[str]], tuple[str, ...]]]:
    compiled = []
    for group in VOCABULARY:
        patterns = []
        for form in group:
            flags = 0 if form in _CASED else re.IGNORECASE  # "PA" is an abbreviation, "pa" not; "camhs" is CAMHS
            plural = "s?" if form.isupper() else ""  # "DCSs", "LADOs"
            patterns.append(re.compile(rf"(?<![\w-]){re.escape(form)}{plural}(?![\w-])", flags))
        compiled.append((patterns, group))
    return compiled


def expansions(query: str) -> list[str]:
    """Other forms of the Ofsted terms that `query` uses, in vocabulary order, without repeats.

    Then its hyphenated words as one word, as reports also spell them ("cyber-attack" → "cyberattack").

    Example:
        >>> expansions("How do PAs support care leavers?")[:3]
        ['care leaver', 'care-experienced', 'care experienced']

    """
    extra: list[str] = []
    for patterns, group in _groups():
        if any(p.search(query) for p in patterns):
            for pattern, form in zip(patterns, group, strict=True):
                if not pattern.search(query) and form not in extra:
                    extra.append(form)
    for pattern, terms in _lay_terms_of(query):
        if pattern.search(query):
            extra += [term for term in terms if term not in extra]
    return extra + [word for word in _joined(query) if word not in extra]


def in_report_words(query: str) -> str:
    """`query` with each everyday term replaced by the reports' first word for it (longest term first).

    Example:
        >>> in_report_words("Was the night cover any good?")
        'Was the out of hours any good?'

    """
    lowered = query.lower()
    spans = sorted(
        (
            (m.start(), m.end(), forms[0])
            for pattern, forms in _lay_terms_of(query)
            for m in pattern.finditer(query)
            # not where the question already says another form: "the director of children's services"
            if not any(form.lower() in lowered for form in forms if form.lower() != m.group().lower())
        ),
        key=lambda span: (span[0], -(span[1] - span[0])),
    )
    parts, at = [], 0
    for start, end, form in spans:
        if start < at:
            continue  # within or across a term already replaced
        parts += [query[at:start], form]
        at = end
    return "".join([*parts, query[at:]])


def groups_named(text: str) -> frozenset[int]:
    """The `VOCABULARY` groups whose terms `text` names, in the reports' words or everyday ones.

    Example:
        >>> groups_named("kids in care") == groups_named("looked after children") != groups_named("care leavers")
        True

    """
    named = {row for row, (patterns, _) in enumerate(_groups()) if any(p.search(text) for p in patterns)}
    for pattern, terms in _lay_terms_of(text):
        if pattern.search(text):
            named.update(row for term in terms for row in _group_of_form().get(term.lower(), ()))
    return frozenset(named)


@lru_cache(maxsize=1)
def _group_of_form() -> dict[str, tuple[int, ...]]:
    """Each form of `VOCABULARY`, lower case, mapped to the groups that have it."""
    rows: dict[str, tuple[int, ...]] = {}
    for row, group in enumerate(VOCABULARY):
        for form in group:
            rows[form.lower()] = (*rows.get(form.lower(), ()), row)
    return rows


def other_forms(query: str) -> list[tuple[int, int, list[str]]]:
    """Each Ofsted or everyday term in `query`: where it starts and ends, and the other forms the reports use.

    Example:
        >>> other_forms("Are PAs stretched?")[0][:2]
        (4, 7)

    """
    spans: list[tuple[int, int, list[str]]] = []
    for patterns, group in _groups():
        for pattern in patterns:
            spans += [(m.start(), m.end(), list(group)) for m in pattern.finditer(query)]
    for pattern, terms in _lay_terms_of(query):
        spans += [(m.start(), m.end(), terms) for m in pattern.finditer(query)]
    spans += [(m.start(), m.end(), [m.group().replace("-", "")]) for m in _HYPHENATED.finditer(query)]
    return spans


@lru_cache(maxsize=1)
def report_terms() -> frozenset[str]:
    """The reports' own terms, lower case: the forms of `VOCABULARY` and the report side of the lay terms."""
    return frozenset(form.lower() for forms in [*VOCABULARY, *_lay_lexicon().values()] for form in forms)


@lru_cache(maxsize=1)
def named_terms() -> frozenset[str]:
    """The terms that name a thing, lower case: the forms of `VOCABULARY` and the lay terms' everyday phrases.

    Not the report side of a lay term that is only words a report uses near it ("foster carers receive").
    """
    return frozenset(form.lower() for forms in [*VOCABULARY, _lay_lexicon()] for form in forms)


def names_a_thing(words: str, forms: list[str]) -> bool:
    """Whether everyday `words` of several name a thing the reports name (`forms`): "reports a worry" (contacts).

    Not "gone wrong" or "going so wrong", which ask how it went: their forms name no thing.
    """
    return len(words.split()) > 1 and not named_terms().isdisjoint(form.lower() for form in forms)


_HYPHENATED = re.compile(r"\w+(?:-\w+)+")  # "cyber-attack", which reports also write "cyberattack"


def _joined(text: str) -> list[str]:
    return [match.group().replace("-", "") for match in _HYPHENATED.finditer(text)]


def passages_with(bm25: Any, tokens: list[str]) -> np.ndarray:
    """Rows of the passages that hold any of `tokens`, read from the keyword index's postings (unsorted)."""
    postings, starts = bm25.scores["indices"], bm25.scores["indptr"]
    ids = [bm25.vocab_dict[t] for t in tokens if t in bm25.vocab_dict]
    parts = [postings[starts[i] : starts[i + 1]] for i in ids]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _lay_terms_of(query: str) -> list[tuple[re.Pattern[str], list[str]]]:
    """The lay terms whose first word `query` has, in the lexicon's order: the only ones that can match it."""
    first = _lay_first_words()
    rows = sorted(
        {row for word in re.findall(r"\w+", query.lower()) for bare in _bare(word) for row in first.get(bare, ())}
    )
    terms = _lay_terms()
    return [terms[row] for row in rows]


def _bare(word: str) -> set[str]:
    """`word` and what it may be a form of (`_inflected`): "ends" "end", "taking" "take"."""
    bare = {word}
    for ending in ("s", "es", "ed", "ing"):
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            bare |= {word[: -len(ending)], f"{word[: -len(ending)]}e"}
    return bare


@lru_cache(maxsize=1)
def _lay_first_words() -> dict[str, list[int]]:
    """Each lay term's first word (lower case), mapped to the terms' positions in the lexicon."""
    first: dict[str, list[int]] = {}
    for row, words in enumerate(_lay_lexicon()):
        word = re.match(r"\w+", words.lower())
        first.setdefault(word.group() if word else "", []).append(row)
    return first


@lru_cache(maxsize=1)
def _lay_terms() -> list[tuple[re.Pattern[str], list[str]]]:
    """Everyday words and the report's terms for them, from ``data/lay_terms.json``."""
    return [
        (re.compile(rf"(?<![\w-]){_spelt(words, f'{words}s'.lower() not in report_terms())}(?![\w-])", re.I), forms)
        for words, forms in _lay_lexicon().items()
    ]


_DEGREE = r"(?:(?:really|real|very|so|quite|heavily|massively|hugely|far)\s+)*"  # may stand between a term's words


def _spelt(words: str, plural: bool = True) -> str:
    """A pattern for `words` that also finds them hyphenated or not ("round-the-clock", "after hours").

    Words of degree may stand between them: "leaning really heavily on" is "leaning on". The first word of several,
    of three letters or more, may be written in another form: "ends up inside" is "end up inside", "pushing back"
    "push back"; the last may be plural (`plural`): "family friends", but not "children's homes", a term of the
    reports that is no everyday word for them (a term of one word is only itself: "hospital" is no "hospitals").
    """
    first, *rest = re.split(r"[\s-]+", words)
    if not rest:
        return re.escape(first)
    plural = plural and bool(re.fullmatch(r"[a-z]{3,}", rest[-1])) and rest[-1][-1] != "s"
    last = f"{re.escape(rest[-1])}s?" if plural else re.escape(rest[-1])
    return rf"[\s-]+{_DEGREE}".join([_inflected(first), *map(re.escape, rest[:-1]), last])


def _inflected(word: str) -> str:
    """A pattern for `word` and its forms with -s, -es, -ed or -ing ("take": "takes", "taking")."""
    if not re.fullmatch(r"[a-z]{3,}", word):
        return re.escape(word)
    if word.endswith("e"):
        return rf"{re.escape(word[:-1])}(?:e|es|ed|ing)"
    return rf"{re.escape(word)}(?:s|es|ed|ing)?"


@lru_cache(maxsize=1)
def _lay_lexicon() -> dict[str, list[str]]:
    """``data/lay_terms.json``: each everyday phrase and the reports' terms for it, in the file's order."""
    return json.loads(resources.files("rag").joinpath("data/lay_terms.json").read_text(encoding="utf-8"))


def abbreviations(query: str) -> list[str]:
    """The long forms of the abbreviations in `query` (``LAC`` → ``looked after``), for the dense query."""
    extra: list[str] = []
    for patterns, group in _groups():
        for pattern, form in zip(patterns, group, strict=True):
            if form.isupper() and pattern.search(query):
                long_form = next((f for f in group if not f.isupper() and len(f) > 5), None)
                if long_form and long_form not in extra and long_form.lower() not in query.lower():
                    extra.append(long_form)
                break
    return extra
