"""AnchoredMatcher: the matches of a plain spaCy Matcher, found only around anchor words."""
from __future__ import annotations

import math

import pytest
from spacy.matcher import Matcher

from components.nlp.matching import AnchoredMatcher, anchor_values, choose_anchor, item_span


@pytest.fixture(scope="module")
def seed_docs(nlp, seed_corpus):
    with nlp.select_pipes(disable=["debate_stance"]):
        return list(nlp.pipe([a.text for a in seed_corpus]))


def both(nlp, patterns: dict[str, list[list[dict]]]) -> tuple[Matcher, AnchoredMatcher]:
    plain, anchored = Matcher(nlp.vocab), AnchoredMatcher(nlp.vocab)
    for key, pats in patterns.items():
        plain.add(key, pats)
        anchored.add(key, pats)
    return plain, anchored


def test_item_span_reads_every_operator():
    assert item_span({"LOWER": "a"}) == (1, 1)
    assert item_span({"OP": "?"}) == (0, 1)
    assert item_span({"OP": "*"}) == (0, math.inf)
    assert item_span({"OP": "+"}) == (1, math.inf)
    assert item_span({"OP": "!"}) == (1, 1)
    assert item_span({"OP": "{2}"}) == (2, 2)
    assert item_span({"OP": "{1,3}"}) == (1, 3)
    assert item_span({"OP": "{2,}"}) == (2, math.inf)
    assert item_span({"OP": "{,4}"}) == (0, 4)
    with pytest.raises(ValueError):
        item_span({"OP": "many"})


def test_anchor_is_a_required_content_word(nlp):
    assert anchor_values({"LEMMA": {"IN": ["war", "War"]}}) == ("LEMMA", ["war", "War"])
    assert anchor_values({"LOWER": "war", "OP": "?"}) is None
    assert anchor_values({"POS": "NOUN"}) is None
    # "at war": "at" is a stop word, so the rarer "war" anchors the pattern
    assert choose_anchor([{"LOWER": "at"}, {"LOWER": "war"}], nlp.vocab) == 1
    # only stop words: the first one anchors it
    assert choose_anchor([{"LOWER": "not"}, {"LOWER": "yet"}], nlp.vocab) == 0
    assert choose_anchor([{"POS": "ADJ", "OP": "*"}, {"POS": "NOUN"}], nlp.vocab) is None


def test_same_matches_as_matcher_on_the_stance_cues_of_the_seeds(nlp, seed_docs):
    """The debate file's cue patterns (lemma and word-form variants, five-word gaps) over the real
    seed articles: the same matches, in the same order."""
    stance = nlp.get_pipe("debate_stance")
    from components.nlp.frames import cue_patterns

    patterns = {str(i): cue_patterns(text, nlp.tokenizer) for i, (*_, text) in enumerate(stance.lexicon.entries)}
    plain, anchored = both(nlp, patterns)
    total = 0
    for doc in seed_docs:
        expected = plain(doc)
        assert anchored(doc) == expected
        total += len(expected)
    assert total > 100  # the comparison is not vacuous


def test_same_matches_as_matcher_on_the_weapon_catalogue(nlp, seed_docs):
    weapons = nlp.get_pipe("debate_weapons")
    patterns = {name: weapons.matcher.get(name)[1] for name in weapons.systems if name in weapons.matcher}
    plain, anchored = both(nlp, patterns)
    total = 0
    for doc in seed_docs:
        expected = set(plain(doc))
        found = anchored(doc)
        assert set(found) == expected
        assert len(found) == len(expected)
        total += len(found)
    assert total > 50


def test_unbounded_run_stays_in_its_sentence(nlp):
    doc = nlp("Britain sent tanks. Missiles followed soon after.")
    second = next(s for s in doc.sents if s.start > 0).start
    patterns = {"run": [[{"OP": "*"}, {"LOWER": "missiles"}]]}
    plain, anchored = both(nlp, patterns)
    assert min(s for _, s, _ in plain(doc)) == 0  # the plain Matcher runs across the full stop
    found = anchored(doc)
    assert found and all(s >= second for _, s, _ in found)
    assert (nlp.vocab.strings["run"], second, second + 1) in found


def test_patterns_without_anchor_run_on_the_whole_doc(nlp):
    doc = nlp("Germany weighs sending Taurus cruise missiles to Ukraine.")
    plain, anchored = both(nlp, {"noun": [[{"POS": "NOUN"}]], "propn": [[{"POS": "PROPN"}, {"LOWER": "cruise"}]]})
    assert anchored(doc) == plain(doc)
    assert len(anchored(doc)) >= 3


def test_span_offsets_are_relative_to_the_span(nlp):
    doc = nlp("Kyiv asked for ATACMS. Washington said the ATACMS decision was not yet made.")
    span = doc[5:]
    plain, anchored = both(nlp, {"atacms": [[{"ORTH": "ATACMS"}]], "not yet": [[{"LOWER": "not"}, {"LOWER": "yet"}]]})
    assert anchored(span) == plain(span)
    assert [doc.vocab.strings[k] for k, _, _ in anchored(span)] == ["atacms", "not yet"]


def test_len_and_contains(nlp):
    m = AnchoredMatcher(nlp.vocab)
    m.add("a", [[{"LOWER": "storm"}, {"LOWER": "shadow"}]])
    m.add("a", [[{"LOWER": "scalp"}]])
    m.add("b", [[{"LOWER": "taurus"}]])
    assert len(m) == 2 and "a" in m and "c" not in m
    assert len(m.get("a")[1]) == 2 and m.get("c") is None
    assert [nlp.vocab.strings[k] for k, _, _ in m(nlp("Storm Shadow and SCALP, not Taurus."))] == ["a", "a", "b"]


def test_fixed_length_word_patterns_are_looked_up_not_matched(nlp):
    """One- and few-word patterns of word tests are checked in the Doc's columns, not by a Matcher:
    the same matches, also where a pattern runs off a span's end or a key mixes them with a
    pattern the lookup cannot read (a part of speech, an operator)."""
    from components.nlp.matching import fixed_checks

    doc = nlp("Paris will not rule out sending troops, and it did not rule it out. Not rule.")
    patterns = {"rule out": [[{"LEMMA": {"IN": ["not"]}}, {"LEMMA": "rule"}, {"LOWER": "out"}]],
                "rule": [[{"LOWER": {"IN": ["rule", "rules"]}}], [{"LEMMA": "rule", "POS": "VERB"}]],
                "send": [[{"LEMMA": "send"}, {"LOWER": "troops", "OP": "?"}]],
                "troops": [[{"ORTH": "troops"}]]}
    plain, anchored = both(nlp, patterns)
    for doclike in (doc, doc[3:8], doc[4:14], doc[:-2]):
        assert anchored(doclike) == plain(doclike)
    assert len(anchored(doc)) >= 6
    m = AnchoredMatcher(nlp.vocab)
    m.add("x", patterns["rule out"])
    assert [len(a.checks) for index in m._anchors.values() for anchors in index.values() for a in anchors] == [2]
    assert fixed_checks([{"LEMMA": "rule", "POS": "VERB"}], 0, nlp.vocab) is None
    assert fixed_checks([{"LEMMA": "send"}, {"LOWER": "troops", "OP": "?"}], 0, nlp.vocab) is None


def test_unbounded_side_ends_where_its_items_stop_matching(nlp):
    """A ``*`` run is looked for only as far as the tokens pass one of its side's items (a part of
    speech, a dependency, a word, ``NOT_IN``): the matches are a plain Matcher's in that sentence,
    for runs of every length, an item that takes any token and a run after the anchor."""
    doc = nlp("Britain and France sent long-range European-made cruise missiles, and more cruise "
              "missiles followed after the very big new German tanks arrived.")
    patterns = {"cruise": [[{"DEP": {"IN": ["amod", "compound", "punct", "nmod", "npadvmod"]},
                             "POS": {"NOT_IN": ["DET", "PRON", "ADP", "CCONJ"]}, "OP": "*"},
                            {"LOWER": "cruise"}, {"LOWER": {"IN": ["missile", "missiles"]}}]],
                "tanks": [[{"POS": "ADJ", "OP": "*"}, {"LOWER": "tanks"}],
                          [{"LOWER": "very", "OP": "!"}, {"OP": "*"}, {"LOWER": "tanks"}]],
                "after": [[{"LOWER": "followed"}, {"POS": {"NOT_IN": ["VERB"]}, "OP": "*"}]]}
    plain, anchored = both(nlp, patterns)
    assert set(anchored(doc)) == set(plain(doc)) and len(anchored(doc)) == len(set(plain(doc)))
    cruise = [(s, e) for k, s, e in anchored(doc) if nlp.vocab.strings[k] == "cruise"]
    assert any(doc[s:e].text.startswith("long") for s, e in cruise)
