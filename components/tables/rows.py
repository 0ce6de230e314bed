"""Turning analysed Docs into the tidy tables of :mod:`components.tables.schema`: the one place it happens.

Per-doc actor ids are merged over the corpus here (:func:`merge_actor_ids`): a surname-only actor
joins the one full name that ends with it, and spelling variants of a person's name join
(rapidfuzz), so "Zelensky" and "Zelenskyy" are one actor in every table.
"""
from __future__ import annotations

import json
import zlib
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Sequence

import numpy
import pandas as pd
from rapidfuzz import fuzz, process
from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.tokens import Doc

from ..nlp.stages.quotes import EXTENSIONS as QUOTE_ATTRS  # the attributes the quote stage sets on a quote
from .schema import empty, frame

if TYPE_CHECKING:  # (only a type here: the ingest code does not change what is stored of an analysis)
    from ..ingest.articles import Article



def merge_infos(infos: Sequence[dict]) -> dict[str, dict]:
    """Each doc's ``doc._.actors`` merged by id: the first record of an id, its empty fields filled
    from the later ones."""
    merged: dict[str, dict] = {}
    for info in infos:
        for aid, rec in (info or {}).items():
            cur = merged.setdefault(aid, dict(rec))
            for k, v in rec.items():
                if v and not cur.get(k):
                    cur[k] = v
    return merged


def merge_by_target(id_map: dict[str, str], merged: dict[str, dict]) -> dict[str, dict]:
    """The records of the corpus-level ids: each target's record, its empty fields filled from the
    records of the ids sent to it."""
    actors: dict[str, dict] = {}
    for aid, target in id_map.items():
        rec = actors.setdefault(target, dict(merged[target]))
        for k, v in merged[aid].items():
            if v and not rec.get(k):
                rec[k] = v
    return actors


def merge_actor_ids(infos: Sequence[dict]) -> tuple[dict[str, str], dict[str, dict]]:
    """Given each doc's ``doc._.actors``, return ``(id_map, actors)``: ``id_map`` sends every
    per-doc id to its corpus-level id and ``actors`` holds the merged info per corpus-level id."""
    merged = merge_infos(infos)
    id_map = {aid: aid for aid in merged}
    persons = [aid for aid, r in merged.items() if r.get("type") == "person"]
    full = [aid for aid in persons if len(merged[aid]["name"].split()) >= 2]
    # indexes over the full names, so each person is compared only with those that can match it
    # (the same surname; as many words and 90% alike as wholes), in the order of ``full``
    by_last: dict[str, list[str]] = defaultdict(list)
    by_count: dict[int, tuple[list[str], list[list[str]], list[str]]] = {}
    for f in full:
        by_last[_last(merged[f]["name"])].append(f)
        words = _words(merged[f]["name"])
        aids, word_lists, joined = by_count.setdefault(len(words), ([], [], []))
        aids.append(f)
        word_lists.append(words)
        joined.append(" ".join(words))
    for aid in persons:
        name = merged[aid]["name"]
        if len(name.split()) == 1:
            cands = by_last.get(name.lower(), [])
            if len(set(cands)) == 1:
                id_map[aid] = cands[0]
                continue
        if len(name.split()) < 2:
            continue
        wa = _words(name)
        aids, word_lists, joined = by_count.get(len(wa), ([], [], []))
        close = process.extract(" ".join(wa), joined, scorer=fuzz.ratio, score_cutoff=90, limit=None)
        for k in sorted(k for _, _, k in close):
            other = aids[k]
            if other == aid or id_map.get(other) != other:
                continue
            if other < aid and all(fuzz.ratio(x, y) >= 70 for x, y in zip(wa, word_lists[k])):
                id_map[aid] = other
                break
    return id_map, merge_by_target(id_map, merged)


def _spelling_variants(a: str, b: str) -> bool:
    """Whether two names of two or more words spell the same name differently ("Volodymyr Zelensky",
    "Volodymyr Zelenskyy", "Jonathan E. Sweet" and "Jonathan Sweet"): close as wholes and word by word, so that names sharing all but one
    word ("US official (anonymous)", "Russian official (anonymous)") stay apart."""
    wa, wb = _words(a), _words(b)
    return len(wa) == len(wb) and fuzz.ratio(" ".join(wa), " ".join(wb)) >= 90 \
        and all(fuzz.ratio(x, y) >= 70 for x, y in zip(wa, wb))


def _words(name: str) -> list[str]:
    """The lower-cased words of a name without middle initials ("Jonathan E. Sweet" → jonathan sweet)."""
    words = name.lower().split()
    return [w for n, w in enumerate(words) if not (0 < n < len(words) - 1 and len(w.rstrip(".")) == 1)]


def _last(name: str) -> str:
    return name.split()[-1].lower() if name.split() else ""


def build_tables(articles: Sequence[Article], docs: Sequence[Doc]) -> dict[str, pd.DataFrame]:
    """All tables for ``articles`` and their analysed ``docs`` (same order)."""
    rows = TableRows()
    for i, (art, doc) in enumerate(zip(articles, docs)):
        rows.add(i, art, doc)
    return rows.tables()


class TableRows:
    """The rows of a corpus's tables, gathered one analysed Doc at a time so no Doc need be kept.

    :meth:`add` extracts a Doc's rows (with its per-doc actor ids) and its ``doc._.actors``; the Doc
    can be dropped right after. Docs may come in any order (a pool of workers, the store first):
    ``index`` is the article's position in the corpus and :meth:`tables` puts the rows back in
    corpus order, merges actor ids over the corpus (:func:`merge_actor_ids`) and remaps the id
    columns. Rows are held column by column, about the size of the finished tables.
    """

    def __init__(self) -> None:
        self._rows = {name: _Columns() for name in ROW_TABLES}
        self._infos: dict[int, dict] = {}

    def __len__(self) -> int:
        return len(self._infos)

    def add(self, index: int, art: Article, doc: Doc) -> None:
        """Take the rows of ``art`` (at ``index`` in the corpus) from its analysed ``doc``."""
        self.add_rows(index, art, doc_rows(doc))

    def add_rows(self, index: int, art: Article, rows: dict) -> None:
        """Take the rows of ``art`` (at ``index`` in the corpus) from :func:`doc_rows` of its Doc
        (made here, in a worker, or read back from the store)."""
        if index in self._infos:
            raise ValueError(f"article {index} was added twice")
        self._infos[index] = rows.get("actors") or {}
        out, aid = self._rows, art.id
        out["articles"].append(index, {
            "article_id": aid, "title": art.title, "outlet": art.outlet, "date": art.date, "url": art.url,
            "date_source": art.sources.get("date"), "outlet_source": art.sources.get("outlet"),
            "path": art.path, "n_words": rows["n_words"], "duplicate_of": art.duplicate_of, "text": art.text,
        })
        for name in ROW_TABLES[1:]:
            table = out[name]
            for row in rows.get(name, ()):
                table.append(index, {"article_id": aid, **row})

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table, in corpus order, with corpus-level actor ids; the stance tables are left empty
        (:func:`components.tables.stances.stance_tables` fills them)."""
        id_map, actor_info = merge_actor_ids([self._infos[i] for i in sorted(self._infos)])
        raw = {name: self._rows[name].frame() for name in ROW_TABLES}
        for name in ("actor_mentions", "stance_signals"):
            if "actor_id" in raw[name]:
                raw[name]["actor_id"] = _remap(raw[name]["actor_id"], id_map)
        quotes = raw["quotes"]
        if len(quotes):  # a known speaker takes its corpus-level id and that actor's name
            ids = _remap(quotes["speaker_id"][quotes["speaker_id"].map(bool)], id_map)
            quotes.loc[ids.index, "speaker_id"] = ids
            name_of = {aid: rec["name"] for aid, rec in actor_info.items() if "name" in rec}
            named = ids[ids.isin(list(name_of))]
            quotes.loc[named.index, "speaker"] = named.map(name_of)
        tables = {name: frame(name, df) if len(df) else empty(name) for name, df in raw.items()}
        tables["actors"] = actor_table(actor_info, tables["actor_mentions"], tables["quotes"])
        tables["stances"] = empty("stances")
        tables["stances_overall"] = empty("stances_overall")
        return tables


def doc_rows(doc: Doc) -> dict:
    """Everything the tables take from one analysed ``doc``, without the article's own fields:
    ``n_words``, the rows of the sentences, actor and weapon mentions, quotes and stance signals
    (keyed by table, without ``article_id``; actor ids still per-doc), and ``actors`` (``doc._.actors``).
    Plain values only, so it can be stored or sent between processes (:func:`rows_to_bytes`)."""
    sents = list(doc.sents) if doc.has_annotation("SENT_START") or len(doc) else []
    sent_of = _sentence_lookup([s.start_char for s in sents] or [0])
    full = doc.text  # each span's text is cut from it (Span.text makes a Token object per word)
    quotes = []
    for q in doc.spans.get("quotes", []):
        row = {"start": q.start_char, "end": q.end_char, "text": full[q.start_char:q.end_char],
               "sent_index": sent_of(q.start_char)}
        for attr in QUOTE_ATTRS:
            row[attr] = getattr(q._, attr) if q.has_extension(attr) else None
        quotes.append(row)
    signals = doc._.stance_signals if doc.has_extension("stance_signals") else None
    systems = (doc._.weapon_systems if doc.has_extension("weapon_systems") else None) or {}
    return {
        "n_words": count_words(doc),
        "sentences": [{"sent_index": i, "start": s.start_char, "end": s.end_char, "text": full[s.start_char:s.end_char]}
                      for i, s in enumerate(sents)],
        "actor_mentions": [{"actor_id": s.kb_id_, "start": s.start_char, "end": s.end_char,
                            "text": full[s.start_char:s.end_char], "sent_index": sent_of(s.start_char)}
                           for s in doc.spans.get("actors", [])],
        "weapon_mentions": [_weapon_row(s, sent_of, systems.get(s.label_), full) for s in doc.spans.get("weapons", [])],
        "quotes": quotes,
        "stance_signals": [dict(sig) for sig in signals or []],
        "actors": dict((doc._.actors or {}) if doc.has_extension("actors") else {}),
    }


#: format tag of :func:`rows_to_bytes` (a stored entry without it is not read)
ROWS_MAGIC = b"DBROWS1\n"


def rows_to_bytes(rows: dict) -> bytes:
    """:func:`doc_rows` as compressed JSON (safe to read back from an untrusted store: no pickle).
    Raises ``TypeError``/``ValueError`` if a stage left a value JSON cannot hold."""
    return ROWS_MAGIC + zlib.compress(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode(), 1)


def rows_from_bytes(data: bytes) -> dict:
    """The rows :func:`rows_to_bytes` wrote; ``ValueError`` for anything else."""
    if not data.startswith(ROWS_MAGIC):
        raise ValueError("not a stored analysis of this version")
    rows = json.loads(zlib.decompress(data[len(ROWS_MAGIC):]))
    if not isinstance(rows, dict) or "n_words" not in rows:
        raise ValueError("a stored analysis without its rows")
    return rows


#: the tables whose rows come from the Docs (``actors`` and the stance tables are built from them)
ROW_TABLES = ("articles", "sentences", "actor_mentions", "weapon_mentions", "quotes", "stance_signals")


class _Columns:
    """The rows of one table held as one list per column (far smaller than a list of dicts), each
    row tagged with its article's corpus index. :meth:`frame` gives what ``pd.DataFrame(rows)``
    would for the rows in corpus order (a key missing from a row is NaN)."""

    def __init__(self) -> None:
        self.data: dict[str, list] = {}
        self.order: list[int] = []

    def append(self, index: int, row: dict) -> None:
        n = len(self.order)
        for key in row:
            if key not in self.data:
                self.data[key] = [numpy.nan] * n
        for key, col in self.data.items():
            col.append(row.get(key, numpy.nan))
        self.order.append(index)

    def frame(self) -> pd.DataFrame:
        df = pd.DataFrame(self.data) if self.order else pd.DataFrame()
        order = numpy.asarray(self.order, dtype=numpy.int64)
        if len(order) > 1 and (numpy.diff(order) < 0).any():  # docs came out of order
            df = df.iloc[numpy.argsort(order, kind="stable")].reset_index(drop=True)
        return df


def _remap(ids: pd.Series, id_map: dict[str, str]) -> pd.Series:
    """``ids`` with every id found in ``id_map`` replaced by its image; others (and missing) kept."""
    if ids.empty:
        return ids
    mapped = ids.map(id_map)
    return mapped.where(mapped.notna(), ids)


def count_words(doc: Doc) -> int:
    """Tokens of ``doc`` that are neither punctuation nor white space (one array read)."""
    if not len(doc):
        return 0
    flags = doc.to_array([IS_PUNCT, IS_SPACE])
    return int(((flags[:, 0] == 0) & (flags[:, 1] == 0)).sum())


def _weapon_row(span, sent_of, system: dict | None, text: str) -> dict:
    """The row of one weapon mention; ``system`` is what the weapon stage recorded of its catalogue
    entry (``doc._.weapon_systems``), ``text`` the doc's text."""
    return {"start": span.start_char, "end": span.end_char, "text": text[span.start_char:span.end_char],
            "system": span.label_, "category": system["category"] if system else "",
            "named": bool(system["named"]) if system else False, "sent_index": sent_of(span.start_char)}


def _sentence_lookup(starts: list[int]):
    import bisect

    def sent_of(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)
    return sent_of


def actor_table(actor_info: dict[str, dict], mentions: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """One row per canonical actor that is mentioned or quoted: counts and the aliases seen."""
    if mentions.empty and quotes.empty:
        return empty("actors")
    aliases: dict[str, list[str]] = defaultdict(list)
    for aid, text in zip(mentions["actor_id"], mentions["text"]):
        if text not in aliases[aid]:
            aliases[aid].append(text)
    n_mentions = Counter(mentions["actor_id"])
    n_articles = mentions.groupby("actor_id")["article_id"].nunique().to_dict() if not mentions.empty else {}
    n_quotes = Counter(quotes["speaker_id"].dropna()) if not quotes.empty else Counter()
    rows = []
    for aid in sorted(set(n_mentions) | set(n_quotes)):
        rec = actor_info.get(aid, {"name": aid, "type": "person"})
        rows.append({"actor_id": aid, "name": rec.get("name", aid), "type": rec.get("type", ""),
                     "role": rec.get("role", ""), "country": rec.get("country", ""),
                     "aliases": aliases.get(aid, []), "mentions": n_mentions.get(aid, 0),
                     "quotes": n_quotes.get(aid, 0), "articles": int(n_articles.get(aid, 0))})
    return frame("actors", rows).sort_values(["mentions", "name"], ascending=[False, True]).reset_index(drop=True)
