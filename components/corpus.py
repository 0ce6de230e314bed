"""Reading articles: files and folders in, :class:`Article` records out.

An article's id is its file name without the extension. Its text is kept exactly as decoded, so that
every character offset the pipeline reports indexes into ``Article.text``. Metadata comes from an
optional sidecar ``metadata.csv`` (``id,title,outlet,date,url``) in the article's folder; what it
does not give is inferred from the text itself (:func:`infer_metadata`), else ``"unknown"``.

Bad input never raises out of :func:`load_corpus`: each skipped file is reported as a
:class:`Skipped` record with a reason a person can read.
"""
from __future__ import annotations

import csv
import hashlib
import html
import re
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Iterable

import numpy
from rapidfuzz import fuzz

from .knowledge import Knowledge, load_knowledge

UNKNOWN = "unknown"
SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass
class Article:
    """One article: its id, decoded text and metadata."""

    id: str
    text: str
    title: str = UNKNOWN
    outlet: str = UNKNOWN
    date: str = UNKNOWN
    url: str = UNKNOWN
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
# decoding


class BadInput(ValueError):
    """Raised by :func:`decode_bytes` / :func:`article_from_bytes` with a reason a person can read."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode article bytes to text; return ``(text, encoding)``.

    UTF-8 (with or without BOM) first; UTF-16 with or without BOM; otherwise the encoding
    charset-normalizer detects, or cp1252 when that reads as plausible Western text (curly quotes
    0x93/0x94, accents) and the detector's choice does not read better; cp1252 as a last resort.
    Raises :class:`BadInput` for empty or binary data.
    """
    if not data or not data.strip():
        raise BadInput("the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    if b"\x00" in data[:8192]:
        raise BadInput("the file looks binary (it contains NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # pragma: no cover - the detector itself failed
        best = None
    if best is not None and best.encoding:
        text = str(best)
        # charset-normalizer sometimes picks an exotic code page for short Western texts; prefer
        # cp1252 when it decodes cleanly and gives the same letters.
        try:
            cp = data.decode("cp1252")
            if best.encoding not in ("cp1252", "windows_1252") and _plausible_western(cp) and \
                    _latin_score(cp) >= _latin_score(text):
                return cp, "cp1252"
        except UnicodeDecodeError:
            pass
        return text, best.encoding
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise BadInput(f"the file's encoding could not be recognised ({exc.reason})") from exc


def _latin_score(text: str) -> float:
    if not text:
        return 0.0
    good = sum(1 for c in text if c.isascii() or c in "’‘“”–—…éèêàâçôîïüöäßñ€£")
    return good / len(text)


def _plausible_western(text: str, max_accented: float = 0.15) -> bool:
    """Whether ``text`` reads as a Western-European language: its letters are mostly ASCII.

    A Cyrillic or Greek text decoded as cp1252 turns every letter into an accented Latin one
    ("Ïðåçèäåíò"); real English, German or French has a few accented letters at most.
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    return sum(1 for c in letters if not c.isascii()) / len(letters) <= max_accented


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` for BOM-less UTF-16 text of a Latin-script language (every
    other byte NUL), else None."""
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2 or sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > 0.9 * half and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.9 * half and odd.count(0) == 0:
        return "utf-16-be"
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters other than \t \n \f \r


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:4096]
    return len(_CONTROL.findall(sample)) / len(sample) > 0.05


# --------------------------------------------------------------------------------------------------
# HTML and Markdown


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Main text of an HTML page, markup dropped, scripts and styles removed; ``(text, title)``.

    Paragraph-like blocks become lines. Nothing in the page is executed.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
                     "nav", "footer", "header", "aside", "form", "button"]):
        tag.decompose()
    title = None
    if soup.title and soup.title.string:
        title = " ".join(soup.title.string.split())
    h1 = soup.find("h1")
    if h1 and h1.get_text(strip=True):
        title = " ".join(h1.get_text(" ", strip=True).split())
    root = soup.find("article") or soup.find("main") or soup.body or soup
    blocks = []
    for el in root.find_all(["h1", "h2", "h3", "h4", "p", "li", "blockquote", "figcaption", "pre"]):
        if el.find(["p", "li", "blockquote"]):
            continue  # a container; its children are taken one by one
        line = " ".join(el.get_text(" ", strip=True).split())
        if line:
            blocks.append(line)
    if not blocks:
        blocks = [" ".join(line.split()) for line in root.get_text("\n").splitlines() if line.strip()]
    return html.unescape("\n\n".join(blocks)), title


_MD_MARKUP = [
    # inline HTML: scripts, styles and frames with their content, then any other tag
    (re.compile(r"<(script|style|iframe|object|embed|template|noscript)\b.*?(</\1\s*>|\Z)", re.I | re.S), ""),
    (re.compile(r"<!--.*?(-->|\Z)", re.S), ""),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>"), ""),
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.M), ""),
    (re.compile(r"!\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s[^)]*)?\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^()]*\))*(?:\s[^)]*)?\)"), r"\1"),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),
]


def markdown_to_text(markup: str) -> str:
    """Markdown with its markup (headings, links, emphasis, block quotes, inline HTML) dropped, words
    kept; the content of inline ``<script>``/``<style>`` elements is dropped too."""
    text = markup
    for pattern, repl in _MD_MARKUP:
        text = pattern.sub(repl, text)
    return html.unescape(text)


# --------------------------------------------------------------------------------------------------
# metadata inference


_DATE_LINE = re.compile(r"^\s*date\s*[:=]?\s*(\d{4}-\d{2}-\d{2})\b", re.I | re.M)
_ISO_DATE = re.compile(r"\b(20\d{2}|19\d{2})-(\d{2})-(\d{2})\b")
_MONTHS = ("january february march april may june july august september october november december").split()
_LONG_DATE = re.compile(r"\b(" + "|".join(m.capitalize() for m in _MONTHS) + r")\.?\s+(\d{1,2}),\s+(\d{4})\b")
# "WASHINGTON —", "BERLIN (Reuters) -", "KYIV, Ukraine (AP) —": place, optional outlet in brackets
DATELINE = re.compile(r"[ \t]*([A-Z][A-Z .'’-]{2,40}?)(?:,\s*[A-Z][A-Za-z .]{1,30}?)?\s*(?:\(([A-Za-z. ]+)\))?\s*[—–-]{1,2}\s+")


def dateline_at(text: str, pos: int = 0) -> re.Match | None:
    """The dateline starting the line that holds character ``pos`` of ``text``, if any."""
    return DATELINE.match(text, text.rfind("\n", 0, pos) + 1)
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+)\.(?:com|co\.uk|org|net)\b", re.I)
_CONTRIB = re.compile(r"\b([A-Z][\w&.]*(?:\s[A-Z][\w&.]*)*)[’']s\s+[A-Z][\w.-]+(?:\s[A-Z][\w.-]+)*"
                      r"(?:,?\s+(?:and\s+)?[A-Z][\w.-]+(?:\s[A-Z][\w.-]+)*)*\s+contributed to this report")


def infer_metadata(text: str, knowledge: Knowledge | None = None) -> dict[str, str]:
    """What the text itself shows of ``title``, ``outlet``, ``date`` and ``dateline``.

    - date: a ``date YYYY-MM-DD`` line, else the first ISO date, else the first "Month D, YYYY".
    - outlet: an e-mail sign-off ("Write to … @wsj.com") or a contributor line ("ABC's … contributed
      to this report"), mapped through the outlet table in the knowledge files.
    - title: a headline-like first line (short, no final full stop).
    - dateline: "WASHINGTON —" or "BERLIN (Reuters) -" at the start of one of the first lines; the
      outlet in brackets is the outlet when no sign-off names one.
    Keys that cannot be inferred are absent.
    """
    knowledge = knowledge or load_knowledge()
    meta: dict[str, str] = {}
    m = _DATE_LINE.search(text[:400])
    if m:
        meta["date"] = m.group(1)
    else:
        m = _ISO_DATE.search(text)
        if m:
            meta["date"] = m.group(0)
        else:
            m = _LONG_DATE.search(text)
            if m:
                month = _MONTHS.index(m.group(1).lower()) + 1
                meta["date"] = f"{m.group(3)}-{month:02d}-{int(m.group(2)):02d}"
    outlet = None
    for m in _EMAIL.finditer(text):
        outlet = knowledge.outlets_by_domain.get(m.group(1).lower())
        if outlet:
            break
    if not outlet:
        m = _CONTRIB.search(text)
        if m:
            key = m.group(1)
            outlet = knowledge.outlets_by_name.get(key.lower(), key)
    if outlet:
        meta["outlet"] = outlet
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first = _DATE_LINE.sub("", first).strip() if _DATE_LINE.match(first) else first
    first = re.sub(r"^\s*date\s*[:=]?\s*\d{4}-\d{2}-\d{2}\s*", "", first, flags=re.I)
    words = first.split()
    if 3 <= len(words) <= 25 and not first.endswith((".", "”", '"', "’")) or (
            3 <= len(words) <= 20 and first.endswith(".") and first.count(".") == 1 and not
            re.search(r"\bsaid\b", first) and len(text.splitlines()) > 2 and
            len(first) < 0.2 * len(text) and _is_set_apart(text, first)):
        meta["title"] = first
    for line_start in [0] + [m.end() for m in re.finditer(r"\n", text[:600])][:3]:
        m = dateline_at(text, line_start)
        if m:
            meta["dateline"] = m.group(1).strip().title()
            if m.group(2) and "outlet" not in meta:
                meta["outlet"] = knowledge.outlets_by_name.get(m.group(2).strip().lower(), m.group(2).strip())
            break
    return meta


def _is_set_apart(text: str, first: str) -> bool:
    """A first line followed by a blank line reads as a headline or standfirst."""
    after = text.split(first, 1)[1][:4]
    return after.startswith(("\n\n", "\r\n\r\n"))


def read_sidecar(folder: Path) -> dict[str, dict[str, str]]:
    """``metadata.csv`` in ``folder`` as ``{id: {title, outlet, date, url}}``; empty values dropped."""
    path = folder / "metadata.csv"
    if not path.is_file():
        return {}
    rows: dict[str, dict[str, str]] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            aid = (row.get("id") or "").strip()
            if aid:
                rows[aid] = {k: (v or "").strip() for k, v in row.items()
                             if k in ("title", "outlet", "date", "url") and (v or "").strip()}
    return rows


# --------------------------------------------------------------------------------------------------
# building articles


def article_from_bytes(data: bytes, name: str, *, path: str = "", meta: dict[str, str] | None = None,
                       knowledge: Knowledge | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Build an :class:`Article` from raw bytes; raise :class:`BadInput` with a reason if it can't be."""
    if len(data) > max_bytes:
        raise BadInput(f"the file is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit")
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES and suffix not in ("", ".text"):
        raise BadInput(f"'{suffix}' files are not supported (use .txt, .md, .html or .pdf)")
    fmt = "txt"
    html_title = None
    if suffix == ".pdf" or data.startswith(b"%PDF-"):
        from .pdf import pdf_to_text

        try:
            text, html_title = pdf_to_text(data)
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
        text, html_title = html_to_text(text)
        fmt = "html"
    elif suffix == ".md":
        text = markdown_to_text(text)
        fmt = "md"
    if not text.strip():
        raise BadInput("the file holds no text")
    aid = Path(name).stem if suffix else Path(name).name
    inferred = infer_metadata(text, knowledge)
    if html_title:
        inferred.setdefault("title", html_title)
    given = meta or {}
    art = Article(
        id=aid, text=text, path=path or name, source_format=fmt,
        title=given.get("title") or inferred.get("title", UNKNOWN),
        outlet=given.get("outlet") or inferred.get("outlet", UNKNOWN),
        date=given.get("date") or inferred.get("date", UNKNOWN),
        url=given.get("url") or UNKNOWN,
    )
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


def load_corpus(paths: Iterable[str | Path], *, knowledge: Knowledge | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Article], list[Skipped]]:
    """Read every article under ``paths``; return ``(articles, skipped)``.

    Duplicate ids get a numeric suffix; byte-identical texts are read once. Near-duplicates are
    flagged by :func:`flag_near_duplicates`.
    """
    knowledge = knowledge or load_knowledge()
    articles: list[Article] = []
    skipped: list[Skipped] = []
    sidecars: dict[Path, dict] = {}
    for f in iter_article_files(paths):
        if not f.exists():
            skipped.append(Skipped(str(f), "no such file or folder"))
            continue
        if f.name == "metadata.csv":
            continue
        folder = f.parent
        if folder not in sidecars:
            try:
                sidecars[folder] = read_sidecar(folder)
            except (OSError, UnicodeDecodeError, csv.Error) as exc:
                sidecars[folder] = {}
                skipped.append(Skipped(str(folder / "metadata.csv"), f"metadata.csv unreadable: {exc}"))
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


def _shingles(text: str, k: int = 5) -> set[int]:
    """The hashes of the ``k``-word runs of ``text`` (lower-cased words)."""
    words = re.findall(r"\w+", text.lower())
    return {hash(tuple(words[i:i + k])) for i in range(max(0, len(words) - k + 1))}


def flag_near_duplicates(articles: list[Article], threshold: float = 0.3, containment_min: float = 0.35) -> None:
    """Set ``duplicate_of`` on each article that is another version of an earlier one.

    Two articles are near-duplicates when their 5-word shingles overlap: Jaccard similarity of at
    least ``threshold``, or at least ``containment_min`` of the shorter one's shingles found in the
    other (an updated version of a story that adds or drops paragraphs), confirmed by a rapidfuzz
    token-set ratio of at least 80. Different stories on one debate share almost no 5-word runs
    (under 0.05 on the seeds), two versions of one story share well over half of the shorter one.
    The first article of a group (in corpus order) is the original.

    The overlaps come from an inverted index of the originals' shingles (counted with
    ``numpy.bincount``), so the cost grows with the shingles articles share, not with the number of
    pairs: a corpus of distinct stories is checked in about linear time.
    """
    postings: dict[int, list[int]] = {}  # shingle → positions (in ``originals``) of the originals holding it
    originals: list[int] = []  # article indices of the originals so far
    sizes: list[int] = []  # their shingle counts
    for j, b in enumerate(articles):
        b.duplicate_of = None
        sb = _shingles(b.text)
        if sb and originals:
            shared = [postings[s] for s in sb if s in postings]
            if shared:
                overlap = numpy.bincount(numpy.fromiter(chain.from_iterable(shared), dtype=numpy.int64),
                                         minlength=len(originals))
                size_a = numpy.asarray(sizes)
                union = size_a + len(sb) - overlap
                passed = (overlap > 0) & ((overlap / union >= threshold) |
                                          (overlap / numpy.maximum(numpy.minimum(size_a, len(sb)), 1) >= containment_min))
                for k in numpy.flatnonzero(passed).tolist():  # the earliest original first
                    i = originals[k]
                    if fuzz.token_set_ratio(articles[i].text, b.text, score_cutoff=80) >= 80:
                        b.duplicate_of = articles[i].id
                        break
        if b.duplicate_of is None:
            for s in sb:
                postings.setdefault(s, []).append(len(originals))
            originals.append(j)
            sizes.append(len(sb))
