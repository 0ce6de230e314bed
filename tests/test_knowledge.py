"""Knowledge as an explicit, validated input: one Knowledge built by the entry point from the bundled
files plus ``--data-dir``/``$BRIEFING_DATA_DIR``, passed to ingest, pipeline, tables, report and
export; a mistake in a user's file stops the run naming file, key and line."""
from __future__ import annotations

import ast
import json
import re
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from components.knowledge import KnowledgeError, load_knowledge, read_knowledge
from components.knowledge.errors import key_line

from .conftest import KNOWLEDGE, ROOT

WEAPON = """
    [[weapon]]
    name = "Hrim-2"
    named = true
    category = "ballistic missile"
    aliases = ["Hrim-2", "Grim-2"]
    origin = "Ukraine"
    """
OUTLET = """
    [[outlet]]
    name = "Kyiv Post"
    domains = ["kyivpost"]
    aliases = ["Kyiv Post"]
    """
# briefing wording: the aspects a weapon's sentences are labelled with (a table replaces the bundled one)
BRIEFING = """
    [weapon_aspects]
    production = ["production", "produc*"]
    [headings]
    weapons = "Arms in play"
    """
ARTICLE = """Ukraine tests Hrim-2 missile as allies weigh long-range strikes

KYIV — Ukraine fired its home-made Hrim-2 ballistic missile at a Russian airfield on Tuesday, two Ukrainian officials said, as Kyiv pressed its allies to lift restrictions on Western weapons.
"The Hrim-2 gives us reach that nobody can veto," Defense Minister Rustem Umerov told reporters in Kyiv, adding that production would double by the spring.
Western officials said the decision on ATACMS would be taken next week, and that the missiles could be sent soon.
Write to Olena Petrenko at olena.petrenko@kyivpost.com
"""


def _data_dir(tmp_path: Path, files: dict[str, str]) -> Path:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    for name, text in files.items():
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return data


def _cli(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "components.cli", "analyze", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, env=env)


def test_a_data_dir_weapon_outlet_and_briefing_wording_reach_every_output(tmp_path):
    data = _data_dir(tmp_path, {"weapons.toml": WEAPON, "outlets.toml": OUTLET, "briefing.toml": BRIEFING})
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hrim.txt").write_text(ARTICLE, encoding="utf-8")
    out, md = tmp_path / "out.json", tmp_path / "briefing.md"
    env = {k: v for k, v in os.environ.items() if k != "BRIEFING_DATA_DIR"}
    p = _cli(corpus, "--no-store", "--data-dir", data, "--json", out, "--briefing", md, "--briefing-length", "full",
             env=env)
    assert p.returncode == 0, p.stderr
    export = json.loads(out.read_text())
    hrim = [w for w in export["weapons"] if w["system"] == "Hrim-2"]
    assert hrim and all(w["category"] == "ballistic missile" and w["named"] is True for w in hrim)
    assert export["articles"][0]["outlet"] == "Kyiv Post"  # from the sign-off's domain (ingest)
    briefing = md.read_text()
    # the report reads the same catalogue: its category, stated in the article, is shown
    assert re.search(r"^- \*\*Hrim-2\*\* \(.*\) \[1\]: ballistic missile \[1\]", briefing, re.M)
    assert "## Arms in play" in briefing and "## Weapons in play" not in briefing  # the user's wording
    aspects = read_knowledge(data).briefing.weapon_aspects  # a user's table extends ours key by key
    assert "production" in aspects and "restrictions" in aspects
    assert export["briefing"] == briefing


def test_the_environment_variable_is_the_data_dir_of_the_entry_points(tmp_path, monkeypatch):
    data = _data_dir(tmp_path, {"weapons.toml": WEAPON})
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(data))
    know = load_knowledge()
    assert know.weapon("Hrim-2").category == "ballistic missile" and know.data_dir == str(data.resolve())
    assert load_knowledge(ROOT / "components" / "knowledge" / "data").weapon("Hrim-2") is None  # the argument wins
    assert read_knowledge().weapon("Hrim-2") is None  # read_knowledge never looks at the environment


def test_the_same_files_give_the_same_knowledge_and_an_edit_a_new_one(tmp_path):
    data = _data_dir(tmp_path, {"weapons.toml": WEAPON})
    first = read_knowledge(data)
    assert read_knowledge(data) is first and first.fingerprint != KNOWLEDGE.fingerprint
    (data / "weapons.toml").write_text(textwrap.dedent(WEAPON).replace("Ukraine", "Ukraine (KB Pivdenne)"))
    again = read_knowledge(data)
    assert again is not first and again.fingerprint != first.fingerprint
    assert again.weapon("Hrim-2").origin == "Ukraine (KB Pivdenne)"


def test_entries_with_a_bundled_name_replace_it_and_lists_extend(tmp_path):
    data = _data_dir(tmp_path, {"weapons.toml": '[[weapon]]\nname = "ATACMS"\nnamed = true\ncategory = "missile"\n',
                     "titles.txt": "Wing Commander\n"})
    know = read_knowledge(data)
    assert know.weapon("ATACMS").category == "missile" and not know.weapon("ATACMS").aliases
    assert len(know.weapons) == len(KNOWLEDGE.weapons)
    assert "Wing Commander" in know.titles and set(KNOWLEDGE.titles) < set(know.titles)


@pytest.mark.parametrize("name, text, expected", [
    ("weapons.toml", '[[weapon]]\nname = "Hrim-2"\nnamed = true\nrnage_km = 500\n',
     r"weapons.toml:4: weapon\[0\].rnage_km: unknown key"),
    ("weapons.toml", '[[weapon]]\nname = "A"\n\n[[weapon]]\nname = "B"\nnamed = "yes"\n',
     r"weapons.toml:6: weapon\[1\].named: Input should be a valid boolean \(got 'yes'\)"),
    ("weapons.toml", '[[weapon]]\nname = "A"\naliases = "A-1"\n',
     r"weapons.toml:3: weapon\[0\].aliases: Input should be a valid tuple"),
    ("weapons.toml", '[[weapon]]\nname = "A"\nrange_km = "300"\n',
     r"weapons.toml:3: weapon\[0\].range_km: Input should be a valid number"),
    ("weapons.toml", '[[weapon]]\ncategory = "missile"\n', r"weapons.toml:1: weapon\[0\].name: required key missing"),
    ("outlets.toml", '[[outlet]]\nname = "Kyiv Post"\ndomain = ["kyivpost"]\n',
     r"outlets.toml:3: outlet\[0\].domain: unknown key"),
    ("actors.toml", '[[actor]]\nname = "Jane Roe"\ntype = "senator"\n',
     r"actors.toml:3: actor\[0\].type: Input should be 'person', 'organization', 'country' or 'group'"),
    ("briefing.toml", '[lengths.full]\n# fewer quotes\nquotes = "2"\n',
     r"briefing.toml:3: lengths.full.quotes: Input should be a valid integer \(got '2'\)"),
    ("briefing.toml", '[weapon_aspects]\nproduction = [\n  "production",\n  3,\n]\n',
     r"briefing.toml:2: weapon_aspects.production\[1\]: Input should be a valid string"),
    ("briefing.toml", '[sentence]\nmin_words = 8\n', r"briefing.toml:1: sentence: unknown key"),
    ("layout.toml", '[asides]\nprefix = ["Editor’s note:"]\n', r"layout.toml:2: asides.prefix: unknown key"),
    ("debates/mine.toml", 'question = "Q?"\nlabels.support = "for"\n[target]\nsystems = ["ATACMS"]\nwindow = 4.5\n',
     r"mine.toml:5: target.window: Input should be a valid integer"),
    ("debates/mine.toml", 'question = "Q?"\nlabels.suport = "for"\n',
     r"mine.toml:2: labels.suport: Input should be 'support', 'oppose', 'cautious', 'mixed' or 'unclear'"),
    ("debates/mine.toml", 'question = "Q?"\n[frames.supply]\nlabel = "support"\nweight = "high"\n',
     r"mine.toml:4: frames.supply.weight: Input should be a valid number"),
    ("debates/mine.toml", 'question = "Q?"\n[frames.supply]\nlabel = "pro"\n',
     r"mine.toml:3: frames.supply.label: Input should be 'support', 'oppose', 'cautious', 'mixed', 'inverse' or 'inner'"),
])
def test_a_mistake_in_a_users_file_names_file_key_and_line(tmp_path, name, text, expected):
    data = tmp_path / "data"
    (data / name).parent.mkdir(parents=True, exist_ok=True)
    (data / name).write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError, match=expected) as err:
        read_knowledge(data)
    assert str(data / name) in str(err.value)


def test_unknown_files_and_bad_toml_are_refused(tmp_path):
    data = _data_dir(tmp_path, {"weapon.toml": WEAPON})  # "weapon.toml": a misspelt file name
    with pytest.raises(KnowledgeError, match=r"weapon.toml: unknown knowledge file"):
        read_knowledge(data)
    (data / "weapon.toml").unlink()
    (data / "outlets.toml").write_text('[[outlet]]\nname = "Kyiv Post\n', encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"outlets.toml: not valid TOML: .*line 2"):
        read_knowledge(data)
    with pytest.raises(KnowledgeError, match="does not exist"):
        read_knowledge(tmp_path / "nowhere")


def test_the_command_line_stops_on_a_bad_file_with_the_message(tmp_path):
    data = _data_dir(tmp_path, {"weapons.toml": '[[weapon]]\nname = "Hrim-2"\nnamed = true\nrnage_km = 500\n'})
    p = _cli(ROOT / "seeds", "--no-store", "--data-dir", data, "--json", tmp_path / "out.json")
    assert p.returncode == 2 and not (tmp_path / "out.json").exists()
    assert f"{data / 'weapons.toml'}:4: weapon[0].rnage_km: unknown key" in p.stderr
    assert "Traceback" not in p.stderr and "analysing" not in p.stderr  # stopped before any article


def test_key_lines_follow_tables_arrays_of_tables_and_multiline_arrays():
    text = textwrap.dedent("""\
        name = "x"            # 1
        labels.support = "s"  # 2
        [target]              # 3
        terms = [             # 4
          "a = b",
          "[not a table]",
        ]
        window = 4            # 8
        [[kind]]              # 9
        name = "one"
        [[kind]]              # 11
        heads = ["a"]         # 12
        flip = { support = ["cautious", 1.0] }  # 13
        """)
    assert key_line(text, ("labels", "support")) == 2
    assert key_line(text, ("target", "terms", 1)) == 4
    assert key_line(text, ("target", "window")) == 8
    assert key_line(text, ("kind", 1, "heads", 0)) == 12
    assert key_line(text, ("kind", 1, "plural")) == 11  # a missing key: its table's header
    assert key_line(text, ("kind", 1, "flip", "support")) == 13
    assert key_line(text, ("nothing",)) is None


def test_only_entry_points_load_the_knowledge():
    """Inside ``components`` only the command line calls ``load_knowledge``: every other module
    receives the Knowledge it needs (no hidden global, no ``--data-dir`` lost on the way)."""
    callers = set()
    for path in (ROOT / "components").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "load_knowledge":
                callers.add(path.relative_to(ROOT).as_posix())
    assert callers == {"components/cli.py"}


def test_the_pipeline_says_which_knowledge_it_read(nlp):
    from components.nlp.knowledge_config import pipeline_knowledge

    assert pipeline_knowledge(nlp) is KNOWLEDGE
    cfg = nlp.config["components"]["debate_weapons"]["knowledge"]
    assert cfg == {"@misc": "debate_briefing.knowledge.v1", "data_dir": None}
    assert nlp.get_pipe("debate_weapons").knowledge is KNOWLEDGE


def test_a_new_briefing_wording_keeps_stored_analyses_and_a_new_catalogue_does_not(tmp_path):
    """Stored analyses are keyed by the knowledge the analysis reads: a user's briefing wording
    changes the briefing's key (``fingerprint``) but not the analyses' (``analysis_fingerprint``)."""
    from components.nlp.pipeline import describe_pipeline
    from components.store import analysis_key

    (tmp_path / "w").mkdir()
    (tmp_path / "c").mkdir()
    wording = _data_dir(tmp_path / "w", {"briefing.toml": "[sentences]\nmin_words = 9\n"})
    catalogue = _data_dir(tmp_path / "c", {"weapons.toml": WEAPON})
    worded, extended = read_knowledge(wording), read_knowledge(catalogue)
    assert worded.fingerprint != KNOWLEDGE.fingerprint
    assert worded.analysis_fingerprint == KNOWLEDGE.analysis_fingerprint
    assert extended.analysis_fingerprint != KNOWLEDGE.analysis_fingerprint
    key = analysis_key(describe_pipeline(knowledge=KNOWLEDGE))
    assert analysis_key(describe_pipeline(knowledge=worded)) == key
    assert analysis_key(describe_pipeline(knowledge=extended)) != key
