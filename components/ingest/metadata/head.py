"""The text's head: the header lines before the first paragraph of prose, where a publication date
(a "Published …" line, a dated dateline) and a headline may stand; :func:`infer_metadata` reads them."""
from __future__ import annotations

import re

from ...knowledge import Knowledge
from ..datelines import DATELINE
from .dates import find_date
from .front_matter import body_lines, front_matter
from .outlets import _DASH, canonical_outlet, credited_outlet

# ----------------------------------------------------------------------------------- the text's head
#: a line that is prose (the story has begun): long, or a sentence of some length
_PROSE_WORDS = 30
_SENTENCE_WORDS = 12
_DATE_LABEL = re.compile(r"[ \t]{0,20}[#*_>]{0,3}[ \t]{0,3}(?:(?:first[ \t])?published|updated|last[ \t]updated|posted|"
                         r"dated|date|created|modified)(?![a-z])(?:[ \t]on)?[ \t]{0,3}[:=]?[ \t]{0,3}", re.I)
#: a dateline that carries a date: "KYIV, Sept. 13, 2024 (Reuters) -", "WASHINGTON, 13 September 2024 —"
_DATED_DATELINE = re.compile(r"[ \t]{0,20}[A-Z][\w.'’-]{0,30}(?:[ \t][A-Z][\w.'’-]{0,30}){0,3},[ \t]{0,3}([^()\n—–]{6,40}?)"
                             r"[ \t]{0,3}(?:\([A-Za-z][\w .&-]{0,30}\))?" + _DASH)
# a header line made only of a date, a time, a weekday and a byline or separators
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?[ \t]{0,2}(?:[ap]\.?m\.?)?(?:[ \t]{0,2}(?:[A-Z]{2,4}|UTC|GMT)(?:[+-]\d{1,2})?)?",
                    re.I)
_WEEKDAY = re.compile(r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?,?", re.I)


def _is_prose(line: str) -> bool:
    words = len(line.split())
    return words >= _PROSE_WORDS or len(line) > 240 or \
        words >= _SENTENCE_WORDS and line.rstrip().endswith((".", "!", "?", "”", '"', "’"))


def _header_lines(text: str) -> list[str]:
    """The lines heading the story, up to its first line of prose (at most six)."""
    out = []
    for line in body_lines(text)[:6]:
        out.append(line)
        if _is_prose(line):
            break  # the story has begun: a label may open this line ("date 2024-09-13 …"), nothing after counts
    return out


def header_date(text: str) -> str | None:
    """The publication date written at the top of ``text``, else ``None``: a labelled date ("Published:
    13 September 2024", "Updated Sept. 13, 2024 5:04 p.m. ET", "date 2024-09-13"), a header line that
    is only a date (with a weekday, a time or a byline: "Friday, 13 September 2024 | By Jane Doe"), or a
    dated dateline ("KYIV, Sept. 13, 2024 (Reuters) —"). Dates inside the story are never read."""
    for line in _header_lines(text):
        is_prose = _is_prose(line)
        m = _DATE_LABEL.match(line)
        if m:
            found = find_date(line[m.end():m.end() + 60])
            keyed = m.group(0).rstrip().endswith((":", "="))
            # "Published: …", or a short header line "Updated Sept. 13, 2024 …", or a date right after
            # the label ("date 2024-09-13 Putin says …"); never "Posted at the border on 13 May, …"
            if found and found[1].start() <= 12 and (keyed or not is_prose or (
                    found[1].start() <= 3 and not m.group(0).strip().lower().startswith("dated"))):
                return found[0]
        if is_prose:
            m = _DATED_DATELINE.match(line)
            if m:
                found = find_date(m.group(1))
                if found:
                    return found[0]
            break
        m = _DATED_DATELINE.match(line)
        if m:
            found = find_date(m.group(1))
            if found:
                return found[0]
        found = find_date(line[:200])
        if found:
            rest = line[:found[1].start()] + " " + line[found[1].end():]
            rest = _WEEKDAY.sub(" ", _CLOCK.sub(" ", rest))
            parts = [p.strip() for p in re.split(r"[|•·—–]|[ \t]-[ \t]", rest) if p.strip(" ,;")]
            if all(p.lower().startswith("by ") or re.fullmatch(r"[\W\d_]{0,5}|(?:on|at|[A-Z]{2,4})", p)
                   for p in parts):
                return found[0]
    return None


def headline(text: str) -> str | None:
    """A headline-like first line of the story (after any front matter): 3–25 words not ending like
    a sentence, or a short one-sentence line set apart by a blank line; else ``None``."""
    lines = body_lines(text)
    if not lines:
        return None
    first = lines[0].strip()
    m = _DATE_LABEL.match(first)
    if m and re.match(r"(?:19|20)\d{2}-\d{2}-\d{2}\b", first[m.end():]):
        first = first[m.end() + 10:].strip()
    words = first.split()
    if 3 <= len(words) <= 25 and not first.endswith((".", "”", '"', "’")):
        return first
    if 3 <= len(words) <= 20 and first.endswith(".") and first.count(".") == 1 and \
            not re.search(r"\bsaid\b", first) and len(text.splitlines()) > 2 and \
            len(first) < 0.2 * len(text) and _is_set_apart(text, first):
        return first
    return None


def _is_set_apart(text: str, first: str) -> bool:
    """A first line followed by a blank line reads as a headline or standfirst."""
    at = text.find(first)
    after = text[at + len(first):at + len(first) + 4] if at >= 0 else ""
    return after.startswith(("\n\n", "\r\n\r\n"))


def infer_metadata(text: str, knowledge: Knowledge) -> dict[str, str]:
    """What the text itself shows of ``title``, ``outlet``, ``date`` and ``dateline`` (the place of a
    dateline such as "WASHINGTON —"); keys that cannot be inferred are absent.

    - title: :func:`headline`; date: :func:`header_date` (never a date inside the story);
    - outlet: :func:`credited_outlet`, else the outlet in brackets of a dateline.
    The text's front matter is not read here (see :func:`front_matter`)."""
    meta: dict[str, str] = {}
    date = header_date(text)
    if date:
        meta["date"] = date
    outlet = credited_outlet(text, knowledge)
    if outlet:
        meta["outlet"] = outlet
    title = headline(text)
    if title:
        meta["title"] = title
    _, start = front_matter(text)
    for pos in [start] + [start + m.end() for m in re.finditer(r"\n", text[start:start + 600])][:3]:
        m = DATELINE.match(text, pos)
        if m:
            meta["dateline"] = m.group(1).strip().title()
            if m.group(2) and "outlet" not in meta:
                meta["outlet"] = canonical_outlet(m.group(2), knowledge)
            break
    return {k: v for k, v in meta.items() if v}
