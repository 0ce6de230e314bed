"""Report: the cited briefing made from the tables (:mod:`.briefing`), its HTML form (:mod:`.html`)
and the sentence centrality it ranks evidence by (:mod:`.centrality`).

May import :mod:`components.knowledge`, :mod:`components.tables`, :mod:`components.escaping` and
the datelines of :mod:`components.ingest`; never the NLP, store, run or the CLI.
"""
