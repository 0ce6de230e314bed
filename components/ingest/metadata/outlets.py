"""Outlets: names canonicalised through ``outlets.toml``, from a web address, and from the credits of
the text (wire credits, bylines, contributor lines, e-mail sign-offs, source and copyright lines)."""
from __future__ import annotations

import re
from functools import lru_cache

from ...knowledge import Knowledge
from .front_matter import body_lines, known_value

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
#: sign-offs an outlet puts on its own pages, naming it (its newsletter, its opinion disclaimer…)
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
            if len(inside.split()) <= 4 and re.fullmatch(r"[A-Z][A-Za-z&.’' ]{2,40}", inside):
                return inside  # an agency the table does not know; never "(D-N.H.)" or "(R)"
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
    found = _credit_at_top(body_lines(text)[:3], knowledge)
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
