"""Weapon mentions on real sentences: the seeds and other weapons debates (Taurus, tanks, F-16s, HIMARS)."""
from __future__ import annotations

import pytest

from .conftest import KNOWLEDGE


def weapons(nlp, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(s.text, s.label_) for s in doc.spans["weapons"]]


@pytest.mark.parametrize("text, expected", [
    # seeds
    ("A storm Shadow conventionally armed long range deep strike weapon is displayed at the exhibition hall.",
     [("storm Shadow", "Storm Shadow"), ("long range deep strike weapon", "long-range missiles")]),
    ("Britain was the first country to send Storm Shadows to Kyiv.", [("Storm Shadows", "Storm Shadow")]),
    ("Biden is not expected to approve the use of US-supplied Army Tactical Missile Systems (ATACMS) to strike targets.",
     [("Army Tactical Missile Systems", "ATACMS"), ("ATACMS", "ATACMS")]),
    ("France's equivalent Scalp missiles are produced by MBDA.", [("Scalp missiles", "SCALP")]),
    ("The U.S. has refused to lift weapons restrictions on Ukraine.", [("weapons", "weapons")]),
    ("Iran went ahead with sending Russia short-range ballistic missiles.",
     [("short-range ballistic missiles", "ballistic missiles")]),
    ("Iran recently delivered short-range ballistic weapons to Russia.",
     [("short-range ballistic weapons", "ballistic missiles")]),
    ("Ukraine finds itself desperate to fend off Russian glide bombs.", [("Russian glide bombs", "glide bombs")]),
    ("Russia has moved aircraft and fuel tanks out of range, and the U.S. has a limited stockpile.",
     [("aircraft", "military aircraft")]),
    ("Ukraine has been launching the missile from Sukhoi jet fighters, the first time it has been carried by a "
     "non-Western aircraft.", [("missile", "missiles"), ("Sukhoi jet fighters", "Sukhoi jet fighters"),
                               ("non-Western aircraft", "military aircraft")]),
    # other debates
    ("Germany's chancellor has refused to send Taurus cruise missiles to Ukraine.", [("Taurus cruise missiles", "Taurus")]),
    ("The Taurus KEPD 350 has a range of more than 500 kilometres.", [("Taurus KEPD 350", "Taurus")]),
    ("The first F-16s arrived in Ukraine this summer, and pilots trained on the F-16 fighter jets in Denmark.",
     [("F-16s", "F-16"), ("F-16 fighter jets", "F-16")]),
    ("Berlin finally agreed to send Leopard 2 tanks and allow other countries to re-export their Leopards.",
     [("Leopard 2 tanks", "Leopard 2"), ("Leopards", "Leopard 2")]),
    ("The U.S. will send 31 M1 Abrams tanks, while Britain pledged 14 Challenger 2 tanks.",
     [("M1 Abrams tanks", "Abrams"), ("Challenger 2 tanks", "Challenger 2")]),
    ("Ukraine used HIMARS launchers firing GMLRS rockets to hit Russian depots.",
     [("HIMARS launchers", "HIMARS"), ("GMLRS rockets", "GMLRS")]),
    ("The High Mobility Artillery Rocket System, known as HIMARS, changed the war.",
     [("High Mobility Artillery Rocket System", "HIMARS"), ("HIMARS", "HIMARS")]),
    ("Western tanks and main battle tanks from Poland are on their way.",
     [("Western tanks", "tanks"), ("main battle tanks", "tanks")]),
    ("Russia launched dozens of Iranian-made Shahed drones overnight.", [("Shahed drones", "Shahed")]),
    ("Ukraine's ability to hit targets depends on its long-range strike capabilities, not its air bases.",
     [("long-range strike capabilities", "long-range weapons")]),
    ("A think tank in Washington said Ukraine's capabilities are growing and the arsenal is thin.", []),
])
def test_weapon_mentions(nlp, text, expected):
    assert weapons(nlp, text) == expected


def test_generic_categories_are_kept_apart_from_named_systems(nlp):
    know = KNOWLEDGE
    named = {w.name for w in know.weapons if w.named}
    generic = {w.name for w in know.weapons if not w.named}
    assert {"Storm Shadow", "SCALP", "ATACMS", "HIMARS", "GMLRS", "Taurus", "JASSM", "Tomahawk", "SPEAR", "Patriot",
            "F-16", "Leopard 2", "Abrams", "Challenger 2", "Iskander", "Kinzhal", "Oreshnik", "Shahed"} <= named
    assert {"long-range missiles", "cruise missiles", "ballistic missiles", "glide bombs", "drones", "tanks",
            "fighter jets"} <= generic
    taurus = know.weapon("Taurus")
    assert taurus.origin and taurus.maker and taurus.range_km


def test_weapon_mentions_on_the_seeds(seed_analysis):
    w = seed_analysis.tables["weapon_mentions"]
    counts = w["system"].value_counts().to_dict()
    assert counts.get("Storm Shadow", 0) >= 8 and counts.get("ATACMS", 0) >= 8


@pytest.mark.parametrize("text, expected", [
    ("Germany delivered Gepard anti-aircraft guns and Leopard 1 tanks, and later IRIS-T systems.",
     [("Gepard", "Gepard"), ("Leopard 1 tanks", "Leopard 1"), ("IRIS-T systems", "IRIS-T")]),
    ("Ukraine wants Eurofighter Typhoon jets, while Poland sent MiG-29s.",
     [("Eurofighter Typhoon jets", "Eurofighter Typhoon"), ("MiG-29s", "MiG-29")]),
    ("The Pentagon will send GLSDB munitions and more Javelins.", [("GLSDB", "GLSDB"), ("Javelins", "Javelin")]),
    # acronyms as British house styles write them
    ("The tranche included ammunition for Himars and Nasams air defence, and more Atacms.",
     [("Himars", "HIMARS"), ("Nasams", "NASAMS"), ("Atacms", "ATACMS")]),
])
def test_named_systems_from_other_debates(nlp, text, expected):
    found = weapons(nlp, text)
    for item in expected:
        assert item in found


@pytest.mark.parametrize("text, expected", [
    ("Bradley Bowman, a senior director at the Foundation for Defense of Democracies, said Kyiv needs Bradley "
     "fighting vehicles.", [("Bradley fighting vehicles", "Bradley")]),
    ("Germany arms Ukraine with tanks while France arms Kyiv with missiles.",
     [("tanks", "tanks"), ("missiles", "missiles")]),
    ("Washington eased U.S. arms restrictions.", [("arms", "weapons")]),
])
def test_names_and_verbs_are_not_weapons(nlp, text, expected):
    assert [w for w in weapons(nlp, text)] == expected


# ---- catalogue categories, case and number variants, context --------------------------------------
@pytest.mark.parametrize("text, expected", [
    # dev corpus (CNN): an acronym as written and in the plural, a designation in any case
    ("A defense official told CNN the type of missile sent was the AGM-88 High-Speed Anti-Radiation Missile (HARM).",
     [("missile", "missiles"), ("AGM-88 High-Speed Anti-Radiation Missile", "HARM"), ("HARM", "HARM")]),
    ("He pointed to the spare parts for Mig-29s that the US helped send.", [("Mig-29s", "MiG-29")]),
    ("Produced by Raytheon, HARMs have a range in excess of 30 miles.", [("HARMs", "HARM")]),
    # written for the catalogue: other systems of the war, designations in other cases
    ("Russia fired Iskander-M and Kh-101 missiles, while Ukraine used PzH 2000 and Caesar howitzers.",
     [("Iskander-M", "Iskander"), ("Kh-101 missiles", "Kh-101"), ("PzH 2000", "PzH 2000"),
      ("Caesar howitzers", "Caesar")]),
    ("Russian t-72 tanks and BMP-2s were destroyed near the Buk battery.",
     [("t-72 tanks", "T-72"), ("BMP-2s", "BMP"), ("Buk battery", "Buk")]),
    # a name with the descriptive phrase it modifies is one mention
    ("Without more Patriot air defense missile systems, the grid will be destroyed.",
     [("Patriot air defense missile systems", "Patriot")]),
    # generic categories of the development gold
    ("Kyiv needs air defense, artillery ammunition, armored vehicles and landmines, and naval mines were laid.",
     [("air defense", "air defence systems"), ("artillery ammunition", "ammunition"), ("armored vehicles", "armoured vehicles"),
      ("landmines", "landmines"), ("naval mines", "naval mines")]),
    ("Military planners have normalised the use of tactical nukes, and Russia tested an ICBM.",
     [("tactical nukes", "nuclear weapons"), ("ICBM", "ICBM")]),
    # the longest literal phrase of a category decides, not the catalogue's order ("*weapons" and
    # "*missiles" come before the entries of nuclear weapons and air defence)
    ("Moscow ordered drills with tactical nuclear weapons and Kyiv asked for anti-aircraft missiles.",
     [("tactical nuclear weapons", "nuclear weapons"), ("anti-aircraft missiles", "air defence systems")]),
    ("Japan needs to possess independent nuclear weapons, the admiral said.",
     [("independent nuclear weapons", "nuclear weapons")]),
])
def test_catalogue_variants_and_categories(nlp, text, expected):
    assert weapons(nlp, text) == expected


@pytest.mark.parametrize("text", [
    # a weapon word naming an event, a facility or a doctrine is no weapon mention
    "The standoff recalled the Cuban missile crisis of 1962.",
    "Explosions rocked an ammunition depot in Crimea.",
    "Training was provided in combined-arms warfare.",
    "He warned that it would do them no harm.",  # the acronym HARM only as written
    # a figure of speech: what is used "as a weapon" is something else
    "Germany has accused Moscow of using energy as a “weapon”.",
    "Nord Stream 2 is used as a weapon, the minister said.",
])
def test_no_weapon_in_names_of_other_things(nlp, text):
    assert weapons(nlp, text) == []


def test_the_system_stands_for_a_weapon_named_just_before(nlp):
    text = ("The Himars rocket launchers supplied by the United States have strengthened the army. "
            "Missiles fired by the system can reach goals up to 80 kilometers.")
    assert ("system", "weapons") in weapons(nlp, text)
    # not a system with a modifier of its own, nor one far from any weapon
    assert ("system", "weapons") not in weapons(nlp, "The missiles arrived. Without them the electricity system of "
                                                     "Ukraine will be destroyed.")
    assert weapons(nlp, "The political system is under strain. Elections were held.") == []


def test_metadata_header_has_no_weapons(nlp):
    text = "# source: missiles-archive/HIMARS.txt\n# outlet: unknown\n\nUkraine received HIMARS."
    assert weapons(nlp, text) == [("HIMARS", "HIMARS")]
