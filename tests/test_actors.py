"""Actor finding and canonicalisation on real sentences (seed articles and other weapons debates)."""
from __future__ import annotations

import pytest

from components.actors import actor_at


def names(nlp, text: str) -> dict[str, str]:
    """mention text → canonical name."""
    doc = nlp(text)
    return {s.text: doc._.actors[s.kb_id_]["name"] for s in doc.spans["actors"]}


@pytest.mark.parametrize("text, mention, name", [
    ("A US official explained that the Defense Department has a limited stockpile of long-range missile systems.",
     "A US official", "US official (anonymous)"),
    ("It appeared unlikely that Biden and Starmer would announce any policy changes at this time, according to "
     "two U.S. officials familiar with planning for the talks.", "two U.S. officials familiar with planning for the talks",
     "US officials (anonymous)"),
    ("Biden's top aides remain skeptical though that deep strikes would do more than provoke Putin.",
     "Biden's top aides", "US officials (anonymous)"),
    ("Both U.K. and U.S. officials have been discussing the request for weeks.", "Both U.K. and U.S. officials",
     "Western officials (anonymous)"),
    ("Top American and British diplomats traveled to Kyiv this week.", "Top American and British diplomats",
     "Western officials (anonymous)"),
    ("A British official speaking on condition of anonymity said the focus of the meeting was much broader.",
     "A British official", "British official (anonymous)"),
    ("Citing European officials, the outlet reported that the decision had been made.", "European officials",
     "European officials (anonymous)"),
    ("The mounting losses on the battlefield are prompting Western leaders to reconsider.", "Western leaders",
     "Western allies"),
    ("The intelligence assessment by American spy agencies was first reported by the New York Times.",
     "American spy agencies", "US intelligence agencies"),
    ("People familiar with the matter said the decision was made last week.", "People familiar with the matter",
     "anonymous sources (unspecified)"),
    ("A group of House Republicans sent a letter to Biden.", "House Republicans", "House Republicans"),
    ("Senior Democrats on the Senate Foreign Relations Committee urged the administration to act.",
     "Senior Democrats on the Senate Foreign Relations Committee", "Senate Foreign Relations Committee Democrats"),
    ("A letter from 17 former national security officials urged a change.", "17 former national security officials",
     "17 former national security officials"),
    # other debates
    ("German officials said the Taurus would not be sent before the election.", "German officials",
     "German officials (anonymous)"),
    ("Three senior European diplomats said Berlin was isolated.", "Three senior European diplomats",
     "European officials (anonymous)"),
])
def test_group_actors(nlp, text, mention, name):
    assert names(nlp, text).get(mention) == name


def test_bare_official_refers_to_last_anonymous_official(nlp, seed_text):
    doc = nlp("A US official explained that the stockpile is limited. "
              "The official emphasized that these systems should not be used on less strategic targets.")
    ids = [s.kb_id_ for s in doc.spans["actors"] if s.text.lower() in ("a us official", "the official")]
    assert len(ids) == 2 and len(set(ids)) == 1


def test_zelensky_top_aides_and_the_ukrainians_are_ukrainian_officials(nlp):
    got = names(nlp, "Last month, Zelenskyy dispatched top aides to Washington with a list of potential targets "
                     "inside Russia that the Ukrainians argued could make a significant difference in the war.")
    assert got["top aides"] == got["the Ukrainians"] == "Ukrainian officials (anonymous)"


def test_named_people_with_group_words_are_not_anonymous(nlp):
    got = names(nlp, "ATACMS would not be the answer, said Lt. Col. Charlie Dietz, Pentagon spokesperson.")
    assert "Pentagon spokesperson" not in got
    assert got.get("Charlie Dietz") == "Charlie Dietz"


def test_part_of_group_name_is_not_an_actor(nlp):
    got = names(nlp, "A group of House Republicans sent a letter to Biden.")
    assert "House" not in got


def test_actor_at_prefers_the_phrase_head(nlp):
    doc = nlp("U.S. officials said the request was under review.")
    assert doc._.actors[actor_at(doc, doc[1])]["name"] == "US officials (anonymous)"
    assert doc._.actors[actor_at(doc, doc[0:2])]["name"] == "US officials (anonymous)"
    assert actor_at(doc, doc[2]) is None


def test_secretary_of_state_is_not_an_actor(nlp):
    got = names(nlp, "British and U.S. officials, including Secretary of State Antony Blinken, were in Kyiv.")
    assert "State" not in got and got["Antony Blinken"] == "Antony Blinken"
