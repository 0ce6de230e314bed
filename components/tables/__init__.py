"""Tables: annotated Docs in, tidy pandas tables out.

Owns the schema (:mod:`.schema`, the one definition of every table and column), the rows taken from
a Doc and their serialised form (:mod:`.rows`), the stances table (:mod:`.stances`), the quote
counts and grouping (:mod:`.quotes`) and metadata corrections applied to finished tables
(:mod:`.metadata`). May import :mod:`components.knowledge`,
:mod:`components.ingest` and :mod:`components.nlp`; never store, report, run or the CLI.
"""
