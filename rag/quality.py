"""Parse-quality check: a report should come out of the reader and chunker as the report it is.

For each report it measures the share of its passage text that sits in numbered paragraphs, whether the
paragraph numbers run 1…N with no gaps or repeats, whether running headers, footers, page numbers or
Ofsted's notes about the report ("This report is available at …") were left inside passages, whether a page number
was taken for a heading, and whether a numbered paragraph stops mid-sentence (cut at a page break). ``rag check``
runs it over files or folders and lists the reports that look wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rag.chunking import chunk_document, ends_mid_sentence, holds_publication_note
from rag.documents import read_document
from rag.errors import DocumentError
from rag.text import slugify

MIN_NUMBERED_SHARE = 0.6
# Gaps that are in the published PDFs themselves (checked by eye), keyed by council folder and file name.
KNOWN_SOURCE_GAPS = {
    "80546_windsor & maidenhead/children's services inspection - 24 february 2020.pdf": {15},  # 14 then 16
    "80533_nottingham/children's services inspection - 05 september 2022.pdf": {34},  # 33 then 35
}
# Paragraphs whose published text stops mid-sentence before the next number (checked by eye)
KNOWN_SOURCE_BREAKS = {
    "80498_haringey/children's services inspection - 24 february 2026.pdf": {34},  # "… how to access these" | 35.
}
_RUNNING_HEADER = re.compile(
    r"(?:Inspection of|Ofsted inspection of)[^.]{0,80}?(?:children[’']s services|local authority)[^.]{0,10}?"
    r"\d{1,2}(?:\s+\w+)?\s+(?:to|and|–|-)\s+\d{1,2}\s+\w+\s+\d{4}\s+\d{1,2}\b",
    re.I,
)
_PAGE_NUMBER_LINE = re.compile(r"(?:^|\n)\s*(?:Page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?\s*(?:\n|$)")


@dataclass
class Quality:
    """What the check found for one file."""

    path: str
    numbered: int = 0
    numbered_share: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No problems found."""
        return not self.problems


def check_file(path: Path) -> Quality:
    """Read, chunk and check one report."""
    result = Quality(str(path))
    try:
        doc, text = read_document(path, path.parent, slugify(path.stem))
    except DocumentError as exc:
        result.problems.append(f"unreadable: {exc.reason}")
        return result
    passages = chunk_document(doc, text)
    numbers = [p.paragraph for p in passages if p.paragraph is not None]
    total = sum(len(p.text) for p in passages) or 1
    result.numbered = len(numbers)
    result.numbered_share = sum(len(p.text) for p in passages if p.paragraph is not None) / total
    if not numbers:
        result.problems.append("no numbered paragraphs")
    else:
        expected = list(range(1, max(numbers) + 1))
        known = KNOWN_SOURCE_GAPS.get(f"{path.parent.name}/{path.name}", set())
        missing = sorted(set(expected) - set(numbers) - known)
        repeats = sorted({n for n in numbers if numbers.count(n) > 1})
        if missing:
            result.problems.append(f"missing paragraphs {_ranges(missing)}")
        if repeats:
            result.problems.append(f"repeated paragraphs {_ranges(repeats)}")
        if numbers != sorted(numbers):
            result.problems.append("paragraph numbers out of order")
    if numbers and result.numbered_share < MIN_NUMBERED_SHARE:
        result.problems.append(f"only {result.numbered_share:.0%} of the text is in numbered paragraphs")
    for p in passages:
        if _RUNNING_HEADER.search(p.text):
            result.problems.append(f"running header left in {p.citation}")
            break
    for p in passages:
        if holds_publication_note(p.text):
            result.problems.append(f"Ofsted's note about the report left in {p.citation}")
            break
    for p in passages:
        if p.paragraph is not None and _PAGE_NUMBER_LINE.search(p.text):
            result.problems.append(f"page number left in {p.citation}")
            break
    for p in passages:
        if re.fullmatch(r"\d{1,3}", p.section.split(" › ")[-1].strip()):
            result.problems.append(f"page number taken for a heading: {p.citation}")
            break
    breaks = KNOWN_SOURCE_BREAKS.get(f"{path.parent.name}/{path.name}", set())
    for p in passages:
        if p.paragraph is not None and p.paragraph not in breaks and ends_mid_sentence(p.text):
            result.problems.append(f"{p.citation} stops mid-sentence (cut at a page break?)")
            break
    return result


def report_files(paths: list[Path]) -> list[Path]:
    """PDF files named by `paths`, folders searched recursively."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.pdf")) if path.is_dir() else [path])
    return files


def _ranges(numbers: list[int]) -> str:
    """``[1, 2, 3, 7]`` → ``1–3, 7``; eight runs at most."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs]
    return ", ".join(parts[:8]) + (" …" if len(parts) > 8 else "")
