"""Knowledge: the facts the analysis uses (catalogues, titles, verbs, cues, debates, briefing
wording), read from data files a user can extend (``data/`` here, plus ``--data-dir``).

Owns :class:`Knowledge` and its loading (:mod:`.load`). Imports nothing else of ``components``:
every other package receives a :class:`Knowledge` and may import this one.
"""
from .load import BUNDLED_DATA, DEFAULT_DEBATE, ActorEntry, Knowledge, WeaponSystem, load_knowledge, read_word_list, slug

__all__ = ["BUNDLED_DATA", "DEFAULT_DEBATE", "ActorEntry", "Knowledge", "WeaponSystem", "load_knowledge",
           "read_word_list", "slug"]
