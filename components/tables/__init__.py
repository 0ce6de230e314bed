"""Tables: annotated Docs in, tidy pandas tables out.

Owns the schema (:mod:`.schema`, the one definition of every table and column), the rows taken from
a Doc and their serialised form (:mod:`.rows`), the stances table (:mod:`.stances`), the quote
counts and grouping (:mod:`.quotes`), the filter specification (:mod:`.filters`), the
filtering of the tables by it (:mod:`.filtering`) and metadata corrections applied to finished
tables (:mod:`.metadata`). May import :mod:`components.knowledge`,
:mod:`components.ingest` and :mod:`components.nlp`; never store, report, run or the CLI.
"""
