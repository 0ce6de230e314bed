"""The keys stored analyses and corpora are filed under: what changes an analysis.

- :func:`analysis_key`: the pipeline (model and its version, stages, knowledge fingerprint, debate,
  pipeline version), spaCy's version and :func:`source_fingerprint`, a hash of the code that makes an
  analysis (:func:`analysis_modules`: the NLP, the knowledge, the modules turning Docs into rows and
  tables, and whatever of ``components`` they import), not the report, the store or the dashboard.
- :func:`corpus_key`: an analysis key and every article's metadata and text hash, in order (the
  store's finished tables, the dashboard's cached tables).
"""
from __future__ import annotations

import ast
import dataclasses
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .table_bytes import gc_paused

if TYPE_CHECKING:
    from spacy.language import Language

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # components/

#: the code that makes what is stored of an analysis: the NLP (its stages are loaded by name, so the
#: whole package), the knowledge, and the modules turning Docs into rows and tables (and what they
#: import); not the report, the CLI, the store or the dashboard
ANALYSIS_CODE = ("nlp", "knowledge", "tables/rows.py", "tables/stances.py", "tables/schema.py")


def analysis_modules(folder: Path = PACKAGE_DIR, packages: tuple[str, ...] = ANALYSIS_CODE) -> list[Path]:
    """The source files whose code changes an analysis: the ``packages`` (folders searched recursively,
    so a new subfolder counts, or single modules) and every module of ``folder`` they import, directly
    or not (the NLP reads datelines from ``ingest``), found by reading their imports (imports under
    ``if TYPE_CHECKING:`` excepted)."""
    todo = [f for pkg in packages for f in ([folder / pkg] if pkg.endswith(".py") else sorted((folder / pkg).rglob("*.py")))]
    seen: set[Path] = set()
    with gc_paused():  # each parse makes thousands of tree nodes, freed as soon as it is read
        while todo:
            f = todo.pop()
            if f not in seen:
                seen.add(f)
                todo += imported_modules(f, folder)
    return sorted(seen)


def imported_modules(path: Path, folder: Path) -> list[Path]:
    """The modules of the package in ``folder`` that the module at ``path`` imports."""
    found = []
    for parts in _imported_names(path.read_bytes(), path.parent.relative_to(folder).parts, folder.name):
        for candidate in (folder.joinpath(*parts).with_suffix(".py"), folder.joinpath(*parts, "__init__.py")):
            if parts and candidate.is_file():
                found.append(candidate)
    return found


#: the names each module text imports, by (hash of the text, package, top folder): parsing is most of
#: the cost of a fingerprint, and the analysis and report fingerprints share many modules
_NAMES: dict[tuple[bytes, tuple[str, ...], str], tuple[tuple[str, ...], ...]] = {}


def _imported_names(source: bytes, package: tuple[str, ...], top: str) -> tuple[tuple[str, ...], ...]:
    """The names (as parts below the folder ``top``) that ``source``, a module of ``package``,
    imports from ``top``, candidates for modules; each text parsed once per process."""
    key = (hashlib.sha256(source).digest(), package, top)
    if key not in _NAMES:
        names: list[tuple[str, ...]] = []
        for node in _statements(ast.parse(source).body):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[:len(package) - node.level + 1]
                elif (node.module or "").split(".")[0] == top:
                    base = ()
                else:
                    continue
                module = tuple((node.module or "").split(".")) if node.module else ()
                if not node.level:
                    module = module[1:]
                names.append((*base, *module))
                names += [(*base, *module, alias.name) for alias in node.names]
            elif isinstance(node, ast.Import):
                names += [tuple(a.name.split("."))[1:] for a in node.names if a.name.split(".")[0] == top]
        _NAMES[key] = tuple(names)
    return _NAMES[key]


def _statements(body: list[ast.stmt]):
    """Every statement of ``body`` and of the statements nested in it (an import is a statement, so
    expressions, the bulk of a module's tree, are not visited), except the body of an
    ``if TYPE_CHECKING:``."""
    for node in body:
        yield node
        skip_body = isinstance(node, ast.If) and _mentions_type_checking(node.test)
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            if name == "body" and skip_body:
                continue
            for child in getattr(node, name, None) or ():
                if isinstance(child, ast.stmt):
                    yield from _statements([child])
                else:  # an except handler or a match case: its statements
                    yield from _statements(child.body)


def _mentions_type_checking(test: ast.expr) -> bool:
    """Whether an ``if`` test names ``TYPE_CHECKING`` (``TYPE_CHECKING``, ``typing.TYPE_CHECKING``,
    ``not TYPE_CHECKING``…), read from its nodes rather than from its source text made again."""
    for node in ast.walk(test):
        text = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else \
            node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""
        if "TYPE_CHECKING" in text:
            return True
    return False


@lru_cache(maxsize=8)
def source_fingerprint(folder: Path = PACKAGE_DIR, packages: tuple[str, ...] = ANALYSIS_CODE) -> str:
    """A short hash of the code that changes an analysis (:func:`analysis_modules`): editing any of
    it invalidates stored analyses (safer than trusting a hand-bumped version number); editing the
    briefing, the store or the dashboard does not. Computed once per process."""
    h = hashlib.sha256()
    for f in analysis_modules(folder, packages):
        h.update(f.relative_to(folder).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def analysis_key(nlp: "Language | dict") -> str:
    """The key stored analyses are filed under for ``nlp``: everything that could change an analysis.

    ``nlp`` is a pipeline or its ``nlp.meta``; :func:`components.nlp.pipeline.describe_pipeline` gives
    that meta without loading the model, for the same key."""
    import spacy

    from ..nlp.pipeline import pipeline_key

    meta = nlp if isinstance(nlp, dict) else nlp.meta
    parts = (pipeline_key(meta), str(meta.get("version", "")), spacy.__version__, source_fingerprint())
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def corpus_key(articles: Sequence, key: str) -> str:
    """The key a corpus's finished tables are filed under: ``key`` (:func:`analysis_key`) and, in
    order, every field of every article with its text replaced by its hash."""
    h = hashlib.sha256(key.encode())
    for art in articles:
        fields = {f.name: getattr(art, f.name) for f in dataclasses.fields(art) if f.name != "text"}
        h.update(json.dumps([art.text_hash, fields], sort_keys=True, default=str).encode())
    return h.hexdigest()[:32]
