"""Escaping untrusted text (article words, file names, titles, outlets, URL parameters, quotes) for
where it is shown: the one definition, used by the briefing, the command line and the dashboard.

Three places show text, each with its rule:

- **Markdown in a file** (the briefing's ``.md``, read by any CommonMark renderer):
  :func:`md_escape` makes text literal on one line. Every character that could start markup is
  backslash-escaped (emphasis, code, links and images, HTML tags and entities, headings, tables,
  ``$…$`` maths and ``~~`` strike-through), and so is a list marker at the start ("- ", "+ ", "1. "),
  so the text can neither format nor inject anything.
- **Markdown on the dashboard's screen**: Streamlit reads more than CommonMark, and some of it
  ignores backslashes: ``:red[…]``/``:rainbow[…]`` colours, ``:material/…:`` icons and ``:smile:``
  emoji are found in the source, and bare addresses (``http://…``, ``www.…``, ``user@host``) become
  live links after parsing. :func:`screen_md` is :func:`md_escape` plus :func:`screen_markdown`, which
  defuses those in Markdown already escaped (a whole briefing): every ``:`` is written as the
  character reference ``&#58;`` (shown as ``:``, never read as a directive, icon or emoji), and an
  invisible word joiner (U+2060) is put inside ``://``, after ``www`` and before ``@``, so no
  address is linked. Link destinations the app writes itself (``](?view=…)``) are left alone.
- **HTML** (``st.html``, the reader, and Plotly labels and hovers, which Plotly renders as HTML and
  reads ``$…$`` in as LaTeX): :func:`html_escape`.
"""
from __future__ import annotations

import html
import re

#: characters that start Markdown (CommonMark and Streamlit's extensions), HTML or an entity anywhere
#: in a line
MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}$~&])")
#: a list marker opening the text ("- ", "+ ", "1. ", "2) ")
_LIST_START = re.compile(r"^([-+]|\d{1,9}[.)])(?=\s|$)")
#: the invisible character that keeps a bare address from being linked on screen
WORD_JOINER = "\u2060"
#: a link destination the app writes (``](?view=…)``, an address within the app) after an unescaped
#: ``]`` (an untrusted ``]`` is always escaped): left as it is by :func:`screen_markdown`
_DESTINATION = re.compile(r"(?<!\\)\]\(\?[^()\s]*\)")
#: what Streamlit turns into links after parsing: ``scheme://``, ``www.`` and the ``@`` of an address
_AUTOLINK = re.compile(r"(?<=[a-z0-9+.-]):(?=//)|(?<![\w.-])(www)(?=\.)|(?<=[\w.+-])@(?=[\w-])", re.I)


def md_escape(text) -> str:
    """``text`` as literal Markdown on one line: whitespace collapsed, Markdown and HTML syntax
    characters backslash-escaped (see the module docstring)."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    text = MD_SPECIAL.sub(r"\\\1", text)
    return _LIST_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text)


def screen_markdown(markdown: str) -> str:
    """Markdown whose untrusted parts are :func:`md_escape`-d, made safe for Streamlit's screen: no
    ``:`` directive, icon or emoji, no bare address linked (see the module docstring). The app's own
    link destinations are kept."""
    out, last = [], 0
    for m in _DESTINATION.finditer(markdown):
        out.append(_defuse(markdown[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_defuse(markdown[last:]))
    return "".join(out)


def _defuse(text: str) -> str:
    text = _AUTOLINK.sub(lambda m: (m.group(1) + WORD_JOINER) if m.group(1) else
                         (":" + WORD_JOINER if m.group(0) == ":" else WORD_JOINER + "@"), text)
    return text.replace(":", "&#58;")


def screen_md(text) -> str:
    """Untrusted ``text`` as literal Markdown for the dashboard's screen (:func:`md_escape`, then
    :func:`screen_markdown`)."""
    return screen_markdown(md_escape(text))


def html_escape(text) -> str:
    """``text`` safe inside HTML, as element content or a quoted attribute value (``& < > " '``), and
    in Plotly, which reads ``$…$`` as LaTeX when a page has MathJax: ``$`` is written ``&#36;``."""
    return html.escape(str(text), quote=True).replace("$", "&#36;")
