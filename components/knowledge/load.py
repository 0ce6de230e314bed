"""The knowledge the analysis uses, read from data files a user can read and extend.

Everything that is a fact about the world rather than a mechanism lives in ``data/`` here
(each file's shape is a model of :mod:`.models`):

- ``weapons.toml``: the weapon catalogue (named systems with aliases and facts; generic categories),
- ``actors.toml``: known actors (people, organisations, countries, groups) with aliases and roles,
- ``places.toml``: how place names are read (motion words for "traveled to Kyiv", words that end
  proper names such as "… Contact Group", organisation words); capitals and demonyms are in ``actors.toml``,
- ``groups.toml``: how anonymous and collective actors are recognised and named ("two U.S. officials"),
- ``outlets.toml``: news outlets, by e-mail domain and by name,
- ``quotes.toml``: cues of quotation and reported speech,
- ``layout.toml``: lines of an article that are page furniture, not the story ("Read also: …"),
- ``speech_verbs.toml``: reporting and attitude verbs (lemmas) by category, with the dependents that
  carry what they report (a folder's categories are added to the bundled ones, or replace the one of
  the same name),
- ``titles.txt``: titles stripped from names ("Prime Minister", "Lt. Col."),
- ``debates/*.toml``: debate definitions (the question, target terms and stance cues),
- ``briefing.toml``: cues, limits and wording (templates) of the generated briefing.

A folder given as ``data_dir`` is read *after* the bundled one: its TOML entries are added (an entry
with the same name replaces the bundled one; a table of settings such as ``[mentions]`` replaces the
bundled table of that name) and its word lists extend the bundled lists. Every file is validated: an unknown file, an
unknown key or a value of the wrong type raises :class:`~.errors.KnowledgeError` naming the file,
the key and the line. :attr:`Knowledge.fingerprint` changes whenever any of these files changes,
so stored analyses can be invalidated.

Only the entry points (command line, dashboard, benchmarks, tests) call :func:`load_knowledge`
(which also reads ``$BRIEFING_DATA_DIR``); everything else receives the :class:`Knowledge` they
built. :func:`read_knowledge` reads exactly the folders it is given (memoised per folder and file
contents), for a pipeline rebuilt from its config in another process.
"""
from __future__ import annotations

import hashlib
import os
import tomllib
from functools import cached_property, lru_cache
from pathlib import Path

from pydantic import ConfigDict, ValidationError

from .errors import KnowledgeError, validation_error
from .models import (FILES, WORD_LISTS, ActorEntry, ActorsFile, BriefingFile, Debate, GroupsFile, Model,
                     Outlet, LayoutFile, OutletsFile, PlacesFile, QuotesFile, SpeechVerbsFile, WeaponContext, WeaponsFile,
                     WeaponSystem)

BUNDLED_DATA = Path(__file__).parent / "data"
DEFAULT_DEBATE = "ukraine_weapons"
DATA_DIR_ENV = "BRIEFING_DATA_DIR"


class Knowledge(Model):
    """All knowledge files, validated and merged: built once by an entry point and passed on."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)

    weapons: tuple[WeaponSystem, ...] = ()
    #: how the text around a catalogue match decides whether it is a weapon (``[context]`` of weapons.toml)
    weapon_context: WeaponContext = WeaponContext()
    actors: tuple[ActorEntry, ...] = ()
    outlets: tuple[Outlet, ...] = ()
    #: titles stripped from names, longest first
    titles: tuple[str, ...] = ()
    speech: SpeechVerbsFile = SpeechVerbsFile()
    #: lower-cased names that are never actors
    non_actors: frozenset[str] = frozenset()
    #: lower-cased cues of bylines and photo credits
    credit_cues: tuple[str, ...] = ()
    places: PlacesFile = PlacesFile()
    groups: GroupsFile = GroupsFile()
    quotes: QuotesFile = QuotesFile()
    layout: LayoutFile = LayoutFile()
    briefing: BriefingFile = BriefingFile()
    debates: dict[str, Debate] = {}
    #: the user's folder read after the bundled one (resolved), if any
    data_dir: str | None = None
    #: a hash of every knowledge file read (a stored briefing is keyed by it)
    fingerprint: str = ""
    #: a hash of the knowledge files an analysis reads, all but :data:`REPORT_FILES` (stored analyses
    #: are keyed by it: a new briefing wording keeps them)
    analysis_fingerprint: str = ""

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

    @cached_property
    def outlets_by_domain(self) -> dict[str, str]:
        """Lower-cased e-mail/web domain → outlet name."""
        return {dom.lower(): o.name for o in self.outlets for dom in o.domains}

    @cached_property
    def outlets_by_name(self) -> dict[str, str]:
        """Lower-cased name or alias → outlet name."""
        return {n.lower(): o.name for o in self.outlets for n in [o.name, *o.aliases]}

    def debate(self, name: str | None = None) -> dict:
        """The debate definition ``name`` (default :data:`DEFAULT_DEBATE`) as written (validated)."""
        name = name or DEFAULT_DEBATE
        if name not in self.debates:
            raise KeyError(f"no debate definition {name!r}; have {sorted(self.debates)}")
        return self.debates[name].as_dict()


def _first_by(items, attr: str) -> dict:
    """``{getattr(item, attr): item}`` keeping the first item of each value."""
    out: dict = {}
    for item in items:
        out.setdefault(getattr(item, attr), item)
    return out


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


#: knowledge files only the report reads (their wording never changes an analysis)
REPORT_FILES = frozenset({"briefing.toml"})


def _fingerprint(dirs: list[Path], skip: frozenset[str] = frozenset()) -> str:
    """A short hash of the knowledge files of ``dirs`` (names and contents), but those named in ``skip``."""
    h = hashlib.sha256()
    for d in dirs:
        for f in sorted(d.rglob("*")):
            if f.is_file() and f.suffix in (".toml", ".txt") and f.name not in skip:
                h.update(str(f.relative_to(d)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _read(path: Path, model: type[Model]) -> dict:
    """The TOML file at ``path``, checked against ``model``; returned as parsed (a plain dict)."""
    text = path.read_text("utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{path}: not valid TOML: {exc}") from None
    try:
        model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(path, text, exc) from None
    return data


def _check_names(d: Path) -> None:
    """A file in a data folder that no model reads is an error (a misspelt name would be ignored)."""
    known = set(FILES) | set(WORD_LISTS)
    for f in sorted(d.iterdir()):
        if f.is_file() and f.suffix in (".toml", ".txt") and f.name not in known:
            raise KnowledgeError(f"{f}: unknown knowledge file (known: {', '.join(sorted(known))}, "
                                 "and debates/*.toml)")


def _merge_named(items: list[dict], new: list[dict]) -> list[dict]:
    by_name = {i["name"]: n for n, i in enumerate(items)}
    for entry in new:
        if entry.get("name") in by_name:
            items[by_name[entry["name"]]] = entry
        else:
            items.append(entry)
    return items


def _merge_tables(into: dict, new: dict) -> None:
    """A later folder's file over an earlier one's: a table's keys are replaced one by one (a user's
    ``[templates]`` with one sentence changes that sentence only), any other value as a whole."""
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            into[key] = {**into[key], **value}
        else:
            into[key] = value


def _build(dirs: tuple[Path, ...], fingerprint: str, analysis_fingerprint: str = "") -> Knowledge:
    named: dict[str, list[dict]] = {"weapons.toml": [], "actors.toml": [], "outlets.toml": []}
    list_key = {"weapons.toml": "weapon", "actors.toml": "actor", "outlets.toml": "outlet"}
    non_actors: list[str] = []
    credit_cues: list[str] = []
    tables: dict[str, dict] = {}
    words: dict[str, list[str]] = {name: [] for name in WORD_LISTS}
    debates: dict[str, Debate] = {}
    for d in dirs:
        if not d.is_dir():
            raise KnowledgeError(f"{d}: the knowledge folder does not exist")
        _check_names(d)
        for name, model in FILES.items():
            if not (d / name).is_file():
                continue
            data = _read(d / name, model)
            if name in named:  # entries merge by name; the file's tables of settings as below
                named[name] = _merge_named(named[name], data.get(list_key[name], []))
                _merge_tables(tables.setdefault(name, {}), {k: v for k, v in data.items() if k != list_key[name]})
            elif name == "speech_verbs.toml":  # categories merge by name, like catalogue entries
                table = tables.setdefault(name, {"category": []})
                table["category"] = _merge_named(table["category"], data.get("category", []))
                table.update({k: v for k, v in data.items() if k != "category"})
            else:
                _merge_tables(tables.setdefault(name, {}), data)
            if name == "actors.toml":
                non_actors += data.get("non_actors", {}).get("names", [])
                credit_cues += data.get("non_actors", {}).get("credit_cues", [])
        for name in WORD_LISTS:
            words[name] += read_word_list(d / name)
        for f in sorted((d / "debates").glob("*.toml")) if (d / "debates").is_dir() else []:
            debates[f.stem] = Debate.model_validate(_read(f, Debate))
    places = PlacesFile.model_validate(tables.get("places.toml", {}))
    return Knowledge(
        weapons=WeaponsFile.model_validate({"weapon": named["weapons.toml"]}).weapon,
        weapon_context=WeaponsFile.model_validate(tables.get("weapons.toml", {})).context,
        actors=ActorsFile.model_validate({"actor": named["actors.toml"]}).actor,
        outlets=OutletsFile.model_validate({"outlet": named["outlets.toml"]}).outlet,
        titles=tuple(sorted(set(words["titles.txt"]), key=lambda t: (-len(t), t))),
        speech=SpeechVerbsFile.model_validate(tables.get("speech_verbs.toml", {})),
        non_actors=frozenset(n.lower() for n in (*non_actors, *places.names)),
        credit_cues=tuple(c.lower() for c in credit_cues),
        places=places,
        groups=GroupsFile.model_validate(tables.get("groups.toml", {})),
        quotes=QuotesFile.model_validate(tables.get("quotes.toml", {})),
        layout=LayoutFile.model_validate(tables.get("layout.toml", {})),
        briefing=BriefingFile.model_validate(tables.get("briefing.toml", {})),
        debates=debates,
        data_dir=str(dirs[1]) if len(dirs) > 1 else None,
        fingerprint=fingerprint,
        analysis_fingerprint=analysis_fingerprint or fingerprint,
    )


@lru_cache(maxsize=8)
def _cached(dirs: tuple[Path, ...], fingerprint: str, analysis_fingerprint: str) -> Knowledge:
    return _build(dirs, fingerprint, analysis_fingerprint)


def read_knowledge(data_dir: str | os.PathLike | None = None) -> Knowledge:
    """The bundled knowledge files extended by exactly ``data_dir`` (no environment variable). The
    same folders with the same file contents give the same object."""
    dirs = [BUNDLED_DATA.resolve()]
    if data_dir:
        dirs.append(Path(data_dir).expanduser().resolve())
    for d in dirs[1:]:
        if not d.is_dir():
            raise KnowledgeError(f"{d}: the knowledge folder does not exist")
    return _cached(tuple(dirs), _fingerprint(dirs), _fingerprint(dirs, REPORT_FILES))


def load_knowledge(data_dir: str | os.PathLike | None = None) -> Knowledge:
    """For entry points: the bundled data files, extended by ``data_dir`` if given, else by the
    folder in ``$BRIEFING_DATA_DIR`` if set."""
    return read_knowledge(data_dir or os.environ.get(DATA_DIR_ENV) or None)



