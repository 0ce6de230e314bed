"""Markup to text: HTML pages and Markdown files give their words, never their markup or scripts."""
from __future__ import annotations

import html
import re



def html_to_text(markup: str) -> tuple[str, str | None]:
    """Main text of an HTML page, markup dropped, scripts and styles removed; ``(text, title)``.

    Paragraph-like blocks become lines. Nothing in the page is executed.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
                     "nav", "footer", "header", "aside", "form", "button"]):
        tag.decompose()
    title = None
    if soup.title and soup.title.string:
        title = " ".join(soup.title.string.split())
    h1 = soup.find("h1")
    if h1 and h1.get_text(strip=True):
        title = " ".join(h1.get_text(" ", strip=True).split())
    root = soup.find("article") or soup.find("main") or soup.body or soup
    blocks = []
    for el in root.find_all(["h1", "h2", "h3", "h4", "p", "li", "blockquote", "figcaption", "pre"]):
        if el.find(["p", "li", "blockquote"]):
            continue  # a container; its children are taken one by one
        line = " ".join(el.get_text(" ", strip=True).split())
        if line:
            blocks.append(line)
    if not blocks:
        blocks = [" ".join(line.split()) for line in root.get_text("\n").splitlines() if line.strip()]
    return html.unescape("\n\n".join(blocks)), title


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
