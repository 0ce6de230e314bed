"""Knowledge: the facts the analysis uses (catalogues, titles, verbs, cues, debates, briefing
wording), read from data files a user can extend (``data/`` here, plus ``--data-dir``).

Owns :class:`Knowledge` (one validated object, built once by an entry point with
:func:`load_knowledge` and passed to everything else), the typed models of every file
(:mod:`.models`) and the messages for a file that cannot be used (:mod:`.errors`). Imports nothing
else of ``components``: every other package receives a :class:`Knowledge` and may import this one.
"""
from .errors import KnowledgeError
from .load import BUNDLED_DATA, DATA_DIR_ENV, DEFAULT_DEBATE, Knowledge, load_knowledge, read_knowledge, read_word_list
from .models import ActorEntry, Debate, Outlet, WeaponSystem, slug

__all__ = ["BUNDLED_DATA", "DATA_DIR_ENV", "DEFAULT_DEBATE", "ActorEntry", "Debate", "Knowledge", "KnowledgeError",
           "Outlet", "WeaponSystem", "load_knowledge", "read_knowledge", "read_word_list", "slug"]
