"""Markup to text: HTML pages and Markdown files give their words, never their markup or scripts."""
from __future__ import annotations

import html
import re



#: a short block that only points elsewhere ("Read more: …", "RELATED: …", "Watch: …"): the extractor keeps
#: such promotions when a page puts them among the story's paragraphs
_PROMO = re.compile(r"[ \t]{0,5}(?:read[ \t](?:more|also)|also[ \t]read|related(?:[ \t]stories|[ \t]articles)?|"
                    r"see[ \t]also|more[ \t]on[ \t]this[ \t]story|recommended|watch|listen|sign[ \t]up)[ \t]{0,3}[:>|»]",
                    re.I)
_PROMO_WORDS = 20

#: what the extractor reads of a page's dates: its metadata and markup only (``<meta>``, JSON-LD,
#: ``<time>``, the address), never a date found by searching the text of the story
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def html_to_text(markup: str) -> tuple[str, dict[str, str]]:
    """The article of a saved web page and its metadata: ``(text, {title, outlet, date, url})``.

    The page is read by trafilatura (a maintained extractor; it never goes to the network here): the
    main text without navigation, advertisements, related links, cookie banners, comments, scripts
    or styles, one block per paragraph; its title, site name, publication date (from the page's
    metadata and markup only: ``<meta>``, JSON-LD, ``<time>``, the address) and canonical address.
    A site name that is only the page's host is not an outlet name here (see
    :func:`components.ingest.metadata.outlet_from_address`). Nothing in the page is executed.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False, include_tables=False,
                                      include_images=False, include_links=False, favor_precision=False,
                                      date_extraction_params=_DATE_PARAMS)
    text = (doc.text or "") if doc is not None else ""
    if not text.strip():  # a page too short or too odd for the extractor's main-text heuristics
        text = trafilatura.baseline(markup)[1] or ""
    blocks = [" ".join(line.split()) for line in text.splitlines()]
    blocks = [b for b in blocks if not (_PROMO.match(b) and len(b.split()) <= _PROMO_WORDS)]
    page: dict[str, str] = {}
    if doc is not None:
        site = doc.sitename if doc.sitename and doc.sitename != doc.hostname else None
        for key, value in (("title", doc.title), ("outlet", site), ("date", doc.date), ("url", doc.url)):
            if value and str(value).strip():
                page[key] = " ".join(str(value).split())
    return "\n\n".join(b for b in blocks if b), page


# Every pattern has a bounded width, so each costs a constant per position tried and converting a
# file is linear in its length (a link text or URL longer than its bound is left as text). Elements
# whose content is hidden (scripts, styles, frames, comments) are cut by :func:`_drop_hidden`.
_HIDDEN_OPEN = re.compile(r"<(?:(script|style|iframe|object|embed|template|noscript)\b|!--)", re.I)
_HIDDEN_CLOSE = re.compile(r"</(script|style|iframe|object|embed|template|noscript)[ \t\r\n]{0,20}>", re.I)
_LINK = r"\[([^\[\]]{0,1000})\]\((?:[^()\s\[\]]|\([^()\s]{0,200}\)){0,2000}(?:\s{1,20}[^()\n]{0,200})?\)"
_MD_MARKUP = [
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,40}(?:\s[^<>]{0,2000})?/?>"), ""),  # any other inline tag
    (re.compile(r"^\s{0,3}#{1,6}[ \t]{0,100}", re.M), ""),
    (re.compile(r"!" + _LINK), r"\1"),
    (re.compile(_LINK.replace(r"{0,1000}", r"{1,1000}", 1)), r"\1"),
    (re.compile(r"(\*\*|__)([^\n]{1,1000}?)\1"), r"\2"),
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),
]


def _drop_hidden(text: str) -> str:
    """``text`` without ``<script>``/``<style>``/frame elements (with their content, up to their
    closing tag or the end) and ``<!-- comments -->``; each character is looked at once or twice."""
    out, pos = [], 0
    while True:
        m = _HIDDEN_OPEN.search(text, pos)
        if m is None:
            break
        out.append(text[pos:m.start()])
        if m.group(1) is None:  # a comment
            end = text.find("-->", m.end())
            pos = len(text) if end < 0 else end + 3
        else:
            close = _HIDDEN_CLOSE.search(text, m.end())
            while close is not None and close.group(1).lower() != m.group(1).lower():
                close = _HIDDEN_CLOSE.search(text, close.end())
            pos = len(text) if close is None else close.end()
    out.append(text[pos:])
    return "".join(out)


def markdown_to_text(markup: str) -> str:
    """Markdown with its markup (headings, links, emphasis, block quotes, inline HTML) dropped, words
    kept; the content of inline ``<script>``/``<style>`` elements is dropped too."""
    text = _drop_hidden(markup)
    for pattern, repl in _MD_MARKUP:
        text = pattern.sub(repl, text)
    return html.unescape(text)
