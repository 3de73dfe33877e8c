"""Chunking: a document's text becomes `Passage`s, one per numbered paragraph where the report numbers them.

The text is read as a sequence of units (a paragraph, a bullet, a heading). Lines broken by a hard wrap or a
page break are re-joined first. Numbered paragraphs are found as the longest chain of consecutive numbers
(``1.``, ``2.``, … ``55.``), so that judgement tables and contents lists, which also start with numbers, do
not become paragraphs. Headings give each passage its section path. Unnumbered text (executive summaries,
news articles) is one passage per paragraph, bullet lists kept with their lead-in sentence, and anything
longer than the size cap split at sentence boundaries with langchain-text-splitters. Site furniture
(subscription prompts, contact details, copyright lines) is dropped.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from difflib import SequenceMatcher

from rag.councils import find_councils
from rag.documents import Document, DocumentText
from rag.ofsted import GRADE_WORDS

# 9: paragraphs broken by a page re-joined where the page ends mid-sentence ("… to be awarded the" | "National …")
# or a footnote stands between; page numbers and footers a little above the margin dropped;
# 8: documents read again for reports led by two inspectors ("Lead inspectors: …, and …");
# 7: documents read again for grades laid out above their judgement's name (one report's had been read a row off);
# 6: documents read again for a SIF report's area grades (its judgement table had been taken for paragraph 1);
# 5: Ofsted's notes about the report, footnote marks and cover-page grades dropped; a paragraph naming the council
# is no longer taken for the title; 4: the councils a passage of a round-up is about
CHUNKER_VERSION = 9
MAX_CHARS = 1200  # cap for unnumbered passages; a numbered paragraph is never split: it is what users cite

_NUMBERED = re.compile(r"^(\d{1,3})\.\s+(?:\.\s+)?(?=[A-Z0-9‘'\"“(])")  # "46. . Most" is a typo in one report
_BULLET = re.compile(r"^\s*(?:[-*•◼▪■●–]|\d{1,2}[)]|[a-z][)])\s+")
# a line that stops mid-sentence: on a comma or a word no sentence ends with (a page break fell after it)
_UNFINISHED = re.compile(
    r"(?:,|\b(?:the|a|an|of|to|in|on|at|by|for|from|with|and|or|but|that|which|whose|their|its|his|her|our|this"
    r"|these|those|is|are|was|were|be|been|has|have|had|as|than|into|about|between|such|including|within))$"
)
_LABEL = re.compile(r"[A-Z][\w’' -]{2,40}:\s")  # "Shadow inspectors: …"
_TERMINAL = (".", "!", "?", "”", '"', ".’", ".'", ")", ":", ";", ":-")
_GRADED = re.compile(
    r"^The graded judge?ment (?:for|about|on) (?:the )?(.+?) (?:is|are) (?:that (?:it|they) (?:is|are) )?(.+)$", re.I
)
_GRADE_ROW = re.compile(rf"^{GRADE_WORDS}\s+[A-Z]|^Judgement\tGrade$")
_GRADED_HEADING = re.compile(rf"^({GRADE_WORDS})\s+([A-Z].*)$")  # a section heading with its grade printed first
_TRAILING_GRADE = re.compile(rf"\s+{GRADE_WORDS}$")
_GENERIC_HEADINGS = {"contents", "news", "home"}
_FURNITURE = re.compile(
    r"subscri(?:be|ption|ber)|register (?:now|today)|sign in|log ?in\b|already have an account|more like this"
    r"|contact us|cookies?\b|©|\bcopyright\b|all rights reserved|website design|newsletter|share this|editorial image"
    r"|^(?:tel|t|e|w|fax|textphone)\s*:|follow us|privacy (?:policy|notice)|terms and conditions|read more"
    r"|large print or braille|open.government.licence|this publication is available at|^advertisement",
    re.I,
)
# Ofsted's notes about the report itself, printed in every report (at any length): never a finding.
_OFSTED_NOTES = re.compile(
    r"(?:\d{1,2}\s+)?(?:this report is available at|ofsted produces this report"
    r"|any complaints about the inspection or the report"
    r"|the office for standards in education, children.s services and skills \(ofsted\) regulates"
    r"|if you would like a copy of this document in a different format|you may reuse this information"
    r"|this publication is available at)",
    re.I,
)
# Lines after which a web page holds nothing but furniture: related links, paywalls, job adverts.
_PAGE_END = re.compile(
    r"^(?:more like this|related (?:articles|stories|content|news)|register now to continue reading|most read"
    r"|you may also like|latest jobs|share this (?:article|page))\b",
    re.I,
)


@dataclass(frozen=True)
class ChunkerSettings:
    """What determines how documents are cut into passages; recorded in the index manifest."""

    version: int = CHUNKER_VERSION
    max_chars: int = MAX_CHARS

    def as_dict(self) -> dict:
        """The settings as a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class Passage:
    """One citable passage: a numbered paragraph, or a piece of unnumbered text.

    Attributes:
        doc_id: The document's id.
        citation: Stable, readable citation: ``knowsley-2017 ¶43``, or ``cypnow-2017 · Section #2``.
        paragraph: The report's paragraph number, or ``None`` for unnumbered text.
        section: Section path, headings joined by `` › ``.
        page: 1-based PDF page where the passage starts, or ``None``.
        start: Offset of the passage's first character in the document's text.
        end: Offset just past its last character.
        text: The passage's words, verbatim (lines re-joined).
        councils: In a document about several councils (a news round-up), the councils this passage is
            about: those it names, else those the nearest earlier passage named. Empty otherwise.

    """

    doc_id: str
    citation: str
    paragraph: int | None
    section: str
    page: int | None
    start: int
    end: int
    text: str
    councils: tuple[str, ...] = ()


@dataclass
class _Unit:
    start: int
    end: int
    text: str
    gap: bool  # a blank line (or page break) stands before it
    kind: str = "text"  # text | bullet | row | heading | numbered | skip
    number: int | None = None


def chunk_document(doc: Document, text: DocumentText, settings: ChunkerSettings = ChunkerSettings()) -> list[Passage]:
    """Cut a document's `text` into passages, numbered paragraphs first, in document order."""
    units = _units(text.text)
    contents = _classify(units, [doc.title, text.text.split("\n", 1)[0]])
    passages: list[Passage] = []
    path: list[str] = []
    seen_citations: dict[str, int] = {}
    per_section: dict[str, int] = {}
    i = 0
    while i < len(units):
        unit = units[i]
        if unit.kind == "heading":
            path = _enter_heading(path, unit.text, contents)
        if unit.kind in ("heading", "skip"):
            i += 1
            continue
        group = _group(units, i, settings)
        i += len(group)
        section = " › ".join(path)
        for start, end, words in _pieces(group, settings, unit.kind == "numbered"):
            if unit.kind == "numbered":
                base = f"{doc.cited_as} ¶{unit.number}"
            else:
                per_section[section] = per_section.get(section, 0) + 1
                leaf = f" · {path[-1]}" if path else ""
                base = f"{doc.cited_as}{leaf} #{per_section[section]}"
            seen_citations[base] = seen_citations.get(base, 0) + 1
            citation = base if seen_citations[base] == 1 else f"{base} ({seen_citations[base]})"
            paragraph = unit.number if unit.kind == "numbered" else None
            passages.append(Passage(doc.doc_id, citation, paragraph, section, text.page_at(start), start, end, words))
    return _with_councils(passages) if len(doc.authorities) > 1 else passages


def _group(units: list[_Unit], first: int, settings: ChunkerSettings) -> list[_Unit]:
    """The units that make one passage, from `units[first]` on.

    A numbered paragraph keeps the bullets of its lead-in sentence; unnumbered text keeps what a lead-in
    ending in a colon introduces ("Paul Boyce … said:" and the quote), its bullet list, or a run of table rows,
    up to the size cap.
    """
    unit = units[first]
    group = [unit]
    i = first + 1
    if unit.kind == "numbered":
        while i < len(units) and units[i].kind == "bullet" and group[-1].text.rstrip().endswith((":", ";", ":-")):
            group.append(units[i])
            i += 1
        return group
    if (
        i < len(units)
        and units[i].kind == "text"
        and unit.text.endswith(":")
        and len(unit.text) + len(units[i].text) <= settings.max_chars
    ):
        group.append(units[i])
        i += 1
    while (
        i < len(units)
        and (
            units[i].kind == "bullet"
            and (group[-1].text.rstrip().endswith((":", ":-")) or group[-1].kind == "bullet")
            or units[i].kind == group[-1].kind == "row"
        )
        and sum(len(u.text) for u in group) + len(units[i].text) <= settings.max_chars
    ):
        group.append(units[i])
        i += 1
    return group


def _with_councils(passages: list[Passage]) -> list[Passage]:
    """`passages` with the councils each is about: named in it, or carried from the nearest earlier one."""
    out: list[Passage] = []
    carried: tuple[str, ...] = ()
    for passage in passages:
        carried = tuple(find_councils(passage.text)) or carried
        out.append(replace(passage, councils=carried))
    return out


def context_text(passage: Passage, title: str) -> str:
    """The text the keyword index holds for `passage`: its document title and section, then its words.

    A passage about a council it does not name ("This includes the need to improve …" after a paragraph about
    Kent) is given that council's name too.
    """
    section = passage.section.split(" › ")[-1] if passage.section else ""
    unnamed = [c for c in passage.councils if c not in find_councils(passage.text)]
    head = " ".join(part for part in (f"{title}.", f"{section}." if section else "", ", ".join(unnamed)) if part)
    return f"{head}\n{passage.text}"


# ----------------------------------------------------------------------------------------------- units


def _units(text: str) -> list[_Unit]:
    """Lines of `text` with offsets, hard-wrapped lines and paragraphs broken by a page re-joined."""
    units: list[_Unit] = []
    gap, offset = True, 0
    for raw in text.split("\n"):
        line_start, offset = offset, offset + len(raw) + 1
        line = raw.strip()
        if not line or re.fullmatch(r"[-–—=_\t ]+", line):  # blank, or a table rule such as "--\t----"
            gap = True
            continue
        unit = _Unit(line_start + len(raw) - len(raw.lstrip()), line_start + len(raw.rstrip()), line, gap)
        gap = False
        if units and _continues(units[-1], unit):
            units[-1].end = unit.end
            units[-1].text = f"{units[-1].text} {unit.text}"
        else:
            units.append(unit)
    return units


def ends_mid_sentence(text: str) -> bool:
    """Whether `text` stops on a comma or a word no sentence ends with ("… to be awarded the")."""
    return bool(_UNFINISHED.search(text.rstrip()))


def _continues(prev: _Unit, unit: _Unit) -> bool:
    """Whether `unit` carries on the paragraph of `prev` (a hard wrap, or a paragraph broken by a page)."""
    if _BULLET.match(unit.text) or _NUMBERED.match(unit.text) or "\t" in prev.text:
        return False
    if prev.text.rstrip().endswith(_TERMINAL):
        return False
    first = unit.text[:1]
    if first.islower():
        return len(prev.text) > 40 or not unit.gap
    if ends_mid_sentence(prev.text) and len(prev.text) > 60 and not _LABEL.match(unit.text):
        return True  # "… to be awarded the" | "National Nurturing …"; not "Shadow inspectors: …" after a list
    return not unit.gap and len(prev.text) > 60 and len(unit.text) > 2


def _classify(units: list[_Unit], titles: list[str]) -> set[str]:
    """Mark each unit: numbered paragraph, bullet, table row, heading, text, or skip (furniture, contents).

    Returns:
        The keys of the titles in the document's contents list (top-level sections), if it has one.

    """
    skipping_list = False
    for index, unit in enumerate(units):
        if _PAGE_END.match(unit.text):
            for rest in units[index:]:
                rest.kind = "skip"
            break
        bullet = bool(_BULLET.match(unit.text))
        if bullet and skipping_list:  # the list of a furniture lead-in: "Why not register today …:"
            unit.kind = "skip"
            continue
        furniture = is_publication_note(unit.text) or (
            len(unit.text) < 450 and not _NUMBERED.match(unit.text) and bool(_FURNITURE.search(unit.text))
        )
        skipping_list = furniture and unit.text.endswith((":", ":-"))
        if furniture:
            unit.kind = "skip"
        elif bullet:
            unit.kind = "bullet"
        elif re.match(r"^\d+(?:\.\d+)*\.?\s", unit.text) and ("\t" in unit.text or not _sentence_like(unit.text)):
            unit.kind = "row"  # a judgement-table row; becomes a paragraph only as part of a numbered chain
        elif _GRADE_ROW.match(unit.text) and len(unit.text) < 160:
            unit.kind = "row"  # a judgement-table row: "Good The impact of leaders …", "Judgement<TAB>Grade"
        elif re.match(r"^[A-Z][\w’' -]{0,40}:\s+\S", unit.text) and len(unit.text) < 120:
            unit.kind = "row"  # a field: "Lead inspector: Shirley Bailey", "Inspection date: …"
        elif _is_heading(unit.text):
            unit.kind = "heading"
    chain = _numbered_chain(units)
    for index in chain:
        units[index].kind = "numbered"
        number = _NUMBERED.match(units[index].text)
        assert number is not None  # the chain is made of units that match
        units[index].number = int(number.group(1))
    for unit in units[chain[0] if chain else len(units) :]:
        if unit.kind == "row" and (grade := _GRADED_HEADING.match(unit.text)):
            unit.kind, unit.text = "heading", grade.group(2)
    contents = _contents_titles(units)
    title_keys = [_key(title) for title in titles if len(_key(title)) >= 12]
    for unit in units:
        key = _key(unit.text)
        if unit.kind in ("heading", "text", "row") and len(key) >= 8:
            # a breadcrumb holds the title and little else; a paragraph that names the council is not one
            if any((t in key and len(key) <= len(t) + 60) or key in t or _close(key, t) for t in title_keys):
                unit.kind = "skip"  # the title, a part of it, or a breadcrumb ending in it
        if unit.kind == "heading":
            text = _heading_text(unit.text)
            generic = _key(text) in _GENERIC_HEADINGS or bool(re.fullmatch(GRADE_WORDS, text))  # a cover-page grade
            if not text or generic or re.match(r"^by [A-Z]", text):
                unit.kind = "skip"
            else:
                unit.text = text
    return contents


def is_publication_note(text: str) -> bool:
    """Whether `text` is one of Ofsted's notes about the report itself ("This report is available at …")."""
    return bool(_OFSTED_NOTES.match(text))


def holds_publication_note(text: str) -> bool:
    """Whether one of Ofsted's notes about the report stands anywhere in `text` (run into a paragraph, say)."""
    return bool(_OFSTED_NOTES.search(text))


def _close(a: str, b: str) -> bool:
    """Whether `a` and `b` are over 85% alike; the cheap upper bounds first (the exact ratio is slow)."""
    matcher = SequenceMatcher(None, a, b)
    return matcher.real_quick_ratio() > 0.85 and matcher.quick_ratio() > 0.85 and matcher.ratio() > 0.85


def _sentence_like(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL) or len(text.split()) >= 15


def _is_heading(text: str) -> bool:
    """A short line that does not end like a sentence: a heading, a table row or a contents line."""
    words = _heading_text(text).split()
    if not words or len(words) > 16 or _NUMBERED.match(text):
        return False
    body = text.split("\t")[0].rstrip()
    if body.endswith("?") and len(words) <= 6:
        return True  # "What needs to improve?"
    return not body.endswith(_TERMINAL) and not body.endswith(",")


def _heading_text(text: str) -> str:
    """A heading without markup or the judgement after a tab; a graded-judgement line as its area."""
    text = re.sub(r"</?[a-zA-Z][^>]*>", "", text).split("\t")[0].strip()
    text = _TRAILING_GRADE.sub("", text)
    graded = _GRADED.match(text)
    if graded:
        area = graded.group(1)
        return area[:1].upper() + area[1:]
    return text


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("’", "'")).strip()


def _numbered_chain(units: list[_Unit]) -> list[int]:
    """Indices of the units that are numbered paragraphs: chains of consecutive numbers.

    Each candidate (a unit starting ``N.``) extends the best chain ending in ``N-1`` before it; sentence-like
    candidates weigh more than table rows, and ties go to the nearest predecessor. The heaviest chain is
    taken, then further chains (reports that restart numbering) outside the spans already taken.
    """
    candidates = []
    for index, unit in enumerate(units):
        match = _NUMBERED.match(unit.text)
        if match and unit.kind in ("text", "row") and "\t" not in unit.text:
            candidates.append((index, int(match.group(1)), 1.0 if _sentence_like(unit.text) else 0.3))
    chosen: list[int] = []
    taken_spans: list[tuple[int, int]] = []
    while True:
        pool = [c for c in candidates if not any(a <= c[0] <= b for a, b in taken_spans)]
        best: dict[int, tuple[float, int | None]] = {}
        for pos, (index, number, weight) in enumerate(pool):
            score, parent = weight, None
            for prev_pos in range(pos - 1, -1, -1):
                p_index, p_number, _ = pool[prev_pos]
                if p_number == number - 1 and p_index in best and best[p_index][0] + weight > score:
                    score, parent = best[p_index][0] + weight, p_index
            best[index] = (score, parent)
        if not best:
            break
        end = max(best, key=lambda i: (best[i][0], i))
        if best[end][0] < 2.5:
            break
        chain = []
        node: int | None = end
        while node is not None:
            chain.append(node)
            node = best[node][1]
        chain.reverse()
        chosen.extend(chain)
        taken_spans.append((chain[0], chain[-1]))
    return sorted(chosen)


def _contents_titles(units: list[_Unit]) -> set[str]:
    """Titles listed under a ``Contents`` heading (``Executive summary 2``); those units are skipped.

    A PDF may run several entries into one line ("Executive summary 6 Recommendations 8"): each counts.
    """
    titles: set[str] = set()
    for i, unit in enumerate(units):
        if _key(unit.text) == "contents":
            for entry in units[i + 1 :]:
                if not re.match(r"^(.+?)[\t ]+\d{1,3}$", entry.text):
                    break
                for title, _page in re.findall(r"(\D+?)[\t ]+(\d{1,3})(?=\s|$)", entry.text):
                    titles.add(_key(title))
                entry.kind = "skip"
            break
    return titles


def _enter_heading(path: list[str], heading: str, contents: set[str]) -> list[str]:
    """The section path after `heading`: top level when the contents list names it, else under the top."""
    if not contents or _key(heading) in contents or not path:
        return [heading]
    return [path[0], heading]


def _pieces(group: list[_Unit], settings: ChunkerSettings, numbered: bool) -> list[tuple[int, int, str]]:
    """(start, end, text) of the passages made from `group`: whole if numbered or small, else split."""
    text = "\n".join(unit.text for unit in group)
    start, end = group[0].start, group[-1].end
    if numbered or len(text) <= settings.max_chars:
        return [(start, end, text)]
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=settings.max_chars,
        chunk_overlap=0,
        separators=["\n", ". ", "; ", ", ", " "],
        keep_separator="end",
        add_start_index=True,
        strip_whitespace=True,
    )
    pieces = []
    for piece in splitter.create_documents([text]):
        offset = piece.metadata["start_index"]
        # offsets in the joined text map to the document closely (units are joined by one character)
        pieces.append((start + offset, min(end, start + offset + len(piece.page_content)), piece.page_content))
    return pieces
