"""Small text helpers of the briefing: Markdown escaping, cue patterns, word counts, name lists and
the tests a sentence passes before the briefing may quote it."""
from __future__ import annotations

import re
from typing import Iterable

import numpy as np
import pandas as pd

MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}])")
#: a citation as the briefing writes it: ``[1]`` or ``[2, 4]``
CITATION = re.compile(r"\[(\d+(?:, \d+)*)\]")


def md_escape(text: str) -> str:
    """``text`` as literal Markdown on one line: whitespace collapsed, Markdown and HTML syntax
    characters backslash-escaped, so untrusted article text can neither format nor inject."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    return MD_SPECIAL.sub(r"\\\1", text)


def cue_pattern(cues: Iterable[str]) -> re.Pattern | None:
    """A case-insensitive regex matching any cue on word boundaries (``*`` = any word ending)."""
    alts = []
    for cue in cues:
        cue = cue.strip().lower()
        if not cue:
            continue
        body = re.escape(cue.rstrip("*")).replace(r"\ ", r"\s+")
        alts.append(body + (r"\w*" if cue.endswith("*") else ""))
    if not alts:
        return None
    return re.compile(r"(?<![\w%])(?:" + "|".join(sorted(alts, key=len, reverse=True)) + r")(?![\w])", re.I)


def count_words(markdown: str) -> int:
    """Words of a Markdown text (markup and citation numbers not counted)."""
    text = CITATION.sub(" ", markdown)
    return len(re.findall(r"[^\W\d_][\w’'.\-/]*|\d[\d.,]*", text))


def join_names(names: list[str], conjunction: str = "and") -> str:
    """``["A", "B", "C"]`` → ``"A, B and C"``."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {conjunction} " + names[-1]


def filter_values(v) -> list[str]:
    """The values of one filter (a string, a list, or nothing) as a list of non-blank strings."""
    if v is None:
        return []
    if isinstance(v, str):
        return [v] if v.strip() else []
    try:
        return [str(x) for x in v if x is not None and str(x).strip()]
    except TypeError:
        return [str(v)]


def known(v) -> bool:
    """A cell that holds a value (not missing, blank, or a placeholder such as ``"unknown"``)."""
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return False
    return str(v).strip() not in ("", "unknown", "None", "nan", "<NA>")


def quote_text(text) -> str:
    """Quoted words for display: one line, without the quotation marks or a trailing comma."""
    return re.sub(r"\s+", " ", str(text)).strip(" \"“”‘’'").rstrip(",;: ")


# "WASHINGTON —", "KYIV, Ukraine (AP) —": a dateline opening a news story, not part of the sentence
DATELINE = re.compile(r"^[A-Z][A-Z.'\- ]{2,30}(?:,[\w.' ]{1,30})?(?:\s*\([\w. ]{1,20}\))?\s*[—–-]{1,2}\s+")


def segments(raw: str) -> list[tuple[int, str]]:
    """Lines of a sentence with their offsets (a headline glued to a first sentence is split off)."""
    out, pos = [], 0
    for line in raw.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out


def well_formed(s: str) -> bool:
    """A full sentence: starts with a capital or a quotation mark, ends with terminal punctuation, and
    its quotation marks are balanced (not a fragment of a quote split over sentences)."""
    if not re.match(r"^[\"“‘'(]?[A-Z0-9]", s):
        return False
    if not re.search(r"[.!?…][\"”’')]*$", s):
        return False
    if s.count('"') % 2 or s.count("“") != s.count("”"):
        return False
    return True
