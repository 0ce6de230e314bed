"""The embedded store of analysed articles: an article analysed once is never analysed again.

What each article's analysis gives the tables is kept (:func:`components.tables.rows.doc_rows`: its
sentences, mentions, quotes, stance signals and actors, as compressed JSON, never pickle;
:func:`components.tables.rows.rows_to_bytes`), in an embedded DuckDB file under the key
``(text_hash, analysis_key)``:

- ``text_hash`` is the SHA-256 of the article text (:attr:`Article.text_hash`), so metadata edits
  (title, outlet, date) need no new analysis;
- ``analysis_key`` (:func:`~components.store.keys.analysis_key`) joins the pipeline (model, stages,
  pipeline version, knowledge-file fingerprint, debate) with the model and spaCy versions and a
  fingerprint of the code that makes an analysis, so a changed catalogue or changed code re-analyses.

The tables are then rebuilt from those rows, read back a chunk at a time, by
:class:`components.tables.rows.TableRows` (actor ids are merged corpus-wide), which is what makes a
re-run's export identical. The
finished tables of a corpus are kept too, under :func:`~components.store.keys.corpus_key` (the analysis
key and every article's id, metadata and text hash, in order), as Arrow IPC plus JSON
(:func:`~components.store.table_bytes.tables_to_bytes`), checked
to rebuild the very same DataFrames before it is stored; re-opening an unchanged corpus then costs only reading
them back. What is made from a stored corpus's tables (its briefing: :mod:`components.run.briefing`) is
kept beside them (``reports``), under a key of how it was made, and dropped with them. Only the
:data:`MAX_CORPORA` most recent corpora are kept.

Concurrency: DuckDB lets one process write a file at a time. Every operation opens the file, does
its work in one transaction and closes it again; a process that finds the file locked waits and
retries (:attr:`Store.timeout`). Inside one process a lock per file serialises threads (dashboard
sessions). A file that is not a readable DuckDB database, or has another schema version, is set
aside (renamed ``*.corrupt-<time>`` / ``*.v<N>-<time>``) and a new store is begun, with a warning.
A store that cannot be used at all (read-only folder…) degrades to no store, with a warning: the
analysis itself never fails because of its cache.

All SQL is constant text with ``?`` parameters; no value is ever formatted into a query.
"""
from __future__ import annotations

import os
import threading
import time
import warnings
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import duckdb
import pandas as pd

from .table_bytes import tables_from_bytes, tables_to_bytes

SCHEMA_VERSION = 1
APP_NAME = "debate-briefing"
STORE_ENV = "BRIEFING_STORE"

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS store_info (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "CREATE TABLE IF NOT EXISTS analyses (text_hash VARCHAR, analysis_key VARCHAR, article_id VARCHAR, "
    "doc BLOB, stored_at TIMESTAMP DEFAULT current_timestamp, PRIMARY KEY (text_hash, analysis_key))",
    "CREATE TABLE IF NOT EXISTS corpora (corpus_key VARCHAR PRIMARY KEY, tables BLOB, n_articles INTEGER, "
    "stored_at TIMESTAMP DEFAULT current_timestamp)",
    # added beside schema version 1 (an older store simply gains the table): what was made from a
    # corpus's tables, such as its briefing, under a key of how it was made
    "CREATE TABLE IF NOT EXISTS reports (corpus_key VARCHAR, report_key VARCHAR, body BLOB, "
    "stored_at TIMESTAMP DEFAULT current_timestamp, PRIMARY KEY (corpus_key, report_key))",
)
MAX_CORPORA = 20
#: the most reports (briefings) kept per corpus
MAX_REPORTS = 20
_PROCESS_LOCKS: dict[str, threading.RLock] = {}
_PROCESS_LOCKS_GUARD = threading.Lock()


class StoreWarning(UserWarning):
    """A store was set aside, or could not be used; the analysis went on."""


def default_store_path() -> Path:
    """``$BRIEFING_STORE`` if set, else ``analyses.duckdb`` in the per-user data folder
    (``platformdirs.user_data_dir("debate-briefing")``)."""
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "analyses.duckdb"


# --------------------------------------------------------------------------------------------------
# the store


def _is_lock_error(exc: BaseException) -> bool:
    msg = str(exc).lower()
    return "could not set lock" in msg or "conflicting lock" in msg


class Store:
    """Analysed articles in a DuckDB file at ``path`` (default :func:`default_store_path`).

    ``timeout`` is how long (seconds) an operation waits for another process's write lock.
    """

    def __init__(self, path: str | os.PathLike | None = None, *, timeout: float = 120.0):
        self.path = Path(path).expanduser() if path else default_store_path()
        self.timeout = timeout
        self.disabled = False
        self._ready = False
        key = str(self.path.resolve())
        with _PROCESS_LOCKS_GUARD:
            self._lock = _PROCESS_LOCKS.setdefault(key, threading.RLock())

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # -- connections -------------------------------------------------------------------------------

    @contextmanager
    def _connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """An open connection (schema checked), closed on exit; waits out other writers."""
        with self._lock:
            con = self._open()
            try:
                yield con
            finally:
                con.close()

    def _open(self) -> duckdb.DuckDBPyConnection:
        delay, deadline = 0.05, time.monotonic() + self.timeout
        set_aside = False
        while True:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                con = duckdb.connect(str(self.path))
            except duckdb.Error as exc:
                if _is_lock_error(exc):
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"the store {self.path} stayed locked by another process "
                                           f"for {self.timeout:.0f} s") from exc
                    time.sleep(delay)
                    delay = min(delay * 2, 1.0)
                    continue
                if set_aside:
                    raise
                self._set_aside("corrupt", f"it could not be opened ({exc})")
                set_aside = True
                continue
            if self._ready:
                return con
            try:
                problem = self._check_schema(con)
            except duckdb.Error as exc:
                problem = ("corrupt", f"it could not be read ({exc})")
            if problem is None:
                self._ready = True
                return con
            con.close()
            if set_aside:
                raise RuntimeError(f"a fresh store at {self.path} failed its own check: {problem[1]}")
            self._set_aside(*problem)
            set_aside = True

    def _check_schema(self, con: duckdb.DuckDBPyConnection) -> tuple[str, str] | None:
        """None if the store is usable (creating its tables if new), else ``(tag, why)``."""
        for stmt in _SCHEMA:
            con.execute(stmt)
        row = con.execute("SELECT value FROM store_info WHERE key = ?", ["schema_version"]).fetchone()
        if row is None:
            n = con.execute("SELECT count(*) FROM analyses").fetchone()[0]
            if n:
                return "corrupt", "it holds analyses but no schema version"
            con.execute("INSERT INTO store_info VALUES (?, ?)", ["schema_version", str(SCHEMA_VERSION)])
            return None
        if row[0] != str(SCHEMA_VERSION):
            return f"v{row[0]}", f"it has schema version {row[0]}, this program uses {SCHEMA_VERSION}"
        cols = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            ["analyses"]).fetchall()]
        if cols[:4] != ["text_hash", "analysis_key", "article_id", "doc"]:
            return "corrupt", f"its analyses table has unexpected columns {cols}"
        return None

    def _set_aside(self, tag: str, why: str) -> None:
        """Rename the store file (and its WAL) out of the way so a new one can be begun."""
        if self.path.exists() and not self.path.is_file():
            raise OSError(f"{self.path} is not a file")
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.{tag}-{stamp}-{os.getpid()}")
        for suffix in ("", ".wal"):
            try:
                os.replace(Path(str(self.path) + suffix), Path(str(target) + suffix))
            except FileNotFoundError:  # no WAL, or another process set it aside first
                pass
        warnings.warn(f"The analysis store {self.path} was set aside as {target.name} because {why}; "
                      "a new store is begun and articles will be analysed again.", StoreWarning, stacklevel=4)

    def _guard(self, what: str, fn, default):
        """Run ``fn``; if the store cannot be used, warn once, disable it and return ``default``."""
        if self.disabled:
            return default
        try:
            return fn()
        except (OSError, RuntimeError, duckdb.Error) as exc:
            self.disabled = True
            warnings.warn(f"The analysis store {self.path} cannot be used ({what}: {exc}); "
                          "continuing without it.", StoreWarning, stacklevel=3)
            return default

    # -- reading and writing -----------------------------------------------------------------------

    def get(self, text_hashes: Sequence[str], key: str) -> dict[str, bytes]:
        """The stored analysis bytes for each of ``text_hashes`` analysed under ``key`` (missing ones absent)."""
        if not text_hashes:
            return {}

        def run():
            with self._connect() as con:
                rows = con.execute("SELECT text_hash, doc FROM analyses WHERE analysis_key = ? "
                                   "AND list_contains(?, text_hash)", [key, list(text_hashes)]).fetchall()
            return {h: bytes(d) for h, d in rows}
        return self._guard("reading", run, {})

    def put(self, rows: Iterable[tuple[str, str, str, bytes]]) -> int:
        """Store ``(text_hash, key, article_id, analysis_bytes)`` rows in one transaction; return how many."""
        rows = list(rows)
        if not rows:
            return 0

        def run():
            with self._connect() as con:
                con.execute("BEGIN TRANSACTION")
                try:
                    con.executemany("INSERT OR REPLACE INTO analyses (text_hash, analysis_key, article_id, doc) "
                                    "VALUES (?, ?, ?, ?)", rows)
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
            return len(rows)
        return self._guard("writing", run, 0)

    def get_tables(self, corpus: str) -> dict[str, pd.DataFrame] | None:
        """The finished tables stored under the corpus key ``corpus``, or None."""
        def run():
            with self._connect() as con:
                row = con.execute("SELECT tables FROM corpora WHERE corpus_key = ?", [corpus]).fetchone()
            return row and bytes(row[0])
        data = self._guard("reading", run, None)
        if not data:
            return None
        try:
            return tables_from_bytes(data)
        except Exception:  # a damaged or older entry: the tables are rebuilt
            return None

    def put_tables(self, corpus: str, tables: dict[str, pd.DataFrame], n_articles: int = 0) -> bool:
        """Keep a corpus's finished tables (if they serialise exactly); drop all but the
        :data:`MAX_CORPORA` most recent corpora. Return whether they were stored."""
        data = tables_to_bytes(tables)
        if data is None:
            return False

        def run():
            with self._connect() as con:
                con.execute("BEGIN TRANSACTION")
                con.execute("INSERT OR REPLACE INTO corpora (corpus_key, tables, n_articles) VALUES (?, ?, ?)",
                            [corpus, data, n_articles])
                con.execute("DELETE FROM corpora WHERE corpus_key NOT IN (SELECT corpus_key FROM corpora "
                            "ORDER BY stored_at DESC LIMIT ?)", [MAX_CORPORA])
                con.execute("DELETE FROM reports WHERE corpus_key NOT IN (SELECT corpus_key FROM corpora)")
                con.execute("COMMIT")
            return True
        return self._guard("writing", run, False)

    def get_report(self, corpus: str, key: str) -> str | None:
        """The report (a briefing's text) stored for the corpus key ``corpus`` under ``key``, or None."""
        def run():
            with self._connect() as con:
                row = con.execute("SELECT body FROM reports WHERE corpus_key = ? AND report_key = ?",
                                  [corpus, key]).fetchone()
            return row and bytes(row[0])
        data = self._guard("reading", run, None)
        if not data:
            return None
        try:
            return zlib.decompress(data).decode("utf-8")
        except (zlib.error, UnicodeDecodeError):  # a damaged entry: the report is made again
            return None

    def put_report(self, corpus: str, key: str, text: str) -> bool:
        """Keep ``text`` for the stored corpus ``corpus`` under ``key`` (only while the corpus's tables
        are stored; at most :data:`MAX_REPORTS` per corpus). Return whether it was stored."""
        data = zlib.compress(text.encode("utf-8"))

        def run():
            with self._connect() as con:
                con.execute("BEGIN TRANSACTION")
                con.execute("INSERT OR REPLACE INTO reports (corpus_key, report_key, body) "
                            "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM corpora WHERE corpus_key = ?)",
                            [corpus, key, data, corpus])
                con.execute("DELETE FROM reports WHERE corpus_key = ? AND report_key NOT IN (SELECT report_key "
                            "FROM reports WHERE corpus_key = ? ORDER BY stored_at DESC LIMIT ?)",
                            [corpus, corpus, MAX_REPORTS])
                stored = con.execute("SELECT count(*) FROM reports WHERE corpus_key = ? AND report_key = ?",
                                     [corpus, key]).fetchone()[0]
                con.execute("COMMIT")
            return bool(stored)
        return self._guard("writing", run, False)

    def count(self, key: str | None = None) -> int:
        """How many analyses the store holds (under ``key`` if given)."""
        def run():
            with self._connect() as con:
                if key is None:
                    return con.execute("SELECT count(*) FROM analyses").fetchone()[0]
                return con.execute("SELECT count(*) FROM analyses WHERE analysis_key = ?", [key]).fetchone()[0]
        return self._guard("counting", run, 0)

    def prune(self, keep_key: str) -> int:
        """Delete analyses made under any key but ``keep_key`` (an older pipeline); return how many."""
        def run():
            with self._connect() as con:
                n = con.execute("SELECT count(*) FROM analyses WHERE analysis_key <> ?", [keep_key]).fetchone()[0]
                con.execute("DELETE FROM analyses WHERE analysis_key <> ?", [keep_key])
            return n
        return self._guard("pruning", run, 0)


def open_store(store: "Store | str | os.PathLike | bool | None") -> Store | None:
    """``store`` as a :class:`Store`: a Store as is, a path opened, ``True`` the default store,
    ``None``/``False`` no store."""
    if store is None or store is False:
        return None
    if isinstance(store, Store):
        return store
    if store is True:
        return Store()
    return Store(store)
