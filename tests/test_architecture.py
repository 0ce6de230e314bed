"""The shape of the code: data flows one way (files → ingest → nlp → tables → store/report →
CLI/dashboard), without import cycles; the pipeline's stages declare what they need and give."""
from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

from components.store.keys import PACKAGE_DIR, imported_modules

#: what each package may import of the others (its ``__init__`` docstring says the same)
MAY_IMPORT = {
    "knowledge": set(),
    "ingest": {"knowledge"},
    "nlp": {"knowledge", "ingest"},
    "tables": {"knowledge", "ingest", "nlp"},
    "store": {"knowledge", "nlp", "tables"},
    "report": {"knowledge", "ingest", "tables", "escaping"},
    "run": {"knowledge", "ingest", "nlp", "tables", "store", "report"},
}


@lru_cache(maxsize=1)
def _graph() -> dict[Path, list[Path]]:
    return {f: imported_modules(f, PACKAGE_DIR) for f in sorted(PACKAGE_DIR.rglob("*.py"))}


def _part(path: Path) -> str:
    rel = path.relative_to(PACKAGE_DIR)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def test_no_import_cycle():
    graph = _graph()
    state: dict[Path, int] = {}  # 1 on the current path, 2 done

    def visit(node: Path, path: list[Path]) -> None:
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                raise AssertionError("import cycle: " + " -> ".join(p.relative_to(PACKAGE_DIR).as_posix() for p in cycle))
            if nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [node])


def test_packages_import_only_what_comes_before_them():
    wrong = []
    for f, targets in _graph().items():
        part = _part(f)
        if part not in MAY_IMPORT:
            continue
        for t in targets:
            other = _part(t)
            if other != part and other != "__init__" and other not in MAY_IMPORT[part]:
                wrong.append(f"{f.relative_to(PACKAGE_DIR)} imports {t.relative_to(PACKAGE_DIR)}")
    assert not wrong, wrong


def test_components_never_import_streamlit():
    for f in PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(f.read_bytes())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.split(".")[0] == "streamlit" for n in names), f


def test_stages_declare_what_they_assign_and_require_and_the_pipeline_satisfies_it(nlp):
    analysis = nlp.analyze_pipes(pretty=False)
    assert not any(analysis["problems"].values()), analysis["problems"]
    for name in ("debate_paragraphs", "debate_weapons", "debate_actors", "debate_quotes", "debate_stance"):
        assert nlp.get_pipe_meta(name).assigns, name
    assert "doc._.stance_signals" in nlp.get_pipe_meta("debate_stance").assigns
    assert "doc._.actors" in nlp.get_pipe_meta("debate_stance").requires


def test_the_pipeline_reports_failures_through_the_error_handler(nlp):
    from components.nlp.batch import skip_article

    assert nlp.default_error_handler is skip_article
