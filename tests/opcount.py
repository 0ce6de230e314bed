"""Counting the work a block of code does, in operations rather than seconds.

:class:`OpCount` counts, while it is entered, every line of Python executed (in any module, through
``sys.settrace``) plus every token handed to a spaCy matcher (``Matcher``, ``PhraseMatcher``,
``DependencyMatcher``: compiled code that runs no Python lines). :func:`count_matcher_tokens` puts a
counting proxy in front of each matcher an object holds, found by walking its attributes, so the
matchers of any pipeline stage are counted without knowing how the stage stores them.

The counts are deterministic: a test can double an input and check that the work doubles, on a busy
machine as on a quiet one. What runs inside one compiled call (a regular expression, ``str.find``)
counts as one line; the regular expressions are checked separately (their width is bounded, see
``test_linear_cost.py``).
"""
from __future__ import annotations

import sys
import threading

from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher

MATCHER_TYPES = (Matcher, PhraseMatcher, DependencyMatcher)


class OpCount:
    """``with OpCount() as ops: ...`` then ``ops.n`` (lines executed + matcher tokens)."""

    _active: "OpCount | None" = None

    def __init__(self) -> None:
        self.lines = 0
        self.matcher_tokens = 0

    @property
    def n(self) -> int:
        return self.lines + self.matcher_tokens

    def _global(self, frame, event, arg):
        return self._local

    def _local(self, frame, event, arg):
        if event == "line":
            self.lines += 1
        return self._local

    def __enter__(self) -> "OpCount":
        self._old = sys.gettrace()
        OpCount._active = self
        threading.settrace(self._global)
        sys.settrace(self._global)
        return self

    def __exit__(self, *exc) -> None:
        sys.settrace(self._old)
        threading.settrace(self._old)
        OpCount._active = None


class CountingMatcher:
    """A matcher that adds the length of what it is called on to the active :class:`OpCount`."""

    def __init__(self, inner):
        self._inner = inner

    def __call__(self, doclike, *args, **kwargs):
        if OpCount._active is not None:
            OpCount._active.matcher_tokens += len(doclike)
        return self._inner(doclike, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def __len__(self):
        return len(self._inner)

    def __contains__(self, key):
        return key in self._inner


def count_matcher_tokens(obj, _seen: set | None = None, _depth: int = 0) -> int:
    """Wrap every spaCy matcher reachable from ``obj`` (attributes, dicts, lists; a few levels deep)
    in a :class:`CountingMatcher`; return how many were wrapped."""
    seen = set() if _seen is None else _seen
    if id(obj) in seen or _depth > 4:
        return 0
    seen.add(id(obj))
    wrapped = 0

    def visit(value, put):
        nonlocal wrapped
        if isinstance(value, MATCHER_TYPES):
            put(CountingMatcher(value))
            wrapped += 1
        elif not isinstance(value, (str, bytes, int, float, CountingMatcher)):
            wrapped += count_matcher_tokens(value, seen, _depth + 1)

    if isinstance(obj, dict):
        for k, v in list(obj.items()):
            visit(v, lambda new, k=k: obj.__setitem__(k, new))
    elif isinstance(obj, list):
        for i, v in enumerate(list(obj)):
            visit(v, lambda new, i=i: obj.__setitem__(i, new))
    elif hasattr(obj, "__dict__") and type(obj).__module__.startswith(("components", "tests")):
        for k, v in list(vars(obj).items()):
            visit(v, lambda new, k=k: setattr(obj, k, new))
    return wrapped
