"""Running the pipeline over a batch of articles, the spaCy way: a stage that raises on an article
goes through the pipeline's error handler, so that article is reported and skipped and the rest of
the batch is analysed.

:func:`build_pipeline <components.nlp.pipeline.build_pipeline>` sets :func:`skip_article` as the
pipeline's error handler (``nlp.set_error_handler``). :func:`pipe_articles` runs ``nlp.pipe`` with each
text's :class:`ArticleContext` (``as_tuples``): when a stage raises, spaCy calls the handler with the
article's Doc, the handler writes the stage and the reason on the context, and spaCy drops that Doc
from the stream. Outside :func:`pipe_articles` (a Doc without such a context, ``nlp(text)``) the
handler raises, as spaCy's default does.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc


@dataclass
class ArticleContext:
    """The context of one article in :func:`pipe_articles`: its index, and why it failed if it did."""

    index: int
    failed: str | None = None


def skip_article(name: str | None, proc, docs: Sequence[Doc], exc: Exception) -> None:
    """The pipeline's error handler: each Doc's article is marked failed (with the stage and the
    reason) and skipped; a Doc outside :func:`pipe_articles` re-raises."""
    for doc in docs:
        context = getattr(doc, "_context", None)
        if not isinstance(context, ArticleContext):
            raise exc
        stage = f" in {name}" if name else ""
        context.failed = f"the analysis failed on this article{stage} ({type(exc).__name__}: {exc})"


def set_error_handler(nlp: Language, handler=skip_article) -> None:
    """``nlp.set_error_handler(handler)``, tolerating the pipes that cannot hold one: in spaCy 3.8 the
    Cython parser and NER have no ``error_handler`` attribute, so ``Language.set_error_handler`` raises
    ``AttributeError`` on them. Such a pipe's error ends the batch, which :func:`pipe_articles` then
    runs again one article at a time; every other pipe (ours included) reports through ``handler``."""
    nlp.default_error_handler = handler
    for _, pipe in nlp.pipeline:
        try:
            pipe.set_error_handler(handler)
        except AttributeError:  # no set_error_handler, or (parser, ner) no room for one
            pass


def pipe_articles(nlp: Language, texts: Sequence[str], idx: Sequence[int],
                  failed: dict[int, str]) -> Iterator[tuple[int, Doc]]:
    """``(index, doc)`` for each text of one batch that the pipeline analysed; the index and reason of
    each one it could not are put in ``failed``. A pipeline that does not skip failing articles yet
    (not made by ``build_pipeline``) is given :func:`skip_article` as its error handler. An error
    outside any stage (the tokenizer) makes the batch run again one article at a time."""
    if nlp.default_error_handler is not skip_article:
        set_error_handler(nlp)
    contexts = [ArticleContext(i) for i in idx]
    try:
        done = list(nlp.pipe(zip(texts, contexts), as_tuples=True, batch_size=len(texts)))
    except Exception:
        done = []
        for text, context in zip(texts, contexts):
            context.failed = None
            try:
                done += list(nlp.pipe([(text, context)], as_tuples=True))
            except Exception as exc:
                context.failed = f"the analysis failed on this article ({type(exc).__name__}: {exc})"
    failed.update((c.index, c.failed) for c in contexts if c.failed)
    for doc, context in done:
        yield context.index, doc
