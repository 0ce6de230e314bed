"""A briefing's Markdown in the formats an analyst forwards: Markdown itself, standalone HTML
(:mod:`.html`) and Word (``.docx``, written with python-docx), with citations that link to the
sources in every format.

Only the Markdown the briefing writer produces is understood (see :mod:`.html`): headings, bullets
(two levels), paragraphs, ``**bold**``, ``*italic*``, backslash escapes and citations ``[1, 4]``; a
bullet that begins with ``**[n]**`` is source ``n``, the target of its citations.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from .html import briefing_html

ESCAPED = re.compile(r"\\(.)")
TOKEN = re.compile(r"\*\*|\*|\[\d+(?:, \d+)*\]")
SOURCE = re.compile(r"^\*\*\[(\d+)\]\*\* ")
FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".docx": "docx"}


def briefing_title(markdown: str) -> str:
    """The title (first ``#`` line) of a briefing, without Markdown escapes."""
    first = next((line for line in str(markdown).splitlines() if line.startswith("# ")), "# Debate briefing")
    return ESCAPED.sub(r"\1", first[2:].strip())


def write_briefing(markdown: str, path: str | Path) -> Path:
    """Write ``markdown`` to ``path`` in the format its suffix names (``.md``, ``.html``, ``.docx``;
    anything else is written as Markdown)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    kind = FORMATS.get(path.suffix.lower(), "markdown")
    if kind == "html":
        path.write_text(briefing_html(markdown, title=briefing_title(markdown)), encoding="utf-8")
    elif kind == "docx":
        path.write_bytes(briefing_docx(markdown))
    else:
        path.write_text(markdown, encoding="utf-8")
    return path


def inline_runs(text: str) -> list[tuple[str, bool, bool, int | None]]:
    """One line of briefing Markdown as runs ``(text, bold, italic, source)``: ``source`` is the
    number a citation run links to, else ``None``. Escaped characters are literal text."""
    held: list[str] = []

    def hold(m: re.Match) -> str:
        held.append(m.group(1))
        return f"\ue000{len(held) - 1}\ue001"

    text = ESCAPED.sub(hold, text.replace("\ue000", "").replace("\ue001", ""))

    def restore(s: str) -> str:
        return re.sub("\ue000(\\d+)\ue001", lambda m: held[int(m.group(1))], s)

    runs: list[tuple[str, bool, bool, int | None]] = []
    bold = italic = False
    pos = 0
    for m in TOKEN.finditer(text):
        if m.start() > pos:
            runs.append((restore(text[pos:m.start()]), bold, italic, None))
        tok = m.group(0)
        if tok == "**":
            bold = not bold
        elif tok == "*":
            italic = not italic
        else:
            nums = tok[1:-1].split(", ")
            runs.append(("[", bold, italic, None))
            for k, n in enumerate(nums):
                if k:
                    runs.append((", ", bold, italic, None))
                runs.append((n, bold, italic, int(n)))
            runs.append(("]", bold, italic, None))
        pos = m.end()
    if pos < len(text):
        runs.append((restore(text[pos:]), bold, italic, None))
    return runs


def briefing_docx(markdown: str) -> bytes:
    """``markdown`` (a briefing) as a Word document: headings, bullets, italic quotations, and each
    citation number a link to its source's bookmark (``src_n``)."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    doc = Document()
    doc.core_properties.title = briefing_title(markdown)
    bookmarks = 0

    def add_runs(paragraph, text: str) -> None:
        for chunk, bold, italic, source in inline_runs(text):
            if source is None:
                run = paragraph.add_run(chunk)
                run.bold, run.italic = bold or None, italic or None
                continue
            link = OxmlElement("w:hyperlink")
            link.set(qn("w:anchor"), f"src_{source}")
            run = paragraph.add_run(chunk)  # made by python-docx, then moved into the link
            run.bold, run.italic = bold or None, italic or None
            run.font.color.rgb = RGBColor(0x0B, 0x5C, 0xAD)
            link.append(run._r)
            paragraph._p.append(link)

    def bookmark(paragraph, name: str) -> None:
        nonlocal bookmarks
        bookmarks += 1
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), str(bookmarks))
        start.set(qn("w:name"), name)
        end.set(qn("w:id"), str(bookmarks))
        paragraph._p.insert(0, start) if paragraph._p.pPr is None else paragraph._p.pPr.addnext(start)
        paragraph._p.append(end)

    for line in str(markdown).splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        heading = re.match(r"^(#{1,3}) (.*)$", stripped)
        bullet = re.match(r"^( *)- (.*)$", line)
        if heading:
            level = len(heading.group(1))
            p = doc.add_heading("", level=0 if level == 1 else level - 1)
            add_runs(p, heading.group(2))
        elif bullet:
            p = doc.add_paragraph(style="List Bullet 2" if len(bullet.group(1)) >= 2 else "List Bullet")
            add_runs(p, bullet.group(2))
            source = SOURCE.match(bullet.group(2))
            if source:
                bookmark(p, f"src_{source.group(1)}")
        else:
            add_runs(doc.add_paragraph(), stripped)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
