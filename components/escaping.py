"""Escaping untrusted text (article words, file names, titles, metadata) for where it is shown: the
one definition, used by the briefing and the dashboard alike.

:func:`md_escape` makes any text literal Markdown on one line, as CommonMark and Streamlit read it:
every character that could start markup is backslash-escaped (emphasis, code, links and images,
HTML tags, headings, tables, Streamlit's ``$…$`` LaTeX and ``~~`` strike-through), and so is a list
marker at the start ("- ", "+ ", "1. "), so the text can neither format nor inject anything.
"""
from __future__ import annotations

import re

#: characters that start Markdown (CommonMark and Streamlit's extensions) or HTML anywhere in a line
MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}$~])")
#: a list marker opening the text ("- ", "+ ", "1. ", "2) ")
_LIST_START = re.compile(r"^([-+]|\d{1,9}[.)])(?=\s|$)")


def md_escape(text) -> str:
    """``text`` as literal Markdown on one line: whitespace collapsed, Markdown and HTML syntax
    characters backslash-escaped (see the module docstring)."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    text = MD_SPECIAL.sub(r"\\\1", text)
    return _LIST_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text)
