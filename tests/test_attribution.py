"""The attribution module: who a subject, pronoun, description or source phrase designates, and the
speech events of a text, on real sentences (seeds, development corpus) and sentences written for
each construction."""
from __future__ import annotations

import pytest

from components.nlp.attribution import Attribution, Holder, SpeechEvent

from .conftest import KNOWLEDGE


@pytest.fixture(scope="module")
def attribution(nlp):
    return Attribution(KNOWLEDGE, nlp)


def events(nlp, attribution, text):
    doc = nlp(text)
    return doc, attribution.speech_events(doc)


def speakers(nlp, attribution, text, cue):
    """Speaker names of the speech event whose cue is ``cue``."""
    doc, evs = events(nlp, attribution, text)
    ev = next(e for e in evs if e.cue.text == cue)
    return [doc._.actors[h.actor_id]["name"] for h in ev.speakers]


def test_events_are_records_with_holders(nlp, attribution):
    doc, evs = events(nlp, attribution, "Polish Prime Minister Donald Tusk said he wasn’t worried about Putin’s comments.")
    assert len(evs) == 1 and isinstance(evs[0], SpeechEvent)
    ev = evs[0]
    assert ev.kind == "speech" and ev.cue.text == "said" and ev.verb.i == ev.cue.start and not ev.negated
    assert isinstance(ev.speaker, Holder) and ev.speaker.actor_id == "donald-tusk" and ev.speaker.via == "name"
    assert [c.text for c in ev.content] == ["he wasn’t worried about Putin’s comments"]
    # kept on the Doc: the stance stage reads the same events and resolver
    assert attribution.speech_events(doc) is evs and doc._.resolver is attribution.resolver(doc)


@pytest.mark.parametrize("text, cue, names", [
    # conjoined speakers: one holder each
    ("The U.S. and Britain, meanwhile, announced Thursday they were imposing a new round of sanctions on Iran.",
     "announced", ["United States", "United Kingdom"]),
    # a partitive: the group of its object
    ("A group of House Republicans also pressed Biden to ease the restrictions in a letter on Monday.",
     "pressed", ["House Republicans"]),
    # inverted speaker after the quote
    ('"There is no change to our view," said John Kirby, White House national security spokesman.',
     "said", ["John Kirby"]),
    # a relative clause speaks for the noun it modifies
    ("A decision would be a major win for Ukraine, which has been urging Western countries for months to loosen "
     "restrictions.", "urging", ["Ukraine"]),
    # a country's institution is not the country
    ("Ukraine’s presidency said one woman was killed and two more injured in Donetsk province.",
     "said", ["Ukrainian Presidency"]),
    ("Ukraine's air force said it shot down 20 drones overnight.", "said", ["Ukrainian Air Force"]),
    # a person's administration
    ("President Joe Biden’s administration announced that $1 billion in artillery would soon be heading to Ukraine.",
     "announced", ["Biden administration"]),
])
def test_speakers(nlp, attribution, text, cue, names):
    assert speakers(nlp, attribution, text, cue) == names


def test_pronouns(nlp, attribution):
    text = ("Zelenskyy said he has a plan he intends to deliver to Biden this month. "
            '"If partners support it, it will make it easier for Ukraine," he said.')
    assert speakers(nlp, attribution, text, "said")[:1] == ["Volodymyr Zelensky"]
    doc, evs = events(nlp, attribution, text)
    last = evs[-1]
    assert last.speaker.via == "pronoun" and doc._.actors[last.speaker.actor_id]["name"] == "Volodymyr Zelensky"
    # "they" for conjoined countries gives each
    doc = nlp("Poland and Lithuania have said they are prepared to help Ukrainian authorities return men.")
    res = attribution.resolver(doc)
    they = next(t for t in doc if t.lower_ == "they")
    assert {doc._.actors[h.actor_id]["name"] for h in res.holders(they)} == {"Poland", "Lithuania"}


def test_pleonastic_it_and_quoted_pronouns_stand_for_no_one(nlp, attribution):
    doc = nlp("Biden met Starmer on Friday. It appeared unlikely that the two would announce any change.")
    res = attribution.resolver(doc)
    assert res.resolve(next(t for t in doc if t.text == "It")) is None
    doc = nlp("Biden met Starmer. “We will decide,” he said.")
    res = attribution.resolver(doc)
    assert res.resolve(next(t for t in doc if t.text == "We")) is None


def test_definite_description(nlp, attribution):
    text = ("Russian President Vladimir Putin warned on Thursday that allowing Ukraine to use the missiles would "
            "change the conflict. “This will mean that NATO countries are at war with Russia,” the Russian leader said.")
    doc = nlp(text)
    res = attribution.resolver(doc)
    leader = next(t for t in doc if t.text == "leader")
    h = res.resolve(leader)
    assert h.actor_id == "vladimir-putin" and h.via == "description" and h.text == "the Russian leader"


def test_source_phrase_and_vague_sources(nlp, attribution):
    doc, evs = events(nlp, attribution, "HARMs have a range in excess of 30 miles, according to the US Air Force, "
                                        "making them one of the longer-range weapons.")
    src = next(e for e in evs if e.kind == "source")
    assert src.verb is None and src.cue.text == "according to"
    assert doc._.actors[src.speaker.actor_id]["name"] == "US Air Force"
    doc, evs = events(nlp, attribution, "Western officials say that the Biden administration wants to leave Ukraine "
                                        "in a strong position.")
    assert [e.kind for e in evs] == ["vague"]


def test_negated_speech(nlp, attribution):
    _, evs = events(nlp, attribution, "Kahl did not explicitly say what type of anti-radiation missile was sent.")
    assert evs[0].negated
