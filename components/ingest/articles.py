"""Reading articles: files and folders in, :class:`Article` records out.

An article's id is its file name without the extension. Its text is kept exactly as decoded, so that
every character offset the pipeline reports indexes into ``Article.text``. Metadata (title, outlet,
date, url) comes from every source the folder offers, in an order of trust
(:func:`~components.ingest.metadata.resolve_metadata`): a sidecar ``metadata.csv``/``metadata.jsonl``
in the article's folder, a saved page's metadata, front matter, a date in the file name, the top of
the text; ``Article.sources`` says which gave each field. What no source gives is missing (``None``).

Bad input never raises out of :func:`load_corpus`: each skipped file is reported as a
:class:`Skipped` record with a reason a person can read. Only regular files are read, never more
than the size limit (a named pipe or ``/dev/zero`` is refused before it is opened for reading), and a
folder is searched without leaving it: a symbolic link to a file or folder outside it, an unreadable
subfolder, a pipe or device are each named with the reason and skipped. A text longer than
:data:`DEFAULT_MAX_CHARS` characters is refused (the analysis of one article is bounded).

Each article says where it came from (:attr:`Article.origin`): a file on this machine, or a
dashboard session's upload or pasted text. What a session brings is never written to the shared
store (:func:`components.run.analyze.analyze` checks ``Article.private``).
"""
from __future__ import annotations

import csv
import dataclasses
import errno
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from ..knowledge import Knowledge
from .decode import BadInput, _looks_binary, decode_bytes, is_blank
from .duplicates import flag_near_duplicates
from .formats import html_to_text, markdown_to_text
from .metadata import SIDECAR_NAMES, front_matter, infer_metadata, read_sidecar, resolve_metadata

SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
#: the longest article text analysed (characters, about 33,000 words): the analysis of one article
#: is linear in its length, and this bounds its time and memory
DEFAULT_MAX_CHARS = 200_000
#: where an article came from: a file or folder on this machine (given to the command line, or the
#: dashboard's bundled and server-side corpus), or a dashboard session (an upload, pasted text)
ORIGINS = ("file", "upload", "paste")
#: the origins that belong to one dashboard session: never written to the shared store
SESSION_ORIGINS = frozenset({"upload", "paste"})
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
    #: where the article came from (one of :data:`ORIGINS`); decided by the code that read it, never
    #: from its name or path (an upload's name is whatever the browser sent)
    origin: str = "file"

    @property
    def private(self) -> bool:
        """Whether the article belongs to one dashboard session (an upload or pasted text): it is
        analysed for that session only and never written to a shared store."""
        return self.origin in SESSION_ORIGINS

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



def _too_long(n_chars: int, max_chars: int) -> BadInput:
    return BadInput(f"the text is {n_chars:,} characters long, over the {max_chars:,}-character limit for "
                    f"one article (about {max_chars // 6:,} words); split it into several files")


def article_from_bytes(data: bytes, name: str, *, knowledge: Knowledge, path: str = "",
                       meta: dict[str, str] | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                       max_chars: int = DEFAULT_MAX_CHARS, origin: str = "file") -> Article:
    """Build an :class:`Article` from raw bytes; raise :class:`BadInput` with a reason if it can't be.
    ``knowledge`` gives the outlets that metadata inference recognises; ``origin`` (see
    :data:`ORIGINS`) is recorded on the article."""
    if origin not in ORIGINS:
        raise ValueError(f"unknown origin {origin!r} (one of {', '.join(ORIGINS)})")
    if len(data) > max_bytes:
        raise BadInput(f"the file is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit")
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES and suffix not in ("", ".text"):
        raise BadInput(f"'{suffix}' files are not supported (use .txt, .md, .html or .pdf)")
    if suffix in ("", ".txt", ".text") and len(data) > 4 * max_chars and not data.lstrip()[:1] in (b"<", b"%"):
        # any text encoding takes at most four bytes a character: refused before decoding it
        raise _too_long(len(data) // 4, max_chars)
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
    if is_blank(text):
        raise BadInput("the file holds only invisible characters (zero-width spaces or marks), no text")
    if len(text) > max_chars:
        raise _too_long(len(text), max_chars)
    aid = Path(name).stem if suffix else Path(name).name
    found = resolve_metadata(text, name, sidecar=meta, page=page, front=front, knowledge=knowledge)
    art = Article(id=aid, text=text, path=path or name, source_format=fmt, title=found.title,
                  outlet=found.outlet, date=found.date, url=found.url, sources=found.sources, origin=origin)
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        art.notes.append(f"decoded as {encoding}")
    return art


_KINDS = [(stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")]


def _kind(mode: int) -> str:
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def walk_articles(paths: Iterable[str | Path]) -> Iterator[Path | Skipped]:
    """The article files named by ``paths`` (files as given, folders searched in sorted order for
    ``.txt``/``.md``/``.html``/``.pdf`` files), and a :class:`Skipped` for each thing that cannot be
    read: a missing path, a pipe, device or socket (named directly or found in a folder), a folder
    that cannot be listed, a symbolic link in a folder that leads outside it (or nowhere). Hidden
    files and links to files or folders inside the folder (read where they are) are passed over
    silently."""
    for p in paths:
        p = Path(p)
        try:
            st = p.stat()
        except FileNotFoundError:
            yield Skipped(str(p), "no such file or folder" if not p.is_symlink() else "a broken symbolic link")
            continue
        except OSError as exc:
            yield Skipped(str(p), f"could not be read: {exc.strerror or exc}")
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_folder(p, p.resolve())
        elif stat.S_ISREG(st.st_mode):
            yield p
        else:
            yield Skipped(str(p), f"not a regular file ({_kind(st.st_mode)}); not read")


def _walk_folder(folder: Path, root: Path) -> Iterator[Path | Skipped]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Skipped(str(folder), f"the folder could not be read ({exc.strerror or exc}); skipped")
        return
    for e in entries:
        if e.name.startswith("."):
            continue
        path = Path(e.path)
        try:
            if e.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    if path.suffix.lower() in SUFFIXES:
                        yield Skipped(str(path), "a broken symbolic link; not read")
                    continue
                if not target.is_relative_to(root):
                    yield Skipped(str(path), f"a symbolic link to {target}, outside the folder {root}; not followed")
                    continue
                continue  # a link within the folder: what it leads to is read where it is
            if e.is_dir():
                yield from _walk_folder(path, root)
                continue
            if path.suffix.lower() not in SUFFIXES:
                continue
            mode = os.stat(path).st_mode
            if not stat.S_ISREG(mode):
                yield Skipped(str(path), f"not a regular file ({_kind(mode)}); not read")
                continue
        except OSError as exc:
            yield Skipped(str(path), f"could not be read: {exc.strerror or exc}")
            continue
        yield path


def iter_article_files(paths: Iterable[str | Path]) -> Iterable[Path]:
    """The article files of :func:`walk_articles` (what it skips is left out)."""
    return (p for p in walk_articles(paths) if isinstance(p, Path))


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file ``path``, never more than ``max_bytes`` read: the file is opened
    without blocking (a pipe put in its place cannot hang the run) and checked to be a regular file
    of at most ``max_bytes`` before it is read. Raises :class:`BadInput` or ``OSError``."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise BadInput(f"not a regular file ({_kind(st.st_mode)}); not read")
        if st.st_size > max_bytes:
            raise BadInput(f"the file is {st.st_size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit")
        chunks, left = [], max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # it grew while being read
        raise BadInput(f"the file is over the {max_bytes / 1e6:.1f} MB limit")
    return data


def load_corpus(paths: Iterable[str | Path], *, knowledge: Knowledge, max_bytes: int = DEFAULT_MAX_BYTES,
                max_chars: int = DEFAULT_MAX_CHARS) -> tuple[list[Article], list[Skipped]]:
    """Read every article under ``paths``; return ``(articles, skipped)``.

    Duplicate ids get a numeric suffix; byte-identical texts are read once. Near-duplicates are
    flagged by :func:`flag_near_duplicates`. A folder's ``README``/``LICENSE``/``CHANGELOG`` file
    describes the folder and is not read as an article (unless it is named in ``paths``). What
    cannot be read is skipped with a reason (see :func:`walk_articles`, :func:`read_limited`).
    """
    articles: list[Article] = []
    skipped: list[Skipped] = []
    sidecars: dict[Path, dict] = {}
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    named = {Path(p) for p in paths}
    for f in walk_articles(paths):
        if isinstance(f, Skipped):
            skipped.append(f)
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
            data = read_limited(f, max_bytes)
            art = article_from_bytes(data, f.name, path=str(f), meta=sidecars[folder].get(f.stem),
                                     knowledge=knowledge, max_bytes=max_bytes, max_chars=max_chars)
        except BadInput as exc:
            skipped.append(Skipped(str(f), str(exc)))
            continue
        except OSError as exc:
            why = "permission denied" if exc.errno == errno.EACCES else (exc.strerror or str(exc))
            skipped.append(Skipped(str(f), f"could not be read: {why}"))
            continue
        except Exception as exc:  # odd input that trips a reader must not stop the batch
            skipped.append(Skipped(str(f), f"could not be read ({type(exc).__name__}: {exc})"))
            continue
        articles.append(art)
    return assemble(articles, skipped)


def corpus_fingerprint(paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """A hash of everything :func:`load_corpus` reads under ``paths``: the paths as named, what
    :func:`walk_articles` finds there (each file's path and the SHA-256 of its bytes, each thing
    skipped and why) and the sidecar files of their folders. Equal fingerprints (with the same
    knowledge, limits, code and day: a date later than tomorrow is refused) mean :func:`load_corpus`
    gives the same articles, so a caller may keep its result under it (:mod:`components.run.reading`).
    Costs reading the files, not decoding them, inferring their metadata or comparing them."""
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    h = hashlib.sha256(json.dumps([str(p) for p in paths]).encode())
    folders: dict[Path, None] = {}
    for f in walk_articles(paths):
        if isinstance(f, Skipped):
            entry = ["skipped", f.path, f.reason]
        else:
            try:
                digest = hashlib.sha256(read_limited(f, max_bytes)).hexdigest()
            except (BadInput, OSError) as exc:  # skipped by load_corpus too, with this reason
                digest = f"unread: {type(exc).__name__}: {exc}"
            entry = ["file", str(f), digest]
            folders.setdefault(f.parent)
        h.update(json.dumps(entry).encode())
    for folder in folders:
        for name in SIDECAR_NAMES:
            side = folder / name
            try:
                h.update(json.dumps(["sidecar", str(side), hashlib.sha256(side.read_bytes()).hexdigest()]).encode())
            except OSError as exc:  # none (the usual case), or unreadable
                h.update(json.dumps(["sidecar", str(side), type(exc).__name__]).encode())
    return h.hexdigest()


def corpus_record(articles: Iterable[Article], skipped: Iterable[Skipped]) -> dict:
    """``(articles, skipped)`` as plain JSON values (every field), for :func:`corpus_from_record`."""
    return {"articles": [dataclasses.asdict(a) for a in articles], "skipped": [[s.path, s.reason] for s in skipped]}


def corpus_from_record(record: dict) -> tuple[list[Article], list[Skipped]]:
    """The ``(articles, skipped)`` of a :func:`corpus_record`; raises ``TypeError``/``KeyError`` on a
    record of another shape."""
    names = {f.name for f in dataclasses.fields(Article)}
    articles = []
    for fields in record["articles"]:
        if set(fields) != names:
            raise KeyError(f"an article record with the fields {sorted(fields)}")
        articles.append(Article(**fields))
    return articles, [Skipped(str(p), str(r)) for p, r in record["skipped"]]


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
