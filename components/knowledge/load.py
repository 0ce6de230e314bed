"""The knowledge the pipeline uses, read from data files a user can read and extend.

Everything that is a fact about the world rather than a mechanism lives in ``components/data/``:

- ``weapons.toml``: the weapon catalogue (named systems with aliases and facts; generic categories),
- ``actors.toml``: known actors (people, organisations, countries, groups) with aliases and roles,
- ``places.toml``: how place names are read (motion words for "traveled to Kyiv", words that end
  proper names such as "… Contact Group", organisation words); capitals and demonyms are in ``actors.toml``,
- ``groups.toml``: how anonymous and collective actors are recognised and named ("two U.S. officials"),
- ``outlets.toml``: news outlets, by e-mail domain and by name,
- ``titles.txt``: titles stripped from names ("Prime Minister", "Lt. Col."),
- ``speech_verbs.toml``: reporting and attitude verbs (lemmas) by category, with the dependents that
  carry what was said (read by :mod:`components.nlp.attribution`, which validates it),
- ``debates/*.toml``: debate definitions (the question, target terms and stance cues),
- ``briefing.toml``: cues and limits of the generated briefing (in :attr:`Knowledge.raw`).

A folder given as ``data_dir`` (or the ``BRIEFING_DATA_DIR`` environment variable) is read *after*
the bundled one: its TOML entries are added (an entry with the same name replaces the bundled one)
and its word lists extend the bundled lists. :attr:`Knowledge.fingerprint` changes whenever any of
these files changes, so stored analyses can be invalidated.
"""
from __future__ import annotations

import hashlib
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

BUNDLED_DATA = Path(__file__).parent / "data"
DEFAULT_DEBATE = "long_range_strikes"


@dataclass(frozen=True)
class WeaponSystem:
    """A catalogue entry: a named system (``named=True``) or a generic category."""

    name: str
    category: str
    named: bool
    aliases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    origin: str = ""
    maker: str = ""
    range_km: float | None = None
    range_text: str = ""
    facts: str = ""
    refers_to: str = ""
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorEntry:
    """A known actor: canonical name, type (person/organization/country/group) and aliases."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    role: str = ""
    country: str = ""
    capital: str = ""
    demonyms: tuple[str, ...] = ()
    adjective: str = ""

    @property
    def adjective_form(self) -> str:
        """The adjective naming the country's anonymous officials ("US", "British")."""
        return self.adjective or (self.demonyms[0] if self.demonyms else self.name)


@dataclass
class Knowledge:
    """All data files, parsed."""

    weapons: list[WeaponSystem]
    actors: list[ActorEntry]
    titles: list[str]
    speech_verbs: set[str]
    outlets_by_domain: dict[str, str]
    outlets_by_name: dict[str, str]
    non_actors: set[str]
    credit_cues: tuple[str, ...]
    debates: dict[str, dict]
    fingerprint: str
    raw: dict = field(default_factory=dict, repr=False)

    def weapon(self, name: str) -> WeaponSystem | None:
        """The catalogue entry named ``name`` (the first one if several share it), else ``None``."""
        return self._weapons_by_name.get(name)

    def actor(self, actor_id: str) -> ActorEntry | None:
        """The actor entry with id ``actor_id`` (the first one if several share it), else ``None``."""
        return self._actors_by_id.get(actor_id)

    @cached_property
    def _weapons_by_name(self) -> dict[str, WeaponSystem]:
        return _first_by(self.weapons, "name")

    @cached_property
    def _actors_by_id(self) -> dict[str, ActorEntry]:
        return _first_by(self.actors, "id")

    @property
    def groups(self) -> dict:
        """The parsed ``groups.toml`` (kinds of anonymous and collective actors)."""
        return self.raw.get("groups.toml", {})

    def debate(self, name: str | None = None) -> dict:
        name = name or DEFAULT_DEBATE
        if name not in self.debates:
            raise KeyError(f"no debate definition {name!r}; have {sorted(self.debates)}")
        return self.debates[name]


def _first_by(items: list, attr: str) -> dict:
    """``{getattr(item, attr): item}`` keeping the first item of each value."""
    out: dict = {}
    for item in items:
        out.setdefault(getattr(item, attr), item)
    return out


@lru_cache(maxsize=4096)
def slug(name: str) -> str:
    """``"Joe Biden"`` → ``"joe-biden"``; ``"US officials (anonymous)"`` → ``"us-officials-anonymous"``.
    Memoised: the pipeline slugs the same few names over and over."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "unknown"


def read_word_list(path: Path) -> list[str]:
    """Lines of a word-list file, without comments (``#``) and blank lines."""
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def _data_dirs(data_dir: str | os.PathLike | None) -> list[Path]:
    dirs = [BUNDLED_DATA]
    extra = data_dir or os.environ.get("BRIEFING_DATA_DIR")
    if extra:
        dirs.append(Path(extra))
    return dirs


def _fingerprint(dirs: list[Path]) -> str:
    h = hashlib.sha256()
    for d in dirs:
        for f in sorted(d.rglob("*")):
            if f.is_file() and f.suffix in (".toml", ".txt"):
                h.update(str(f.relative_to(d)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _merge_named(items: list[dict], new: list[dict]) -> list[dict]:
    by_name = {i["name"]: n for n, i in enumerate(items)}
    for entry in new:
        if entry.get("name") in by_name:
            items[by_name[entry["name"]]] = entry
        else:
            items.append(entry)
    return items


@lru_cache(maxsize=8)
def _load(dirs: tuple[Path, ...]) -> Knowledge:
    weapons: list[dict] = []
    actors: list[dict] = []
    outlets: list[dict] = []
    non_actors: list[str] = []
    credit_cues: list[str] = []
    titles: list[str] = []
    verbs: list[str] = []
    debates: dict[str, dict] = {}
    raw: dict = {}
    for d in dirs:
        if (d / "weapons.toml").is_file():
            weapons = _merge_named(weapons, tomllib.loads((d / "weapons.toml").read_text("utf-8")).get("weapon", []))
        if (d / "actors.toml").is_file():
            data = tomllib.loads((d / "actors.toml").read_text("utf-8"))
            actors = _merge_named(actors, data.get("actor", []))
            non_actors += data.get("non_actors", {}).get("names", [])
            credit_cues += data.get("non_actors", {}).get("credit_cues", [])
        if (d / "outlets.toml").is_file():
            outlets = _merge_named(outlets, tomllib.loads((d / "outlets.toml").read_text("utf-8")).get("outlet", []))
        for extra in ("places.toml", "briefing.toml", "groups.toml", "quotes.toml"):
            if (d / extra).is_file():
                raw.setdefault(extra, {}).update(tomllib.loads((d / extra).read_text("utf-8")))
        titles += read_word_list(d / "titles.txt")
        if (d / "speech_verbs.toml").is_file():
            data = tomllib.loads((d / "speech_verbs.toml").read_text("utf-8"))
            verbs += [v for c in data.get("category", []) for v in c.get("verbs", [])]
            raw.setdefault("speech_verbs.toml", {"category": []})["category"] += data.get("category", [])
            for key in ("light", "claims", "negating"):
                if key in data:
                    raw["speech_verbs.toml"].setdefault(key, {}).update(data[key])
        for f in sorted((d / "debates").glob("*.toml")) if (d / "debates").is_dir() else []:
            debates[f.stem] = tomllib.loads(f.read_text("utf-8"))
    return Knowledge(
        weapons=[_weapon(w) for w in weapons],
        actors=[_actor(a) for a in actors],
        titles=sorted(set(titles), key=lambda t: (-len(t), t)),
        speech_verbs=set(verbs),
        outlets_by_domain={dom.lower(): o["name"] for o in outlets for dom in o.get("domains", [])},
        outlets_by_name={n.lower(): o["name"] for o in outlets for n in [o["name"], *o.get("aliases", [])]},
        non_actors={n.lower() for n in non_actors},
        credit_cues=tuple(c.lower() for c in credit_cues),
        debates=debates,
        fingerprint=_fingerprint(list(dirs)),
        raw=raw,
    )


def _weapon(d: dict) -> WeaponSystem:
    return WeaponSystem(
        name=d["name"], category=d.get("category", ""), named=bool(d.get("named", True)),
        aliases=tuple(d.get("aliases", [])), patterns=tuple(d.get("patterns", [])),
        origin=d.get("origin", ""), maker=d.get("maker", ""), range_km=d.get("range_km"),
        range_text=d.get("range_text", ""), facts=d.get("facts", ""), refers_to=d.get("refers_to", ""),
        exclude=tuple(e.lower() for e in d.get("exclude", [])),
    )


def _actor(d: dict) -> ActorEntry:
    return ActorEntry(
        id=d.get("id") or slug(d["name"]), name=d["name"], type=d.get("type", "person"),
        aliases=tuple(d.get("aliases", [])), role=d.get("role", ""), country=d.get("country", ""),
        capital=d.get("capital", ""), demonyms=tuple(d.get("demonyms", [])), adjective=d.get("adjective", ""),
    )


def load_knowledge(data_dir: str | os.PathLike | None = None) -> Knowledge:
    """The bundled data files, extended by ``data_dir`` (or ``$BRIEFING_DATA_DIR``) if given."""
    return _load(tuple(p.resolve() for p in _data_dirs(data_dir)))
