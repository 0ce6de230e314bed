"""Reading articles: files and folders in, :class:`Article` records out.

An article's id is its file name without the extension. Its text is kept exactly as decoded, so that
every character offset the pipeline reports indexes into ``Article.text``. Metadata (title, outlet,
date, url) comes from every source the folder offers, in an order of trust
(:func:`~components.ingest.metadata.resolve_metadata`): a sidecar ``metadata.csv``/``metadata.jsonl``
in the article's folder, a saved page's metadata, front matter, a date in the file name, the top of
the text; ``Article.sources`` says which gave each field. What no source gives is missing (``None``).

Bad input never raises out of :func:`load_corpus`: each skipped file is reported as a
:class:`Skipped` record with a reason a person can read.
"""
from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..knowledge import Knowledge
from .decode import BadInput, _looks_binary, decode_bytes
from .duplicates import flag_near_duplicates
from .formats import html_to_text, markdown_to_text
from .metadata import front_matter, infer_metadata, read_sidecar, resolve_metadata

SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
#: file names (without extension, upper case) that document a folder rather than hold an article
FOLDER_DOCS = ("README", "LICENSE", "LICENCE", "CHANGELOG", "CONTRIBUTING")


@dataclass
class Article:
    """One article: its id, decoded text and metadata. A metadata field that no source gives is
    ``None`` (missing), never a placeholder string; ``date`` is an ISO date ``YYYY-MM-DD``."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    #: where each known metadata field came from ("sidecar", "page", "file name"…; see TRUST)
    sources: dict[str, str] = field(default_factory=dict)
    path: str = ""
    source_format: str = "txt"
    duplicate_of: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def text_hash(self) -> str:
        """SHA-256 of the text (computed once per text: remembered until ``text`` changes)."""
        memo = self.__dict__.get("_text_hash")
        if memo is None or memo[0] is not self.text:
            memo = (self.text, hashlib.sha256(self.text.encode("utf-8")).hexdigest())
            self.__dict__["_text_hash"] = memo
        return memo[1]


@dataclass
class Skipped:
    """A file that could not be read as an article, and why."""

    path: str
    reason: str


# --------------------------------------------------------------------------------------------------



def article_from_bytes(data: bytes, name: str, *, knowledge: Knowledge, path: str = "",
                       meta: dict[str, str] | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Build an :class:`Article` from raw bytes; raise :class:`BadInput` with a reason if it can't be.
    ``knowledge`` gives the outlets that metadata inference recognises."""
    if len(data) > max_bytes:
        raise BadInput(f"the file is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit")
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES and suffix not in ("", ".text"):
        raise BadInput(f"'{suffix}' files are not supported (use .txt, .md, .html or .pdf)")
    fmt = "txt"
    page: dict[str, str] = {}
    front: dict[str, str] | None = None
    if suffix == ".pdf" or data.startswith(b"%PDF-"):
        from .pdf import pdf_to_text

        try:
            text, pdf_title = pdf_to_text(data)
            page = {"title": pdf_title} if pdf_title else {}
        except ValueError as exc:
            raise BadInput(str(exc)) from exc
        encoding, fmt = "utf-8", "pdf"
    else:
        text, encoding = decode_bytes(data)
    if _looks_binary(text):
        raise BadInput("the file looks binary, not text")
    if fmt == "pdf":
        pass  # already plain text
    elif suffix in (".html", ".htm") or (suffix in ("", ".txt") and re.match(r"\s*<(!doctype html|html)\b", text, re.I)):
        text, page = html_to_text(text)
        fmt = "html"
    elif suffix == ".md":
        front, end = front_matter(text)  # the front matter is metadata, not words of the article
        text = markdown_to_text(text[end:])
        fmt = "md"
    if not text.strip():
        raise BadInput("the file holds no text")
    aid = Path(name).stem if suffix else Path(name).name
    found = resolve_metadata(text, name, sidecar=meta, page=page, front=front, knowledge=knowledge)
    art = Article(id=aid, text=text, path=path or name, source_format=fmt, title=found.title,
                  outlet=found.outlet, date=found.date, url=found.url, sources=found.sources)
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        art.notes.append(f"decoded as {encoding}")
    return art


def iter_article_files(paths: Iterable[str | Path]) -> Iterable[Path]:
    """The article files named by ``paths``: files as given, folders searched (sorted) for
    ``.txt``/``.md``/``.html`` files. ``metadata.csv`` and hidden files are not articles."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith("."):
                    yield f
        else:
            yield p


def load_corpus(paths: Iterable[str | Path], *, knowledge: Knowledge,
                max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Article], list[Skipped]]:
    """Read every article under ``paths``; return ``(articles, skipped)``.

    Duplicate ids get a numeric suffix; byte-identical texts are read once. Near-duplicates are
    flagged by :func:`flag_near_duplicates`. A folder's ``README``/``LICENSE``/``CHANGELOG`` file
    describes the folder and is not read as an article (unless it is named in ``paths``).
    """
    articles: list[Article] = []
    skipped: list[Skipped] = []
    sidecars: dict[Path, dict] = {}
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    named = {Path(p) for p in paths}
    for f in iter_article_files(paths):
        if not f.exists():
            skipped.append(Skipped(str(f), "no such file or folder"))
            continue
        if f.name == "metadata.csv":
            continue
        if f.stem.upper() in FOLDER_DOCS and f not in named:
            skipped.append(Skipped(str(f), f"a folder's {f.stem} file, not an article (name it to read it)"))
            continue
        folder = f.parent
        if folder not in sidecars:
            try:
                side = read_sidecar(folder)
                sidecars[folder] = side.rows
                skipped += [Skipped(str(folder / why.split(" ", 1)[0]), why) for why in side.problems]
            except (OSError, UnicodeDecodeError, csv.Error) as exc:
                sidecars[folder] = {}
                skipped.append(Skipped(str(folder / "metadata.csv"), f"the metadata sidecar is unreadable: {exc}"))
        try:
            size = f.stat().st_size
            if size > max_bytes:
                raise BadInput(f"the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit")
            data = f.read_bytes()
            art = article_from_bytes(data, f.name, path=str(f), meta=sidecars[folder].get(f.stem),
                                     knowledge=knowledge, max_bytes=max_bytes)
        except BadInput as exc:
            skipped.append(Skipped(str(f), str(exc)))
            continue
        except OSError as exc:
            skipped.append(Skipped(str(f), f"could not be read: {exc.strerror or exc}"))
            continue
        except Exception as exc:  # odd input that trips a reader must not stop the batch
            skipped.append(Skipped(str(f), f"could not be read ({type(exc).__name__}: {exc})"))
            continue
        articles.append(art)
    return assemble(articles, skipped)


def assemble(articles: Iterable[Article], skipped: Iterable[Skipped] = ()) -> tuple[list[Article], list[Skipped]]:
    """One corpus from ``articles`` in order: a text seen before is skipped ("same text as article
    …"), an id already taken gets a numeric suffix (:func:`unique_id`), and near-duplicates are
    flagged (:func:`flag_near_duplicates`). Used for folders and for uploads alike."""
    kept: list[Article] = []
    skipped = list(skipped)
    seen_hash: dict[str, str] = {}
    taken: set[str] = set()
    for art in articles:
        if art.text_hash in seen_hash:
            skipped.append(Skipped(art.path or art.id, f"same text as article {seen_hash[art.text_hash]}"))
            continue
        art.id = unique_id(art.id, taken)
        taken.add(art.id)
        seen_hash[art.text_hash] = art.id
        kept.append(art)
    flag_near_duplicates(kept)
    return kept, skipped


def unique_id(aid: str, taken: set[str]) -> str:
    """``aid``, or ``aid-2``, ``aid-3``… whichever is not in ``taken``."""
    if aid not in taken:
        return aid
    n = 2
    while f"{aid}-{n}" in taken:
        n += 1
    return f"{aid}-{n}"
