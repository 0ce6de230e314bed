"""The sidecar: ``metadata.csv`` or ``metadata.jsonl`` beside the articles, or a correction made in the
dashboard (what a person says about an article: the most trusted source)."""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from .dates import parse_date
from .fields import FIELDS, SIDECAR_COLUMNS, SIDECAR_NAMES
from .front_matter import known_value

# -------------------------------------------------------------------------------------------- sidecar
@dataclass
class Sidecar:
    """The rows of the sidecar files of one folder, by article id, and what could not be used."""

    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def get(self, aid: str, default=None):
        return self.rows.get(aid, default)

    def __len__(self) -> int:
        return len(self.rows)

    def items(self):
        return self.rows.items()


#: the first characters that make a spreadsheet read a cell as a formula; a sidecar written here puts
#: a "'" before them (:func:`sidecar_csv`) and :func:`read_sidecar` takes it away again
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _unguard(value):
    if isinstance(value, str) and value.startswith("'") and value[1:2] and value[1] in _FORMULA_START:
        return value[1:]
    return value


def sidecar_csv(rows) -> str:
    """A ``metadata.csv`` sidecar (:data:`SIDECAR_COLUMNS`) for ``rows`` (mappings with ``id`` or
    ``article_id`` and the fields): missing values are empty cells; a value a spreadsheet would run
    as a formula is written with a leading "'", which :func:`read_sidecar` removes. Put the file beside
    the articles to keep their metadata."""
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(SIDECAR_COLUMNS)
    for row in rows:
        cells = [row.get("id", row.get("article_id"))] + [row.get(k) for k in FIELDS]
        cells = ["" if known_value(c) is None else str(c) for c in cells]
        writer.writerow(["'" + c if c.startswith(_FORMULA_START) else c for c in cells])
    return buf.getvalue()


def sidecar_row(raw: dict, where: str) -> tuple[str, dict[str, str], list[str]]:
    """One sidecar record as ``(id, fields, problems)``: known fields only, values stripped, "unknown"
    or empty values left out, the date read with :func:`parse_date` (an unreadable date is a problem
    and left out). The id is the file name without its extension (a given extension is dropped)."""
    raw = {k: _unguard(v) for k, v in raw.items()}
    aid = str(raw.get("id") or raw.get("file") or "").strip()
    if Path(aid).suffix.lower() in (".txt", ".md", ".html", ".htm", ".pdf", ".text"):
        aid = Path(aid).stem
    fields, problems = {}, []
    for key in FIELDS:
        value = known_value(raw.get(key))
        if value is None:
            continue
        if key == "date":
            date = parse_date(value)
            if date is None:
                problems.append(f"{where}: the date {value[:40]!r} of {aid or '?'} is not a date; left out")
                continue
            value = date
        fields[key] = value
    if not aid and fields:
        problems.append(f"{where}: a row with no id was left out")
    return aid, fields, problems


def read_sidecar(folder: Path) -> Sidecar:
    """The sidecar files of ``folder`` (``metadata.csv``, then ``metadata.jsonl``, whose values win
    where both give one): ``{id: {title, outlet, date, url}}`` with empty and "unknown" values left
    out, plus the problems found (an unreadable date, a line that is not JSON, a row with no id).

    Columns (CSV header or JSON keys): ``id`` (the article's file name, with or without its
    extension; ``file`` is read too), ``title``, ``outlet``, ``date`` (ISO ``YYYY-MM-DD`` preferred;
    "13 September 2024" and similar are read), ``url``. Other columns are ignored."""
    side = Sidecar()
    for name in SIDECAR_NAMES:
        path = Path(folder) / name
        if path.is_file():
            one = parse_sidecar(path.read_text(encoding="utf-8-sig"), name)
            for aid, fields in one.rows.items():
                side.rows.setdefault(aid, {}).update(fields)
            side.problems += one.problems
    return side


def parse_sidecar(text: str, name: str = "metadata.csv") -> Sidecar:
    """The rows of one sidecar file's ``text`` (CSV, or JSON lines when ``name`` ends in ``.jsonl``
    or ``.json``), as :func:`read_sidecar` reads them; problems name ``name`` and the line."""
    side = Sidecar()
    records: list[tuple[dict, str]] = []
    text = text.lstrip("\ufeff")
    if name.lower().endswith((".jsonl", ".json")):
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                side.problems.append(f"{name} line {n} is not JSON; left out")
                continue
            if isinstance(obj, dict):
                records.append(({str(k).strip().lower(): v for k, v in obj.items()}, f"{name} line {n}"))
            else:
                side.problems.append(f"{name} line {n} is not a JSON object; left out")
    else:
        import io

        for n, row in enumerate(csv.DictReader(io.StringIO(text, newline="")), start=2):
            records.append(({(k or "").strip().lower(): v for k, v in row.items()}, f"{name} line {n}"))
    for raw, where in records:
        aid, fields, problems = sidecar_row(raw, where)
        side.problems += problems
        if aid:
            side.rows.setdefault(aid, {}).update(fields)
    return side
