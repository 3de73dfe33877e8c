"""Text utilities shared by every stage: clean-up, slugs, dates, sentences and comparison keys.

Nothing here knows about documents, reports or indexes; this module imports nothing from ``rag``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_PATTERN = "|".join(MONTHS)  # for regular expressions; compile them with re.IGNORECASE where case varies
MONTH_WORDS = rf"{MONTH_PATTERN}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"  # as typed: "the Nov 2024 ILACS"
_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_PATTERN})\s+(\d{{4}})\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATION_END = re.compile(r"\b(?:e\.g|i\.e|etc|Mr|Mrs|Ms|Dr|No|St|vs|approx)\.$", re.I)


def clean_text(text: str) -> str:
    """Normalise line ends, ligatures and soft hyphens; keep paragraphs and tabs as they are."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\u00ad", "").replace("\ufb01", "fi").replace("\ufb02", "fl").replace("\ufb00", "ff")
    text = text.replace("\ufb03", "ffi").replace("\ufb04", "ffl").replace("\u00a0", " ")
    text = re.sub(r"[ \u2000-\u200b]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: ``"Knowsley/Report - 13 June"`` → ``knowsley-report-13-june``."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "document"


def parse_date(text: str) -> str | None:
    """The first ``13 June 2017``-style date in `text` as ``2017-06-13``."""
    match = _DATE.search(text)
    if not match:
        return None
    day, month, year = match.groups()
    return f"{year}-{[m.lower() for m in MONTHS].index(month.lower()) + 1:02d}-{int(day):02d}"


def nice_date(date: str | None) -> str:
    """``2017-06-13`` → ``13 June 2017``; ``2017-05`` → ``May 2017``; ``None`` → ``undated``."""
    if not date:
        return "undated"
    parts = date.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return date


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage, verbatim, without a leading paragraph number or bullet."""
    text = re.sub(r"^\d{1,3}\.\s+", "", text.strip())
    sentences: list[str] = []
    for line in text.split("\n"):
        line = re.sub(r"^\s*[-•*◼▪]\s+", "", line).strip()
        pending = ""
        for piece in _SENTENCE_END.split(line):
            pending = f"{pending} {piece}".strip() if pending else piece
            if not _ABBREVIATION_END.search(pending):
                sentences.append(pending)
                pending = ""
        if pending:
            sentences.append(pending)
    return [s for s in sentences if len(s.split()) >= 3]


def normalise(text: str) -> str:
    """Lower case, one space for any white space, straight quotes and plain hyphens (to compare quotes)."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("–", "-")
    return re.sub(r"\s+", " ", text).strip().lower()


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """How two spellings of a name compare: ``"Bath & North-East Somerset"`` ~ ``"bath and north east somerset"``."""
    return re.sub(r"[\s,-]+", " ", name.lower()).replace("&", "and").strip()  # "Bournemouth, Christchurch …"
