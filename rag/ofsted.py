"""Inspection metadata read from an Ofsted report's own text (and its file name for the publication date).

Both frameworks: the Single Inspection Framework (SIF, 2013–2018: inspections and re-inspections, a judgement
table with adoption and care leavers as sub-judgements) and ILACS (2018 on: standard and short inspections, a
judgement table on page 1; from April 2026 no overall judgement). Focused and monitoring visits are recognised
by their titles. Nothing here comes from a CSV: users add reports that no CSV describes.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from rag.councils import find_councils
from rag.text import MONTH_PATTERN, parse_date

GRADES = ("outstanding", "good", "requires improvement", "inadequate")  # overall effectiveness, best first
FRAMEWORKS = ("SIF", "ILACS", "focused visit", "monitoring visit")
# A grade as reports print it, capitalised (a judgement-table row, a heading with its grade printed first).
GRADE_WORDS = r"(?:Outstanding|Good|Requires improvement(?: to be good)?|Inadequate)"
PUBLISHED = re.compile(r"(?:report )?published:?\s*(.{6,30})", re.IGNORECASE)  # "Report published: 13 June 2017"
AREAS = {
    "leaders": r"impact of leaders|leadership, management and governance",
    "help_and_protection": r"children who need help and protection",
    "in_care": r"progress of children in care\b|children looked after and achieving permanence",
    "care_leavers": r"care leavers",
    "adoption": r"adoption performance",
}
_GRADE = r"\b(outstanding|good|requires? improvement(?: to be good)?|inadequate)\b"  # any case, with re.I


@dataclass(frozen=True)
class Inspection:
    """What a report says about its inspection."""

    local_authority: str | None = None
    framework: str | None = None  # SIF | ILACS | focused visit | monitoring visit
    inspection_type: str | None = None  # SIF inspection, SIF re-inspection, ILACS standard, ILACS short, …
    inspection_dates: str | None = None
    start: str | None = None
    end: str | None = None
    published: str | None = None
    lead_inspector: str | None = None
    grades: dict[str, str] = field(default_factory=dict)  # area → grade; "overall" for overall effectiveness

    @property
    def overall(self) -> str | None:
        """The overall effectiveness grade (``None`` for visits and for reports from April 2026)."""
        return self.grades.get("overall")

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Inspection:
        """The inspection from its `as_dict` form."""
        return cls(**{**data, "grades": dict(data.get("grades") or {})})


def is_ofsted_report(text: str) -> bool:
    """Whether `text` looks like an Ofsted inspection or visit report of children's services."""
    head = text[:1500].lower()
    return bool(
        re.search(r"inspection of .{0,80}?children.s (?:social care )?services", head)
        or "impact of leaders on social work practice" in head
        or re.search(r"(re-)?inspection of services for children in need of help and protection", head)
        or re.search(r"(focused|monitoring) visit (to|of) .{0,80}children.s services", head)
    )


def inspection_metadata(text: str, file_name: str = "") -> Inspection:
    """Read the inspection's metadata from a report's text.

    Args:
        text: The report's text (as `rag.readers.read_file` gives it).
        file_name: The file's name; Ofsted names reports ``children's services inspection - <published>.pdf``.

    """
    head = _head(text)
    lowered = head.lower()
    framework, kind = _framework(lowered)
    dates = _dates_line(head)
    start, end = _date_range(dates) if dates else (None, None)
    if framework == "ILACS" and start and end:
        days = (date.fromisoformat(end) - date.fromisoformat(start)).days
        kind = "ILACS short" if days <= 7 else "ILACS standard"
    published = None
    match = PUBLISHED.search(head)
    if match:
        published = parse_date(match.group(1))
    published = published or parse_date(file_name)
    lead = re.search(r"Lead inspector:\s*([^,\n\t]+?)(?:,|\s+(?:His|Her) Majesty|\s+HMI\b|\n|\t|$)", text)
    leads = re.search(r"Lead inspectors:[ \t]*([^\n\t]+)", text)  # "Lead inspectors: A, HMI, and B, HMI"
    return Inspection(
        local_authority=_local_authority(head),
        framework=framework,
        inspection_type=kind,
        inspection_dates=dates,
        start=start,
        end=end,
        published=published,
        lead_inspector=" ".join(lead.group(1).split()) if lead else _names(leads.group(1)) if leads else None,
        grades=_grades(head, framework),
    )


def _names(line: str) -> str:
    """The inspectors a "Lead inspectors:" line names, without their titles: "Rebecca Quested and Matthew Reed"."""
    line = re.sub(r"\(?\b(?:(?:His|Her) Majesty['’]s Inspectors?|HMI)\b\)?", ",", line)
    names = [" ".join(name.split()) for name in re.split(r",|\band\b", line)]
    return " and ".join(name for name in names if name)


def _head(text: str) -> str:
    """The part before the first numbered paragraph: title, dates, judgement table, summary."""
    match = re.search(r"\n\s*1\.\s+(?!Children who need help and protection\b)[A-Z]", text)  # not a SIF table's
    return text[: match.start()] if match and match.start() > 200 else text[:6000]


def _framework(lowered: str) -> tuple[str | None, str | None]:
    if re.search(r"focused visit (to|of)", lowered[:600]):
        return "focused visit", "focused visit"
    if re.search(r"monitoring visit (to|of)", lowered[:600]):
        return "monitoring visit", "monitoring visit"
    if "re-inspection of services for children" in lowered:
        return "SIF", "SIF re-inspection"
    if "inspection of services for children in need of help and protection" in lowered:
        return "SIF", "SIF inspection"
    if re.search(r"inspection of .{0,80}?children.s (?:social care )?services", lowered) or (
        "impact of leaders on social work practice" in lowered  # ILACS's judgement; some trusts' reports
    ):
        return "ILACS", "ILACS"
    return None, None


def _local_authority(head: str) -> str | None:
    match = re.search(r"Inspection of (.{2,80}?) (?:local authority )?children", head)
    if match and (found := find_councils(match.group(1))):
        return found[0]
    found = find_councils(head[:400])
    return found[0] if found else None


def _dates_line(head: str) -> str | None:
    match = re.search(r"Inspection dates?:\s*(.+?)(?:\s+Report published|\n|$)", head)
    return " ".join(match.group(1).split()).rstrip(".") if match else None


def _date_range(dates: str) -> tuple[str | None, str | None]:
    """``11 to 15 September 2023`` or ``23 May to 15 June 2016`` → ISO start and end."""
    match = re.search(
        rf"(\d{{1,2}})(?:\s+({MONTH_PATTERN}))?(?:\s+(\d{{4}}))?\s*(?:to|-|–|and)\s*(\d{{1,2}})\s+({MONTH_PATTERN})\s+(\d{{4}})",
        dates,
        re.I,
    )
    if not match:
        single = parse_date(dates)
        return single, single
    d1, m1, y1, d2, m2, y2 = match.groups()
    end = parse_date(f"{d2} {m2} {y2}")
    start = parse_date(f"{d1} {m1 or m2} {y1 or y2}")
    if start and end and start > end and not y1:  # "28 December to 8 January 2019"
        start = parse_date(f"{d1} {m1 or m2} {int(y2) - 1}")
    return start, end


def grade_in(text: str) -> str | None:
    """The first grade `text` names, as in `GRADES` ("require improvement to be good" → "requires improvement")."""
    match = re.search(_GRADE, text, re.I)
    if not match:
        return None
    grade = match.group(1).lower()
    return "requires improvement" if grade.startswith("require") else grade


def _grades(head: str, framework: str | None) -> dict[str, str]:
    """Grades from the judgement table: one line per area, the grade before, after, above or below its name."""
    grades: dict[str, str] = {}
    lines = [line.strip() for line in re.split(r"\n+", head)]
    bare = [i for i, line in enumerate(lines) if re.fullmatch(_GRADE, line, re.I)]
    named = [i for i, line in enumerate(lines) if any(re.search(p, line, re.I) for p in AREAS.values())]
    # A table whose cells came out a line each: "Good" above "The impact of leaders …", or below it
    below = 1 if not (bare and named) or named[0] < bare[0] else -1
    for i, line in enumerate(lines):
        if len(line) > 200:
            continue
        for area, pattern in AREAS.items():
            if area in grades or not re.search(pattern, line, re.I):
                continue
            if area == "care_leavers" and re.search(r"children in care and care leavers", line, re.I):
                continue  # 2018–2023 ILACS judged children in care and care leavers together
            if area == "in_care" and re.search(r"care leavers", line, re.I) and "and care leavers" not in line:
                continue
            if area == "help_and_protection" and re.search(r"looked after|in care\b", line, re.I):
                continue
            rest = re.sub(pattern, " ", line, flags=re.I)
            grade = grade_in(rest)
            if grade is None and 0 <= i + below < len(lines) and re.fullmatch(_GRADE, lines[i + below], re.I):
                grade = grade_in(lines[i + below])
            if grade:
                grades[area] = grade
                break
    overall = re.search(r"Overall effectiveness\s+" + _GRADE, head, re.I) or re.search(
        r"Children.s services in .{2,60}? (?:are |is )?" + _GRADE, head, re.I
    )
    if overall:
        grades["overall"] = grade_in(overall.group(1)) or ""
    return {area: grade for area, grade in grades.items() if grade}
