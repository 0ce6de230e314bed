"""A briefing's Markdown as one standalone, safe HTML document (inline CSS, no scripts).

Only the Markdown the briefing writer produces is understood: ``#``/``##``/``###`` headings,
paragraphs, ``-`` bullets (one level of nesting by two spaces), ``1.`` numbered items, ``**bold**``,
``*italic*``, backslash escapes and citations ``[1, 4]``, which become links to the numbered sources
(bullets that begin with a bold ``**[n]**``, each given the anchor ``src-n``).
Every character of text is HTML-escaped, so nothing in an article (``<script>``, tags, entities,
Markdown links) can reach the page as markup.
"""
from __future__ import annotations

import re

from ..escaping import html_escape

CSS = """
body{font:16px/1.5 Georgia,'Times New Roman',serif;color:#1d1d1f;max-width:46em;margin:2em auto;padding:0 1em}
h1{font-size:1.7em;margin-bottom:.2em} h2{font-size:1.25em;border-bottom:1px solid #ccc;margin-top:1.6em}
h3{font-size:1.05em;margin-bottom:.2em} li{margin:.3em 0} em{color:#333}
a.cite{text-decoration:none;color:#0b5cad;font-size:.85em} a.cite:hover{text-decoration:underline}
li.source:target{background:#fff3bf}
"""

ESCAPE = re.compile(r"\\(.)")
CITE = re.compile(r"\[(\d+(?:, \d+)*)\]")
BOLD = re.compile(r"\*\*(.+?)\*\*")
SOURCE = re.compile(r"^\*\*\[(\d+)\]\*\* ")
ITALIC = re.compile(r"\*(.+?)\*")


def inline(text: str) -> str:
    """One line of briefing Markdown as escaped HTML with bold, italics and citation links."""
    protected: list[str] = []

    def hold(m: re.Match) -> str:
        protected.append(m.group(1))
        return f"\ue000{len(protected) - 1}\ue001"

    text = ESCAPE.sub(hold, text.replace("\ue000", "").replace("\ue001", ""))
    text = html_escape(text)
    text = CITE.sub(lambda m: "[" + ", ".join(f'<a class="cite" href="#src-{n}">{n}</a>'
                                             for n in m.group(1).split(", ")) + "]", text)
    text = BOLD.sub(r"<strong>\1</strong>", text)
    text = ITALIC.sub(r"<em>\1</em>", text)
    return re.sub("\ue000(\\d+)\ue001", lambda m: html_escape(protected[int(m.group(1))]), text)


def briefing_html(markdown: str, title: str = "Debate briefing") -> str:
    """``markdown`` (a briefing) as a standalone HTML document titled ``title``."""
    out: list[str] = []
    open_lists: list[str] = []  # stack of "ul"/"ol"
    para: list[str] = []

    def close_para():
        if para:
            out.append("<p>" + " ".join(inline(p) for p in para) + "</p>")
            para.clear()

    def close_lists(depth: int = 0):
        while len(open_lists) > depth:
            out.append(f"</li></{open_lists.pop()}>")

    for line in str(markdown).splitlines():
        stripped = line.strip()
        bullet = re.match(r"^( *)- (.*)$", line)
        numbered = re.match(r"^(\d+)\. (.*)$", line)
        if not stripped:
            close_para()
            continue
        if stripped.startswith("#"):
            close_para()
            close_lists()
            level = min(len(stripped) - len(stripped.lstrip("#")), 3)
            out.append(f"<h{level}>{inline(stripped.lstrip('#').strip())}</h{level}>")
        elif bullet:
            close_para()
            depth = 1 + len(bullet.group(1)) // 2
            source = SOURCE.match(bullet.group(2))
            li = f'<li class="source" id="src-{source.group(1)}">' if source else "<li>"
            if len(open_lists) < depth:
                out.append('<ul class="sources">' if source else "<ul>")
                open_lists.append("ul")
                out.append(li + inline(bullet.group(2)))
            else:
                close_lists(depth)
                out.append("</li>" + li + inline(bullet.group(2)))
        elif numbered:
            close_para()
            if not open_lists:
                out.append("<ol>")
                open_lists.append("ol")
            else:
                out.append("</li>")
            out.append(f'<li value="{numbered.group(1)}">' + inline(numbered.group(2)))
        else:
            close_lists()
            para.append(stripped)
    close_para()
    close_lists()
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html_escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            + "\n".join(out) + "\n</body>\n</html>\n")
