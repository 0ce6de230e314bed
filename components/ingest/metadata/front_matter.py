"""Front matter: ``key: value`` lines heading a text or Markdown file (between ``---`` fences or as
``# key: value`` comment lines), and what counts as a known value."""
from __future__ import annotations

import re

from .dates import parse_date

# --------------------------------------------------------------------------------------- front matter
_FRONT_KEYS = {
    "title": "title", "headline": "title",
    "outlet": "outlet", "publisher": "outlet", "publication": "outlet", "site_name": "outlet",
    "sitename": "outlet", "site": "outlet", "newspaper": "outlet", "source_name": "outlet",
    "date": "date", "published": "date", "published_at": "date", "publication_date": "date",
    "pubdate": "date", "date_published": "date", "datepublished": "date", "published_date": "date",
    "url": "url", "link": "url", "canonical": "url", "canonical_url": "url", "permalink": "url",
    "source_url": "url",
}
#: values meaning "not known" in a sidecar or front matter (also with a remark: "unknown (US outlet)")
_NOT_KNOWN = {"unknown", "n/a", "na", "none", "null", "nil", "not known", "-", "--", "---", "?", "??", "???",
              "<na>", "nan", "nat"}
#: keys of header lines that say the lines are metadata (the fields' keys, and these)
_HEADER_KEYS = {"source", "author", "authors", "byline", "tags", "categories", "category", "description",
                "summary", "lang", "language", "country", "id", "slug", "section", "keywords", "collected",
                "updated", "modified", "type", "layout", "draft"}
_KEY_VALUE = re.compile(r"([A-Za-z][\w -]{0,30}?)[ \t]{0,5}[:=][ \t]{0,5}([^\n]{0,2000})")
_FENCES = {"---": "---", "+++": "+++"}


def known_value(value) -> str | None:
    """``value`` stripped, or ``None`` when it is empty or says it is not known ("unknown", "n/a")."""
    if value is None or isinstance(value, float) and value != value:
        return None
    value = " ".join(str(value).split())
    if not value or value.split("(")[0].strip().lower() in _NOT_KNOWN:
        return None
    return value


def _key(key: str) -> str:
    return key.strip().lower().replace(" ", "_").replace("-", "_")


def _field_values(pairs: list[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in pairs:
        name = _FRONT_KEYS.get(_key(key))
        value = known_value(value.strip().strip("'\""))
        if name and value and name not in out:
            out[name] = value
    return out


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """The metadata fields of the ``key: value`` lines heading ``text``, and where they end.

    Two forms are read: a block fenced by ``---`` (YAML style) or ``+++`` (TOML style) lines at the very
    top, and ``# key: value`` comment lines at the top (several ``key: value`` pairs on one line are
    separated by two spaces or more). Keys are matched to fields without regard to case: ``title`` or
    ``headline``; ``outlet``, ``publisher``, ``site_name``…; ``date``, ``published``…; ``url``,
    ``link``, ``canonical``… Other keys are ignored (``source:``, for instance, is not an outlet).
    A date is read with :func:`parse_date`. Returns ``({}, 0)`` when the text has no such header."""
    head = text[:20_000]
    lines = head.split("\n")
    first = lines[0].strip().lstrip("\ufeff") if lines else ""
    pairs: list[tuple[str, str]] = []
    end = 0
    if first in _FENCES:
        offset = len(lines[0]) + 1
        for line in lines[1:200]:
            if line.strip() == _FENCES[first]:
                end = min(offset + len(line) + 1, len(text))
                break
            m = _KEY_VALUE.match(line)
            if m:
                pairs.append((m.group(1), m.group(2)))
            elif line.strip() and not line[:1].isspace() and not line.startswith("-"):
                break  # a line that is not "key: value", nor a list item or continuation under one
            offset += len(line) + 1
        if not end:  # never closed, or not made of "key: value" lines: not front matter
            return {}, 0
    else:
        offset = 0
        for line in lines[:30]:
            stripped = line.strip()
            if not stripped.startswith("#"):
                break
            body = stripped.lstrip("#").strip()
            chunk = [_KEY_VALUE.match(part) for part in re.split(r"[ \t]{2,}", body)]
            if not chunk or not all(m and _key(m.group(1)) in (*_FRONT_KEYS, *_HEADER_KEYS) for m in chunk):
                break  # a Markdown heading, not a "# key: value" header line
            pairs += [(m.group(1), m.group(2)) for m in chunk]
            offset += len(line) + 1
            end = min(offset, len(text))
    values = _field_values(pairs)
    if not values and not pairs:
        return {}, 0
    if "date" in values:
        date = parse_date(values["date"])
        if date:
            values["date"] = date
        else:
            del values["date"]
    return values, end


def body_lines(text: str) -> list[str]:
    """The first non-empty lines of ``text`` after its front matter (at most eight)."""
    _, end = front_matter(text)
    out = []
    for line in text[end:end + 4000].split("\n"):
        if line.strip():
            out.append(line)
            if len(out) == 8:
                break
    return out
