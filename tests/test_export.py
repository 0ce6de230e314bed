"""The JSON export follows the contract in ../shared/eval/README.md."""
import json
import subprocess
import sys

from components.export import to_export

from .conftest import SEEDS


def test_export_has_contract_keys(seed_analysis):
    doc = to_export(seed_analysis, briefing="")
    assert doc["schema"] == "debate-briefing/1"
    for key in ("articles", "actors", "quotes", "weapons", "stances", "briefing"):
        assert key in doc
    ids = {a["id"] for a in doc["articles"]}
    assert "000_8cc4f7ca36172168" in ids and len(ids) == 5
    arts = dict(zip(seed_analysis["articles"]["article_id"], seed_analysis["articles"]["text"]))
    for w in doc["weapons"]:
        assert arts[w["article"]][w["start"]:w["end"]] == w["text"]
    json.dumps(doc)  # serialisable


def test_cli_writes_json(tmp_path):
    out = tmp_path / "out.json"
    proc = subprocess.run([sys.executable, "-m", "components.cli", "analyze", str(SEEDS), "--json", str(out),
                           "--csv", str(tmp_path / "csv")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(out.read_text())
    assert len(doc["articles"]) == 5
    assert (tmp_path / "csv" / "weapon_mentions.csv").is_file()
