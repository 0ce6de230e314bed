"""Stance frames (components/nlp/frames/) on real sentences from the seeds and the development corpus,
and on sentences written for each frame type and its negation; the debate files; the aggregation into
the stances table (confidence, unclear, mixed, the latest position, evidence order)."""
from __future__ import annotations

import pandas as pd
import pytest

from components.nlp.frames import DebateError, cue_patterns, frame_types, parse_cue
from components.nlp.stages.stance import debate_definition
from components.knowledge.vocabulary import STANCE_LABELS
from components.tables.schema import TABLES
from components.tables.stances import aggregate, stance_tables

from .conftest import KNOWLEDGE


def frames(nlp, text):
    return nlp(text)._.stance_frames


def labels(fs, actor_id):
    return {f.label for f in fs if f.holder == actor_id}


def only(fs, actor_id):
    got = [f for f in fs if f.holder == actor_id]
    assert got, (actor_id, fs)
    return got


# --- the debate files -----------------------------------------------------------------------

def test_default_debate_is_the_broad_question():
    d = debate_definition(KNOWLEDGE)
    assert d["name"] == "ukraine_weapons"
    assert "supply Ukraine with weapons" in d["question"] and "inside Russia" in d["question"]
    catalogue = {w.name for w in KNOWLEDGE.weapons}
    assert set(d["target"]["systems"]) | set(d["target"]["categories"]) <= catalogue
    types = frame_types(d)
    assert {"supply", "permit", "use", "refuse", "request", "endorse", "oppose", "threat", "consequence",
            "concern", "deliberation", "status_quo", "assessment", "dismissal", "criticism", "split"} <= set(types)
    assert {t.label for t in types.values()} == {"support", "oppose", "cautious", "mixed", "inverse", "inner"}


def test_per_debate_files_extend_the_default():
    know = KNOWLEDGE
    taurus = debate_definition(know, "taurus_delivery")
    assert taurus["question"].startswith("Should Germany deliver Taurus")
    assert frame_types(taurus)["refuse"].label == "oppose"  # overridden
    assert frame_types(taurus)["supply"].predicates == frame_types(debate_definition(know))["supply"].predicates
    for name in ("long_range_strikes", "tomahawk_delivery"):
        assert frame_types(debate_definition(know, name))


def test_a_wrong_debate_file_is_named_with_what_is_wrong():
    base = debate_definition(KNOWLEDGE)
    bad = {**base, "frames": {**base["frames"], "supply": {**base["frames"]["supply"], "label": "pro"}}}
    with pytest.raises(DebateError, match=r"frames.supply.*label"):
        frame_types(bad)
    bad = {**base, "frames": {**base["frames"], "refuse": {**base["frames"]["refuse"], "negated": "nothing"}}}
    with pytest.raises(DebateError, match="negated"):
        frame_types(bad)
    with pytest.raises(DebateError, match="no \\[frames"):
        frame_types({"name": "x"})


def test_predicate_syntax(nlp):
    assert parse_cue("at war=1.5") == ("at war", 1.5)
    assert parse_cue("urge") == ("urge", 1.0)
    pats = cue_patterns("lean toward|towards", nlp.tokenizer)
    forms = set(pats[0][1]["LEMMA"]["IN"])
    assert {"toward", "towards", "Toward", "TOWARDS"} <= forms and not forms & {"lean", "to"}
    assert len(cue_patterns("game-changer", nlp.tokenizer)[0]) == 3  # game - changer
    assert len(cue_patterns("lift * restriction", nlp.tokenizer)[0]) == 7
    assert cue_patterns("pledge:NOUN", nlp.tokenizer)[0][0]["POS"] == "NOUN"


# --- actions --------------------------------------------------------------------------------

def test_supplying_the_weapons_is_support(nlp):
    f = only(frames(nlp, "Norway has sent NASAMS air defence systems to Kyiv."), "norway")[0]
    assert (f.label, f.frame, f.source, f.target) == ("support", "supply", "action", "NASAMS")
    # real sentences: d03 (a future delivery announced), d07 (a passive agent), d01 (a relative clause)
    fs = frames(nlp, "Germany also announced plans in April to supply a US-made Patriot air defense system and "
                     "air defense missiles.")
    assert labels(fs, "germany") == {"support"}
    fs = frames(nlp, "The Himars rocket launchers supplied by the United States have strengthened the Ukrainian "
                     "army's shock capacity.")
    assert labels(fs, "united-states") == {"support"}
    fs = frames(nlp, "The package was focused on supplying ammunition for some of the key weapon systems the US "
                     "has sent to Ukraine.")
    assert labels(fs, "united-states") == {"support"}


def test_supply_negated_reads_as_refusal_and_another_recipient_is_another_debate(nlp):
    f = only(frames(nlp, "Hungary has not sent any weapons to Ukraine."), "hungary")[0]
    assert f.label == "cautious" and f.negated
    assert frames(nlp, "Iran has supplied Russia with Shahed drones.") == []
    assert frames(nlp, "Western leaders are rethinking the restrictions after Iran went ahead with sending Russia "
                       "short-range ballistic missiles for use in Ukraine.")[0].holder == "western-allies"


@pytest.mark.parametrize("text", [
    "Iran's plan to supply Moscow with more drones is a serious threat to Europe.",  # a capital as the recipient
    "North Korea's artillery deliveries are allowing Russia to keep up its offensive.",
    "With the help of military backing from North Korea, Russia has kept up its attacks.",
])
def test_a_supply_that_helps_another_side_is_another_debate(nlp, text):
    assert not [f for f in frames(nlp, text) if f.label == "support"], text


def test_a_supply_that_helps_the_recipient_stays_support(nlp):
    assert labels(frames(nlp, "Germany's deliveries of air defence are helping Ukraine protect its cities."),
                  "germany") == {"support"}
    assert labels(frames(nlp, "With the help of military backing from the United States, Ukraine pushed back "
                              "Russian troops."), "united-states") == {"support"}


def test_an_action_in_an_if_clause_is_nobodys(nlp):
    assert labels(frames(nlp, "If Washington sends ATACMS, Moscow will respond."), "united-states") == set()


def test_permission_and_its_negation(nlp):
    assert labels(frames(nlp, "The White House approved the use of ATACMS on Russian territory."),
                  "white-house") == {"support"}
    f = only(frames(nlp, "The Pentagon has not authorized strikes inside Russia with ATACMS."), "pentagon")[0]
    assert f.label == "cautious" and f.frame == "permit/not"


def test_using_the_weapons_is_the_recipients_support_only(nlp):
    assert labels(frames(nlp, "Ukraine fired ATACMS missiles at a Russian airfield."), "ukraine") == {"support"}
    assert frames(nlp, "Germany used Patriot systems in a NATO exercise.") == []


def test_refusal(nlp):
    f = only(frames(nlp, "Chancellor Olaf Scholz has repeatedly refused to send Taurus cruise missiles to Ukraine."),
             "olaf-scholz")
    assert [x.frame for x in f] == ["refuse"] and f[0].label == "cautious"  # "send" is read through "refused"


# --- attitudes ------------------------------------------------------------------------------

def test_a_request_is_the_requesters_and_the_asked_hold_nothing(nlp):
    fs = frames(nlp, "Earlier in the week, the bipartisan Congressional Ukraine Caucus urged Biden to permit "
                     "strikes deeper inside Russia with long-range weapons.")
    assert labels(fs, "congressional-ukraine-caucus") == {"support"}
    assert labels(fs, "joe-biden") == set()


def test_requests_from_a_holder_and_the_antecedent_of_which(nlp):
    fs = frames(nlp, "Top American and British diplomats traveled to Kyiv this week, where they received renewed "
                     "appeals from Ukrainian President Volodymyr Zelensky to permit his military to target Russian "
                     "sites using long-range weapons.")
    assert labels(fs, "volodymyr-zelensky") == {"support"}
    assert {f.holder for f in fs} == {"volodymyr-zelensky"}
    fs = frames(nlp, "A decision to lift a ban on Kyiv using the Storm Shadow missile to fire into Russia would be a "
                     "major win for Ukraine, which has been urging Western countries for months to loosen "
                     "restrictions on long-range weapons.")
    assert labels(fs, "ukraine") == {"support"} and only(fs, "ukraine")[0].frame == "request"


def test_members_of_a_group_share_its_position(nlp):
    # (as in seed 001, "the restrictions" refer back to the weapons the passage names)
    fs = frames(nlp, "The debate is over ATACMS strikes deep inside Russia. "
                     "Senior Democrats on the Senate Foreign Relations Committee, including Chair Sen. Ben Cardin "
                     "of Maryland and Sen. Jeanne Shaheen of New Hampshire, have argued for loosening the "
                     "restrictions to give Ukraine a better chance of success.")
    for actor in ("ben-cardin", "jeanne-shaheen", "senate-foreign-relations-committee-democrats"):
        assert labels(fs, actor) == {"support"}
    assert labels(fs, "ukraine") == set()
    fs = frames(nlp, "The debate is over ATACMS strikes deep inside Russia. "
                     "A group of House Republicans also pressed Biden to ease the restrictions in a letter on Monday.")
    assert labels(fs, "house-republicans") == {"support"}


def test_endorsing_and_welcoming_anothers_delivery(nlp):
    fs = frames(nlp, "Stoltenberg welcomed Germany's decision to send Leopard tanks.")
    assert labels(fs, "jens-stoltenberg") == {"support"} and labels(fs, "germany") == {"support"}
    fs = frames(nlp, "Kuleba thanked Germany for providing Ukraine with a new Patriot battery.")
    assert labels(fs, "germany") == {"support"}


def test_objections(nlp):
    fs = frames(nlp, "Despite initial objections from former President Donald Trump and some Republicans in "
                     "Congress, the aid package was approved.")
    f = only(fs, "donald-trump")[0]
    assert (f.label, f.via, f.past) == ("oppose", "from", True)
    assert labels(frames(nlp, "Donald Trump opposed the $61 billion aid package for Ukraine."), "donald-trump") == {"oppose"}


def test_a_predicate_that_is_only_a_topic_is_nobodys(nlp):
    fs = frames(nlp, "Western officials say that the Biden administration wants to leave Ukraine in a strong "
                     "position before the election of Donald Trump, who has questioned support for Ukraine.")
    assert labels(fs, "donald-trump") == set()
    fs = frames(nlp, "Despite growing public pressure to allow deeper strikes into Russia, senior administration "
                     "officials have stressed that such a change is unlikely to significantly alter the war.")
    assert "support" not in {f.label for f in fs}


# --- threat against concern -----------------------------------------------------------------

def test_the_adversarys_warning_of_war_is_a_threat(nlp):
    f = only(frames(nlp, "Putin warned that Western long-range strikes would mean NATO is at war with Russia."),
             "vladimir-putin")[0]
    assert (f.label, f.frame, f.source) == ("oppose", "consequence", "reported")
    fs = frames(nlp, "Putin has warned the U.S. and its allies that permitting Ukraine to use Western-made "
                     "long-range missiles against Russia would mean the North Atlantic Treaty Organization’s "
                     "countries were “at war” with Russia.")
    assert labels(fs, "vladimir-putin") == {"oppose"}
    assert labels(fs, "united-states") == set() and labels(fs, "nato") == set()


def test_a_promised_response_is_a_threat(nlp):
    fs = frames(nlp, "“We will retaliate against any country that delivers long-range missiles to Kyiv,” "
                     "Medvedev said.")
    assert {(f.holder, f.label, f.source) for f in fs} == {("dmitry-medvedev", "oppose", "quote")}


def test_the_same_warning_from_a_supporter_is_a_concern(nlp):
    f = only(frames(nlp, "U.S. intelligence agencies warned that allowing deep strikes would be seen as an "
                         "escalation."), "us-intelligence-agencies")[0]
    assert f.label == "cautious"
    fs = frames(nlp, "Western officials fear that Russia could retaliate against NATO convoys delivering weapons to Ukraine.")
    assert labels(fs, "western-officials-anonymous") == {"cautious"}
    assert labels(fs, "russia") == set()  # feared, not said


def test_concern_and_its_negation(nlp):
    fs = frames(nlp, "The Pentagon is worried that sending more Patriots would deplete US stocks.")
    assert labels(fs, "pentagon") == {"cautious"}
    text = ("Putin warned that long-range strikes inside Russia would mean war. "
            "Polish Prime Minister Donald Tusk said he wasn’t worried about Putin’s comments.")
    f = only(frames(nlp, text), "donald-tusk")[0]
    assert f.label == "support" and f.negated and f.frame == "concern/not"


def test_dismissing_the_threat_is_support(nlp):
    fs = frames(nlp, "Kallas said that training Ukrainian troops with Western tanks would not be escalatory.")
    assert labels(fs, "kaja-kallas") == {"support"}
    fs = frames(nlp, "Starmer dismissed Putin's threats over Storm Shadow strikes.")
    assert labels(fs, "keir-starmer") == {"support"}


# --- caution, assessments, negation ---------------------------------------------------------

def test_no_change_holds_for_the_speaker_and_the_stance_holder(nlp):
    fs = frames(nlp, "National Security Council spokesman John Kirby insisted that there is no change to the "
                     "Biden administration’s stance on providing long-range strike capabilities for Ukraine to "
                     "use inside Russia.")
    assert labels(fs, "john-kirby") == {"cautious"}
    assert labels(fs, "biden-administration") == {"cautious"}


def test_raising_passive_and_according_to(nlp):
    fs = frames(nlp, "Biden is not expected to approve the use of ATACMS to strike targets deep within Russia, "
                     "according to the Pentagon.")
    assert labels(fs, "joe-biden") == {"cautious"}
    assert labels(fs, "pentagon") == set()  # a source attributes the fact; it does not hold it


def test_reporter_shares_a_position_of_its_own_government(nlp):
    fs = frames(nlp, "France is leaning toward lifting the ban on Scalp, but U.S. officials insist that Biden isn’t "
                     "ready to sign off on Kyiv using ATACMS to fire into Russia because of the Pentagon’s concerns "
                     "over its own stockpiles.")
    assert labels(fs, "france") == {"support"}
    assert labels(fs, "joe-biden") == {"cautious"}
    assert labels(fs, "pentagon") == {"cautious"}
    assert labels(fs, "us-officials-anonymous") == {"cautious"}
    assert labels(fs, "ukraine") == set()


def test_assessments_belong_to_who_asserts_them(nlp):
    fs = frames(nlp, "Defense Secretary Lloyd Austin, however, voiced skepticism last week about lifting "
                     "restrictions, warning that targeting deeper into Russia may not be a game-changer.")
    austin = only(fs, "lloyd-austin")
    assert {f.label for f in austin} == {"cautious"}
    hedged = [f for f in austin if f.negated]
    assert hedged and hedged[0].weight < 1.0  # "may"
    fs = frames(nlp, "During a meeting of allied defense ministers last week, Defense Secretary Lloyd Austin said "
                     "he did not believe providing Ukraine with long-range weapons would be a game-changer.")
    assert labels(fs, "lloyd-austin") == {"cautious"}  # "providing …" is what he speaks of, not what he does
    assert labels(frames(nlp, "“The F-16s will be a game-changer for Ukraine,” Zelensky said."),
                  "volodymyr-zelensky") == {"support"}


def test_a_claim_of_need_is_the_speakers(nlp):
    doc = nlp('Germany has refused to send its Taurus cruise missiles.\n'
              '"Ukraine needs these weapons now, not in six months," Friedrich Merz said.\n')
    assert ("friedrich-merz", "support") in {(f.holder, f.label) for f in doc._.stance_frames}


def test_an_overdue_decision(nlp):
    fs = frames(nlp, "Senator Roger Wicker said a change in policy allowing deep strikes into Russia is long "
                     "overdue.")
    assert labels(fs, "roger-wicker") == {"support"}


# --- evaluative reporting --------------------------------------------------------------------

def test_criticising_a_delivery_opposes_it(nlp):
    fs = frames(nlp, "Washington is “using the people of Ukraine as cannon fodder”, he said, lashing out at the "
                     "United States for supplying weapons to Kyiv.")
    # "he" has no antecedent here; the participle is the speaker's, and the US is the supplier
    assert labels(fs, "united-states") == {"support"}
    fs = frames(nlp, "Putin lashed out at the United States for supplying weapons to Kyiv.")
    assert labels(fs, "vladimir-putin") == {"oppose"} and labels(fs, "united-states") == {"support"}


def test_criticising_a_refusal_supports(nlp):
    fs = frames(nlp, "Strack-Zimmermann criticised Scholz for refusing to send Taurus missiles.")
    assert labels(fs, "strack-zimmermann") == {"support"}
    assert labels(fs, "olaf-scholz") == {"cautious"}  # the refusal stays his


def test_a_split_group(nlp):
    fs = frames(nlp, "The debate is over ATACMS strikes deep inside Russia. "
                     "Within the Biden administration, the debate has split officials, with some advocating for "
                     "loosening the restrictions and others concerned about the risk of escalation.")
    assert "mixed" in labels(fs, "biden-administration")


# --- quotes and narration --------------------------------------------------------------------

def test_in_a_quote_only_the_speakers_own_clauses_count(nlp):
    fs = frames(nlp, "“China says it wants good relations, but it keeps supplying drones to Russia,” Stoltenberg said.")
    assert fs == []
    fs = frames(nlp, "“We will send more air defence to Ukraine,” Scholz said.")
    assert {(f.holder, f.label, f.source) for f in fs} == {("olaf-scholz", "support", "quote")}
    fs = frames(nlp, "“This will mean that NATO countries – the United States and European countries – are at war "
                     "with Russia,” Putin said about long-range missiles.")
    assert {f.holder for f in fs} == {"vladimir-putin"} and labels(fs, "vladimir-putin") == {"oppose"}


def test_narration_with_no_holder_gives_nothing(nlp):
    assert frames(nlp, "The delivery of tanks to Ukraine was completed in March.") == []
    assert frames(nlp, "The senator urged voters in Ohio to turn out on Tuesday.") == []


def test_bad_input_does_not_crash(nlp):
    assert frames(nlp, "") == []
    assert frames(nlp, "“ ” ,,, \n\n ???") == []


def test_signal_rows_carry_the_frame(nlp):
    doc = nlp("Norway has sent NASAMS air defence systems to Kyiv.")
    row = doc._.stance_signals[0]
    assert {"actor_id", "label", "weight", "cue", "sentence", "frame", "source", "via", "target", "proposition",
            "past", "cue_start", "cue_end"} <= set(row)
    assert doc.text[row["cue_start"]:row["cue_end"]] == "sent"


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
        fs = taurus_nlp(text)._.stance_frames
        assert labels(fs, actor) == {label}, (text, fs)
    assert labels(taurus_nlp(cases[3][0])._.stance_frames, "germany") == set()
    # other weapons are not the Taurus debate
    assert taurus_nlp("Germany has sent Leopard 2 tanks to Ukraine.")._.stance_frames == []


def test_an_announcement_supplies_unless_it_announces_another_predicate(nlp):
    fs = frames(nlp, "President Joe Biden’s administration announced that $1 billion in artillery, air defenses, and "
                     "other hardware would soon be heading to Ukrainian front lines.")  # d03
    assert labels(fs, "biden-administration") == {"support"}
    fs = frames(nlp, "Germany announced that it would not send Taurus missiles to Ukraine.")
    assert labels(fs, "germany") == {"cautious"}
    fs = frames(nlp, "Germany also announced plans in April to supply a US-made Patriot air defense system.")
    assert labels(fs, "germany") == {"support"}


def test_yielding_to_pressure_takes_the_side_asked_for(nlp):
    fs = frames(nlp, "But Berlin has nevertheless bowed to peer pressure to supply heavy weapons to Kyiv.")  # d08
    assert labels(fs, "germany") == {"support"}


def test_the_subject_of_a_gerund_after_by(nlp):
    fs = frames(nlp, "Italian Foreign Minister Antonio Tajani opened the first working session by calling for new "
                     "sanctions against Iran and concrete help for Ukraine.")  # d04
    assert labels(fs, "antonio-tajani") == {"support"}


# --- each frame type negated (sentences written for it) ---------------------------------------

@pytest.mark.parametrize("text, actor, expected", [
    ("Hungary has not sent any weapons to Ukraine.", "hungary", {"cautious"}),            # supply → refusal
    ("The Pentagon has not authorized strikes inside Russia with ATACMS.", "pentagon", {"cautious"}),  # permit
    ("Germany has not refused to send Leopard tanks to Ukraine.", "germany", {"cautious"}),  # refusal → weighing
    ("Zelensky did not call for more Patriot systems.", "volodymyr-zelensky", set()),       # request → nothing
    ("Trump does not support the $61 billion aid package for Ukraine.", "donald-trump", {"cautious"}),  # endorse
    ("Macron did not oppose the delivery of Storm Shadow missiles to Ukraine.", "emmanuel-macron", set()),
    ("Tusk said he was not worried about the delivery of ATACMS to Ukraine.", "donald-tusk", {"support"}),  # concern
    ("Kallas said that sending Western tanks to Ukraine would not be escalatory.", "kaja-kallas", {"support"}),
    ("Austin said the ATACMS missiles would not be a game-changer.", "lloyd-austin", {"cautious"}),  # assessment
    ("Biden is not considering sending F-16 jets to Ukraine.", "joe-biden", {"cautious"}),  # weighing → status quo
    ("Scholz did not criticise the delivery of Leopard tanks to Ukraine.", "olaf-scholz", set()),
])
def test_each_frame_type_negated(nlp, text, actor, expected):
    assert labels(frames(nlp, text), actor) == expected, frames(nlp, text)


def test_the_later_position_wins_in_the_stances_table(nlp):
    text = ("Germany had initially refused to send Leopard 2 tanks to Ukraine, fearing escalation. "
            "On Wednesday, Berlin approved the delivery of Leopard 2 tanks to Ukraine and said it would send "
            "14 of them.")
    sig = pd.DataFrame([{"article_id": "a", **r} for r in nlp(text)._.stance_signals])
    mine = sig[sig["actor_id"] == "germany"]
    assert {"cautious", "support"} <= set(mine["label"]) and mine["past"].any()
    assert aggregate(mine)["stance"] == "support"


# --- what is not a frame (sentences written for each trap) ----------------------------------

def test_negations_that_are_not(nlp):
    # "not only … but also" does not negate
    fs = frames(nlp, "“Support for Ukraine is costly, not only for military aid but also for energy,” Stoltenberg said.")
    assert "cautious" not in labels(fs, "jens-stoltenberg")
    # a negation inside the clause that names the weapons does not reach the relative clause
    fs = frames(nlp, "Baerbock added that Germany had chosen not to make public all the weapons it had previously "
                     "sent to Ukraine.")
    assert labels(fs, "germany") == {"support"}
    # "must not" warns: it does not dismiss
    fs = frames(nlp, "Scholz ruled out sending Taurus missiles, saying Germany must not become a party to the war.")
    assert labels(fs, "olaf-scholz") == {"cautious"}


def test_a_request_not_to_act_is_no_support(nlp):
    fs = frames(nlp, "The pope urged world leaders not to send more weapons to Ukraine.")
    assert "support" not in {f.label for f in fs}


def test_the_recipient_named_as_possessor_is_what_is_given_to(nlp):
    assert labels(frames(nlp, "Britain is coming to Ukraine's aid with more air defence missiles."), "ukraine") == set()
    fs = frames(nlp, "Leaders expressed their desire to further the military support of Ukraine with artillery.")
    assert labels(fs, "ukraine") == set()


def test_an_attack_reported_by_the_recipient_is_not_its_use(nlp):
    fs = frames(nlp, "Ukraine says 14 missiles were fired at the Kyiv region on Sunday.")
    assert labels(fs, "ukraine") == set()


def test_another_recipient_is_another_debate_all_the_way_up(nlp):
    assert frames(nlp, "US officials say China is considering sending lethal aid and weapons to Russia.") == []
    fs = frames(nlp, "The Russian foreign ministry said it would not allow the US to inspect its missiles.")
    assert fs == []


def test_a_topic_is_no_position(nlp):
    fs = frames(nlp, "Western governments made statements on the provision of military aid to Ukraine.")
    assert fs == []
    fs = frames(nlp, "“The delivery of artillery shells near the border could also disperse debris,” said an analyst.")
    assert fs == []


def test_assessments_are_predicates_not_modifiers_and_name_their_topic(nlp):
    fs = frames(nlp, "“We are sending artillery and essential supplies,” Biden said.")
    assert {f.frame for f in fs} == {"supply"}
    text = ("The US has sent more HIMARS to Ukraine. Officials met on Monday. Later, Sullivan said there is a "
            "significant risk that the attack will take place before the Olympics.")
    assert labels(frames(nlp, text), "jake-sullivan") == set()


def test_world_war_two_is_history_not_a_threat(nlp):
    fs = frames(nlp, "“Nothing like this has happened since World War II,” Biden said of the attack on Ukraine "
                     "with cruise missiles.")
    assert fs == []


def test_speech_without_quotation_marks_is_the_speakers(nlp):
    fs = frames(nlp, "Russian Deputy Foreign Minister Sergei Ryabkov spoke on television on Friday.\n"
                     "- We warn the United States against supplying longer-range missiles - said Ryabkov.")
    assert labels(fs, "sergei-ryabkov") == {"oppose"}


def test_dismissing_an_earlier_threat_refers_to_it(nlp):
    text = ("Putin warned that allowing long-range strikes would mean NATO is at war with Russia. "
            "Markets fell on Thursday. Oil rose. Gold was flat. "
            "Polish Prime Minister Donald Tusk said he wasn’t worried about Putin’s comments.")
    f = only(frames(nlp, text), "donald-tusk")[0]
    assert f.label == "support" and f.topic == "reference"


# --- the stances table ----------------------------------------------------------------------

def _sig(article, actor, label, weight=1.0, sent=0, target="topic", past=False):
    return {"article_id": article, "actor_id": actor, "sent_index": sent, "start": sent * 10,
            "end": sent * 10 + 9, "label": label, "weight": weight, "cue": "x", "sentence": f"s{article}{sent}",
            "target": target, "past": past, "cue_start": sent * 10}


def test_heaviest_label_wins_with_confidence_and_evidence_strongest_first():
    row = aggregate(pd.DataFrame([_sig("a", "x", "support", 0.5, sent=0), _sig("a", "x", "cautious", 1.0, sent=1),
                                  _sig("a", "x", "cautious", 0.8, sent=2)]))
    assert row["stance"] == "cautious" and -1 <= row["score"] < 0 and 0 < row["confidence"] <= 1
    assert row["evidence"] == ["sa1", "sa2", "sa0"]  # strongest frame first
    assert row["evidence_offsets"] == [(10, 19), (20, 29), (0, 9)]
    assert row["n_signals"] == 3
    assert aggregate(pd.DataFrame([_sig("a", "x", "oppose")]))["score"] == -1.0


def test_mixed_only_for_different_systems_or_a_split_group():
    yes_no = [_sig("a", "x", "support", target="HIMARS"), _sig("a", "x", "cautious", sent=1, target="ATACMS")]
    assert aggregate(pd.DataFrame(yes_no))["stance"] == "mixed"
    same = [_sig("a", "x", "support", target="ATACMS"), _sig("a", "x", "cautious", 1.2, sent=1, target="ATACMS")]
    assert aggregate(pd.DataFrame(same))["stance"] == "cautious"
    assert aggregate(pd.DataFrame(same), group=True)["stance"] == "mixed"
    split = [_sig("a", "x", "mixed"), _sig("a", "x", "cautious", sent=1)]
    assert aggregate(pd.DataFrame(split))["stance"] == "mixed"


def test_the_latest_explicit_position_wins():
    sigs = [_sig("a", "x", "cautious", 1.0, sent=0, past=True), _sig("a", "x", "support", 0.8, sent=3)]
    assert aggregate(pd.DataFrame(sigs))["stance"] == "support"
    sigs = [_sig("a", "x", "cautious", 1.0, sent=0), _sig("a", "x", "support", 0.8, sent=3)]
    assert aggregate(pd.DataFrame(sigs))["stance"] == "cautious"  # nothing marks the first as superseded


def test_weak_evidence_is_unclear():
    row = aggregate(pd.DataFrame([_sig("a", "x", "support", 0.3)]))
    assert row["stance"] == "unclear" and row["confidence"] < 0.3
    assert aggregate(pd.DataFrame([_sig("a", "x", "support", 0.3)]), settings={"min_confidence": 0.2})["stance"] == "support"


def test_stance_tables_per_article_and_over_the_corpus_with_the_trend():
    tables = {
        "stance_signals": pd.DataFrame([_sig("a1", "biden", "cautious"), _sig("a2", "biden", "support"),
                                        _sig("a2", "biden", "support", sent=1)]),
        "actors": pd.DataFrame({"actor_id": ["biden", "putin"], "name": ["Joe Biden", "Vladimir Putin"],
                                "type": ["person", "person"]}),
        "articles": pd.DataFrame({"article_id": ["a1", "a2"], "date": ["2024-09-13", "2024-11-18"]}),
    }
    out = stance_tables(tables)
    per, overall = out["stances"], out["stances_overall"]
    assert list(per["stance"]) == ["cautious", "support"] and set(per["actor"]) == {"Joe Biden"}
    assert list(per["date"]) == ["2024-09-13", "2024-11-18"] and per["article_id"].notna().all()
    assert len(overall) == 1 and "article_id" not in overall
    corpus = overall.iloc[0]
    assert corpus["n_articles"] == 2 and corpus["n_signals"] == 3
    assert [t["stance"] for t in corpus["trend"]] == ["cautious", "support"]
    assert "putin" not in set(per["actor_id"]) | set(overall["actor_id"])  # no signal, no row


def test_empty_signals_give_empty_tables():
    out = stance_tables({"stance_signals": pd.DataFrame()})
    assert out["stances"].empty and out["stances_overall"].empty
    assert list(out["stances_overall"]) == list(TABLES["stances_overall"])


def test_seed_analysis_exports_only_contract_labels(seed_analysis):
    from components.export import to_export

    st, overall = seed_analysis.tables["stances"], seed_analysis.tables["stances_overall"]
    assert not st.empty and set(st["stance"]) <= set(STANCE_LABELS)
    assert set(overall["actor_id"]) == set(st["actor_id"]) and (overall["n_articles"] >= 1).all()
    out = to_export(seed_analysis, briefing="")
    rows = out["stances"]
    assert rows and {r["stance"] for r in rows} <= {"support", "oppose", "cautious", "mixed"}
    assert all(isinstance(r["evidence"], list) and r["evidence"] for r in rows)
    putin = [r for r in rows if r["actor_id"] == "vladimir-putin" and r["article"] is not None]
    assert putin and all(r["stance"] == "oppose" for r in putin)
    corpus = [r for r in rows if r["article"] is None]  # the contract's corpus rows: stances_overall
    assert len(corpus) == (overall["stance"] != "unclear").sum() and corpus
    unclear = (st["stance"] == "unclear").sum() + (overall["stance"] == "unclear").sum()
    assert len(out["stances_unclear"]) == unclear and len(rows) + unclear == len(st) + len(overall)


def test_one_stance_vocabulary_for_stage_tables_charts_filters_and_briefing():
    from components.knowledge.vocabulary import (CUE_LABELS, STANCE_BY_LABEL, STANCE_COLOURS, STANCES, spectrum,
                                                 stance_meaning)
    from components.nlp import frames
    from components.tables import stances
    from dashboard import charts

    assert STANCE_LABELS == ("support", "oppose", "cautious", "mixed", "unclear")
    assert CUE_LABELS == ("support", "oppose", "cautious", "mixed")  # "unclear" is only ever a verdict
    assert spectrum() == ["support", "mixed", "cautious", "oppose", "unclear"]  # along the score axis
    assert len({s.colour for s in STANCES}) == len(STANCES) and all(s.meaning for s in STANCES)
    assert frames.LABELS == CUE_LABELS and stances.LABELS == CUE_LABELS and stances.UNCLEAR in STANCE_LABELS
    assert charts.STANCE_ORDER == spectrum() and charts.STANCE_COLOURS is STANCE_COLOURS
    debate = KNOWLEDGE.debate()
    assert stance_meaning("support", debate) == debate["labels"]["support"]  # said against the question
    assert stance_meaning("unclear", {"labels": {}}) == STANCE_BY_LABEL["unclear"].meaning  # else the vocabulary's


# --- wanting, needing, urgency, the recipient's use, one's own country (and their negations) ------

@pytest.mark.parametrize("text, actor, expected", [
    # wanting and seeking are the agent's own (not only whoever reports them)
    ("Zelensky wants more Patriot systems.", "volodymyr-zelensky", {"support"}),
    ("Despite denials, such loose statements sound like a push for regime change, even as Biden seeks a "
     "whopping $33bn in extra funding.", "joe-biden", {"support"}),                          # dev d08
    ("Germany does not want to send Taurus missiles to Ukraine.", "germany", {"cautious"}),
    # a need (noun) is its possessor's, or the subject's of the verb that voices it
    ("Kuleba stressed Ukraine's need for more artillery shells.", "ukraine", {"support"}),
    ("Stoltenberg underlined the need for more air defence for Ukraine.", "jens-stoltenberg", {"support"}),
    ("A Czech-led initiative will begin supplying Ukraine with artillery shells in June.", "czech-led-initiative",
     {"support"}),
    ("EU member states understand the need to speed up arms supplies to Ukraine.", "eu-member-states", {"support"}),
    ("Scholz sees no need to send Taurus missiles to Ukraine.", "olaf-scholz", {"cautious"}),   # negated
    ("Kuleba did not stress the need for more artillery shells.", "dmytro-kuleba", set()),
    # "his country" is the country of the one "his" stands for
    ("On Ukraine, its Foreign Minister Dmytro Kuleba, who was invited to Capri as a guest, underlined his "
     "country’s need for essential military support, including artillery, ammunition, and air defense systems "
     "as Russia pushes along the front line.", "ukraine", {"support"}),                     # dev d04
    ("Scholz said his country would not send Taurus missiles to Ukraine.", "germany", {"cautious"}),
    # the recipient's use: its armed forces act for it
    ("That includes the High-Mobility Artillery Rocket System (HIMARS), which the Ukrainian military has "
     "effectively used to target Russian command posts, ammo depots, and more.", "ukraine", {"support"}),  # dev d01
    ("The Ukrainian army used ATACMS missiles against a Russian airbase in Crimea on Tuesday.", "ukraine", {"support"}),
    ("Ukraine has not used the ATACMS against targets inside Russia.", "ukraine", set()),
    ("Russia used Kinzhal missiles against Kyiv.", "russia", set()),
    # "cannot come soon enough": the decision is overdue
    ("“A change in policy cannot come soon enough,” Shaheen said of the ATACMS restrictions.", "jeanne-shaheen",
     {"support"}),
    ("Kirby said a decision on the ATACMS restrictions would come soon enough.", "john-kirby", set()),
])
def test_wanting_needing_urgency_and_use(nlp, text, actor, expected):
    assert labels(frames(nlp, text), actor) == expected, frames(nlp, text)


def test_the_urgency_of_a_group_in_its_quote(nlp):
    text = ("The debate is over ATACMS strikes deep inside Russia. "
            "A group of House Republicans also pressed Biden to ease the restrictions in a letter on Monday. "
            "Separately, 17 former national security officials, including former US ambassadors to Ukraine and "
            "top military commanders, called on Blinken and Lammy to act quickly. “A change in policy cannot come "
            "soon enough,” they wrote.")                                                  # seed 001
    fs = [f for f in frames(nlp, text) if f.frame == "urgency"]
    assert fs and {f.label for f in fs} == {"support"} and {f.source for f in fs} == {"quote"}


@pytest.mark.parametrize("text, actor, expected", [
    # the adversary's claims about the other side are its own, not the other side's position
    ("Putin said Ukraine was using ATACMS missiles to strike Russian territory.", "ukraine", set()),
    ("Peskov said that Kyiv wants to drag NATO into the war by firing Storm Shadow missiles at Russia.", "ukraine",
     set()),
    # the other way round, a report of the adversary's threat is evidence of it
    ("Kirby said Putin had threatened retaliation over the ATACMS deliveries.", "vladimir-putin", {"oppose"}),
    ("Kirby said Ukraine had asked for ATACMS missiles.", "ukraine", {"support"}),
    # a deed the adversary criticises is presupposed: it stays its doer's
    ("“The situation in Ukraine shows that the US is trying to prolong this conflict,” Putin said. Washington is "
     "“using the people of Ukraine as cannon fodder”, he said, lashing out at the United States for supplying "
     "weapons to Kyiv.", "united-states", {"support"}),                                      # real corpus
])
def test_what_the_adversary_says_of_others_is_its_claim(nlp, text, actor, expected):
    assert labels(frames(nlp, text), actor) == expected, frames(nlp, text)


@pytest.mark.parametrize("text, actor, expected", [
    # what an actor believes or thinks is its position, as what it says is
    ("Biden thinks the ATACMS would not be a game-changer.", "joe-biden", {"cautious"}),
    ("Stoltenberg believes Ukraine needs more air defence systems.", "jens-stoltenberg", {"support"}),
    ("EU member states understand the criticality of the current moment and the need to speed up arms supplies to "
     "Ukraine so that the offensive Russia is expected to launch this summer fails.", "eu-member-states",
     {"support"}),                                                                           # dev d02
])
def test_opinion_verbs_hold_their_clause(nlp, text, actor, expected):
    assert labels(frames(nlp, text), actor) == expected, frames(nlp, text)


def test_evidence_leads_with_the_label_shown_and_the_holders_own_frame():
    sigs = [{**_sig("a", "x", "support", 1.0, sent=0), "via": "object"},  # "lashing out at X for supplying"
            {**_sig("a", "x", "cautious", 1.2, sent=1), "via": "subject"},
            {**_sig("a", "x", "support", 1.0, sent=2), "via": "subject"},  # "X has provided …"
            {**_sig("a", "x", "support", 0.9, sent=3), "via": "subject"}]
    row = aggregate(pd.DataFrame(sigs))
    assert row["stance"] == "support"
    assert row["evidence"] == ["sa2", "sa3", "sa0", "sa1"]


def test_a_response_is_a_threat_only_in_a_sentence_on_the_topic(nlp):
    assert "russia" in {f.holder for f in frames(nlp, "Putin said Russia would respond to any strikes with "
                                                      "Western long-range missiles.")}
    fs = frames(nlp, "Donald Trump has questioned the aid for Ukraine and its ATACMS missiles. In his response to a "
                     "questionnaire, the senator talked about the budget.")
    assert not [f for f in fs if f.predicate.startswith("response")], fs


@pytest.mark.parametrize("text", [
    "On Monday Finland also backed restrictions on Russian visitors.",  # a restriction on something else
    "Germany backed a ban on Russian oil imports.",
    "Kelly urged the U.S. to continue to support Ukraine and oppose Russia.",  # against the adversary
    "The United States has previously warned Russia against using nuclear weapons in Ukraine.",
    "China is still considering selling weapons to Russians.",  # a people as the recipient
    "China sold Russia drones and parts for them.",  # an actor as the object is the recipient
    "Biden said the United States is ready to pursue critical arms control measures with Russia.",  # another subject
    "The US urged Russia to return to arms control talks.",
])
def test_positions_about_something_else_are_not_the_debates(nlp, text):
    assert not [f for f in frames(nlp, text) if f.label in ("support", "oppose")], text


def test_backing_a_restriction_is_caution_and_opposing_it_support(nlp):
    assert labels(frames(nlp, "Scholz backed the restrictions on the use of German weapons inside Russia."),
                  "olaf-scholz") == {"cautious"}
    assert labels(frames(nlp, "Zelensky opposed the ban on strikes inside Russia."), "volodymyr-zelensky") == {"support"}
    assert labels(frames(nlp, "Finland lifted restrictions on the use of its weapons inside Russia."), "finland") == {"support"}
    assert labels(frames(nlp, "The US agreed to sell Patriot missiles to Ukraine."), "united-states") == {"support"}


def test_careful_optimism_is_no_caution(nlp):
    fs = frames(nlp, 'Denys Shmyhal expressed "careful optimism" that US lawmakers would pass the bill, which has '
                     '$61bn earmarked for military aid to Kyiv.')
    assert "cautious" not in labels(fs, "denys-shmyhal")
    assert labels(frames(nlp, "Scholz was cautious about sending Taurus missiles."), "olaf-scholz") == {"cautious"}


@pytest.mark.parametrize("text", [
    "Zelensky told reporters that any provocations with Western weapons are very dangerous.",
    "Lukashenko called for restricting the movement of weapons from both sides, which Ukraine quickly rejected.",
])
def test_the_recipients_fears_and_objections_are_not_against_the_weapons(nlp, text):
    fs = frames(nlp, text)
    assert not [f for f in fs if f.holder in ("ukraine", "volodymyr-zelensky") and f.label in ("cautious", "oppose")], fs


def test_an_action_in_a_for_to_infinitive_is_nobodys(nlp):
    text = ("It would be acceptable for Ukrainian forces to use Western weapons to attack military targets on "
            "Russian soil, a UK defence minister has said.")
    assert not [f for f in frames(nlp, text) if f.holder == "ukraine"]
    assert labels(frames(nlp, "Ukraine has begun to use ATACMS against Russian airfields."), "ukraine") == {"support"}
    # striking with the weapons is using them; the adversary's strikes are no position
    assert labels(frames(nlp, "Ukraine struck Russian airfields with ATACMS on Tuesday."), "ukraine") == {"support"}
    assert not frames(nlp, "Russia struck Kyiv with cruise missiles.")


def test_a_verb_of_stopping_negates_the_gerund_it_governs(nlp):
    assert labels(frames(nlp, "Hungary stopped sending weapons to Ukraine."), "hungary") == {"cautious"}
    assert labels(frames(nlp, "Germany will not stop supplying Ukraine with air defence."), "germany") == {"support"}
    assert labels(frames(nlp, "Zelensky urged the allies to keep sending ammunition."), "volodymyr-zelensky") == {"support"}
    assert not frames(nlp, "The Ukrainian government appealed to the company to stop selling drones that Russia uses.")


@pytest.mark.parametrize("text", [
    "Ukrainian President Volodymyr Zelensky has called on Western countries to ban all Russian visitors.",
    "Were China to cross the red line and sell weapons or military equipment to Russia, Legarda said she would "
    "expect the EU to enforce secondary sanctions.",
    # another debate's weapons (the catalogue's not_on_topic): arms control, a country's own deterrent
    "US President Joe Biden announced that the United States is ready to negotiate a new treaty on reducing "
    "nuclear weapons.",
    "“My personal opinion is that Japan needs to possess independent nuclear weapons to deter Chinese aggression,” "
    "a retired admiral told the Telegraph.",
])
def test_no_position_on_the_debate_in_a_sentence_about_another(nlp, text):
    assert frames(nlp, text) == [], text



@pytest.mark.parametrize("text", [
    "The Taoiseach announced an additional five million euro in humanitarian funding for Ukraine.",
    "Serbia has sent humanitarian aid to Kyiv.",
    "The UK has pledged more than £4.7 billion in non-military support to Ukraine since 2022.",
    "Germany's ATACMS plans were debated. “We call for Russia to facilitate access to providers of humanitarian "
    "assistance in Ukraine,” Blinken said.",
    "The Pentagon announced that American destroyers were hit by Iranian ballistic missiles.",
    "The head of the Kharkiv region announced that a hospital was hit during a rocket attack.",
])
def test_humanitarian_aid_and_other_news_are_not_weapons_supplied(nlp, text):
    assert not [f for f in frames(nlp, text) if f.label == "support"], text


def test_an_announced_supply_of_weapons_is_support(nlp):
    fs = frames(nlp, "President Joe Biden's administration announced that $1 billion in artillery, air defenses, "
                     "and other hardware would soon be heading to Ukrainian front lines.")
    assert labels(fs, "biden-administration") == {"support"}
    assert labels(frames(nlp, "Germany announced new military funding for Ukraine."), "germany") == {"support"}


def test_a_capital_named_as_the_object_is_the_recipient(nlp):
    """"support Kiev" names the recipient as "support Ukraine" does, in a passage on the topic, though
    the parser leaves the capital no actor mention."""
    text = ("The Himars rocket launchers supplied by the United States have changed the war. "
            "Joe Biden said in a statement that Washington would once again support Kiev.")
    fs = [f for f in frames(nlp, text) if "once again" in f.sentence]
    assert labels(fs, "united-states") == {"support"}
    assert not frames(nlp, "Washington would once again support Kiev.")  # no passage on the topic


@pytest.mark.parametrize("text, expected", [
    # the fear's own clause is about something else: no caution about arming Ukraine
    ("Germany's ATACMS plans were debated. The development added that the United States fears that Russia "
     "has the capabilities to launch an attack in a very short time.", set()),
    ("Germany's ATACMS plans were debated. “We share concerns that in recent years China has been acting "
     "more aggressively in the region,” the United States said.", set()),
    # a fear whose clause names the debate, a consequence, or nothing: caution
    ("Germany's ATACMS plans were debated. The United States fears that sending ATACMS could drag NATO "
     "into war.", {"cautious"}),
    ("Germany's ATACMS plans were debated. The United States fears that Moscow would see it as an escalation.",
     {"cautious"}),
    ("Germany's ATACMS plans were debated. The United States is worried.", {"cautious"}),
    # a fear of something named in its "of"/"about" phrase: that, unless it is the debate's consequence
    ("Germany's ATACMS plans were debated. The United States voiced worries of an economic contraction.", set()),
    ("Germany's ATACMS plans were debated. The United States voiced worries of an escalation.", {"cautious"}),
])
def test_a_fear_stated_in_its_own_clause_is_about_that_clause(nlp, text, expected):
    assert labels(frames(nlp, text), "united-states") == expected

# --- every group at once: the same rows as the definition, one group at a time ----------------

def _random_signals(seed: int, n_groups: int = 400) -> tuple[pd.DataFrame, set[str]]:
    """Signals of many (article, actor) groups of 1 to 30 rows: weights with many digits (their sums
    depend on the order of addition), every label and one outside the vocabulary, superseded
    positions, frames about objects, systems named on both sides, and group actors."""
    import numpy as np

    rng = np.random.default_rng(seed)
    rows = []
    for g in range(n_groups):
        art, actor = f"a{g % 37}", f"x{g % 23}"
        for k in range(int(rng.choice([1, 1, 2, 3, 5, 8, 9, 12, 30]))):
            sent = int(rng.integers(0, 6))
            rows.append({**_sig(art, actor, str(rng.choice(["support", "oppose", "cautious", "mixed", "support", "other"])),
                                float(rng.choice([1.0, 0.5, 0.8, rng.random(), rng.random() * 1e-3, rng.random() * 40])),
                                sent=sent, target=str(rng.choice(["topic", "", "ATACMS", "Storm Shadow", "F-16"])),
                                past=bool(rng.random() < 0.1)),
                         "via": str(rng.choice(["", "object", "subject"])), "cue_start": sent * 10 + int(rng.integers(0, 9))})
    return pd.DataFrame(rows), {f"x{i}" for i in range(0, 23, 3)}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_all_groups_at_once_give_the_definitions_rows(seed):
    """:func:`stance_tables` aggregates every (article, actor) and every actor at once; each row is
    the definition's (``tests/stance_reference.py``) to the last bit of every float, with the
    default settings and with settings that make splits and unclear labels frequent."""
    from .stance_reference import differences

    signals, groups = _random_signals(seed)
    actors = pd.DataFrame({"actor_id": sorted(set(signals["actor_id"]))}).assign(
        name=lambda d: d["actor_id"].str.upper(), type=lambda d: d["actor_id"].map(lambda a: "group" if a in groups else "person"))
    for settings in ({}, {"mixed_min": 0.1, "mixed_ratio": 0.2, "min_confidence": 0.6, "superseded": 0.5}):
        made = stance_tables({"stance_signals": signals, "actors": actors}, settings)
        assert differences(signals, made, groups, settings) == []
        assert len(made["stances"]) == signals.groupby(["article_id", "actor_id"]).ngroups


def test_all_groups_at_once_on_the_seeds(seed_analysis):
    """The seeds' stance tables, made every group at once, are the definition's, group by group."""
    from components.tables.stances import debate_aggregation

    from .stance_reference import differences

    t = seed_analysis.tables
    settings = debate_aggregation(KNOWLEDGE)
    groups = set(t["actors"].loc[t["actors"]["type"] == "group", "actor_id"])
    made = stance_tables(t, settings)
    assert differences(t["stance_signals"], made, groups, settings) == []
    pd.testing.assert_frame_equal(made["stances"], t["stances"])


def test_label_sums_add_as_numpy_adds_each_groups_weights():
    """The weights of each (group, label) add up to the very float numpy gives for that group's
    ``weights[labels == label].sum()`` (one after the other below eight, pairwise above): the labels,
    scores and confidences rest on these sums, and a last bit can move a rounding."""
    import numpy as np

    from components.tables.stances import _label_sums

    rng = np.random.default_rng(5)
    segment = (rng.random(6000) ** 3 * 300).astype(np.int64)  # (many small groups, some large)
    weight = rng.random(6000) * rng.choice([1.0, 1e-3, 1e3], size=6000)
    valid = rng.random(6000) < 0.9
    got = _label_sums(segment, weight, valid, 301)
    for s in range(301):
        assert got[s] == weight[(segment == s) & valid].sum(), s
    assert got[300] == 0.0


def test_or_shares_a_negation_and_but_does_not(nlp):
    """"have not seen X … or provide it with …", "did not send tanks or supply jets": the negation
    reaches the verb joined by "or"; "but supplied jets" keeps its own polarity."""
    fs = frames(nlp, "The Ukrainians have not publicly acknowledged receiving or using HARMs.")
    assert "support" not in {f.label for f in fs}
    assert labels(frames(nlp, "Germany did not send tanks but supplied jets to Ukraine."), "germany") >= {"cautious"}


@pytest.mark.parametrize("text, given", [
    # the pronoun given to is not the verb's own subject: "it" is Russia
    ("US officials say they have not seen China evade tough US-led sanctions on Russia or provide it with "
     "military equipment.", False),
    ("Russia is running short of shells. North Korea will provide it with ammunition.", False),
    # the recipient named before, in the sentence or the one before
    ("Ukraine asked for tanks. Germany sent shells and provided it with Leopards.", True),
])
def test_a_pronoun_given_to_stands_for_an_actor_named_before_not_the_giver(nlp, text, given):
    supporters = {f.holder for f in frames(nlp, text) if f.label == "support" and f.frame == "supply"}
    assert bool(supporters - {"ukraine"}) == given, supporters


def test_trends_are_each_actors_points_in_date_order():
    """Each actor's ``trend``, made for all actors at once, is its per-article rows as points in
    :func:`_in_date_order` (undated last, then by article), whether the per-article rows are made
    here or given; articles without a date included."""
    import numpy as np

    from components.tables.stances import _in_date_order

    signals, groups = _random_signals(4)
    rng = np.random.default_rng(4)
    arts = sorted(set(signals["article_id"]))
    articles = pd.DataFrame({"article_id": arts, "date": pd.array(
        [None if rng.random() < 0.3 else f"2024-0{rng.integers(1, 9)}-1{rng.integers(0, 9)}" for _ in arts], dtype="string")})
    made = stance_tables({"stance_signals": signals, "articles": articles}, {})
    again = stance_tables({"stance_signals": signals, "articles": articles}, {}, per_article=made["stances"])
    for overall in (made["stances_overall"], again["stances_overall"]):
        for aid, trend in zip(overall["actor_id"], overall["trend"]):
            rows = made["stances"][made["stances"]["actor_id"] == aid]
            want = _in_date_order([{"article": a, "date": None if pd.isna(d) else str(d), "stance": s, "score": sc}
                                   for a, d, s, sc in zip(rows["article_id"], rows["date"], rows["stance"], rows["score"])])
            assert trend == want
    assert made["stances"]["date"].isna().any()


def test_a_weapon_of_speech_is_no_position(nlp):
    """"accused Moscow of using energy as a weapon" criticises no supply of weapons."""
    assert not frames(nlp, "Germany has accused Moscow of using energy as a “weapon”.")
    assert labels(frames(nlp, "Germany accused Russia of threatening the countries that send weapons to Ukraine."),
                  "germany")


def test_a_group_phrase_does_not_swallow_a_person_conjoined_before_it(nlp):
    """"objections from Donald Trump and some House Republicans": two holders (the group phrase once
    began at Trump, and his objection was lost)."""
    fs = frames(nlp, "Despite initial objections from former President Donald Trump and some House Republicans, "
                     "the aid package was approved.")
    assert {f.holder for f in fs if f.label == "oppose"} == {"donald-trump", "house-republicans"}


@pytest.mark.parametrize("text, expected", [
    # a bare restriction refers back: to the weapons named before it
    ("Biden gave Ukraine ATACMS last year. Now he has lifted the restrictions.", {"support"}),
    # to nothing of the debate: sanctions, a visa ban
    ("Serbia's foreign minister Ivica Dacic said he was in favor of joining restrictions imposed in response to "
     "the invasion of Ukraine.", set()),
    ("Zelensky has called for a ban on Russian travellers. Such a ban, Zelensky argued, would be more effective "
     "than the current sanctions.", set()),
])
def test_a_restriction_that_names_nothing_refers_back(nlp, text, expected):
    assert {f.label for f in frames(nlp, text)} == expected


@pytest.mark.parametrize("text", [
    # a criticism stated with its own gerund clause is about that clause
    "Germany's ATACMS plans were debated. Senator Mark Kelly accused Russian President Vladimir Putin of killing "
    "women and children and committing war crimes.",
    # "target" as a noun threatens no convoy
    "Germany's ATACMS plans were debated. “If Ukraine can take back Kherson, a major psychological and geographical "
    "target, it controls water supply and key routes into Crimea,” Admiral James Stavridis said.",
])
def test_no_position_from_a_clause_about_something_else(nlp, text):
    assert [f for f in frames(nlp, text) if "ATACMS" not in f.sentence] == [], text


def test_a_criticism_of_the_supply_still_counts(nlp):
    fs = frames(nlp, "The Kremlin accused Washington of supplying weapons to Kyiv.")
    assert labels(fs, "kremlin") == {"oppose"}
