"""Per-doc token columns and the lookups the pipeline stages use instead of per-token Python loops:
each must give exactly what the spaCy attribute or loop it replaces gives."""
from __future__ import annotations

from components.nlp.groups import head_index, head_matches
from components.nlp.stages.actors import _titles_by_first_word, strip_title
from components.nlp.tokens import doc_text, has_word, token_columns
from components.knowledge import ActorEntry, Knowledge, slug

from .conftest import KNOWLEDGE

TEXT = ("U.K. Prime Minister Keir Starmer’s  visit to Kyiv—“a sign,” he said.\n"
        "Western governments and U.S.-provided ATACMS:   the Ukrainians   asked.")


def test_columns_equal_the_token_attributes(nlp):
    doc = nlp(TEXT)
    cols = token_columns(doc)
    assert len(cols) == len(doc)
    assert cols.text == [t.text for t in doc]
    assert cols.lower == [t.lower_ for t in doc]
    assert cols.pos == [t.pos_ for t in doc]
    assert cols.is_title == [t.is_title for t in doc]
    assert cols.space_after == [bool(t.whitespace_) for t in doc]
    assert doc_text(cols) == doc.text == TEXT


def test_columns_of_an_empty_doc(nlp):
    cols = token_columns(nlp.make_doc(""))
    assert len(cols) == 0 and doc_text(cols) == ""
    assert not has_word(nlp.make_doc(""), "the")


def test_has_word_is_case_insensitive_and_whole_word(nlp):
    doc = nlp.make_doc("Western allies met in Brussels.")
    assert has_word(doc, "western") and has_word(doc, "brussels")
    assert not has_word(doc, "west") and not has_word(doc, "berlin")


def test_head_matches_every_kind_of_a_shared_head_word_in_file_order(nlp):
    cfg = {"kind": [{"name": "allies", "heads": ["Allies", "governments"]},
                    {"name": "government", "heads": ["governments", "cabinet"]}]}
    doc = nlp("Western governments and the cabinet asked the allies, who govern.")
    hits = head_matches(doc, head_index(nlp.vocab, cfg))
    assert [(k, doc[i].text) for k, i in hits] == [
        ("allies", "governments"), ("government", "governments"), ("government", "cabinet"), ("allies", "allies")]
    assert head_matches(nlp.make_doc(""), head_index(nlp.vocab, cfg)) == []


def test_head_matches_only_nouns(nlp):
    cfg = {"kind": [{"name": "sources", "heads": ["source"]}]}
    doc = nlp("They source parts abroad, one source said.")
    assert [doc[i].text for _, i in head_matches(doc, head_index(nlp.vocab, cfg))] == ["source"]
    assert doc[1].pos_ != "NOUN"


def test_titles_grouped_by_first_word_keep_their_order():
    titles = ("Prime Minister", "President", "Prime", "Lt. Col.")
    assert _titles_by_first_word(titles) == {
        "prime": [["prime", "minister"], ["prime"]], "president": [["president"]], "lt.": [["lt.", "col."]]}


def test_strip_title_takes_the_longest_title_first(nlp):
    titles = KNOWLEDGE.titles
    doc = nlp("U.K. Prime Minister Keir Starmer")
    n, title = strip_title(list(doc), titles)
    assert doc[n:].text == "Keir Starmer" and title == "U.K. Prime Minister"
    n, title = strip_title(list(nlp("President")), titles)
    assert n == 0 and title == ""


def test_knowledge_lookups_keep_the_first_entry():
    know = KNOWLEDGE
    first = know.actors[0]
    assert know.actor(first.id) is first and know.actor("no-such-actor") is None
    dup = Knowledge(actors=[ActorEntry(id="x", name="X one"), ActorEntry(id="x", name="X two")])
    assert dup.actor("x").name == "X one"
    assert know.weapon(know.weapons[0].name) is know.weapons[0] and know.weapon("Nothing") is None


def test_slug_folds_accents_and_punctuation():
    assert slug("Volodymyr Zelenskyy") == "volodymyr-zelenskyy"
    assert slug("Ursula von der Leyen (EU)") == "ursula-von-der-leyen-eu"
    assert slug("Škoda-Müller") == "skoda-muller" and slug("—") == "unknown"


def test_a_line_break_starts_a_sentence(nlp):
    from components.nlp.stages.paragraphs import mark_paragraphs

    doc = mark_paragraphs(nlp.make_doc("Missiles made in the U.S.\nAmerican spy agencies \n\n  have warned. "
                                       "Kyiv  waits\n"))
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["Missiles", "American", "have"]  # not after the double space, nothing past the end
    assert len(mark_paragraphs(nlp.make_doc("\n"))) == 1 and len(mark_paragraphs(nlp.make_doc(""))) == 0


def test_sentence_starts_are_those_of_doc_sents(nlp, seed_text):
    from components.nlp.tokens import sentence_starts

    doc = nlp(seed_text("002"))
    assert sentence_starts(doc) == [s.start for s in doc.sents] and len(sentence_starts(doc)) > 10
    assert sentence_starts(nlp.make_doc("No parse here. None.")) == [0]  # no boundaries: one sentence
    assert sentence_starts(nlp.make_doc("")) == []
