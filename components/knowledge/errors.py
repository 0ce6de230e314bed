"""Messages for knowledge files that cannot be used: file, key and line of every problem.

``tomllib`` gives no positions for the values it parses, so :func:`key_line` finds a key's line in
the file's text: it follows the table headers (``[target]``, ``[[weapon]]`` counted) and the key
lines (``a.b = …``) outside multi-line arrays, and returns the line of the longest prefix of the
key's path that it finds (the entry's header when the key itself is missing).
"""
from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


class KnowledgeError(ValueError):
    """A knowledge file that cannot be used; the message names the file, the key and the line."""


def _dotted(key: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", key))


def _bracket_depth(line: str) -> int:
    """How much ``[``…``]`` nesting a line opens (negative: closes), outside strings and comments."""
    depth, quote = 0, ""
    for ch in line:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            break
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
    return depth


def key_lines(text: str) -> dict[tuple, int]:
    """Every table header and key of a TOML text, as its full path (array-of-tables entries by
    index: ``("weapon", 3, "range_km")``) → its line number (1-based)."""
    lines: dict[tuple, int] = {}
    counts: dict[tuple, int] = {}
    table: tuple = ()
    depth = 0
    for n, line in enumerate(text.splitlines(), 1):
        if depth <= 0:
            depth = 0
            header = _HEADER.match(line)
            if header and not _KEY.match(line):
                path = _dotted(header.group(2))
                if header.group(1) == "[[":
                    index = counts.get(path, -1) + 1
                    counts[path] = index
                    table = (*path, index)
                else:
                    table = tuple(path)
                lines.setdefault(table, n)
                continue
            key = _KEY.match(line)
            if key:
                lines.setdefault((*table, *_dotted(key.group(1))), n)
                depth += _bracket_depth(line[key.end():])
                continue
        depth += _bracket_depth(line)
    return lines


def key_line(text: str, loc: tuple) -> int | None:
    """The line of the key at ``loc`` (a path of keys and list indices), or of the nearest enclosing
    key or table found; None if none is."""
    lines = key_lines(text)
    for end in range(len(loc), 0, -1):
        if tuple(loc[:end]) in lines:
            return lines[tuple(loc[:end])]
    return None


def _path_text(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


def validation_error(path: Path, text: str, exc: ValidationError) -> KnowledgeError:
    """One :class:`KnowledgeError` listing every problem pydantic found in the file at ``path``."""
    problems = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        if err["type"] == "extra_forbidden":
            what = "unknown key"
        elif err["type"] == "missing":
            what = "required key missing"
        else:
            what = f"{err['msg']} (got {err['input']!r})"
        line = key_line(text, loc)
        problems.append(f"{path}:{line or 1}: {_path_text(loc)}: {what}")
    return KnowledgeError("invalid knowledge file:\n  " + "\n  ".join(problems))
