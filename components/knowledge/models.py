"""The typed, validated shape of every knowledge file (pydantic v2).

One model per file (:data:`FILES`), one per debate definition (:class:`Debate`). Every model
forbids unknown keys and checks types strictly (a number given as a string, a word list given as
one string, ``named = "yes"`` are errors), so a typo in a user's file stops the run with a message
naming the file, the key and its line (:mod:`.errors`) instead of being silently ignored.

Adding a setting is adding a field here (with the default the code assumes); adding a file is a
model here and an entry in :data:`FILES`.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: a list of words or phrases (TOML arrays are read as tuples; items must be strings)
Words = Annotated[tuple[str, ...], Field(strict=False)]


class Model(BaseModel):
    """Base of every knowledge model: unknown keys and loose types are errors; values are frozen."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    def as_dict(self) -> dict:
        """The settings as written in the files (validated), as plain dicts and lists: keys a file
        leaves out stay out, so a consumer's own ``.get(key, default)`` keeps its meaning."""
        return self.model_dump(mode="json", exclude_unset=True)


@lru_cache(maxsize=4096)
def slug(name: str) -> str:
    """``"Joe Biden"`` → ``"joe-biden"``; ``"US officials (anonymous)"`` → ``"us-officials-anonymous"``.
    Memoised: the pipeline slugs the same few names over and over."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "unknown"


# ---------------------------------------------------------------------------------- weapons.toml
class WeaponSystem(Model):
    """A catalogue entry: a named system (``named=True``) or a generic category."""

    name: str
    category: str = ""
    named: bool = True
    aliases: Words = ()
    patterns: Words = ()
    origin: str = ""
    maker: str = ""
    range_km: float | None = None
    range_text: str = ""
    facts: str = ""
    refers_to: str = ""
    exclude: Words = ()

    @field_validator("exclude")
    @classmethod
    def _lower(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(e.lower() for e in v)


class WeaponsFile(Model):
    weapon: list[WeaponSystem] = []


# ----------------------------------------------------------------------------------- actors.toml
class ActorEntry(Model):
    """A known actor: canonical name, type and aliases (``id`` defaults to the slug of the name)."""

    id: str = ""
    name: str
    type: Literal["person", "organization", "country", "group"] = "person"
    aliases: Words = ()
    role: str = ""
    country: str = ""
    capital: str = ""
    demonyms: Words = ()
    adjective: str = ""

    @model_validator(mode="before")
    @classmethod
    def _default_id(cls, data):
        if isinstance(data, dict) and not data.get("id") and isinstance(data.get("name"), str):
            data = {**data, "id": slug(data["name"])}
        return data

    @property
    def adjective_form(self) -> str:
        """The adjective naming the country's anonymous officials ("US", "British")."""
        return self.adjective or (self.demonyms[0] if self.demonyms else self.name)


class NonActors(Model):
    #: names the model takes for actors that are not ("Getty Images")
    names: Words = ()
    #: a line holding one of these is a byline, photo credit or contributor line
    credit_cues: Words = ()


class ActorsFile(Model):
    actor: list[ActorEntry] = []
    non_actors: NonActors = NonActors()


# ---------------------------------------------------------------------------------- outlets.toml
class Outlet(Model):
    """A news outlet: its name, the domains of its e-mail sign-offs and the names it goes by."""

    name: str
    domains: Words = ()
    aliases: Words = ()


class OutletsFile(Model):
    outlet: list[Outlet] = []


# ----------------------------------------------------------------------------------- places.toml
class PlacesFile(Model):
    motion_words: Words = ()
    name_heads: Words = ()
    org_words: Words = ()


# ----------------------------------------------------------------------------------- groups.toml
class Regions(Model):
    """Region words with their adjective (any other key: ``western = "Western"``), and the adjective
    of a phrase naming several allied countries."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, str]

    mixed_adjective: str = ""
    mixed_countries: Words = ()


class GroupKind(Model):
    """One kind of anonymous or collective actor (see ``groups.toml`` for each setting)."""

    name: str
    heads: Words = ()
    singular: str = ""
    plural: str = ""
    type: str = ""
    antecedent: bool = False
    named_words: Words = ()
    named_from: int = 10**9
    demonym_plural: bool = False
    subject_country: bool = False
    needs_region: bool = False
    bare_heads: Words = ()
    bare_adjective: str = ""
    org_heads: Words = ()
    requires: Words = ()
    requires_after: dict[str, str] = {}
    chambers: Words = ()
    on_phrase: bool = False
    qualified: str = ""


class Institutions(Model):
    """A country's institutions and a person's team (see ``[institutions]`` of ``groups.toml``)."""

    names: Words = ()
    abbreviations: dict[str, str] = {}
    domain_adjectives: Words = ()
    personal: Words = ()


class GroupsFile(Model):
    regions: Regions = Regions()
    qualifier_words: dict[str, str] = {}
    kind: list[GroupKind] = []
    institutions: Institutions = Institutions()


# ----------------------------------------------------------------------------------- quotes.toml
class Phrases(Model):
    phrases: Words = ()


class Governance(Model):
    verb_deps: Words = ("ccomp", "xcomp", "conj", "ROOT")


class Content(Model):
    deps: Words = ("ccomp", "xcomp")
    min_words: int = 3
    preps: Words = ()
    object_verbs: Words = ()
    relative_pronouns: Words = ()


class VagueSources(Model):
    markers: Words = ()
    types: Words = ("group",)
    counted_words: Words = ()


class Antecedents(Model):
    #: how many sentences before its own a pronoun looks back
    sentences: int = 3
    causatives: Words = ()


class Descriptions(Model):
    any_role: Words = ()
    partitives: Words = ()


class QuotesFile(Model):
    source_phrases: Phrases = Phrases()
    name_cues: Phrases = Phrases()
    governance: Governance = Governance()
    content: Content = Content()
    vague_sources: VagueSources = VagueSources()
    pronouns: dict[str, Words] = {}
    antecedents: Antecedents = Antecedents()
    descriptions: Descriptions = Descriptions()


# --------------------------------------------------------------------------------- briefing.toml
class SentenceRules(Model):
    min_words: int = 8
    max_words: int = 55
    boilerplate: Words = ()


class Cues(Model):
    cues: Words = ()


class Watch(Model):
    cues: Words = ()
    dates: Words = ()


class Figures(Model):
    units: Words = ()
    qualifiers: Words = ()
    km_per_unit: dict[str, float] = {}


class Limits(Model):
    actors_per_group: int = 4
    actors_without_stance: int = 6
    weapons: int = 5
    quotes: int = 5
    agreement: int = 3
    contention: int = 4
    watch: int = 4
    min_words: int = 150
    max_words: int = 1500


class BriefingFile(Model):
    sentences: SentenceRules = SentenceRules()
    decision: Cues = Cues()
    watch: Watch = Watch()
    weapon_aspects: dict[str, Words] = {}
    figures: Figures = Figures()
    limits: Limits = Limits()


# ------------------------------------------------------------------------------- debates/*.toml
#: stance labels a frame can give (``inverse``: the side opposite to the position criticised)
FrameLabel = Literal["support", "oppose", "cautious", "mixed", "inverse"]
StanceLabel = Literal["support", "oppose", "cautious", "mixed"]


class Target(Model):
    """What the debate is about: catalogue systems and categories, other words for its proposition
    and for what is supplied, and how far back a sentence's topic reaches."""

    systems: Words = ()
    categories: Words = ()
    any_catalogue_weapon: bool = False
    not_on_topic: Words = ()
    terms: Words = ()
    supply_objects: Words = ()
    window: int = Field(3, ge=0)
    #: weight of a frame by where its target is: ``argument``, ``sentence``, ``window``
    topic_weights: dict[Literal["argument", "sentence", "window"], float] = {}


class Frame(Model):
    """One ``[frames.<name>]`` section (see ``debates/ukraine_weapons.toml``). Every key may be left
    out, so a debate that ``extends`` another changes only what differs; a frame type missing its
    label or predicates after the merge is reported by the stance stage."""

    kind: Literal["action", "attitude", "evaluation", "criticism"] = "attitude"
    label: FrameLabel | None = None
    predicates: Words = ()
    weight: float = 1.0
    holder: Literal["agent", "asserter", "experiencer"] = "agent"
    target: Literal["argument", "recipient", "topic"] = "topic"
    #: the frame type a negated predicate becomes, or ``drop``
    negated: str = "drop"
    negated_weight: float = 1.0
    holders: Literal["any", "recipient"] = "any"
    presupposes: bool = False
    label_other: StanceLabel | Literal[""] = ""


class Side(Model):
    countries: Words = ()
    #: how a frame's label reads when its holder is on this side (``drop``: no signal)
    relabel: dict[StanceLabel, StanceLabel | Literal["drop"]] = {}


class Sides(Model):
    adversary: Side = Side()
    recipient: Side = Side()


class Attribution(Model):
    attitude_verbs: Words = ()
    causatives: Words = ()
    control_preps: Words = ()
    holder_preps: Words = ()
    of_holder_nouns: Words = ()
    light_verbs: Words = ()
    prep_verbs: Words = ()
    position_nouns: Words = ()
    group_preps: Words = ()
    conditional_marks: Words = ()
    shared_weight: float = 0.7


class Negation(Model):
    negators: Words = ()
    raisers: Words = ()
    deontic: Words = ()


class Hedges(Model):
    words: Words = ()
    factor: float = 0.7


class Time(Model):
    past_markers: Words = ()


class Aggregation(Model):
    """How an actor's frames in one article make its stance (``components/tables/stances.py``)."""

    min_confidence: float = Field(0.3, ge=0, le=1)
    mixed_min: float = Field(0.5, ge=0)
    mixed_ratio: float = Field(0.35, ge=0, le=1)
    superseded: float = Field(0.3, ge=0, le=1)


class Debate(Model):
    """A debate definition: the question, what counts as on topic, the sides, the frame lexicon and
    the words of attribution, negation and time. ``extends`` names a debate whose definition lies
    under this one (tables merge key by key)."""

    name: str = ""
    extends: str = ""
    question: str = ""
    short_question: str = ""
    #: one line per stance label, saying what it means for this question
    labels: dict[Literal["support", "oppose", "cautious", "mixed", "unclear"], str] = {}
    sides: Sides = Sides()
    target: Target = Target()
    frames: dict[str, Frame] = {}
    attribution: Attribution = Attribution()
    negation: Negation = Negation()
    hedges: Hedges = Hedges()
    time: Time = Time()
    aggregation: Aggregation = Aggregation()


#: the knowledge files read from each data folder (TOML), by file name
FILES: dict[str, type[Model]] = {
    "weapons.toml": WeaponsFile,
    "actors.toml": ActorsFile,
    "outlets.toml": OutletsFile,
    "places.toml": PlacesFile,
    "groups.toml": GroupsFile,
    "quotes.toml": QuotesFile,
    "briefing.toml": BriefingFile,
}
#: word lists (one entry a line, ``#`` comments), by file name
WORD_LISTS = ("titles.txt", "speech_verbs.txt")
