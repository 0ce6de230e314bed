"""Datelines: the place (and optional outlet) that opens a news story, "WASHINGTON —", "BERLIN
(Reuters) -", "KYIV, Ukraine (AP) —", "MINSK, 7 May (BelTA) –". The one definition, used by metadata inference (the place and
outlet of an article), the actor stage (a dateline's place does not act in the story) and the
briefing (a quoted lead sentence starts after its dateline)."""
from __future__ import annotations

import re

# place in capitals, optional ", Region" or ", date" ("MINSK, 7 May (BelTA) –", "KYIV, Feb 24 (Reuters) -"),
# optional outlet in brackets, then a dash
DATELINE = re.compile(r"[ \t]{0,20}([A-Z][A-Z .'’-]{2,40}?)(?:,\s{0,5}[A-Z0-9][A-Za-z0-9 .]{1,30}?)?\s{0,5}"
                      r"(?:\(([A-Za-z. ]{1,30})\))?\s{0,5}[—–-]{1,2}\s{1,20}")


def dateline_at(text: str, pos: int = 0) -> re.Match | None:
    """The dateline starting the line that holds character ``pos`` of ``text``, if any."""
    return DATELINE.match(text, text.rfind("\n", 0, pos) + 1)
