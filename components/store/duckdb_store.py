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
:data:`MAX_CORPORA` most recent corpora are kept. What reading a corpus's folders gave (its articles,
near-duplicates flagged, and its skipped files: :mod:`components.run.reading`) is kept under a
fingerprint of the files read (``readings``), so reopening unchanged folders reads their bytes but
does not decode, date or compare them again.

Concurrency: DuckDB lets one process write a file at a time. Every operation opens the file, does
its work in one transaction and closes it again; a process that finds the file locked waits and
retries (:attr:`Store.timeout`). Inside one process a lock per file serialises threads (dashboard
sessions).

Faults (:class:`Store`): a file that is not a readable DuckDB database (found when it is opened or
read) or has another schema version is set aside (renamed ``*.corrupt-<time>`` / ``*.v<N>-<time>``)
and a new store is begun; a file this process may not write is opened read-only, never renamed; a
file deleted while in use is begun again; a store that cannot be used at all degrades to no store.
Each with one warning in plain words: the analysis itself never fails because of its cache.

All SQL is constant text with ``?`` parameters; no value is ever formatted into a query.
"""
from __future__ import annotations

import errno
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
    # added beside schema version 1 likewise: what reading a corpus's folders gave (its articles and
    # skipped files, :mod:`components.run.reading`), under a fingerprint of the files read
    "CREATE TABLE IF NOT EXISTS readings (reading_key VARCHAR PRIMARY KEY, body BLOB, "
    "stored_at TIMESTAMP DEFAULT current_timestamp)",
)
MAX_CORPORA = 20
#: the most reports (briefings) kept per corpus
MAX_REPORTS = 20
#: the most readings of folders kept
MAX_READINGS = 20
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


_PERMISSION_WORDS = ("permission denied", "read-only file system", "operation not permitted",
                     "cannot open database in read-only mode", "read only")
_DAMAGE_WORDS = ("could not read enough bytes", "checksum", "corrupt", "not a valid duckdb database",
                 "invalid database", "failed to read database header", "unexpected end of file",
                 "the file is not a valid", "serialization", "deserializ")


def fault_of(exc: BaseException) -> str:
    """What kind of failure ``exc`` is, for the store: ``"lock"`` (another process writes),
    ``"permission"`` (no right to read or write the file or its folder), ``"missing"`` (the store's
    tables are gone: the file was deleted or replaced while in use), ``"damaged"`` (the file cannot be
    read as a database: truncated, overwritten, a failed checksum) or ``"other"``."""
    msg = str(exc).lower()
    if _is_lock_error(exc):
        return "lock"
    if isinstance(exc, PermissionError) or getattr(exc, "errno", None) in (errno.EACCES, errno.EPERM, errno.EROFS) \
            or any(w in msg for w in _PERMISSION_WORDS):
        return "permission"
    if isinstance(exc, duckdb.CatalogException):
        return "missing"
    if isinstance(exc, (duckdb.IOException, duckdb.SerializationException, duckdb.InternalException)) \
            or any(w in msg for w in _DAMAGE_WORDS):
        return "damaged"
    return "other"


def _detail(exc: BaseException) -> str:
    """The first line of an error message, short: the technical detail after a plain sentence."""
    line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return line if len(line) <= 160 else line[:157] + "…"


class StoreUnusable(RuntimeError):
    """The store cannot be used; the message says why in plain words."""


class Store:
    """Analysed articles in a DuckDB file at ``path`` (default :func:`default_store_path`).

    ``timeout`` is how long (seconds) an operation waits for another process's write lock.

    Faults (see :func:`fault_of`), each reported once per Store with a :class:`StoreWarning` in plain
    words, and never a reason to stop the analysis:

    - no permission to write the file or its folder: the store is opened **read-only** (analyses are
      read from it, new ones are not kept); no permission to read it either: **no store**. A file
      that cannot be written is never renamed;
    - a file that is not a readable database (truncated, overwritten, a failed checksum), found when
      it is opened or read: it is **set aside** (renamed ``*.corrupt-<time>``) and a new store is
      begun (the articles are analysed again); a store of another schema version likewise
      (``*.v<N>-<time>``);
    - the file deleted or replaced while in use: a new store is begun where it was;
    - anything else: no store for the rest of the run.
    """

    def __init__(self, path: str | os.PathLike | None = None, *, timeout: float = 120.0):
        self.path = Path(path).expanduser() if path else default_store_path()
        self.timeout = timeout
        self.disabled = False
        #: opened read-only (no permission to write): reads work, writes are skipped
        self.read_only = False
        self._ready = False
        self._set_aside_once = False
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

    def _writable(self) -> bool:
        """Whether this process may write the store file (and its folder, for the write-ahead log)."""
        folder = self.path.parent
        if self.path.exists():
            return os.access(self.path, os.W_OK) and os.access(folder, os.W_OK)
        return not folder.exists() or os.access(folder, os.W_OK)

    def _warn(self, message: str) -> None:
        warnings.warn(message, StoreWarning, stacklevel=5)

    def _go_read_only(self, exc: BaseException | None = None) -> None:
        if not self.read_only:
            self.read_only = True
            self._ready = False
            self._warn(f"The analysis store {self.path} cannot be written (no permission"
                       + (f": {_detail(exc)}" if exc is not None else "") + "); analyses are read from it "
                       "but new ones are not kept.")

    def _open(self) -> duckdb.DuckDBPyConnection:
        delay, deadline = 0.05, time.monotonic() + self.timeout
        if self.path.is_file() and not os.access(self.path, os.R_OK):
            raise StoreUnusable("there is no permission to read it")
        if not self.read_only and self.path.exists() and not self._writable():
            self._go_read_only()
        while True:
            try:
                if not self.read_only:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                con = duckdb.connect(str(self.path), read_only=self.read_only)
            except (duckdb.Error, OSError) as exc:
                fault = fault_of(exc)
                if fault == "lock":
                    if time.monotonic() > deadline:
                        raise StoreUnusable(f"it stayed locked by another process for {self.timeout:.0f} s") from exc
                    time.sleep(delay)
                    delay = min(delay * 2, 1.0)
                    continue
                if fault == "permission":
                    if not self.read_only and self.path.is_file():
                        self._go_read_only(exc)
                        continue
                    raise StoreUnusable(f"there is no permission to {'read' if self.read_only else 'create'} "
                                        f"it ({_detail(exc)})") from exc
                if fault == "damaged" and not self.read_only and not self._set_aside_once:
                    self._set_aside("corrupt", f"it is not a readable database ({_detail(exc)})")
                    continue
                if self.read_only and not self.path.exists():
                    raise StoreUnusable("it does not exist and cannot be created (no permission)") from exc
                raise StoreUnusable(f"it could not be opened ({_detail(exc)})") from exc
            if self._ready:
                return con
            try:
                problem = self._check_schema(con)
            except duckdb.Error as exc:
                if fault_of(exc) == "permission" and not self.read_only:
                    con.close()
                    self._go_read_only(exc)
                    continue
                problem = ("corrupt", f"it is not a readable database ({_detail(exc)})")
            if problem is None:
                self._ready = True
                return con
            con.close()
            if self.read_only or self._set_aside_once:
                raise StoreUnusable(problem[1])
            self._set_aside(*problem)

    def _check_schema(self, con: duckdb.DuckDBPyConnection) -> tuple[str, str] | None:
        """None if the store is usable (creating its tables if new), else ``(tag, why)``."""
        if self.read_only:
            tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
            if not {"store_info", "analyses", "corpora"} <= tables:
                return "incomplete", "it is not a store of analysed articles"
        else:
            for stmt in _SCHEMA:
                con.execute(stmt)
        row = con.execute("SELECT value FROM store_info WHERE key = ?", ["schema_version"]).fetchone()
        if row is None:
            n = con.execute("SELECT count(*) FROM analyses").fetchone()[0]
            if n:
                return "corrupt", "it holds analyses but no schema version"
            if not self.read_only:
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
        """Rename the store file (and its WAL) out of the way so a new one can be begun (once per
        Store: a second failure means the problem is not the file)."""
        self._set_aside_once = True
        self._ready = False
        if self.path.exists() and not self.path.is_file():
            raise StoreUnusable(f"{self.path} is not a file")
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.{tag}-{stamp}-{os.getpid()}")
        for suffix in ("", ".wal"):
            try:
                os.replace(Path(str(self.path) + suffix), Path(str(target) + suffix))
            except FileNotFoundError:  # no WAL, or another process set it aside first
                pass
            except OSError as exc:  # no permission to rename: leave the file as it is
                raise StoreUnusable(f"{why}, and it could not be set aside ({_detail(exc)})") from exc
        self._warn(f"The analysis store {self.path} was set aside as {target.name} because {why}; "
                   "a new store is begun and articles will be analysed again.")

    def _guard(self, what: str, fn, default, *, writes: bool = False):
        """Run ``fn`` (one operation on the store). A fault is handled as the class docstring says:
        the operation is tried once more on a store begun anew (file damaged, or deleted while in
        use), or the store goes read-only (no permission to write) or is left aside for the rest of
        the run; each with one plain warning. Returns ``default`` when the operation cannot run."""
        if self.disabled or (writes and self.read_only):
            return default
        for attempt in (1, 2):
            try:
                return fn()
            except StoreUnusable as exc:
                return self._disable(what, str(exc), default)
            except (OSError, RuntimeError, duckdb.Error) as exc:
                fault = fault_of(exc)
                if attempt == 1 and fault == "missing":
                    self._ready = False  # deleted or replaced while in use: its tables are made again
                    self._warn(f"The analysis store {self.path} disappeared (deleted or replaced) while in use; "
                               "a new one is begun.")
                    continue
                if attempt == 1 and fault == "damaged" and not self.read_only and not self._set_aside_once:
                    try:
                        with self._lock:
                            self._set_aside("corrupt", f"it could not be read ({_detail(exc)})")
                    except StoreUnusable as why:
                        return self._disable(what, str(why), default)
                    continue
                if fault == "permission" and writes and not self.read_only:
                    self._go_read_only(exc)
                    return default
                return self._disable(what, f"{_detail(exc)}", default)
        return default

    def _disable(self, what: str, why: str, default):
        self.disabled = True
        self._warn(f"The analysis store {self.path} cannot be used for {what} ({why}); "
                   "the analysis goes on without it.")
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
        # one statement over four lists (DuckDB's executemany runs one statement per row, ~3 ms each);
        # a key given twice keeps its last row, as row-by-row replacing did
        columns = [list(c) for c in zip(*{(r[0], r[1]): r for r in rows}.values())]

        def run():
            with self._connect() as con:
                con.execute("BEGIN TRANSACTION")
                try:
                    con.execute("INSERT OR REPLACE INTO analyses (text_hash, analysis_key, article_id, doc) "
                                "SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
                                "unnest(?::BLOB[])", columns)
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
            return len(rows)
        return self._guard("writing", run, 0, writes=True)

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
        return self._guard("writing", run, False, writes=True)

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

    def get_reading(self, key: str) -> bytes | None:
        """The reading of a corpus's files stored under ``key`` (as :meth:`put_reading` got it), or None."""
        def run():
            with self._connect() as con:
                if not con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                                   ["readings"]).fetchone()[0]:  # an older store opened read-only
                    return None
                row = con.execute("SELECT body FROM readings WHERE reading_key = ?", [key]).fetchone()
            return row and bytes(row[0])
        data = self._guard("reading", run, None)
        if not data:
            return None
        try:
            return zlib.decompress(data)
        except zlib.error:  # a damaged entry: the files are read again
            return None

    def put_reading(self, key: str, body: bytes) -> bool:
        """Keep ``body`` (what reading a corpus's files gave) under ``key``; drop all but the
        :data:`MAX_READINGS` most recent. Return whether it was stored."""
        data = zlib.compress(body)

        def run():
            with self._connect() as con:
                con.execute("BEGIN TRANSACTION")
                con.execute("INSERT OR REPLACE INTO readings (reading_key, body) VALUES (?, ?)", [key, data])
                con.execute("DELETE FROM readings WHERE reading_key NOT IN (SELECT reading_key FROM readings "
                            "ORDER BY stored_at DESC LIMIT ?)", [MAX_READINGS])
                con.execute("COMMIT")
            return True
        return self._guard("writing", run, False, writes=True)

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
        return self._guard("pruning", run, 0, writes=True)


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
