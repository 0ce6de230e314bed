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


_MD_MARKUP = [
    # inline HTML: scripts, styles and frames with their content, then any other tag
    (re.compile(r"<(script|style|iframe|object|embed|template|noscript)\b.*?(</\1\s*>|\Z)", re.I | re.S), ""),
    (re.compile(r"<!--.*?(-->|\Z)", re.S), ""),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>"), ""),
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.M), ""),
    (re.compile(r"!\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s[^)]*)?\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^()]*\))*(?:\s[^)]*)?\)"), r"\1"),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),
]


def markdown_to_text(markup: str) -> str:
    """Markdown with its markup (headings, links, emphasis, block quotes, inline HTML) dropped, words
    kept; the content of inline ``<script>``/``<style>`` elements is dropped too."""
    text = markup
    for pattern, repl in _MD_MARKUP:
        text = pattern.sub(repl, text)
    return html.unescape(text)
