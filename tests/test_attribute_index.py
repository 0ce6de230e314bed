"""IndexedRuleMatcher: the model's attribute ruler gives the very matches, and so the very token
attributes, of spaCy's Matcher."""
from __future__ import annotations

import pytest
import spacy
from spacy.attrs import LOWER, TAG
from spacy.matcher import Matcher

from components.nlp.attribute_index import IndexedRuleMatcher, index_attribute_ruler, token_tests
from components.nlp.model import load_model

SENTENCES = [
    "Ukraine's foreign minister, Dmytro Kuleba, said on Tuesday that the U.S. hasn't decided yet.",
    "\"We're gonna need those missiles,\" he told reporters in Kyiv, adding: \"Let's see.\"",
    "There are reasons why Germany ain't sending Taurus missiles, y'all, and it's not about money.",
    "Biden met Starmer at the White House.  Neither leader announced a decision on the long-range weapons.",
    "I don't think so, said a spokesperson; \"nuthin' has changed\", c'mon.",
]


@pytest.fixture(scope="module")
def plain_and_indexed():
    plain, _ = load_model()
    indexed, _ = load_model()
    assert index_attribute_ruler(indexed)
    return plain, indexed


def test_the_models_ruler_is_indexed(nlp):
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler.matcher, IndexedRuleMatcher)
    assert len(ruler.matcher) == len(ruler.attrs)
    assert not len(ruler.matcher.rest)  # every rule of the English model is answered from columns


def test_same_matches_and_token_attributes_on_real_text(plain_and_indexed, seed_text):
    plain, indexed = plain_and_indexed
    texts = SENTENCES + [seed_text(p) for p in ("000", "001", "002", "003", "004")]
    before = ["tok2vec", "tagger", "parser"]
    for p_doc, i_doc in zip(plain.pipe(texts), indexed.pipe(texts)):
        assert [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in p_doc] == \
               [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in i_doc]
    with plain.select_pipes(enable=before), indexed.select_pipes(enable=before):
        for p_doc, i_doc in zip(plain.pipe(texts), indexed.pipe(texts)):
            got = indexed.get_pipe("attribute_ruler").match(i_doc)
            assert got == plain.get_pipe("attribute_ruler").match(p_doc)
            assert got  # (the tag map matches every token)


def rules() -> dict[str, list[list[dict]]]:
    return {
        "tag": [[{"TAG": "NNP"}]],
        "word_tag": [[{"LOWER": "said", "TAG": "VBD"}]],
        "two": [[{"TAG": "NNP"}], [{"LOWER": "kyiv"}]],  # one match where both patterns hit a token
        "twice": [[{"LOWER": "kyiv"}], [{"ORTH": "Kyiv"}]],
        "in": [[{"LOWER": {"IN": ["the", "a"]}, "TAG": "DT"}]],
        "not_in": [[{"DEP": {"NOT_IN": ["det", ""]}, "TAG": {"IN": ["DT", "WDT"]}}]],
        "regex": [[{"LOWER": {"REGEX": "^n[ou]thin'?$"}}]],
        "pair": [[{"LOWER": "white"}, {"LOWER": "house"}]],
        "pair_regex": [[{"DEP": "expl"}, {"LOWER": {"REGEX": "^(is|are)$"}}]],
        "space": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]],
        "operator": [[{"LOWER": "the"}, {"POS": "ADJ", "OP": "?"}, {"LOWER": "house"}]],
        "lowercase_key": [[{"lower": "biden"}]],
        "other_attr": [[{"POS": "PROPN"}]],
        "length": [[{"LENGTH": {">=": 8}}]],
    }


def test_every_kind_of_rule_matches_as_the_matcher_does(plain_and_indexed):
    nlp = plain_and_indexed[0]
    plain = Matcher(nlp.vocab)
    for key, patterns in rules().items():
        plain.add(key, patterns)
    indexed = IndexedRuleMatcher(plain, list(rules()))
    assert {nlp.vocab.strings[k] for k in indexed.rest._patterns} == {"operator", "lowercase_key", "other_attr",
                                                                    "length"}
    for doc in nlp.pipe(SENTENCES + [""]):
        assert sorted(indexed(doc, allow_missing=True)) == sorted(plain(doc, allow_missing=True))
        assert indexed(doc, as_spans=True, allow_missing=True) == plain(doc, as_spans=True, allow_missing=True)


def test_rules_added_after_indexing_are_answered_too(plain_and_indexed):
    nlp = plain_and_indexed[0]
    plain = Matcher(nlp.vocab)
    plain.add("tag", [[{"TAG": "NNP"}]])
    indexed = IndexedRuleMatcher(plain, ["tag"])
    indexed.add("pair", [[{"LOWER": "white"}, {"LOWER": "house"}]])
    assert "pair" in indexed and len(indexed) == 2
    assert indexed.get("pair")[1] == [[{"LOWER": "white"}, {"LOWER": "house"}]]
    doc = nlp(SENTENCES[3])
    assert sorted(indexed(doc, allow_missing=True)) == sorted(plain(doc, allow_missing=True))
    assert any(nlp.vocab.strings[k] == "pair" for k, _, _ in indexed(doc, allow_missing=True))
    indexed.remove("pair")
    assert not any(nlp.vocab.strings[k] == "pair" for k, _, _ in indexed(doc, allow_missing=True))


def test_a_ruler_keeps_its_patterns_and_its_rules_can_grow(plain_and_indexed):
    plain, indexed = plain_and_indexed
    assert indexed.get_pipe("attribute_ruler").patterns == plain.get_pipe("attribute_ruler").patterns
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "kyiv"}]], {"LEMMA": "Kyiv-lemma"})
    assert index_attribute_ruler(nlp) and index_attribute_ruler(nlp)  # (indexing twice changes nothing)
    ruler.add([[{"LOWER": "said"}]], {"LEMMA": "say-lemma"})
    assert [t.lemma_ for t in nlp("Kyiv said")] == ["Kyiv-lemma", "say-lemma"]
    assert not index_attribute_ruler(spacy.blank("en"))  # no ruler: nothing to index


def test_token_tests_read_only_what_columns_answer(plain_and_indexed):
    vocab = plain_and_indexed[0].vocab
    assert token_tests({"TAG": "NN", "LOWER": "kyiv"}, vocab) == ((LOWER, "==", vocab.strings["kyiv"]),
                                                              (TAG, "==", vocab.strings["NN"]))
    assert token_tests({"LOWER": {"IN": ["a"]}, "OP": "?"}, vocab) is None
    assert token_tests({"LEMMA": "be"}, vocab) is None
    assert token_tests({"LOWER": {"FUZZY": "kyiv"}}, vocab) is None
    assert token_tests({"IS_SPACE": 1}, vocab) is None  # (a flag given as a number: left to the Matcher)
    assert token_tests({}, vocab) is None
