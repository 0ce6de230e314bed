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
