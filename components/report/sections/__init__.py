"""The sections of a briefing, one module per concept; each builds :mod:`..blocks` from a
:class:`~components.report.draft.Draft` and words them through its :class:`~components.report.wording.Wording`.

- :mod:`.head`: title, question, what the selection covers, active filters;
- :mod:`.bottom_line`: the three to five sentences an analyst reads first;
- :mod:`.actors`: where the actors stand, with the strongest evidence of each;
- :mod:`.weapons`: the weapon systems at stake and the facts the articles give about them;
- :mod:`.timeline`: what changed between the first and the last dated articles;
- :mod:`.quotes`: the quotes carried by most articles and outlets;
- :mod:`.agreement`: common ground and differences across outlets;
- :mod:`.watch`: what to watch, and key passages for a thin selection.
"""
