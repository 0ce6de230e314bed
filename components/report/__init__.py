"""Report: the cited briefing made from the tables.

- :mod:`.briefing`: the entry points (:func:`~.briefing.make_briefing`, short or full; source numbers);
- :mod:`.corpus`: the selection as the briefing reads it (quotable sentences, centrality, indexes);
- :mod:`.positions`: who holds which position, above the stance threshold, with its evidence;
- :mod:`.facts`: what the articles state about weapon systems;
- :mod:`.sections`: one module per section; :mod:`.draft`: what the sections share;
- :mod:`.wording`: the templates and limits of ``briefing.toml``, checked;
- :mod:`.render`: the word budget and the Markdown with citations and sources;
- :mod:`.html`, :mod:`.formats`: standalone HTML and Word (``.docx``) with working citation links;
- :mod:`.centrality`, :mod:`.text`, :mod:`.blocks`: LexRank, text helpers, the briefing's parts.

May import :mod:`components.knowledge` and :mod:`components.tables`; never the NLP, store, run or
the CLI.
"""
