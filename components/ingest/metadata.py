"""Article metadata (title, outlet, date, url) from every source a folder of articles offers.

Each field is taken from the most trusted source that gives it (:data:`TRUST`, most trusted first):

1. ``sidecar``: ``metadata.csv`` or ``metadata.jsonl`` beside the articles (:func:`read_sidecar`), or a
   correction made in the dashboard: what a person says about the article.
2. ``page``: the metadata of a saved web page (``<meta>`` tags, JSON-LD, ``<title>``, the canonical
   address), read by the HTML extractor (:func:`components.ingest.formats.html_to_text`).
3. ``front matter``: ``key: value`` lines heading a text or Markdown file, between ``---`` lines or as
   ``# key: value`` comment lines (:func:`front_matter`).
4. ``file name``: an ISO date (``2024-09-13``, ``2024_09_13``, ``20240913``) or a compact timestamp
   (``20220125T090000Z``) in the file's name (:func:`date_from_name`). Dates only.
5. ``text``: the top of the text itself (:func:`infer_metadata`): a "Published …"/"Updated …"/"Date:"
   line or a date alone on a header line, a dated dateline ("KYIV, Sept. 13, 2024 (Reuters) —"); a
   headline-like first line; for the outlet, wire credits and bylines ("(AP) —", "CNN —", "By Jane Doe,
   Reuters"), contributor lines, e-mail sign-offs, newsletter and disclaimer lines, "Source: PAP".
6. ``web address``: for the outlet only, the host of the article's address, named through the outlet
   table when it is known (``reuters.com`` → Reuters), else the host itself.

A date mentioned inside the story is never the publication date: dates are read only from the sources
above, in the text only from its header lines (before the first paragraph of prose). What no source
gives is missing (``None``). Outlet names are canonicalised through the outlet table of the knowledge
files (``outlets.toml``: names, aliases, web and e-mail domains), which a user can extend.

Every pattern here has a bounded width (or is tried at one position only), so reading an article's
metadata costs time linear in its length.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..knowledge import Knowledge

#: the sources of metadata, most trusted first (see the module docstring)
TRUST = ("sidecar", "page", "front matter", "file name", "text", "web address")
#: the metadata fields an article carries
FIELDS = ("title", "outlet", "date", "url")
#: the columns of a sidecar file (``id`` is the file name without its extension, or with it)
SIDECAR_COLUMNS = ("id", "title", "outlet", "date", "url")
SIDECAR_NAMES = ("metadata.csv", "metadata.jsonl")

# --------------------------------------------------------------------------------------------- dates
_MONTHS = {m: i + 1 for i, m in enumerate("january february march april may june july august september "
                                          "october november december".split())}
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
               "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_MONTH = r"(?:" + "|".join(sorted([*_MONTHS, *_MONTH_ABBR], key=len, reverse=True)) + r")\.?"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
#: dates as written: ISO (optionally with a time), "13 September 2024", "September 13, 2024", "13.09.2024"
DATE_PATTERNS = (
    ("ymd", re.compile(r"(?<![\d.])(" + _YEAR + r")[-/.](0?[1-9]|1[0-2])[-/.](0?[1-9]|[12]\d|3[01])(?![\d])")),
    ("dmy", re.compile(r"(?<![\w.])(" + _DAY + r")[ \t]{0,3}(?:of[ \t]{1,3})?(" + _MONTH + r"),?[ \t]{1,3}(" + _YEAR + r")\b",
                       re.I)),
    ("mdy", re.compile(r"(?<![\w])(" + _MONTH + r")[ \t]{1,3}(" + _DAY + r"),?[ \t]{1,3}(" + _YEAR + r")\b", re.I)),
    ("d.m.y", re.compile(r"(?<![\d.])(0?[1-9]|[12]\d|3[01])[./](0?[1-9]|1[0-2])[./](" + _YEAR + r")(?![\d])")),
)
# in a file name: an ISO date with separators, or eight digits (with an optional "T090000Z" time)
# standing apart from other letters and digits (a hash such as "7d015e6984" never gives a date)
_NAME_DATES = (
    re.compile(r"(?<!\d)(" + _YEAR + r")[-_.](0[1-9]|1[0-2])[-_.](0[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"(?<![A-Za-z0-9])(" + _YEAR + r")(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"
               r"(?:T\d{4}(?:\d{2})?(?:Z|[+-]\d{4})?)?(?![A-Za-z0-9])"),
)


def _month_number(word: str) -> int | None:
    w = word.lower().rstrip(".")
    return _MONTHS.get(w) or _MONTH_ABBR.get(w)


def _iso(year: int, month: int, day: int, latest: dt.date | None = None) -> str | None:
    """``YYYY-MM-DD`` if it is a real calendar date no later than ``latest`` (default: tomorrow)."""
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    latest = latest or dt.date.today() + dt.timedelta(days=1)
    return d.isoformat() if dt.date(1900, 1, 1) <= d <= latest else None


def _date_of(kind: str, m: re.Match) -> str | None:
    g = m.groups()
    if kind == "ymd":
        return _iso(int(g[0]), int(g[1]), int(g[2]))
    if kind == "dmy":
        return _iso(int(g[2]), _month_number(g[1]) or 0, int(re.sub(r"\D", "", g[0])))
    if kind == "mdy":
        return _iso(int(g[2]), _month_number(g[0]) or 0, int(re.sub(r"\D", "", g[1])))
    return _iso(int(g[2]), int(g[1]), int(g[0]))  # d.m.y: day first, as written outside the US


def find_date(text: str) -> tuple[str, re.Match] | None:
    """The first date written in ``text`` (one short line or label value) as ``(iso, match)``."""
    best = None
    for kind, pattern in DATE_PATTERNS:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[1].start()):
            iso = _date_of(kind, m)
            if iso:
                best = (iso, m)
    return best


def parse_date(value: str | None) -> str | None:
    """``value`` (a date as a person or a page writes it: ISO with or without a time, "13 September
    2024", "Sept. 13, 2024", "13.09.2024", a compact ``20240913T…`` stamp) as ``YYYY-MM-DD``, else
    ``None``. Slash dates other than year-first ("09/10/2024") are ambiguous and not read."""
    if not value or not value.strip():
        return None
    value = value.strip()[:100]
    m = re.match(r"((?:19|20)\d{2})(\d{2})(\d{2})(?:T\d{4,6}(?:Z|[+-]\d{4})?)?$", value)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    found = find_date(value)
    if not found or (found[1].group(0).count("/") and not re.match(r"\s*(?:19|20)\d{2}/", found[1].group(0))):
        return None
    return found[0]


def date_from_name(name: str) -> str | None:
    """The date in a file name (without its folder), if it carries one: an ISO date
    (``2024-09-13_story.txt``, ``story_2024_09_13.md``) or a compact timestamp
    (``20220125T090000Z_GB_en_7d015e6984.txt``, ``20240913-story.html``); else ``None``."""
    stem = Path(name).name[:200]
    for pattern in _NAME_DATES:
        for m in pattern.finditer(stem):
            iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if iso:
                return iso
    return None


# --------------------------------------------------------------------------------------- front matter
_FRONT_KEYS = {
    "title": "title", "headline": "title",
    "outlet": "outlet", "publisher": "outlet", "publication": "outlet", "site_name": "outlet",
    "sitename": "outlet", "site": "outlet", "newspaper": "outlet", "source_name": "outlet",
    "date": "date", "published": "date", "published_at": "date", "publication_date": "date",
    "pubdate": "date", "date_published": "date", "datepublished": "date", "published_date": "date",
    "url": "url", "link": "url", "canonical": "url", "canonical_url": "url", "permalink": "url",
    "source_url": "url",
}
#: values meaning "not known" in a sidecar or front matter (also with a remark: "unknown (US outlet)")
_NOT_KNOWN = {"unknown", "n/a", "na", "none", "null", "nil", "not known", "-", "--", "---", "?", "??", "???",
              "<na>", "nan", "nat"}
#: keys of header lines that say the lines are metadata (the fields' keys, and these)
_HEADER_KEYS = {"source", "author", "authors", "byline", "tags", "categories", "category", "description",
                "summary", "lang", "language", "country", "id", "slug", "section", "keywords", "collected",
                "updated", "modified", "type", "layout", "draft"}
_KEY_VALUE = re.compile(r"([A-Za-z][\w -]{0,30}?)[ \t]{0,5}[:=][ \t]{0,5}([^\n]{0,2000})")
_FENCES = {"---": "---", "+++": "+++"}


def known_value(value) -> str | None:
    """``value`` stripped, or ``None`` when it is empty or says it is not known ("unknown", "n/a")."""
    if value is None or isinstance(value, float) and value != value:
        return None
    value = " ".join(str(value).split())
    if not value or value.split("(")[0].strip().lower() in _NOT_KNOWN:
        return None
    return value


def _key(key: str) -> str:
    return key.strip().lower().replace(" ", "_").replace("-", "_")


def _field_values(pairs: list[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in pairs:
        name = _FRONT_KEYS.get(_key(key))
        value = known_value(value.strip().strip("'\""))
        if name and value and name not in out:
            out[name] = value
    return out


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """The metadata fields of the ``key: value`` lines heading ``text``, and where they end.

    Two forms are read: a block fenced by ``---`` (YAML style) or ``+++`` (TOML style) lines at the very
    top, and ``# key: value`` comment lines at the top (several ``key: value`` pairs on one line are
    separated by two spaces or more). Keys are matched to fields without regard to case: ``title`` or
    ``headline``; ``outlet``, ``publisher``, ``site_name``…; ``date``, ``published``…; ``url``,
    ``link``, ``canonical``… Other keys are ignored (``source:``, for instance, is not an outlet).
    A date is read with :func:`parse_date`. Returns ``({}, 0)`` when the text has no such header."""
    head = text[:20_000]
    lines = head.split("\n")
    first = lines[0].strip().lstrip("\ufeff") if lines else ""
    pairs: list[tuple[str, str]] = []
    end = 0
    if first in _FENCES:
        offset = len(lines[0]) + 1
        for line in lines[1:200]:
            if line.strip() == _FENCES[first]:
                end = min(offset + len(line) + 1, len(text))
                break
            m = _KEY_VALUE.match(line)
            if m:
                pairs.append((m.group(1), m.group(2)))
            elif line.strip() and not line[:1].isspace() and not line.startswith("-"):
                break  # a line that is not "key: value", nor a list item or continuation under one
            offset += len(line) + 1
        if not end:  # never closed, or not made of "key: value" lines: not front matter
            return {}, 0
    else:
        offset = 0
        for line in lines[:30]:
            stripped = line.strip()
            if not stripped.startswith("#"):
                break
            body = stripped.lstrip("#").strip()
            chunk = [_KEY_VALUE.match(part) for part in re.split(r"[ \t]{2,}", body)]
            if not chunk or not all(m and _key(m.group(1)) in (*_FRONT_KEYS, *_HEADER_KEYS) for m in chunk):
                break  # a Markdown heading, not a "# key: value" header line
            pairs += [(m.group(1), m.group(2)) for m in chunk]
            offset += len(line) + 1
            end = min(offset, len(text))
    values = _field_values(pairs)
    if not values and not pairs:
        return {}, 0
    if "date" in values:
        date = parse_date(values["date"])
        if date:
            values["date"] = date
        else:
            del values["date"]
    return values, end


# -------------------------------------------------------------------------------------------- outlets
@lru_cache(maxsize=16)
def _outlet_names_pattern(names: tuple[str, ...]) -> re.Pattern | None:
    """One pattern matching any of ``names`` as a whole word (longest first)."""
    names = tuple(n for n in names if n.strip())
    if not names:
        return None
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(r"(?<![\w])(" + alts + r")(?![\w])", re.I)


def _names_pattern(knowledge: Knowledge) -> re.Pattern | None:
    return _outlet_names_pattern(tuple(sorted(knowledge.outlets_by_name)))


def canonical_outlet(name: str | None, knowledge: Knowledge) -> str | None:
    """``name`` as the outlet table names it ("AP" → "Associated Press"), else ``name`` itself."""
    name = known_value(name)
    if not name:
        return None
    name = re.split(r"[.!?][ \t]", name, maxsplit=1)[0].strip(" .,;:")  # "The Washington Post. You can…"
    return knowledge.outlets_by_name.get(name.lower(), name) or None


def known_outlet(name: str | None, knowledge: Knowledge) -> str | None:
    """The outlet table's name for ``name`` if it is one of its names or aliases, else ``None``."""
    return knowledge.outlets_by_name.get((name or "").strip(" .,;:").lower())


def outlet_from_address(url: str | None, knowledge: Knowledge) -> str | None:
    """The outlet of a web address: the outlet table's name of its domain (``www.reuters.com`` →
    Reuters, ``edition.cnn.com`` → CNN), else its host without ``www.``; ``None`` if it is no address."""
    m = re.match(r"\s{0,5}(?:[a-z][a-z0-9+.-]{0,20}:)?//([^/?#\s:@]{1,253})", url or "", re.I) or \
        re.match(r"\s{0,5}((?:[a-z0-9-]{1,63}\.){1,10}[a-z]{2,24})(?![\w.-])", url or "", re.I)
    if not m:
        return None
    host = m.group(1).lower().rstrip(".")
    labels = host.split(".")
    for label in labels[:-1]:
        if label in knowledge.outlets_by_domain:
            return knowledge.outlets_by_domain[label]
    return host[4:] if host.startswith("www.") else host


_NAME = r"[A-Z][\w&’'.-]{0,30}(?:[ \t][A-Z][\w&’'.-]{0,30}){0,4}"
# a dateline's place: "KYIV", "Moscow", "CAPRI, Italy", "Dubai, United Arab Emirates"
_PLACE = r"[A-Z][\w.'’-]{0,30}(?:[ \t][A-Z][\w.'’-]{0,30}){0,3}(?:,[ \t]{0,3}[A-Z][\w.'’-]{0,30}(?:[ \t][A-Z][\w.'’-]{0,30}){0,3})?"
_DASH = r"[ \t]{0,5}[—–-]{1,2}"
#: "KYIV, Ukraine (AP) —", "Paris, France (CNN)-A French official…", "(Reuters) -": a credit in brackets
_BRACKET_CREDIT = re.compile(r"[ \t]{0,20}(?:" + _PLACE + r")?(?:,[ \t]{0,3}[^()\n]{1,40}?)?[ \t]{0,5}"
                             r"\(([A-Za-z][\w .&’'-]{0,40})\)" + _DASH)
_CONTRIB_CUES = ("contributed to this report", "contributed reporting", "contributed to this story",
                 "contributed to this article")
_CONTRIB = re.compile(r"\b(" + _NAME + r")(?:[’']s|(?<=s)[’'])[ \t]{1,5}[A-Z][\w.-]{0,30}"
                      r"(?:(?:,[ \t]{0,3}|[ \t]{1,3})(?:and[ \t]{1,3})?[A-Z][\w.-]{0,30}){0,12}[ \t]{1,5}"
                      r"(?:" + "|".join(_CONTRIB_CUES) + r")")
_CONTRIB_WINDOW = 600
# an address's domain, read from the "@" on (the local part is only required to exist)
_EMAIL = re.compile(r"(?<=[\w.+-])@([\w-]{1,63})\.(?:com|co\.uk|org|net|de|fr|pl|ua)\b", re.I)
#: sign-offs an outlet puts on its own pages, naming it ({} is where the name stands)
_OWN_LINES = (
    re.compile(r"[Ss]ign[ \t]up[ \t]for[ \t](" + _NAME + r")[’']s[ \t]{1,3}(?:\w{1,20}[ \t]{1,3}){0,3}newsletters?"),
    re.compile(r"not[ \t]necessarily[ \t](?:reflect[ \t]|represent[ \t])?(?:the[ \t](?:views|opinions)[ \t]of[ \t]|those[ \t]of[ \t]|of[ \t])(" + _NAME + r")"),
    re.compile(r"promotional[ \t]emails[ \t]from[ \t](" + _NAME + r")"),
    re.compile(r"(?:main|home|front)[ \t]?page[ \t]of[ \t](" + _NAME + r")"),
)
#: the end of a text where sign-off lines are looked for (a photo credit mid-story is not the outlet's)
_TAIL = 800
#: "Source: PAP", "Sources: CNN/PAP/Twitter": a wire credit (a known outlet among the names)
_SOURCE_LINE = re.compile(r"(?:^|\n)[ \t]{0,5}(?:Sources?|Źródło)[ \t]{0,3}:[ \t]{0,3}([^\n]{1,200})")
#: "© 2024 Reuters", "Copyright 2024 The Associated Press. All rights reserved."
_COPYRIGHT = re.compile(r"(?:^|\n)[ \t]{0,5}(?:©|\(c\)|Copyright)[ \t]{0,3}(?:©[ \t]{0,3})?(?:(?:19|20)\d{2}[ \t]{0,3}(?:[-–][ \t]{0,3}(?:19|20)\d{2}[ \t]{0,3})?)?"
                        r"([^\n.,|]{2,60})")
#: "By Jane Doe, Associated Press", "By Jane Doe | Reuters", "By Reuters"
_BYLINE = re.compile(r"[ \t]{0,5}By[ \t]{1,3}([^\n]{1,160})")
#: "…, an Ukrinform correspondent reports", "according to a Ukrinform correspondent": who reported it
_CORRESPONDENT = re.compile(r"\b(?:according[ \t]to[ \t](?:an?|the|our)[ \t]{1,3}(" + _NAME + r")[ \t]{1,3}correspondent"
                            r"|(?:an?|the|our)[ \t]{1,3}(" + _NAME + r")[ \t]{1,3}correspondent[ \t]reports)\b")


def _credit_at_top(lines: list[str], knowledge: Knowledge) -> str | None:
    """A wire credit or byline opening the article: "CAPRI, Italy (AP) —", "Moscow CNN —",
    "CNN —", "By Jane Doe, Associated Press"."""
    names = _names_pattern(knowledge)
    for line in lines:
        m = _BRACKET_CREDIT.match(line)
        if m:
            inside = m.group(1).strip()
            known = known_outlet(inside, knowledge)
            if known:
                return known
            if len(inside.split()) <= 4 and inside[:1].isupper():
                return inside
        if names:
            # "[place] OUTLET [desk] —" with a known outlet name just before the dash
            head = line[:80]
            dash = re.search(r"[ \t]{0,5}[—–][ \t]{0,5}|[ \t]{1,5}-{1,2}[ \t]{1,5}", head)
            if dash:
                before = head[:dash.start()].rstrip()
                for m in names.finditer(before):
                    rest = before[m.end():].strip()
                    lead = before[:m.start()].strip().rstrip(",")
                    if (not rest or re.fullmatch(r"[A-Z][a-z]{1,20}", rest)) and \
                            (not lead or re.fullmatch(_PLACE, lead)):
                        return known_outlet(m.group(1), knowledge)
        m = _BYLINE.match(line)
        if m and names:
            tail = re.split(r",|\||/|—|–|[ \t]-[ \t]|[ \t]for[ \t]", m.group(1))
            for part in [m.group(1)] if len(tail) == 1 else tail[1:]:
                found = names.fullmatch(part.strip(" .")) if part.strip(" .") else None
                if found:
                    return known_outlet(found.group(1), knowledge)
    return None


def _contributor_line(text: str) -> re.Match | None:
    """The first contributor line ("ABC's Jane Doe contributed to this report"), searched only in
    the window before each occurrence of the fixed words: linear in the text."""
    best = None
    for cue in _CONTRIB_CUES:
        at = text.find(cue)
        while at >= 0:
            end = at + len(cue)
            m = _CONTRIB.search(text, max(0, at - _CONTRIB_WINDOW), end)
            if m:
                if best is None or m.start() < best.start():
                    best = m
                break
            at = text.find(cue, end)
    return best


def credited_outlet(text: str, knowledge: Knowledge) -> str | None:
    """The outlet the text credits, in this order: a credit or byline at the top ("(AP) —", "CNN —",
    "By Jane Doe, Reuters"); an e-mail sign-off ("Write to … @wsj.com") or a contributor line ("ABC's
    Jane Doe contributed to this report"); the outlet's own sign-offs (its newsletter, its opinion
    disclaimer); a copyright line; a wire line ("Source: PAP, Reuters"); "an Ukrinform correspondent".
    Names are canonicalised through the outlet table; a name in a credit that only an outlet can hold
    (brackets of a dateline, contributor lines, sign-offs) is kept even if the table does not know it;
    copyright, wire and byline credits need a name the table knows."""
    found = _credit_at_top(_body_lines(text)[:3], knowledge)
    if found:
        return found
    for m in _EMAIL.finditer(text):
        outlet = knowledge.outlets_by_domain.get(m.group(1).lower())
        if outlet:
            return outlet
    m = _contributor_line(text)
    if m:
        return canonical_outlet(m.group(1), knowledge)
    for pattern in _OWN_LINES:
        m = pattern.search(text)
        if m:
            return canonical_outlet(m.group(1), knowledge)
    names = _names_pattern(knowledge)
    if names is None:
        return None
    tail = text[-_TAIL:]
    for m in _COPYRIGHT.finditer(tail):
        found = names.search(m.group(1))
        if found:
            return known_outlet(found.group(1), knowledge)
    for m in _SOURCE_LINE.finditer(tail):
        first = re.split(r"[,/;]|[ \t]and[ \t]", m.group(1), maxsplit=1)[0]  # the wire, before other sources
        found = names.search(first)
        if found:
            return known_outlet(found.group(1), knowledge)
    for m in _CORRESPONDENT.finditer(text):
        known = known_outlet(m.group(1) or m.group(2), knowledge)
        if known:
            return known
    return None


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


def _body_lines(text: str) -> list[str]:
    """The first non-empty lines of ``text`` after its front matter (at most eight)."""
    _, end = front_matter(text)
    out = []
    for line in text[end:end + 4000].split("\n"):
        if line.strip():
            out.append(line)
            if len(out) == 8:
                break
    return out


def _is_prose(line: str) -> bool:
    words = len(line.split())
    return words >= _PROSE_WORDS or len(line) > 240 or \
        words >= _SENTENCE_WORDS and line.rstrip().endswith((".", "!", "?", "”", '"', "’"))


def _header_lines(text: str) -> list[str]:
    """The lines heading the story, up to its first line of prose (at most six)."""
    out = []
    for line in _body_lines(text)[:6]:
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
    lines = _body_lines(text)
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


# "WASHINGTON —", "BERLIN (Reuters) -", "KYIV, Ukraine (AP) —": place, optional outlet in brackets
DATELINE = re.compile(r"[ \t]{0,20}([A-Z][A-Z .'’-]{2,40}?)(?:,\s{0,5}[A-Z][A-Za-z .]{1,30}?)?\s{0,5}"
                      r"(?:\(([A-Za-z. ]{1,30})\))?\s{0,5}[—–-]{1,2}\s{1,20}")


def dateline_at(text: str, pos: int = 0) -> re.Match | None:
    """The dateline starting the line that holds character ``pos`` of ``text``, if any."""
    return DATELINE.match(text, text.rfind("\n", 0, pos) + 1)


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


# -------------------------------------------------------------------------------------------- sidecar
@dataclass
class Sidecar:
    """The rows of the sidecar files of one folder, by article id, and what could not be used."""

    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def get(self, aid: str, default=None):
        return self.rows.get(aid, default)

    def __len__(self) -> int:
        return len(self.rows)

    def items(self):
        return self.rows.items()


#: the first characters that make a spreadsheet read a cell as a formula; a sidecar written here puts
#: a "'" before them (:func:`sidecar_csv`) and :func:`read_sidecar` takes it away again
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _unguard(value):
    if isinstance(value, str) and value.startswith("'") and value[1:2] and value[1] in _FORMULA_START:
        return value[1:]
    return value


def sidecar_csv(rows) -> str:
    """A ``metadata.csv`` sidecar (:data:`SIDECAR_COLUMNS`) for ``rows`` (mappings with ``id`` or
    ``article_id`` and the fields): missing values are empty cells; a value a spreadsheet would run
    as a formula is written with a leading "'", which :func:`read_sidecar` removes. Put the file beside
    the articles to keep their metadata."""
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(SIDECAR_COLUMNS)
    for row in rows:
        cells = [row.get("id", row.get("article_id"))] + [row.get(k) for k in FIELDS]
        cells = ["" if known_value(c) is None else str(c) for c in cells]
        writer.writerow(["'" + c if c.startswith(_FORMULA_START) else c for c in cells])
    return buf.getvalue()


def sidecar_row(raw: dict, where: str) -> tuple[str, dict[str, str], list[str]]:
    """One sidecar record as ``(id, fields, problems)``: known fields only, values stripped, "unknown"
    or empty values left out, the date read with :func:`parse_date` (an unreadable date is a problem
    and left out). The id is the file name without its extension (a given extension is dropped)."""
    raw = {k: _unguard(v) for k, v in raw.items()}
    aid = str(raw.get("id") or raw.get("file") or "").strip()
    if Path(aid).suffix.lower() in (".txt", ".md", ".html", ".htm", ".pdf", ".text"):
        aid = Path(aid).stem
    fields, problems = {}, []
    for key in FIELDS:
        value = known_value(raw.get(key))
        if value is None:
            continue
        if key == "date":
            date = parse_date(value)
            if date is None:
                problems.append(f"{where}: the date {value[:40]!r} of {aid or '?'} is not a date; left out")
                continue
            value = date
        fields[key] = value
    if not aid and fields:
        problems.append(f"{where}: a row with no id was left out")
    return aid, fields, problems


def read_sidecar(folder: Path) -> Sidecar:
    """The sidecar files of ``folder`` (``metadata.csv``, then ``metadata.jsonl``, whose values win
    where both give one): ``{id: {title, outlet, date, url}}`` with empty and "unknown" values left
    out, plus the problems found (an unreadable date, a line that is not JSON, a row with no id).

    Columns (CSV header or JSON keys): ``id`` (the article's file name, with or without its
    extension; ``file`` is read too), ``title``, ``outlet``, ``date`` (ISO ``YYYY-MM-DD`` preferred;
    "13 September 2024" and similar are read), ``url``. Other columns are ignored."""
    side = Sidecar()
    for name in SIDECAR_NAMES:
        path = Path(folder) / name
        if path.is_file():
            one = parse_sidecar(path.read_text(encoding="utf-8-sig"), name)
            for aid, fields in one.rows.items():
                side.rows.setdefault(aid, {}).update(fields)
            side.problems += one.problems
    return side


def parse_sidecar(text: str, name: str = "metadata.csv") -> Sidecar:
    """The rows of one sidecar file's ``text`` (CSV, or JSON lines when ``name`` ends in ``.jsonl``
    or ``.json``), as :func:`read_sidecar` reads them; problems name ``name`` and the line."""
    side = Sidecar()
    records: list[tuple[dict, str]] = []
    text = text.lstrip("\ufeff")
    if name.lower().endswith((".jsonl", ".json")):
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                side.problems.append(f"{name} line {n} is not JSON; left out")
                continue
            if isinstance(obj, dict):
                records.append(({str(k).strip().lower(): v for k, v in obj.items()}, f"{name} line {n}"))
            else:
                side.problems.append(f"{name} line {n} is not a JSON object; left out")
    else:
        import io

        for n, row in enumerate(csv.DictReader(io.StringIO(text, newline="")), start=2):
            records.append(({(k or "").strip().lower(): v for k, v in row.items()}, f"{name} line {n}"))
    for raw, where in records:
        aid, fields, problems = sidecar_row(raw, where)
        side.problems += problems
        if aid:
            side.rows.setdefault(aid, {}).update(fields)
    return side


# -------------------------------------------------------------------------------------- all together
@dataclass
class Metadata:
    """An article's metadata and, per field, the source it was taken from (:data:`TRUST`)."""

    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    sources: dict[str, str] = field(default_factory=dict)


def resolve_metadata(text: str, name: str = "", *, sidecar: dict | None = None, page: dict | None = None,
                     front: dict | None = None, knowledge: Knowledge) -> Metadata:
    """The metadata of an article from every source, each field from the most trusted one that gives
    it (:data:`TRUST`): ``sidecar`` (a sidecar row or a correction), ``page`` (a saved page's
    metadata), ``front`` matter (read from ``text`` when not given: :func:`front_matter`), the file
    ``name``'s date, the text's head (:func:`infer_metadata`) and, for the outlet, the article's web
    address."""
    if front is None:
        front, _ = front_matter(text)
    inferred = infer_metadata(text, knowledge)
    layers = [
        ("sidecar", {k: v for k, v in (sidecar or {}).items() if k in FIELDS}),
        ("page", {k: v for k, v in (page or {}).items() if k in FIELDS}),
        ("front matter", front),
        ("file name", {"date": date_from_name(name)} if name else {}),
        ("text", inferred),
    ]
    meta = Metadata()
    for source, values in layers:
        for key in FIELDS:
            value = known_value(values.get(key))
            if value is None or getattr(meta, key) is not None:
                continue
            if key == "date":
                value = parse_date(value)
                if value is None:
                    continue
            if key == "outlet" and source != "sidecar":  # a person's spelling is kept as given
                value = canonical_outlet(value, knowledge)
            setattr(meta, key, value)
            meta.sources[key] = source
    if meta.outlet is None and meta.url:
        outlet = outlet_from_address(meta.url, knowledge)
        if outlet:
            meta.outlet, meta.sources["outlet"] = outlet, "web address"
    return meta
