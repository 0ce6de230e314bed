"""Every stage's cost is linear in the article's length, counted in operations, not seconds.

For each stage of the pipeline that this project registers (every ``debate_*`` component, whatever
their number: new stages are covered as they are added), for the step from Doc to table rows, and
for reading a file into an article, an input and the same input twice as long are processed and the
work (:class:`tests.opcount.OpCount`: Python lines executed plus tokens handed to spaCy matchers) must
grow about twofold. The inputs are hostile on purpose: one long line of names and weapons (no
sentence ends), quotation marks that never close, titles, datelines, modifier runs before generic
weapon words, real articles repeated.

The regular expressions, whose work inside one call is invisible to the line count, are checked on
their structure instead: each pattern used by the per-article stages has a bounded width (it costs
a constant at each position it is tried), is anchored at the start, is a single repeated character
class (it matches as soon as it starts), is only used with ``.match`` (one position per call), or
carries a ``# linear: <why>`` comment on its line or the line before.
"""
from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

from .conftest import KNOWLEDGE, SEEDS
from .opcount import OpCount, count_matcher_tokens

try:  # Python 3.11+
    from re import _constants as sre_c, _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants as sre_c
    import sre_parse

#: allowed growth of the work when the input doubles (a quadratic step gives ~4)
MAX_RATIO = 2.4

SEED_TEXT = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:2])

#: name -> one unit of text; each family aims at one kind of work a stage may repeat
UNITS = {
    "one-line-names": "Biden and Putin and Storm Shadow ",
    "news": SEED_TEXT + "\n\n",
    "open-quotes": "\u201cWe will strike, Zelensky said and Biden and Putin ",
    "quotes": "\u201cWe will not wait,\u201d Defense Minister Rustem Umerov said on Tuesday. ",
    "pronouns": "Russia warned. He said it would respond, and they said he was wrong. ",
    "unknown-speakers": "\u201cWe will not wait,\u201d Zorblat Quenx said. The minister said they would go. ",
    "conjoined": "Poland and Lithuania and Latvia have said they would send ATACMS. ",
    "titles": "Secretary of State Antony Blinken and Defense Secretary Lloyd Austin met Prime Minister Keir Starmer about ATACMS, ",
    "groups": "U.S. and British and French and German officials and the officials said ",
    "datelines": "WASHINGTON (Reuters) \u2014 Biden said Storm Shadow missiles would go.\n",
    "said-chains": "Biden said Putin said Starmer said that Kyiv said ",
    "modifier-runs": "long-range European-made cruise missiles and air-launched ballistic missiles and drones and tanks ",
    "one-letter": "a" * 1000,
    "brackets": "[![",
}
#: characters of the smaller input of each pair (the larger is the same text twice as long)
BASE_CHARS = 12_000


def family_text(name: str, scale: int) -> str:
    """``scale`` times :data:`BASE_CHARS` characters of the family's unit, repeated."""
    unit = UNITS[name]
    return unit * max(1, round(scale * BASE_CHARS / len(unit)))


def _ratio(small: int, large: int) -> float:
    return large / max(small, 1)


@pytest.fixture(scope="module")
def counted_nlp():
    """A pipeline of its own whose matchers count the tokens they are handed."""
    from components.nlp.pipeline import build_pipeline

    nlp = build_pipeline(knowledge=KNOWLEDGE)
    for _, proc in nlp.pipeline:
        count_matcher_tokens(proc)
    return nlp


def _stage_work(nlp, text: str) -> dict[str, int]:
    """Operations per project stage (``debate_*``) and for the table rows, on ``text``."""
    from components.tables.rows import doc_rows

    work = {}
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name.startswith("debate_"):
            with OpCount() as ops:
                doc = proc(doc)
            work[name] = ops.n
        else:
            doc = proc(doc)
    with OpCount() as ops:
        doc_rows(doc)
    work["table rows"] = ops.n
    return work


@pytest.fixture(scope="module")
def stage_work(counted_nlp):
    return {family: (_stage_work(counted_nlp, family_text(family, 1)), _stage_work(counted_nlp, family_text(family, 2)))
            for family in UNITS}


@pytest.mark.parametrize("family", list(UNITS))
def test_every_stage_is_linear(family, stage_work):
    small, large = stage_work[family]
    assert small.keys() == large.keys() and len(small) >= 2
    ratios = {stage: round(_ratio(small[stage], large[stage]), 2) for stage in small}
    bad = {s: (small[s], large[s], r) for s, r in ratios.items() if r > MAX_RATIO}
    assert not bad, f"{family}: work (small, doubled, ratio) grew faster than the input: {bad}"


def test_the_model_tokenizer_never_gets_a_long_run(counted_nlp):
    """spaCy's tokenizer costs the square of a whitespace-free run's length (invisible to the count:
    it is compiled); the pipeline's tokenizer hands it no run longer than MAX_RUN characters, and the
    Doc's text stays the text given."""
    from components.nlp.tokenizer import MAX_RUN, BoundedTokenizer

    tokenizer = counted_nlp.tokenizer
    assert isinstance(tokenizer, BoundedTokenizer)
    seen = []
    inner = tokenizer.tokenizer
    tokenizer.tokenizer = lambda text: seen.append(text) or inner(text)
    try:
        for text in ("[![" * 20_000 + "\n\nKyiv asked for ATACMS.", "a" * 100_000, "x " + "." * 5000 + "  y",
                     "See https://example.com/" + "a" * 300 + " now."):
            doc = tokenizer(text)
            assert doc.text == text
            assert max(len(t.text) for t in doc) <= MAX_RUN
    finally:
        tokenizer.tokenizer = inner
    assert max(len(run) for text in seen for run in text.split()) <= MAX_RUN
    assert "https://example.com/" + "a" * 300 in seen[-1]  # a long web address is tokenized as usual


def test_the_count_sees_a_quadratic_step():
    """The measure itself: a step that compares every item with every other is caught."""
    def pairs(n):
        items = list(range(n))
        return sum(1 for a in items for b in items if a == b)

    with OpCount() as small:
        pairs(100)
    with OpCount() as large:
        pairs(200)
    assert _ratio(small.n, large.n) > 3.5


INGEST_FILES = {
    "letters.txt": lambda k: b"a" * (20_000 * k),
    "names.txt": lambda k: b"Biden and Putin and Storm Shadow " * (600 * k),
    "brackets.md": lambda k: b"[![" * (5_000 * k),
    "links.md": lambda k: b"[a](bbbb [c](d " * (1_000 * k),
    "emphasis.md": lambda k: b"**bold __under " * (1_000 * k),
    "tags.md": lambda k: b"<a <b x=\"<!-- <script " * (1_000 * k),
    "nested.html": lambda k: b"<p>Storm Shadow" * (1_000 * k),
    "attributes.html": lambda k: b"<p><a href=\"x" * (1_000 * k),
    "contributors.txt": lambda k: b"ABC's Jane Doe, John Roe and Max Mustermann wrote this. " * (300 * k),
    "emails.txt": lambda k: b"Write to jane.doe@example " * (600 * k),
}


@pytest.mark.parametrize("name", list(INGEST_FILES))
def test_reading_a_file_is_linear(name):
    from components.ingest.articles import BadInput, article_from_bytes

    def work(data: bytes) -> int:
        with OpCount() as ops:
            try:
                article_from_bytes(data, name, knowledge=KNOWLEDGE, max_bytes=10**8)
            except BadInput:
                pass
        return ops.n

    make = INGEST_FILES[name]
    small, large = work(make(2)), work(make(4))
    assert _ratio(small, large) <= MAX_RATIO, (name, small, large)


# --------------------------------------------------------------------------------------------------
# regular expressions

PACKAGES = ("components.ingest", "components.nlp", "components.tables")
RE_FUNCS = {"compile", "search", "match", "fullmatch", "sub", "subn", "finditer", "findall", "split"}
ANCHORING = {"match", "fullmatch"}  # re.match() tries one position only


def _is_linear_pattern(pattern: str, flags: int, exempt: bool = False) -> bool:
    """Whether trying ``pattern`` at every position of a text costs linear time: its width is bounded,
    or it is anchored at the start, or it is one repeated character class and nothing else (or it is
    ``exempt``, see :func:`_patterns_of`)."""
    parsed = sre_parse.parse(pattern, flags)
    if parsed.getwidth()[1] < sre_c.MAXREPEAT or exempt:
        return True
    items = list(parsed)
    if items and items[0][0] == sre_c.AT and not flags & re.M and \
            items[0][1] in (sre_c.AT_BEGINNING, sre_c.AT_BEGINNING_STRING):
        return True
    if len(items) == 1 and items[0][0] in (sre_c.MAX_REPEAT, sre_c.POSSESSIVE_REPEAT if hasattr(sre_c, "POSSESSIVE_REPEAT") else None):
        body = list(items[0][1][2])
        return len(body) == 1 and body[0][0] in (sre_c.IN, sre_c.LITERAL, sre_c.ANY, sre_c.NOT_LITERAL, sre_c.CATEGORY)
    return False


def _patterns_of(module) -> list[tuple[str, str, int, bool]]:
    """``(where, pattern, flags, exempt)`` of the module's compiled patterns (also in module-level
    lists, tuples and dicts, and class attributes) and of the literal patterns of its ``re.*`` calls.
    ``exempt``: the pattern is only ever used with ``.match``/``.fullmatch`` (one position per call),
    or its line, or the line before, says why it is linear in a ``# linear: …`` comment."""
    found = []
    source = Path(module.__file__).read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)

    def noted(lineno: int) -> bool:
        return any("# linear:" in lines[n - 1] for n in (lineno - 1, lineno) if 0 < n <= len(lines))

    assigned = {t.id: node.lineno for node in ast.walk(tree) if isinstance(node, (ast.Assign, ast.AnnAssign))
                for t in (node.targets if isinstance(node, ast.Assign) else [node.target]) if isinstance(t, ast.Name)}
    methods: dict[str, set[str]] = {}  # how each module-level name is called: NAME.search(…), NAME.match(…)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            methods.setdefault(node.func.value.id, set()).add(node.func.attr)

    def add(name, where, value):
        if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
            only_match = name in methods and methods[name] <= ANCHORING
            found.append((where, value.pattern, value.flags, only_match or noted(assigned.get(name, 0))))
        elif isinstance(value, (list, tuple)):
            for v in value:
                add(name, where, v)
        elif isinstance(value, dict):
            for v in value.values():
                add(name, where, v)

    for name, value in vars(module).items():
        add(name, f"{module.__name__}.{name}", value)
        if isinstance(value, type) and value.__module__ == module.__name__:
            for attr, v in vars(value).items():
                add(attr, f"{module.__name__}.{name}.{attr}", v)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.func.attr in RE_FUNCS \
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            flag_args = [kw.value for kw in node.keywords if kw.arg == "flags"] + list(node.args[2:])
            if node.func.attr == "compile":
                flag_args += node.args[1:2]
            multiline = any(re.search(r"\bre\.M(ULTILINE)?\b", ast.unparse(a)) for a in flag_args)
            exempt = node.func.attr in ANCHORING or noted(node.lineno)
            if node.func.attr == "compile":  # the assignment was checked above, with its uses
                continue
            found.append((f"{module.__name__} line {node.lineno}", node.args[0].value, re.M if multiline else 0, exempt))
    return found


def _modules():
    for pkg in PACKAGES:
        mod = importlib.import_module(pkg)
        yield mod
        for info in pkgutil.walk_packages(mod.__path__, pkg + "."):
            yield importlib.import_module(info.name)


def test_the_pattern_check_knows_a_backtracking_pattern():
    assert not _is_linear_pattern(r"[\w.+-]+@([\w-]+)\.com", 0)  # the e-mail pattern that hung on "aaaa…"
    assert not _is_linear_pattern(r"^\s*date", re.M)
    assert _is_linear_pattern(r"(?<=[\w.+-])@([\w-]{1,63})\.com", 0)
    assert _is_linear_pattern(r"\w+", 0) and _is_linear_pattern(r"\A\s*<html", 0)


def test_every_pattern_of_the_article_stages_is_linear():
    bad = [f"{where}: {pattern!r}" for mod in _modules() for where, pattern, flags, exempt in _patterns_of(mod)
           if not _is_linear_pattern(pattern, flags, exempt)]
    assert not bad, "patterns that can backtrack over the whole text:\n" + "\n".join(bad)
