"""Stance signals on real sentences from news coverage of the debate: each cue type, negation,
hedges, attribution (subjects, holders, reported clauses, quotes), the stances table and a second
debate defined only in a data file."""
from __future__ import annotations

import pandas as pd
import pytest


from components.nlp.stages.stance import cue_patterns, debate_cues, parse_cue
from components.tables.stances import aggregate, stance_table

from .conftest import KNOWLEDGE


def signals(nlp, text):
    doc = nlp(text)
    return doc._.stance_signals


def labels_of(sigs, actor_id):
    return {s["label"] for s in sigs if s["actor_id"] == actor_id}


# --- the debate file ------------------------------------------------------------------------

def test_default_debate_file_has_question_target_and_cues():
    d = KNOWLEDGE.debate()
    assert "Russia" in d["question"]
    assert "ATACMS" in d["target"]["systems"] and "long-range missiles" in d["target"]["categories"]
    catalogue = {w.name for w in KNOWLEDGE.weapons}
    assert set(d["target"]["systems"]) | set(d["target"]["categories"]) <= catalogue
    labels = {c.label for c in debate_cues(d)}
    assert {"support", "oppose", "cautious", "proposition", "target"} <= labels


def test_cue_syntax(nlp):
    assert parse_cue("fair game=1.5") == ("fair game", 1.5)
    assert parse_cue("urge") == ("urge", 1.0)
    pats = cue_patterns("lean toward|towards", nlp.tokenizer)
    # the second word matches either alternative as a lemma in any case (a native attribute, for speed)
    forms = set(pats[0][1]["LEMMA"]["IN"])
    assert {"toward", "towards", "Toward", "TOWARDS"} <= forms and not forms & {"lean", "to"}
    assert len(cue_patterns("game-changer", nlp.tokenizer)[0]) == 3  # game - changer
    assert len(cue_patterns("lift * restriction", nlp.tokenizer)[0]) == 7


# --- support cues ---------------------------------------------------------------------------

def test_urge_supports_and_the_urged_holds_nothing(nlp):
    sigs = signals(nlp, "Earlier in the week, the bipartisan Congressional Ukraine Caucus urged Biden to permit "
                        "strikes deeper inside Russia with long-range weapons.")
    assert labels_of(sigs, "congressional-ukraine-caucus") == {"support"}
    assert labels_of(sigs, "joe-biden") == set()


def test_relative_clause_holder_urging(nlp):
    sigs = signals(nlp, "A decision to lift a ban on Kyiv using the Storm Shadow missile to fire into Russia would "
                        "be a major win for Ukraine, which has been urging Western countries for months to loosen "
                        "restrictions on long-range weapons.")
    assert labels_of(sigs, "ukraine") == {"support"}
    assert next(s for s in sigs if s["actor_id"] == "ukraine")["via"] == "relative"


def test_members_of_a_group_share_its_position(nlp):
    sigs = signals(nlp, "Senior Democrats on the Senate Foreign Relations Committee, including Chair Sen. Ben Cardin "
                        "of Maryland and Sen. Jeanne Shaheen of New Hampshire, have argued for loosening the "
                        "restrictions to give Ukraine a better chance of success.")
    assert labels_of(sigs, "ben-cardin") == {"support"}
    assert labels_of(sigs, "jeanne-shaheen") == {"support"}
    assert labels_of(sigs, "ukraine") == set()


def test_fair_game_and_self_defence_in_a_quote(nlp):
    sigs = signals(nlp, "“Russian airfields used to bomb our cities are fair game, and Ukraine has every right to "
                        "self-defence with long-range missiles,” Zelensky said on Tuesday.")
    assert labels_of(sigs, "volodymyr-zelensky") == {"support"}


def test_cannot_come_soon_enough(nlp):
    sigs = signals(nlp, "Senator Roger Wicker said a change in policy allowing deep strikes into Russia cannot come "
                        "soon enough.")
    assert "support" in {s["label"] for s in sigs}


def test_appeals_from_an_actor_belong_to_him_not_to_the_receiver(nlp):
    sigs = signals(nlp, "Top American and British diplomats traveled to Kyiv this week, where they received renewed "
                        "appeals from Ukrainian President Volodymyr Zelensky to permit his military to target Russian "
                        "sites using long-range weapons.")
    assert labels_of(sigs, "volodymyr-zelensky") == {"support"}
    assert {s["actor_id"] for s in sigs} == {"volodymyr-zelensky"}


# --- oppose cues ----------------------------------------------------------------------------

def test_at_war_warning_opposes_and_the_warned_hold_nothing(nlp):
    sigs = signals(nlp, "Putin has warned the U.S. and its allies that permitting Ukraine to use Western-made "
                        "long-range missiles against Russia would mean the North Atlantic Treaty Organization’s "
                        "countries were “at war” with Russia.")
    assert labels_of(sigs, "vladimir-putin") == {"oppose"}
    assert labels_of(sigs, "united-states") == set() and labels_of(sigs, "nato") == set()


def test_actors_inside_a_quote_are_the_speakers_words(nlp):
    sigs = signals(nlp, "“This will mean that NATO countries – the United States and European countries – are at war "
                        "with Russia,” Putin said about long-range missiles.")
    assert labels_of(sigs, "vladimir-putin") == {"oppose"}
    assert {s["actor_id"] for s in sigs} == {"vladimir-putin"}


# --- cautious cues, negation, hedges --------------------------------------------------------

def test_no_change(nlp):
    sigs = signals(nlp, "National Security Council spokesman John Kirby insisted that there is no change to the "
                        "Biden administration’s stance on providing long-range strike capabilities for Ukraine to "
                        "use inside Russia.")
    assert labels_of(sigs, "john-kirby") == {"cautious"}
    assert labels_of(sigs, "biden-administration") == {"cautious"}  # holder of the unchanged stance


def test_scepticism_and_negated_game_changer_with_hedge(nlp):
    sigs = signals(nlp, "Defense Secretary Lloyd Austin, however, voiced skepticism last week about lifting "
                        "restrictions, warning that targeting deeper into Russia may not be a game-changer.")
    austin = [s for s in sigs if s["actor_id"] == "lloyd-austin"]
    assert {s["label"] for s in austin} == {"cautious"}
    flipped = [s for s in austin if s["negated"]]
    assert flipped and flipped[0]["weight"] < 1.0  # "may": hedged


def test_negation_flips_not_decisive_to_cautious(nlp):
    sigs = signals(nlp, "“There’s no one capability that will, in and of itself, be decisive in this campaign,” "
                        "Austin said about the long-range missiles.")
    austin = [s for s in sigs if s["actor_id"] == "lloyd-austin"]
    assert austin and all(s["label"] == "cautious" for s in austin)
    assert any(s["negated"] for s in austin)


def test_negation_flips_worry_to_support(nlp):
    text = ("Putin warned that long-range strikes inside Russia would mean war. "
            "Polish Prime Minister Donald Tusk said he wasn’t worried about Putin’s comments.")
    tusk = [s for s in signals(nlp, text) if s["actor_id"] == "donald-tusk"]
    assert [s["label"] for s in tusk] == ["support"] and tusk[0]["negated"]


def test_resisting_requests_is_cautious_and_requesters_support(nlp):
    sigs = signals(nlp, "Biden has long resisted requests from Ukrainian officials to lift restrictions on these "
                        "weapons, but the White House has engaged in intensive discussions about a potential shift "
                        "in policy.")
    assert labels_of(sigs, "joe-biden") == {"cautious"}


def test_negated_proposition_is_cautious_and_pronoun_resolved(nlp):
    sigs = signals(nlp, "While the US has allowed limited cross-border strikes using US-supplied weapons, it has not "
                        "yet authorized longer-range attacks.")
    us = [s for s in sigs if s["actor_id"] == "united-states"]
    assert "cautious" in {s["label"] for s in us}
    assert any(s["via"] == "pronoun" for s in us)


# --- reported attribution -------------------------------------------------------------------

def test_reported_clause_gives_a_signal_to_reporter_and_reported(nlp):
    sigs = signals(nlp, "France is leaning toward lifting the ban on Scalp, but U.S. officials insist that Biden "
                        "isn’t ready to sign off on Kyiv using ATACMS to fire into Russia because of the Pentagon’s "
                        "concerns over its own stockpiles.")
    assert labels_of(sigs, "france") == {"support"}
    assert labels_of(sigs, "joe-biden") == {"cautious"}
    assert labels_of(sigs, "pentagon") == {"cautious"}
    reporters = {s["actor_id"] for s in sigs if s["label"] == "cautious"} - {"joe-biden", "pentagon"}
    assert reporters  # the U.S. officials who insist
    assert labels_of(sigs, "ukraine") == set()  # Kyiv only uses the missiles


def test_according_to_source(nlp):
    sigs = signals(nlp, "Biden is not expected to approve the use of ATACMS to strike targets deep within Russia, "
                        "according to the Pentagon.")
    assert labels_of(sigs, "pentagon") == {"cautious"}
    assert labels_of(sigs, "joe-biden") == {"cautious"}


def test_off_topic_cues_give_no_signal(nlp):
    assert signals(nlp, "The senator urged voters in Ohio to turn out on Tuesday.") == []


def test_bad_input_does_not_crash(nlp):
    assert signals(nlp, "") == []
    assert signals(nlp, "“ ” ,,, \n\n ???") == []


# --- the stances table ----------------------------------------------------------------------

def _sig(article, actor, label, weight=1.0, sent=0):
    return {"article_id": article, "actor_id": actor, "sent_index": sent, "start": sent * 10,
            "end": sent * 10 + 9, "label": label, "weight": weight, "cue": "x", "sentence": f"s{article}{sent}"}


def test_aggregate_labels():
    df = pd.DataFrame([_sig("a", "x", "support", sent=0), _sig("a", "x", "cautious", sent=1),
                       _sig("a", "x", "cautious", sent=2)])
    assert aggregate(df)["stance"] == "mixed"
    df = pd.DataFrame([_sig("a", "x", "support", 0.5), _sig("a", "x", "cautious", sent=1),
                       _sig("a", "x", "cautious", sent=1)])
    row = aggregate(df)
    assert row["stance"] == "cautious" and -1 <= row["score"] < 0 and 0 < row["confidence"] <= 1
    assert row["evidence"] == ["sa0", "sa1"] and row["evidence_offsets"] == [(0, 9), (10, 19)]
    assert row["n_signals"] == 3
    assert aggregate(pd.DataFrame([_sig("a", "x", "oppose")]))["score"] == -1.0


def test_stance_table_rows_per_article_and_corpus_trend():
    tables = {
        "stance_signals": pd.DataFrame([_sig("a1", "biden", "cautious"), _sig("a2", "biden", "support"),
                                        _sig("a2", "biden", "support", sent=1)]),
        "actors": pd.DataFrame({"actor_id": ["biden", "putin"], "name": ["Joe Biden", "Vladimir Putin"]}),
        "articles": pd.DataFrame({"article_id": ["a1", "a2"], "date": ["2024-09-13", "2024-11-18"]}),
    }
    st = stance_table(tables)
    per = st[st["article_id"].notna()]
    assert list(per["stance"]) == ["cautious", "support"] and set(per["actor"]) == {"Joe Biden"}
    corpus = st[st["article_id"].isna()].iloc[0]
    assert corpus["n_articles"] == 2 and corpus["n_signals"] == 3
    assert [t["stance"] for t in corpus["trend"]] == ["cautious", "support"]
    assert "putin" not in set(st["actor_id"])  # no signal, no row


def test_empty_signals_give_empty_table():
    assert stance_table({"stance_signals": pd.DataFrame()}).empty


def test_seed_analysis_has_stances_with_evidence(seed_analysis):
    from components.export import to_export

    st = seed_analysis.tables["stances"]
    assert not st.empty and set(st["stance"]) <= {"support", "oppose", "cautious", "mixed"}
    out = to_export(seed_analysis, briefing="")
    rows = out["stances"]
    assert rows and all(isinstance(r["evidence"], list) and r["evidence"] for r in rows)
    putin = [r for r in rows if r["actor_id"] == "vladimir-putin" and r["article"] is not None]
    assert putin and all(r["stance"] == "oppose" for r in putin)
    assert any(r["article"] is None for r in rows)


# --- another debate, data only --------------------------------------------------------------

@pytest.fixture(scope="module")
def taurus_nlp():
    from components.nlp.pipeline import build_pipeline

    return build_pipeline(debate="taurus_delivery", knowledge=KNOWLEDGE)


def test_taurus_debate_without_code_change(taurus_nlp):
    cases = [
        ("Chancellor Olaf Scholz has repeatedly refused to send Taurus cruise missiles to Ukraine.",
         "olaf-scholz", "oppose"),
        ("Opposition leader Friedrich Merz has called for the delivery of Taurus missiles to Kyiv.",
         "friedrich-merz", "support"),
        ("Defence Minister Boris Pistorius said no decision on the Taurus had been made.",
         "boris-pistorius", "cautious"),
        ("Kremlin spokesman Dmitry Peskov warned that a Taurus delivery would make Germany a party to the conflict.",
         "dmitry-peskov", "oppose"),
    ]
    for text, actor, label in cases:
        sigs = taurus_nlp(text)._.stance_signals
        assert labels_of(sigs, actor) == {label}, (text, sigs)
    sigs = taurus_nlp(cases[3][0])._.stance_signals
    assert labels_of(sigs, "germany") == set()


def test_negation_on_a_verb_of_opinion_reaches_its_complement(nlp):
    sigs = signals(nlp, "During a meeting of allied defense ministers last week, Defense Secretary Lloyd Austin said "
                        "he did not believe providing Ukraine with long-range weapons would be a game-changer.")
    austin = [s for s in sigs if s["actor_id"] == "lloyd-austin"]
    assert austin and {s["label"] for s in austin} == {"cautious"} and all(s["negated"] for s in austin)


def test_the_agent_of_a_threat_word_holds_no_view(nlp):
    sigs = signals(nlp, "Putin warned that the use of Western long-range weapons to strike Russian targets would be seen as a "
                        "serious escalation in the war and a direct challenge by NATO nations.")
    assert labels_of(sigs, "vladimir-putin") == {"oppose"}
    assert labels_of(sigs, "nato") == set()


def test_default_debate_reads_other_weapons_debates(nlp):
    sigs = signals(nlp, "Opposition leader Friedrich Merz has called for the delivery of Leopard 2 tanks to Kyiv.")
    assert labels_of(sigs, "friedrich-merz") == {"support"}
    sigs = signals(nlp, "Chancellor Olaf Scholz has repeatedly refused to send F-16 fighter jets to Ukraine.")
    assert labels_of(sigs, "olaf-scholz") == {"cautious"}


def test_criticising_a_refusal_supports(taurus_nlp):
    sigs = taurus_nlp("Marie-Agnes Strack-Zimmermann, who chairs the Bundestag defence committee, called the refusal "
                      "to send Taurus missiles a mistake.")._.stance_signals
    assert {s["label"] for s in sigs} == {"support"}


def test_need_now_reads_as_support_under_the_default_debate(nlp):
    # a call for weapons without an explicit "urge": Merz on Taurus (another debate, default file)

    doc = nlp('Germany has refused to send its Taurus cruise missiles.\n'
              '"Ukraine needs these weapons now, not in six months," Friedrich Merz said.\n')
    labels = {(s["actor_id"], s["label"]) for s in doc._.stance_signals}
    assert ("friedrich-merz", "support") in labels
