"""Text out of a PDF article (pypdf): pages' text, wrapped lines joined back into paragraphs.

Only the text layer is read; nothing in the file (JavaScript, forms, links) is acted upon. A PDF
that is encrypted with a password, damaged, or holds no text layer (a scan) raises ``ValueError``
with a reason a person can read.
"""
from __future__ import annotations

import io
import logging
import re
import statistics

MAX_PAGES = 200
_FINAL = re.compile(r"[.!?:\"”’)]\s{0,5}$")  # lines are whitespace-normalised: no long runs


def pdf_to_text(data: bytes, max_pages: int = MAX_PAGES) -> tuple[str, str | None]:
    """``(text, title)`` of a PDF: one paragraph per line, as in a plain-text article; ``title`` from
    the document information if it has one."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)  # damaged files are reported by our reason, not pypdf's log lines
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValueError("the PDF is protected by a password")
        if len(reader.pages) > max_pages:
            raise ValueError(f"the PDF has {len(reader.pages)} pages, over the {max_pages}-page limit")
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata
        title = (meta.title or "").strip() if meta else ""
    except ValueError:
        raise
    except (PyPdfError, OSError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise ValueError(f"the PDF could not be read ({type(exc).__name__}: {exc})") from exc
    finally:
        log.setLevel(level)
    text = reflow("\n".join(pages))
    if not text.strip():
        raise ValueError("the PDF holds no text layer (a scanned page?)")
    return text, " ".join(title.split()) or None


def reflow(text: str) -> str:
    """Join lines wrapped by the page layout into one line per paragraph.

    A line ends its paragraph when a blank line follows, when it ends like a sentence (``.``, ``?``,
    a closing quote) and is clearly shorter than the page's usual line, or when it is much shorter
    (a headline); otherwise the next line continues it (a line-end hyphen is kept: "long-" + "range").
    """
    lines = [" ".join(line.split()) for line in text.splitlines()]
    widths = [len(line) for line in lines if line]
    if not widths:
        return ""
    usual = statistics.median(widths)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                paragraphs.append(_join(current))
                current = []
            continue
        current.append(line)
        if len(line) < 0.6 * usual or (_FINAL.search(line) and len(line) < 0.85 * usual):
            paragraphs.append(_join(current))
            current = []
    if current:
        paragraphs.append(_join(current))
    return "\n".join(paragraphs)


def _join(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        out += line if out.endswith("-") else " " + line
    return out
