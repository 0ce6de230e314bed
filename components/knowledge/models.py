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

from .vocabulary import CUE_LABELS, STANCE_LABELS

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


class WeaponContext(Model):
    """How the text around a match decides whether it is a weapon (see ``[context]`` of ``weapons.toml``)."""

    #: a category word used as a modifier of one of these nouns is no weapon ("the Cuban missile crisis")
    not_before: Words = ()
    #: a match inside a longer named entity of one of these types is part of a name ("Missile Defense Agency")
    not_in_entities: Words = ()
    #: nouns that, with only a determiner ("the system", "these systems"), stand for a weapon named
    #: within ``anaphor_window`` sentences before
    anaphors: Words = ()
    anaphor_window: int = 2
    #: the generic category an anaphor is counted under
    anaphor_category: str = "weapons"
    #: words a named system's mention takes in after its name ("Storm Shadow cruise missiles",
    #: "Patriot missile battery"): modifiers, then one head word
    tail_modifiers: Words = ()
    tail_words: Words = ()
    #: generic words that, as the bare object of a verb's "as" ("using energy as a weapon"), are a
    #: figure of speech: no mention, and no word of a debate's target
    figures: Words = ()


class WeaponsFile(Model):
    context: WeaponContext = WeaponContext()
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
    #: (people) "female" or "male": a pronoun of the other gender never stands for them
    gender: Literal["", "female", "male"] = ""
    capital: str = ""
    #: other spellings of the capital in use ("Kiev" for Kyiv)
    capital_spellings: Words = ()
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
    feature_words: Words = ()
    #: places that are not states (cities, regions): never actors, whatever the model calls them
    names: Words = ()


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
    #: added to the name of a phrase that names its group itself ("military analysts (unspecified)")
    suffix: str = ""


class Institutions(Model):
    """A country's institutions and a person's team (see ``[institutions]`` of ``groups.toml``)."""

    names: Words = ()
    abbreviations: dict[str, str] = {}
    domain_adjectives: Words = ()
    personal: Words = ()


class GroupsFile(Model):
    #: count words read as numbers ("two U.S. officials", "dozens of lawmakers")
    number_words: dict[str, int] = {}
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
    #: words of content outside quotation marks an indirect quote needs
    min_words: int = 2
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
    heads_of: Words = ()
    #: abbreviated titles and the word a description uses for them ("Sen." → "the senator")
    abbreviations: dict[str, str] = {}


class Contributors(Model):
    """Contributor lines inside a story ("…, Jennifer Rankin writes from Brussels")."""

    verbs: Words = ()
    preps: Words = ()


class Nouns(Model):
    nouns: Words = ()


class Documents(Model):
    """Statements, letters, reports: whose they are, and the verbs that report what they say."""

    nouns: Words = ()
    #: verbs that report what a document says only with a document as their subject ("the statement continued")
    verbs: Words = ()
    #: verbs whose object is a document the subject issued ("issued a statement")
    issue_verbs: Words = ()


class Genders(Model):
    """Pronouns of each gender and the title and role words that tell a person's gender ("Ms",
    "spokeswoman"), for people the catalogue does not list."""

    female: Words = ()
    male: Words = ()
    female_words: Words = ()
    male_words: Words = ()


class QuotesFile(Model):
    source_phrases: Phrases = Phrases()
    contributors: Contributors = Contributors()
    speech_nouns: Nouns = Nouns()
    documents: Documents = Documents()
    name_cues: Phrases = Phrases()
    governance: Governance = Governance()
    content: Content = Content()
    vague_sources: VagueSources = VagueSources()
    pronouns: dict[str, Words] = {}
    genders: Genders = Genders()
    antecedents: Antecedents = Antecedents()
    descriptions: Descriptions = Descriptions()


# ----------------------------------------------------------------------------- layout.toml
class Asides(Model):
    """Lines of an article that are page furniture, not the story: a line whose text starts with one
    of ``prefixes`` (case-insensitive) is read by no stage."""

    prefixes: Words = ()

    @field_validator("prefixes")
    @classmethod
    def _lower(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(p.lower() for p in v)


class LayoutFile(Model):
    asides: Asides = Asides()


# ----------------------------------------------------------------------------- speech_verbs.toml
#: what a speech verb's dependents may carry (see ``speech_verbs.toml``)
ContentKind = Literal["clause", "infinitive", "object", "claim", "predicate", "of", "for", "against", "about",
                      "to", "as", "on", "over"]


class SpeechVerbCategory(Model):
    """Reporting verbs (lemmas) of one category and the dependents that carry what they report."""

    name: str
    content: Annotated[tuple[ContentKind, ...], Field(strict=False, min_length=1)]
    verbs: Words


class LightVerbs(Model):
    """Verbs that are speech only with a speech noun as object ("voiced skepticism")."""

    verbs: Words = ()
    nouns: Words = ()


class Verbs(Model):
    verbs: Words = ()


class SpeechVerbsFile(Model):
    category: list[SpeechVerbCategory] = []
    light: LightVerbs = LightVerbs()
    claims: Nouns = Nouns()
    negating: Verbs = Verbs()

    @property
    def verbs(self) -> frozenset[str]:
        """Every reporting verb (lemma, lower case) of every category."""
        return frozenset(v.lower() for c in self.category for v in c.verbs)


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


class BriefingFile(Model):
    sentences: SentenceRules = SentenceRules()
    decision: Cues = Cues()
    watch: Watch = Watch()
    weapon_aspects: dict[str, Words] = {}
    figures: Figures = Figures()
    #: limits of each briefing length (``short``, ``full``): most items per section, word budget
    lengths: dict[str, dict[str, int]] = {}
    #: how a stance label reads in a sentence, headings, single words and the generated sentences
    #: (templates with ``{field}`` and ``{n|one|many}``; which fields each may use is checked by
    #: :class:`components.report.wording.Wording`)
    labels: dict[str, str] = {}
    headings: dict[str, str] = {}
    words: dict[str, str] = {}
    templates: dict[str, str] = {}


# ------------------------------------------------------------------------------- debates/*.toml
#: stance labels a frame can give (``inverse``: the side opposite to the position criticised)
FrameLabel = Literal[(*CUE_LABELS, "inverse", "inner")]
#: the labels a cue (a frame) can give: the vocabulary's, but "unclear" (only ever an aggregate's verdict)
StanceLabel = Literal[CUE_LABELS]


class Target(Model):
    """What the debate is about: catalogue systems and categories, other words for its proposition
    and for what is supplied, and how far back a sentence's topic reaches."""

    systems: Words = ()
    categories: Words = ()
    any_catalogue_weapon: bool = False
    not_on_topic: Words = ()
    terms: Words = ()
    supply_objects: Words = ()
    #: terms (lemmas) that are the debate's only when on the target, the recipient or a ``scope_words`` word
    scoped_terms: Words = ()
    scope_words: Words = ()
    #: nouns (lemmas) that make a target word modifying them another subject ("arms control", "arms race")
    other_subject_heads: Words = ()
    #: words of what is supplied (lemmas) that name no weapon when only ``not_military`` words modify
    #: them ("humanitarian aid", "economic assistance")
    supply_words: Words = ()
    not_military: Words = ()
    window: int = Field(3, ge=0)
    #: weight of a frame by where its target is: ``argument``, ``sentence``, ``window``
    topic_weights: dict[Literal["argument", "sentence", "reference", "window"], float] = {}


class Frame(Model):
    """One ``[frames.<name>]`` section (see ``debates/ukraine_weapons.toml``). Every key may be left
    out, so a debate that ``extends`` another changes only what differs; a frame type missing its
    label or predicates after the merge is reported by the stance stage."""

    kind: Literal["action", "attitude", "evaluation", "criticism"] = "attitude"
    label: FrameLabel | None = None
    predicates: Words = ()
    weight: float = 1.0
    holder: Literal["agent", "asserter", "experiencer"] = "agent"
    target: Literal["argument", "recipient", "sentence", "topic"] = "topic"
    #: the frame type a negated predicate becomes, or ``drop``
    negated: str = "drop"
    negated_weight: float = 1.0
    holders: Literal["any", "recipient"] = "any"
    presupposes: bool = False
    giving: bool = False
    transparent: bool = False
    label_other: StanceLabel | Literal[""] = ""
    own_content: bool = False


class Side(Model):
    countries: Words = ()
    #: how a frame's label reads when its holder is on this side (``drop``: no signal)
    relabel: dict[StanceLabel, StanceLabel | Literal["drop"]] = {}
    #: frame types (``[frames.<name>]``) that give no signal when held on this side
    drop_frames: Words = ()


class Sides(Model):
    adversary: Side = Side()
    recipient: Side = Side()
    #: words (lemmas) of helping: what is given "allowing Russia to …" or "with the help of" which
    #: Russia acts goes to Russia, whoever the recipient of the debate is
    benefit_words: Words = ()


class Attribution(Model):
    attitude_verbs: Words = ()
    causatives: Words = ()
    control_preps: Words = ()
    holder_preps: Words = ()
    of_holder_nouns: Words = ()
    light_verbs: Words = ()
    prep_verbs: Words = ()
    topic_preps: Words = ()
    gerund_preps: Words = ()
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
    #: one line per stance label (of the vocabulary), saying what it means for this question
    labels: dict[Literal[STANCE_LABELS], str] = {}
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
    "layout.toml": LayoutFile,
    "speech_verbs.toml": SpeechVerbsFile,
    "briefing.toml": BriefingFile,
}
#: word lists (one entry a line, ``#`` comments), by file name
WORD_LISTS = ("titles.txt",)
