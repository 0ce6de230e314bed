"""Reading folders of articles, reusing the store: unchanged files are not decoded, dated or compared
again.

:func:`read_corpus` is :func:`components.ingest.articles.load_corpus` with its result kept in the
store (``readings``) under a key made of :func:`~components.ingest.articles.corpus_fingerprint` (the
named paths, every file's path and bytes, the sidecar files), the knowledge, the limits, the day, the
code of :mod:`components.ingest` and the versions of the libraries it reads with. Any change to
those reads the files again; otherwise the stored articles are the very ones ``load_corpus`` would
give (every field, the near-duplicate flags included). What is kept is JSON, never pickle.

Reading a corpus costs little per file, except the near-duplicate check, which compares texts
(:func:`components.ingest.duplicates.flag_near_duplicates`): re-sampled or syndicated coverage holds
many versions of one story, each confirmed by a fuzzy comparison of whole texts. Only the folders of
this machine are read through the store; what a dashboard session uploads never is.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Iterable

from ..ingest.articles import (DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, Article, Skipped, corpus_fingerprint,
                               corpus_from_record, corpus_record, load_corpus)
from ..knowledge import Knowledge
from ..store import Store, open_store
from ..store.keys import PACKAGE_DIR, analysis_modules

#: the libraries whose version can change what reading a file gives (fuzzy comparison, HTML and PDF text)
READING_LIBRARIES = ("rapidfuzz", "trafilatura", "pypdf")


@lru_cache(maxsize=1)
def reading_code() -> str:
    """A hash of the code that reads articles (:mod:`components.ingest` and what it imports) and of
    the versions of :data:`READING_LIBRARIES`."""
    h = hashlib.sha256()
    for f in analysis_modules(PACKAGE_DIR, ("ingest",)):
        h.update(f.relative_to(PACKAGE_DIR).as_posix().encode())
        h.update(f.read_bytes())
    for lib in READING_LIBRARIES:
        try:
            h.update(f"{lib}={metadata.version(lib)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib}=none".encode())
    return h.hexdigest()


def reading_key(paths: Iterable[str | Path], *, knowledge: Knowledge, max_bytes: int = DEFAULT_MAX_BYTES,
                max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """The key the reading of ``paths`` is kept under (see the module docstring); reads the files."""
    parts = [corpus_fingerprint(paths, max_bytes=max_bytes), knowledge.fingerprint, str(max_bytes), str(max_chars),
             dt.date.today().isoformat(), reading_code()]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def read_corpus(paths: Iterable[str | Path], *, knowledge: Knowledge,
                store: "Store | str | os.PathLike | bool | None" = None, max_bytes: int = DEFAULT_MAX_BYTES,
                max_chars: int = DEFAULT_MAX_CHARS) -> tuple[list[Article], list[Skipped]]:
    """``load_corpus(paths, …)``, read back from ``store`` when these very files were read before
    (and kept there; see the module docstring). Without a store, ``load_corpus`` itself."""
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    store = open_store(store)
    if store is None:
        return load_corpus(paths, knowledge=knowledge, max_bytes=max_bytes, max_chars=max_chars)
    key = reading_key(paths, knowledge=knowledge, max_bytes=max_bytes, max_chars=max_chars)
    body = store.get_reading(key)
    if body is not None:
        try:
            return corpus_from_record(json.loads(body))
        except (ValueError, TypeError, KeyError):  # a damaged or older entry: the files are read again
            pass
    articles, skipped = load_corpus(paths, knowledge=knowledge, max_bytes=max_bytes, max_chars=max_chars)
    if not any(a.private for a in articles):
        store.put_reading(key, json.dumps(corpus_record(articles, skipped)).encode("utf-8"))
    return articles, skipped
