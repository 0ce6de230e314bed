"""Writing a briefing out: sections cut to the word budget by dropping their least important items,
then written once as Markdown with citations and the numbered sources.

Source numbers are fixed before anything is written (an article's number is its place in the
corpus, see :func:`components.report.briefing.source_numbers`), so an item's text does not depend on
what else is kept: the budget is met by measuring items, never by writing the briefing again.
"""
from __future__ import annotations

import re

from .blocks import Briefing, Evidence, Heading, Item, Note, Section
from .corpus import Corpus
from .text import count_words, known, md_escape
from .wording import Wording

MAX_CITED_PER_ITEM = 6


class Writer:
    """Citations and sources of one briefing over a :class:`Corpus`."""

    def __init__(self, corpus: Corpus, wording: Wording):
        self.c = corpus
        self.w = wording
        self._source_lines: dict[str, str] = {}
        self._words: dict[int, tuple[Item, int]] = {}  # (the item is kept so that its id stays its own)

    def cited(self, evs: list[Evidence]) -> list[Evidence]:
        return [e for e in evs if e.article_id in self.c.order][:MAX_CITED_PER_ITEM]

    def cite(self, evs: list[Evidence]) -> str:
        nums = sorted({self.c.numbers[e.article_id] for e in self.cited(evs)})
        return " [" + ", ".join(str(n) for n in nums) + "]" if nums else ""

    def cited_of(self, item: Item, children: bool = True) -> list[Evidence]:
        """The evidence ``item`` cites (each part's, cut as :meth:`cite` cuts it)."""
        own = [e for _, evs in item.parts for e in self.cited(evs)]
        return own + [e for ch in item.children for e in self.cited_of(ch)] if children else own

    def item(self, item: Item) -> str:
        return "".join(text + self.cite(evs) for text, evs in item.parts)

    def item_words(self, item: Item) -> int:
        """Words of ``item`` as written (its children included); counted once per item, for the
        budget is measured again after every cut."""
        key = id(item)
        if key not in self._words:
            self._words[key] = (item, count_words(self.item(item)) + sum(self.item_words(ch) for ch in item.children))
        return self._words[key][1]

    def articles_cited(self, sections: list[Section]) -> list[str]:
        arts = {e.article_id for s in sections for it in s.items() for e in self.cited_of(it)}
        return sorted(arts, key=lambda a: self.c.numbers[a])

    # sources ------------------------------------------------------------------------------------------
    def source(self, a: str) -> dict:
        r = self.c.articles.loc[self.c.order[a]]
        url = str(r["url"]) if known(r["url"]) and re.match(r"^https?://\S+$", str(r["url"])) else None
        return {"n": self.c.numbers[a], "article_id": a, "title": str(r["title"]) if known(r["title"]) else None,
                "outlet": self.c.outlet.get(a), "date": self.c.date.get(a), "url": url}

    def source_line(self, a: str) -> str:
        if a not in self._source_lines:
            self._source_lines[a] = self._source_line(a)
        return self._source_lines[a]

    def _source_line(self, a: str) -> str:
        s = self.source(a)
        title = s["title"]
        if not title:
            rows = self.c.rows_of.get(a)
            first = (self.c.c_text[rows[0]] if rows else self.c.text.get(a, "")).split()
            title = self.w.say("untitled", words=" ".join(first[:6]) + ("…" if len(first) > 6 else ""))
        details = [x for x in (s["outlet"], s["date"] or self.w.word("undated"), s["url"]) if x]
        return "- " + self.w.say("source", n=s["n"], title=md_escape(title),
                                 details="".join(", " + md_escape(x) for x in details) + f" (id {md_escape(a)})")

    def sources_lines(self, cited: list[str]) -> list[str]:
        lines = [f"## {self.w.heading('sources')}", ""] + [self.source_line(a) for a in cited]
        rest = len(self.c.ids) - len(cited)
        if rest:
            lines += ["", self.w.say("further", r=rest)]
        return lines

    # budget -------------------------------------------------------------------------------------------
    def words(self, head: list[str], sections: list[Section]) -> int:
        n = sum(count_words(x) for x in head)
        for s in sections:
            n += count_words(s.title) + sum(self.item_words(b) if isinstance(b, Item) else count_words(b.text)
                                            for b in s.blocks)
        return n + sum(count_words(x) for x in self.sources_lines(self.articles_cited(sections)))

    def fit(self, head: list[str], sections: list[Section], stages: list[tuple[Section, int | None]],
            max_words: int) -> list[Section]:
        """``sections`` cut to ``max_words`` in ``stages``: ``(section, floor)`` drops the section's
        last items until it has ``floor`` left (never below its ``keep``); ``(section, None)`` drops an
        optional section entirely. Stops as soon as the briefing fits."""
        sections = list(sections)
        for s, floor in stages:
            if self.words(head, sections) <= max_words:
                break
            if s not in sections:
                continue
            if floor is None:
                if s.optional:
                    sections.remove(s)
                continue
            while len(s.items()) > max(floor, s.keep) and self.words(head, sections) > max_words:
                del s.blocks[max(k for k, b in enumerate(s.blocks) if isinstance(b, Item))]
        return sections

    # writing ------------------------------------------------------------------------------------------
    def write(self, head: list[str], sections: list[Section]) -> Briefing:
        lines, citations, bullet, group = [], [], 0, 0

        def emit(item: Item, section: str) -> str:
            nonlocal bullet, group
            bullet += 1
            for _, evs in item.parts:  # each part's citations are one bracketed group, in text order
                cited = self.cited(evs)
                if cited:
                    group += 1
                for e in cited:
                    citations.append({"bullet": bullet, "group": group, "section": section,
                                      "n": self.c.numbers[e.article_id], "article_id": e.article_id,
                                      "start": e.start, "end": e.end})
            return self.item(item)

        for x in head:
            lines += [x, ""]
        for s in sections:
            body = _without_empty_headings(s.blocks)
            if not body:
                continue
            lines += [f"## {s.title}", ""]
            if s.paragraph:
                lines += [" ".join(emit(b, s.title) if isinstance(b, Item) else b.text for b in body), ""]
                continue
            for b in body:
                if isinstance(b, Heading):
                    lines += ["", f"### {b.text}", ""]
                elif isinstance(b, Note):
                    lines += [b.text, ""]
                else:
                    lines.append("- " + emit(b, s.title))
                    lines += ["  - " + emit(ch, s.title) for ch in b.children]
            lines.append("")
        cited = self.articles_cited(sections)
        if cited or self.c.ids:
            lines += self.sources_lines(cited)
        md = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).rstrip() + "\n"
        return Briefing(md, citations, [self.source(a) for a in cited])


def _without_empty_headings(blocks: list) -> list:
    """``blocks`` without sub-headings that no item follows before the next sub-heading."""
    out = []
    for k, b in enumerate(blocks):
        if isinstance(b, Heading):
            nxt = next((x for x in blocks[k + 1:] if not isinstance(x, Note)), None)
            if not isinstance(nxt, Item):
                continue
        out.append(b)
    return out
