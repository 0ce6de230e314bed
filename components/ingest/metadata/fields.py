"""The metadata fields and the sources they come from, most trusted first."""
from __future__ import annotations

TRUST = ("sidecar", "page", "front matter", "file name", "text", "web address")
#: the metadata fields an article carries
FIELDS = ("title", "outlet", "date", "url")
#: the columns of a sidecar file (``id`` is the file name without its extension, or with it)
SIDECAR_COLUMNS = ("id", "title", "outlet", "date", "url")
SIDECAR_NAMES = ("metadata.csv", "metadata.jsonl")
