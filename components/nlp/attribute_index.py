"""The model's ``attribute_ruler`` with its rules tested over the Doc's columns, not token by token.

The English model's attribute ruler (tag map, morph rules and exceptions: 179 rules) finds its matches
with a spaCy ``Matcher``, which tries every rule at every token from Python: about 1.2 CPU-s on 60
articles of 1,100 tokens, an eighth of what the whole model costs. Its rules are a few tokens long
with no operators, each token tested for equality (``{"TAG": "NNS"}``, ``{"LOWER": "its", "TAG":
"PRP$"}``), set membership (``{"LOWER": {"IN": […]}}``, ``NOT_IN``) or a regular expression; such
tests can be answered for all tokens at once from ``Doc.to_array`` columns.

:func:`index_attribute_ruler` gives a pipeline's ruler an :class:`IndexedRuleMatcher`: one-token
equality rules are looked up in tables keyed by their values, the other rules of that form are
tested as boolean arrays over the columns, and any other rule (an operator, another predicate or
attribute, a callback) stays with a spaCy ``Matcher`` of its own. The ruler receives the very
matches spaCy's ``Matcher`` gives (it sorts them before setting attributes), so every token
attribute is what the model alone sets; ``tests/test_attribute_index.py`` compares them.
"""
from __future__ import annotations

import re

import numpy
from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc

#: the string attributes a rule may test to be answered from columns (name in a pattern → attribute
#: id); values are compared by their hash, as the Matcher compares them
STRING_ATTRS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "TAG": TAG, "DEP": DEP}
#: boolean flags a rule may test (``{"IS_SPACE": True}``)
FLAG_ATTRS = {"IS_SPACE": IS_SPACE}

Test = tuple  # (attribute id, "==" | "in" | "not_in" | "regex", value)


def index_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Give the pipe ``name`` of ``nlp`` (an ``AttributeRuler``) an :class:`IndexedRuleMatcher` over
    its rules; return whether it has one (False when the pipeline has no such pipe)."""
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    matcher = getattr(ruler, "matcher", None)
    if isinstance(matcher, IndexedRuleMatcher):
        return True
    if not isinstance(matcher, Matcher) or not isinstance(getattr(ruler, "attrs", None), list):
        return False
    ruler.matcher = IndexedRuleMatcher(matcher, [str(i) for i in range(len(ruler.attrs))])
    return True


def token_tests(spec: dict, vocab) -> tuple[Test, ...] | None:
    """The tests of one token of a pattern, in a fixed order, if each can be answered from columns
    (see the module docstring); None otherwise."""
    if not isinstance(spec, dict) or not spec:
        return None
    tests = []
    for attr, value in spec.items():
        if attr in FLAG_ATTRS and isinstance(value, bool):
            tests.append((FLAG_ATTRS[attr], "==", int(value)))
        elif attr not in STRING_ATTRS:
            return None
        elif isinstance(value, str):
            tests.append((STRING_ATTRS[attr], "==", vocab.strings.add(value)))
        elif isinstance(value, dict) and len(value) == 1:
            (op, arg), = value.items()
            if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
                tests.append((STRING_ATTRS[attr], op.lower(), frozenset(get_string_id(v) for v in arg)))
            elif op == "REGEX" and isinstance(arg, str):
                tests.append((STRING_ATTRS[attr], "regex", arg))
            else:
                return None
        else:
            return None
    return tuple(sorted(tests, key=lambda t: (t[0], t[1])))


class IndexedRuleMatcher:
    """What an ``AttributeRuler`` calls as its ``matcher``: the matches of ``matcher`` (which keeps every
    rule, for :meth:`get` and the ruler's ``patterns``) found from the Doc's columns where the rules
    allow it. ``keys`` are the ruler's rule keys (``"0"``, ``"1"``…)."""

    def __init__(self, matcher: Matcher, keys: list[str]):
        self.matcher = matcher
        self.vocab = matcher.vocab
        self.keys = list(keys)
        self._compile()

    def _compile(self) -> None:
        strings = self.vocab.strings
        m = self.matcher
        tables: dict[tuple[int, ...], dict[tuple[int, ...], dict[int, None]]] = {}
        #: rules answered by arrays: (key, [tests of each token])
        self.arrays: list[tuple[int, list[list[tuple[Test, ...]]]]] = []
        self.rest = Matcher(self.vocab)
        for name in self.keys:
            got = m.get(name)
            if got is None:
                continue
            key = strings.add(name)
            on_match, patterns = got
            compiled = [[token_tests(spec, self.vocab) for spec in p] if isinstance(p, list) else [None]
                        for p in patterns]
            if on_match is not None or m._filter.get(key) or any(None in p or not p for p in compiled):
                self.rest.add(key, patterns, on_match=on_match, greedy=m._filter.get(key))
                continue
            shapes = {tuple(a for a, _, _ in p[0]) if len(p) == 1 and all(op == "==" for _, op, _ in p[0]) else None
                      for p in compiled}
            if len(shapes) == 1 and None not in shapes:  # one table answers every pattern of the rule
                (attrs,) = shapes
                for p in compiled:
                    tables.setdefault(attrs, {}).setdefault(tuple(v for _, _, v in p[0]), {})[key] = None
            else:
                self.arrays.append((key, compiled))
        used = {a for attrs in tables for a in attrs} | {t[0] for _, c in self.arrays for p in c for tok in p for t in tok}
        self.columns = sorted(used)
        place = {a: i for i, a in enumerate(self.columns)}
        #: per set of attributes of one-token equality rules: their columns, the values the first
        #: column may have in a match (tokens picked with array work) and values → rule keys
        self.tables = [([place[a] for a in attrs], numpy.array(sorted({v[0] for v in table}), dtype=numpy.uint64),
                        {v: list(keys) for v, keys in table.items()}) for attrs, table in tables.items()]
        self.place = place

    def __call__(self, doclike, *, as_spans: bool = False, allow_missing: bool = False,
                 with_alignments: bool = False):
        if as_spans or with_alignments or not allow_missing or not isinstance(doclike, Doc):
            return self.matcher(doclike, as_spans=as_spans, allow_missing=allow_missing,
                                with_alignments=with_alignments)
        doc = doclike
        matches = self.rest(doc, allow_missing=True) if len(self.rest) else []
        n = len(doc)
        if not n or not self.columns:
            return matches
        arr = doc.to_array(self.columns).reshape(n, len(self.columns))
        for cols, first, table in self.tables:
            hits = numpy.flatnonzero(numpy.isin(arr[:, cols[0]], first)).tolist()
            if hits:
                for i, v in zip(hits, zip(*(arr[hits, c].tolist() for c in cols))):
                    keys = table.get(v)
                    if keys:
                        matches += [(k, i, i + 1) for k in keys]
        if self.arrays:
            masks: dict[Test, numpy.ndarray] = {}
            for key, patterns in self.arrays:
                found: dict[tuple[int, int], None] = {}  # a span two patterns match is one match
                for p in patterns:
                    length = len(p)
                    if length > n:
                        continue
                    ok = numpy.ones(n - length + 1, dtype=bool)
                    for k, tests in enumerate(p):
                        for test in tests:
                            mask = masks.get(test)
                            if mask is None:
                                mask = masks[test] = self._mask(arr, test)
                            ok &= mask[k:n - length + 1 + k]
                    found.update(((i, i + length), None) for i in numpy.flatnonzero(ok).tolist())
                matches += [(key, s, e) for s, e in found]
        return matches

    def _mask(self, arr: numpy.ndarray, test: Test) -> numpy.ndarray:
        """Which tokens pass ``test``."""
        attr, op, value = test
        col = arr[:, self.place[attr]]
        if op == "==":
            return col == value
        if op == "regex":  # searched in each distinct string of the column, as the Matcher searches
            strings = self.vocab.strings
            pattern = re.compile(value)
            distinct = numpy.unique(col)
            value = frozenset(h for h in distinct.tolist() if pattern.search(strings[h]))
            op = "in"
        hit = numpy.isin(col, numpy.fromiter(value, dtype=numpy.uint64, count=len(value)))
        return hit if op == "in" else ~hit

    # -- what the AttributeRuler and its serialisation use of a Matcher ------------------------------
    def add(self, key, patterns, **kwargs) -> None:
        self.matcher.add(key, patterns, **kwargs)
        name = key if isinstance(key, str) else self.vocab.strings[key]
        if name not in self.keys:
            self.keys.append(name)
        self._compile()

    def remove(self, key) -> None:
        self.matcher.remove(key)
        self._compile()

    def get(self, key, default=None):
        return self.matcher.get(key, default)

    def __len__(self) -> int:
        return len(self.matcher)

    def __contains__(self, key) -> bool:
        return key in self.matcher
