"""Reading and analysing untrusted articles in a separate process, with a time limit per article.

The dashboard serves every session from one Python process. A file that takes minutes to read or
analyse would hold that process (and, through the GIL, every other session) for as long as it runs.
:class:`IsolatedWorker` runs the work in a child process of its own instead (``python -m
components.run.isolated``, started on first use and kept): each request waits at most its time limit,
after which the child is killed and the caller gets a reason a person can read
(:class:`WorkerTimeout`); the next request starts a fresh child. Requests from several threads are
served one at a time.

What crosses between the processes: the file's name and bytes, a metadata file's text or the article
text one way, an :class:`~components.ingest.articles.Article` (or the reason it could not be read), the
metadata file's rows or the analysis's table rows (:func:`~components.tables.rows.rows_to_bytes`) the
other way. The child is our own
program; nothing it receives is executed.
"""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: seconds allowed to read one file, and to analyse one article (defaults; see IsolatedWorker)
READ_TIMEOUT = 30.0
ANALYSE_TIMEOUT = 120.0
#: seconds allowed to start the child and build its pipeline
START_TIMEOUT = 300.0


class WorkerTimeout(RuntimeError):
    """A request ran past its time limit; the child process was stopped."""


class WorkerFailed(RuntimeError):
    """The child process died or answered with an error."""


class IsolatedWorker:
    """A child process that reads files and analyses articles; see the module docstring.

    ``spec`` is what builds the pipeline in the child (:func:`components.run.engines.pipeline_spec`);
    without it the child can read files but not analyse. ``read_timeout``/``analyse_timeout`` are
    the limits per file and per article, in seconds.
    """

    def __init__(self, spec: dict | None = None, *, read_timeout: float = READ_TIMEOUT,
                 analyse_timeout: float = ANALYSE_TIMEOUT, start_timeout: float = START_TIMEOUT):
        self.spec = dict(spec) if spec else None
        self.read_timeout = read_timeout
        self.analyse_timeout = analyse_timeout
        self.start_timeout = start_timeout
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._send: Connection | None = None
        self._recv: Connection | None = None
        self.key: str | None = None  # the child's analysis key, once its pipeline is built

    # -- requests ---------------------------------------------------------------------------------

    def read(self, data: bytes, name: str, **kwargs):
        """:func:`~components.ingest.articles.article_from_bytes` in the child: an ``Article``; raises
        :class:`~components.ingest.decode.BadInput` with the reason, or :class:`WorkerTimeout`."""
        from ..ingest.decode import BadInput

        status, value = self._request("read", (data, name, kwargs), self.read_timeout,
                                      f"reading the file took longer than {self.read_timeout:g} s; it was stopped")
        if status == "bad":
            raise BadInput(value)
        return value

    def sidecar(self, text: str, name: str):
        """:func:`~components.ingest.metadata.parse_sidecar` of a metadata file's ``text`` in the child:
        a ``Sidecar``; raises :class:`~components.ingest.decode.BadInput` (a file the CSV reader
        refuses) or :class:`WorkerTimeout`."""
        from ..ingest.decode import BadInput

        status, value = self._request("sidecar", (text, name), self.read_timeout,
                                      f"reading the metadata file took longer than {self.read_timeout:g} s; "
                                      "it was stopped")
        if status == "bad":
            raise BadInput(value)
        return value

    def analyse(self, text: str) -> bytes:
        """The table rows of ``text``'s analysis, serialised (:func:`~components.tables.rows.rows_to_bytes`).
        Raises :class:`WorkerTimeout` past the time limit, :class:`WorkerFailed` if the analysis failed."""
        if self.spec is None:
            raise ValueError("this worker was made without a pipeline spec: it cannot analyse")
        _, value = self._request("analyse", text, self.analyse_timeout,
                                 f"the analysis took longer than {self.analyse_timeout:g} s; it was stopped")
        return value

    def close(self) -> None:
        """Stop the child process (a later request starts a new one)."""
        with self._lock:
            self._stop()

    def __del__(self):  # pragma: no cover - best effort at interpreter exit
        try:
            self._stop()
        except Exception:
            pass

    # -- the child --------------------------------------------------------------------------------

    def _request(self, op: str, payload, timeout: float, too_slow: str):
        with self._lock:
            self._ensure_started()
            if op == "analyse" and self.key is None:  # the pipeline is built once per child
                self._send.send_bytes(pickle.dumps(("build", self.spec)))
                status, value = self._answer(self.start_timeout, "the language model did not load in time")
                if status == "error":
                    self._stop()
                    raise WorkerFailed(value)
                self.key = value
            try:
                self._send.send_bytes(pickle.dumps((op, payload), protocol=pickle.HIGHEST_PROTOCOL))
                status, value = self._answer(timeout, too_slow)
            except (OSError, EOFError) as exc:
                self._stop()
                raise WorkerFailed(f"the worker process stopped ({exc})") from exc
        if status == "error":
            raise WorkerFailed(value)
        return status, value

    def _answer(self, timeout: float, too_slow: str):
        if not self._recv.poll(timeout):
            self._stop()
            raise WorkerTimeout(too_slow)
        return pickle.loads(self._recv.recv_bytes())

    def _ensure_started(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        self._stop()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
        self._proc = subprocess.Popen([sys.executable, "-m", "components.run.isolated"], cwd=ROOT, env=env,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=None)
        self._send = Connection(os.dup(self._proc.stdin.fileno()), readable=False)
        self._recv = Connection(os.dup(self._proc.stdout.fileno()), writable=False)
        self._proc.stdin.close()
        self._proc.stdout.close()
        self.key = None

    def _stop(self) -> None:
        for conn in (self._send, self._recv):
            if conn is not None:
                try:
                    conn.close()
                except OSError:
                    pass
        self._send = self._recv = None
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover
                pass


# --------------------------------------------------------------------------------------------------
# the child's side


def _serve(recv: Connection, send: Connection) -> None:
    """Answer requests until the parent closes the pipe."""
    nlp = None
    while True:
        try:
            op, payload = pickle.loads(recv.recv_bytes())
        except EOFError:
            return
        try:
            if op == "build":
                from .engines import worker_pipeline

                nlp, key = worker_pipeline(payload)
                answer = ("ok", key)
            elif op == "read":
                from ..ingest.articles import article_from_bytes
                from ..ingest.decode import BadInput

                data, name, kwargs = payload
                try:
                    answer = ("ok", article_from_bytes(data, name, **kwargs))
                except BadInput as exc:
                    answer = ("bad", str(exc))
            elif op == "sidecar":
                import csv

                from ..ingest.metadata import parse_sidecar

                text, name = payload
                try:
                    answer = ("ok", parse_sidecar(text, name))
                except csv.Error as exc:
                    answer = ("bad", f"it cannot be read as CSV ({exc})")
            elif op == "analyse":
                from ..tables.rows import doc_rows, rows_to_bytes

                answer = ("ok", rows_to_bytes(doc_rows(nlp(payload))))
            else:
                answer = ("error", f"unknown request {op!r}")
        except Exception as exc:  # reported to the parent, which names the article
            answer = ("error", f"{type(exc).__name__}: {exc}")
        send.send_bytes(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))


def main() -> None:
    # the pipe to the parent is our stdout; anything a library prints goes to stderr instead
    out = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    _serve(Connection(os.dup(0), writable=False), Connection(out, readable=False))


if __name__ == "__main__":
    main()
