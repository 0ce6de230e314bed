"""Quotes and reported speech on real sentences: mark pairing, kinds, speakers, and quote counts."""
from __future__ import annotations

import pandas as pd
import pytest

from components.tables.quotes import (normalize_quote, quotes_per_actor, quotes_per_article,
                                     quotes_per_outlet, repeated_quotes)
from components.nlp.attribution import _verbs, quote_regions
from components.nlp.stages.quotes import quote_mark_tokens


def quotes(nlp, text: str) -> list[tuple[str, str, str | None]]:
    """(kind, quoted text, speaker) of every quote of ``text``; offsets checked against the text."""
    doc = nlp(text)
    out = []
    for q in doc.spans["quotes"]:
        assert text[q.start_char:q.end_char] == q.text
        out.append((q._.kind, q.text, q._.speaker))
    return out


def direct(nlp, text):
    return [(t, s) for k, t, s in quotes(nlp, text) if k in ("direct", "partial")]


def test_quote_mark_tokens(nlp):
    doc = nlp.make_doc('He said “no” and "yes" and ‘‘maybe’’ and «oui».')
    assert sorted(doc[i].text for i in quote_mark_tokens(doc)) == sorted(
        t.text for t in doc if t.is_quote or t.text in ("“", "”", '"', "’’"))
    assert {doc[i].text for i in quote_mark_tokens(doc)} >= {"“", "”", '"'}
    assert quote_mark_tokens(nlp.make_doc("No marks here.")) == set()
    assert quote_mark_tokens(nlp.make_doc("")) == set()


# ---- pairing marks --------------------------------------------------------------------------------
def inner(text):
    return [text[s:e] for s, e in quote_regions(text)]


@pytest.mark.parametrize("text, expected", [
    ('Biden said, “I don’t think much about Vladimir Putin.”', ["I don’t think much about Vladimir Putin."]),
    ('"We are working that out right now," he said.', ["We are working that out right now,"]),
    ("“They reaffirmed their unwavering support for Ukraine,’’ the White House said.",
     ["They reaffirmed their unwavering support for Ukraine,"]),
    ('“Ukraine needs these weapons now," Merz said.', ["Ukraine needs these weapons now,"]),  # mixed marks
])
def test_pairs_straight_curly_mixed_and_double_apostrophe(text, expected):
    assert inner(text) == expected


def test_an_unclosed_quote_runs_to_the_end_of_its_paragraph():
    # AP style: a quote continued in the next paragraph reopens without closing
    text = ('Putin said the change would alter “the very essence of the conflict.\n'
            '“This will mean that NATO countries are at war with Russia,” Putin said.')
    assert inner(text) == ["the very essence of the conflict.", "This will mean that NATO countries are at war with Russia,"]
    # paragraphs separated by blank lines (most outlets)
    text = "“We will not send them,\n\n“They are ours,” he said.\n"
    assert inner(text) == ["We will not send them,", "They are ours,"]
    text = 'Scholz said "no Taurus," and Merz replied: "The chancellor is wrong. " he said'
    assert inner(text)[0] == "no Taurus,"
    # a new opener while a quote is open restarts it
    assert inner("He said “one thing and “another,” she said.") == ["another,"]


def test_single_quotes_pair_where_they_balance():
    # headlines and British style use single marks
    text = "TRUMP SAYS US WILL '100%' STAY IN NATO IF ALLIANCE TREATS AMERICA 'FAIRLY'"
    assert inner(text) == ["100%", "FAIRLY"]
    assert inner("– ‘Catastrophe’ –") == ["Catastrophe"]
    # apostrophes are no marks: elisions, possessives, decades
    assert inner("Ukraine’s allies don’t agree on the ’90s-era tanks, the allies’ officials said.") == []
    # single marks inside a double quote are part of it
    assert inner("“He called it a ‘red line’ in May,” she said.") == ["He called it a ‘red line’ in May,"]


def test_marks_right_after_a_doubled_apostrophe_and_a_final_running_quote():
    assert inner("He called it ‘‘‘hollow’’” and left.") == ["‘hollow"]
    assert inner("“We will not send them,\n   ") == ["We will not send them,"]


def test_header_lines_are_never_quotes():
    text = '# source: "feed" of articles\n# outlet: unknown  date: 2024-04-23\n\n“We are ready,” she said.'
    assert inner(text) == ["We are ready,"]


def test_verbs_are_the_verb_and_aux_tokens(nlp):
    doc = nlp("Merz has said that Germany would send the missiles, and officials agreed.")
    assert [t.text for t in _verbs(doc)] == [t.text for t in doc if t.pos_ in ("VERB", "AUX")]
    assert {"said", "agreed"} <= {t.text for t in _verbs(doc)}
    assert _verbs(nlp.make_doc("")) == []


def test_unbalanced_article_keeps_its_quotes(nlp):
    text = ('Putin said the change would alter “the very essence of the conflict.\n'
            '“This will mean that NATO countries are at war with Russia,” Putin said.')
    # the unclosed fragment runs to the end of its paragraph and is Putin's partial quote
    assert direct(nlp, text) == [("the very essence of the conflict.", "Vladimir Putin"),
                                 ("This will mean that NATO countries are at war with Russia,", "Vladimir Putin")]


# ---- direct quotes and speakers -------------------------------------------------------------------
@pytest.mark.parametrize("text, quote, speaker", [
    # X said, "…"
    ("Asked about that concern just prior to his White House meeting with Starmer, Biden said, "
     "“I don’t think much about Vladimir Putin.”", "I don’t think much about Vladimir Putin.", "Joe Biden"),
    # "…," said X
    ('"There is no change to our view on the provision of long-range strike capabilities for Ukraine," '
     'said John Kirby, White House national security spokesman.',
     "There is no change to our view on the provision of long-range strike capabilities for Ukraine,", "John Kirby"),
    # X told reporters
    ('"I am the chancellor, and that is why it is clear: no Taurus," Scholz told reporters in Berlin.',
     "I am the chancellor, and that is why it is clear: no Taurus,", "Olaf Scholz"),
    # organisation with ’’ closer
    ("“They reaffirmed their unwavering support for Ukraine as it continues to defend against Russia’s aggression,’’ "
     "the White House said in a statement after the meeting.",
     "They reaffirmed their unwavering support for Ukraine as it continues to defend against Russia’s aggression,",
     "White House"),
    # pronoun speaker resolved to the subject of the previous sentence
    ('Zelenskyy said he has a plan he intends to deliver to Biden this month. '
     '"If partners support it, it will make it easier for Ukraine to force Russia to end the war," he said.',
     "If partners support it, it will make it easier for Ukraine to force Russia to end the war,", "Volodymyr Zelensky"),
    # a group as speaker through "they"
    ("Separately, 17 former national security officials, including former US ambassadors to Ukraine, "
     "called on Blinken and Lammy to act quickly. “A change in policy cannot come soon enough,” they wrote.",
     "A change in policy cannot come soon enough,", "17 former national security officials"),
    # definite description through the person's role and country
    ("Russian President Vladimir Putin warned on Thursday that allowing Ukraine to use the missiles would "
     "change the conflict. “This will mean that NATO countries are at war with Russia,” the Russian leader said.",
     "This will mean that NATO countries are at war with Russia,", "Vladimir Putin"),
])
def test_direct_quote_speakers(nlp, text, quote, speaker):
    assert (quote, speaker) in direct(nlp, text)


def test_colon_introduction_and_continuation(nlp):
    text = ("“Russia started this conflict,” Starmer said. “Russia illegally invaded Ukraine. "
            "Russia could end this conflict straight away.”\n"
            "He added: “Ukraine has the right to self-defense and we’ve obviously been fully supportive.”")
    got = direct(nlp, text)
    assert got == [("Russia started this conflict,", "Keir Starmer"),
                   ("Russia illegally invaded Ukraine. Russia could end this conflict straight away.", "Keir Starmer"),
                   ("Ukraine has the right to self-defense and we’ve obviously been fully supportive.", "Keir Starmer")]


def test_quote_running_over_paragraphs(nlp):
    text = ("“Ukraine needs these weapons now, not in six months.\n"
            "“The chancellor is wrong, and he knows it,” Merz said in a speech to the Bundestag.")
    assert direct(nlp, text) == [("Ukraine needs these weapons now, not in six months.", "Friedrich Merz"),
                                 ("The chancellor is wrong, and he knows it,", "Friedrich Merz")]


def test_colon_introduction_on_the_line_before(nlp):
    text = "Defense Secretary Lloyd Austin said:\n“I don’t believe one capability is going to be decisive.”"
    assert direct(nlp, text) == [("I don’t believe one capability is going to be decisive.", "Lloyd Austin")]


def test_speaker_of_participle_on_a_noun(nlp):
    text = ("Biden this week stoked speculation of a major policy shift when asked about the discussions, "
            'at one point telling reporters, "We are working that out right now."')
    assert direct(nlp, text) == [("We are working that out right now.", "Joe Biden")]


def test_according_to_introduces_a_quote(nlp):
    text = "“The decision has been made,” according to Defense Secretary Lloyd Austin."
    assert direct(nlp, text) == [("The decision has been made,", "Lloyd Austin")]


# ---- partial quotes and non-speech ----------------------------------------------------------------
def test_partial_quotes_need_a_speaker_governing_them(nlp):
    got = quotes(nlp, "Putin said such a change in policy would alter \"the very essence\" of the conflict.")
    assert ("partial", "the very essence", "Vladimir Putin") in got
    got = quotes(nlp, "Russia also said on Friday that it had kicked out six British diplomats that it accused of "
                      "spying, an allegation that Britain’s Foreign Office said was “completely baseless.”")
    assert ("partial", "completely baseless.", "UK Foreign Office") in got


@pytest.mark.parametrize("text", [
    "People familiar with the matter said Starmer requested this follow-up meeting to forge ties, especially with "
    "the looming uncertainty of what the “special relationship” between the US and UK might look like.",
    'U.S. aides say there is a limited supply of both the Army Tactical Missile System, also known as "ATACMS," '
    "and the U.K.'s Storm Shadow missiles.",
    "The Taurus debate has become what one newspaper calls a “test of leadership” for the coalition.",
])
def test_titles_and_scare_quotes_are_not_speech(nlp, text):
    assert [q for q in quotes(nlp, text) if q[0] != "indirect"] == []


# ---- indirect speech ------------------------------------------------------------------------------
@pytest.mark.parametrize("text, speaker", [
    ("Polish Prime Minister Donald Tusk said he wasn’t worried about Putin’s comments.", "Donald Tusk"),
    ("National Security Council spokesman John Kirby insisted that there is no change to the Biden "
     "administration’s position on the matter.", "John Kirby"),
    ("A US official explained that the Defense Department has a limited stockpile of long-range missile systems.",
     "US official (anonymous)"),
    ("Earlier in the week, the bipartisan Congressional Ukraine Caucus urged Biden to permit strikes deeper "
     "inside Russia.", "Congressional Ukraine Caucus"),
    # a relative clause speaks for the noun it modifies; the request's infinitive hung on "months"
    ("A decision to lift the ban would be a major win for Ukraine, which has been urging Western countries for "
     "months to loosen restrictions on long-range weapons.", "Ukraine"),
    # a counted anonymous source is specific, unlike "U.S. officials said"
    ("It appeared unlikely that Biden and Starmer would announce any policy changes at this time, according to "
     "two U.S. officials familiar with planning for the talks.", "US officials (anonymous)"),
    # reported speech whose content is a partial quote
    ("The Kremlin expelled six British diplomats, an allegation that Britain’s Foreign Office said was "
     "“completely baseless.”", "UK Foreign Office"),
])
def test_indirect_speech(nlp, text, speaker):
    got = [(t, s) for k, t, s in quotes(nlp, text) if k == "indirect"]
    assert len(got) == 1 and got[0][1] == speaker and got[0][0] in text


@pytest.mark.parametrize("text", [
    "Western officials say that the Biden administration wants to leave Ukraine in a strong position.",  # vague
    "A British official declined to comment on the talks.",  # no content
    "Iran continues to supply Russia with ballistic missiles, the report found.",  # not a speech verb
    "When asked about the missiles, the ministry was silent.",  # passive participle
    # the motion, not the Bundestag, calls on the government
    "The Bundestag on Thursday rejected a motion by the conservative opposition calling on the government to "
    "send Taurus cruise missiles to Ukraine.",
])
def test_no_indirect_speech(nlp, text):
    assert [q for q in quotes(nlp, text) if q[0] == "indirect"] == []


def test_bad_input_never_crashes(nlp):
    for text in ["", "“", '"""', "’’ ’’ “ ” \" \n\" “", "said said said “"]:
        nlp(text)


# ---- counts ---------------------------------------------------------------------------------------
@pytest.fixture()
def tables():
    quotes = pd.DataFrame([
        {"article_id": "a1", "kind": "direct", "text": "We’re working that out right now,", "speaker": "Joe Biden", "speaker_id": "joe-biden"},
        {"article_id": "a2", "kind": "direct", "text": "We are working that out right now.", "speaker": "Joe Biden", "speaker_id": "joe-biden"},
        {"article_id": "a3", "kind": "direct", "text": "we are working that out right now.", "speaker": "Joe Biden", "speaker_id": "joe-biden"},
        {"article_id": "a1", "kind": "direct", "text": "This will mean that NATO countries – the United States and European countries – are at war with Russia,",
         "speaker": "Vladimir Putin", "speaker_id": "vladimir-putin"},
        {"article_id": "a2", "kind": "direct", "text": "This will mean that NATO countries—the United States and European countries—are at war with Russia. And if this is the case, we will make appropriate decisions.",
         "speaker": "Vladimir Putin", "speaker_id": "vladimir-putin"},
        {"article_id": "a2", "kind": "partial", "text": "at war", "speaker": "Vladimir Putin", "speaker_id": "vladimir-putin"},
        {"article_id": "a3", "kind": "indirect", "text": "Putin said it would mean war.", "speaker": "Vladimir Putin", "speaker_id": "vladimir-putin"},
        {"article_id": "a3", "kind": "direct", "text": "No comment.", "speaker": None, "speaker_id": None},
    ])
    articles = pd.DataFrame({"article_id": ["a1", "a2", "a3"], "outlet": ["AP", "Reuters", "AP"]})
    return quotes, articles


def test_counts_per_actor_article_outlet(tables):
    q, a = tables
    per_actor = quotes_per_actor(q).set_index("speaker")
    assert per_actor.loc["Vladimir Putin", ["direct", "partial", "indirect", "total"]].tolist() == [2, 1, 1, 4]
    assert per_actor.loc["Joe Biden", "total"] == 3 and len(per_actor) == 2
    assert quotes_per_article(q).set_index("article_id").loc["a3", "total"] == 3
    per_outlet = quotes_per_outlet(q, a).set_index("outlet")
    assert per_outlet.loc["AP", "total"] == 5 and per_outlet.loc["Reuters", "partial"] == 1


def test_repeated_quotes_grouped_with_reach(tables):
    q, a = tables
    groups = repeated_quotes(q, a)
    biden = groups[groups["speaker"] == "Joe Biden"].iloc[0]
    assert (biden["n_quotes"], biden["n_articles"], biden["n_outlets"]) == (3, 3, 2)
    putin = groups[groups["text"].str.startswith("This will mean")].iloc[0]
    assert putin["n_articles"] == 2 and putin["outlets"] == ["AP", "Reuters"]
    assert len(groups[groups["text"] == "at war"]) == 1  # a short fragment is not merged into a long quote
    assert groups["n_quotes"].sum() == 7  # indirect speech is not grouped


def test_counts_of_empty_tables():
    empty = pd.DataFrame(columns=["article_id", "kind", "text", "speaker", "speaker_id"])
    assert quotes_per_actor(empty).empty and repeated_quotes(empty).empty
    assert normalize_quote("We’re “working”—now.") == "we re working now"


def test_seed_quotes_in_tables(seed_analysis):
    q = seed_analysis.tables["quotes"]
    texts = " ".join(q["text"])
    assert "special relationship" not in texts and "ATACMS" not in set(q["text"].str.strip(' ,"'))
    assert (q["text"].str.contains("They reaffirmed their unwavering support")).any()
    groups = repeated_quotes(q, seed_analysis.tables["articles"])
    assert groups.iloc[0]["n_articles"] >= 4  # "We are working that out right now" is in every seed


def _pairwise_groups(texts: list[str]) -> set[frozenset[int]]:
    """Quotes grouped by comparing every pair (the definition :func:`repeated_quotes` implements)."""
    from components.tables.quotes import normalize_quote, same_words

    norm = [normalize_quote(t) for t in texts]
    parent = list(range(len(texts)))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if same_words(norm[i], norm[j]):
                parent[find(j)] = find(i)
    groups: dict[int, set[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(find(i), set()).add(i)
    return {frozenset(g) for g in groups.values()}


def test_repeated_quotes_as_comparing_every_pair(seed_analysis):
    """The seeds' quotes plus reworded, shortened and empty copies: the indexed grouping gives the
    groups that comparing every pair of quotes gives."""
    q = seed_analysis.tables["quotes"]
    q = q[q["kind"].isin(["direct", "partial"])].reset_index(drop=True)
    extra = q.head(12).copy()
    extra["text"] = [t.upper() if k % 3 == 0 else (t[: len(t) // 2] if k % 3 == 1 else t.replace(" the ", " a "))
                     for k, t in enumerate(extra["text"])]
    extra["article_id"] = extra["article_id"] + "-copy"
    blank = q.head(2).assign(text="…", article_id="blank")
    allq = pd.concat([q, extra, blank], ignore_index=True)
    groups = repeated_quotes(allq)
    expected = _pairwise_groups(list(allq["text"]))
    assert len(groups) == len(expected)
    assert sorted(groups["n_quotes"]) == sorted(len(g) for g in expected)
    assert max(len(g) for g in expected) >= 5  # the comparison has real groups in it
    assert (groups["text"] == "…").sum() == 2  # quotes without words are never grouped


def test_candidate_pairs_share_a_run_of_words():
    from components.tables.quotes import candidate_pairs

    wordings = ["we are working that out right now", "we are working that out", "nothing in common here",
                "at war", "war", "we are not at war"]
    pairs = candidate_pairs(wordings)
    assert (0, 1) in pairs and (0, 2) not in pairs and (1, 2) not in pairs
    assert (3, 4) in pairs  # short wordings pair through a shared word
    assert candidate_pairs(wordings, max_shared=1) == set()


def test_abbreviated_military_title_does_not_break_attribution(nlp):
    # AP, 003: the title "Maj. Gen." used to end the sentence early, and the quote fell to the
    # previous speaker as a continuation.
    text = ("“I don’t believe one capability is going to be decisive,” Austin said.\n"
            "“As of right now, the policy has not changed,” Maj. Gen. Pat Ryder, Pentagon press secretary, "
            "said Thursday.\n")
    got = quotes(nlp, text)
    assert ("direct", "As of right now, the policy has not changed,", "Pat Ryder") in got


# ---- attribution by paragraph structure and governance -------------------------------------------
def test_quote_inherits_from_reported_speech(nlp):
    # AP style: "X said that … ." then a quotation with no attribution of its own
    text = ("The US does not expect Ukraine to launch offensive operations in the near term, a US defence official "
            "said.\n\nThe goal was to help Ukraine’s forces “regain the initiative … Ukrainians will need to rebuild "
            "quite a bit”.")
    assert direct(nlp, text)[-1] == ("regain the initiative … Ukrainians will need to rebuild quite a bit",
                                     "US official (anonymous)")


def test_continuation_across_blank_line_paragraphs_and_imperatives(nlp):
    text = ('"I don’t want to exaggerate but we are on the edge of a war," Borrell warned.\n\n"So stop it."\n\n'
            "Kuleba thanked Germany.")
    assert direct(nlp, text) == [("I don’t want to exaggerate but we are on the edge of a war,", "Josep Borrell"),
                                 ("So stop it.", "Josep Borrell")]


def test_the_governing_verb_wins_over_a_later_one(nlp):
    # the quotation is Baerbock's words; dpa only reported them (dev corpus, AP)
    text = ('German Foreign Minister Annalena Baerbock said Iran must be isolated "because there must be a reaction '
            'to this unprecedented incident," German news agency dpa reported.')
    assert direct(nlp, text) == [("because there must be a reaction to this unprecedented incident,", "Annalena Baerbock")]
    # "X said: “…” Y said: “…”": each quotation to its own colon introduction
    text = ("Kosiniak-Kamysz, the defence minister, said: “I think many Poles are outraged.” Tadeusz Kołodziej, "
            "a Polish NGO lawyer, said: “The draft text would cut benefits.”")
    assert [s for _, s in direct(nlp, text)] == ["Kosiniak-Kamysz", "Tadeusz Kołodziej"]


def test_partial_quotes_under_a_participle_a_noun_of_speech_or_a_source(nlp):
    assert ("using the people of Ukraine as cannon fodder", "Vladimir Putin") in direct(
        nlp, "Putin spoke on Tuesday. Washington is “using the people of Ukraine as cannon fodder”, he said, lashing out.")
    assert ("strategic imperative", "Liz Truss") in direct(
        nlp, "Liz Truss dodged the nuclear question. Her bold declaration that total victory was a “strategic imperative” "
             "for the west may have surprised allies.")
    assert ("regain the initiative.", "US official (anonymous)") in direct(
        nlp, "The goal, according to the US defense official, is to enable Ukraine so that its forces would be able "
             "to “regain the initiative.”")
    # an adjunct of a speech verb does not govern the quotation in it
    assert direct(nlp, "People familiar with the matter said Starmer requested this meeting to forge ties, especially "
                       "with the uncertainty of what the “special relationship” might look like.") == []


def test_a_quotation_about_a_noun_of_speech_is_the_reporters(nlp):
    # "Ryder said Russia's announcement was “completely inappropriate”": Ryder's words, not Russia's (AP, 2024)
    text = "Pentagon press secretary Pat Ryder said Russia’s announcement was “completely inappropriate.”"
    assert direct(nlp, text) == [("completely inappropriate.", "Pat Ryder")]


def test_a_description_finds_the_person_named_with_an_abbreviated_title(nlp):
    """ "Sen." before the name is the "senator" of a later description."""
    doc = nlp('Sen. Lindsey Graham, R-S.C., pledged to stop business as usual. "I am going to go all in," '
              'the senator said.')
    assert [(q._.kind, q._.speaker) for q in doc.spans["quotes"] if q._.kind == "direct"] == [("direct", "Lindsey Graham")]


@pytest.mark.parametrize("text, speaker", [
    ("The Ukrainians have not adopted tactics that could have made the tanks more effective, one of the US "
     "defence officials said, such as in combined-arms warfare.", "US official (anonymous)"),
    ("Russia lost many tanks last year. One of the US officials said the tanks were lost.", "US official (anonymous)"),
])
def test_one_of_the_officials_is_one_anonymous_official(nlp, text, speaker):
    """"one of the officials" said it: one anonymous source, the speaker of what was said."""
    assert [s for kind, _, s in quotes(nlp, text) if kind == "indirect"] == [speaker]
