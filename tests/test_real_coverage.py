"""Mechanisms checked on real coverage nobody annotated: ``../shared/corpora/ukraine-war-news`` (read in
place, never copied here), a sample of its articles by several outlets. What is checked holds for any
correct analysis, whatever the text: no actor's name holds a line break, no listed place or network is
an actor, no pronoun gives a quote to a catalogued person of the other gender, and no page furniture
("Photo: …", "CLICK HERE …") yields an actor."""
from __future__ import annotations

import pytest

from components.nlp.names import name_key

from .conftest import SHARED

CORPUS = SHARED / "corpora" / "ukraine-war-news"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def docs(nlp):
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is not here")
    files = sorted(CORPUS.glob("*.txt"))[::8]  # 56 articles across the years and outlets
    return list(nlp.pipe(f.read_text("utf-8") for f in files))


def test_real_coverage_actors_are_names_of_actors(docs, knowledge):
    for doc in docs:
        for s in doc.spans["actors"]:
            name = doc._.actors[s.kb_id_]["name"]
            assert name == name.strip() and "\n" not in name, name
            assert name_key(name) not in knowledge.non_actors, name
            assert not doc._.outside_story.covers(s.start_char), s.text


def test_real_coverage_pronouns_agree_with_the_speakers_gender(docs, knowledge):
    female, male = set(knowledge.quotes.genders.female), set(knowledge.quotes.genders.male)
    for doc in docs:
        for q in doc.spans["quotes"]:
            word = (q._.speaker_in_text or "").lower()
            entry = knowledge.actor(q._.speaker_id or "")
            if entry is None or not entry.gender or word not in female | male:
                continue
            assert (word in female) == (entry.gender == "female"), (word, q._.speaker, q.text)
