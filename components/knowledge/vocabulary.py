"""The stance vocabulary: the one definition of the stance labels, their order, colours, headings
and meanings, used by the stance stage, the debate files' validation, the tables, the briefing,
the charts and the dashboard's filters.

Labels are listed in reading order (how sections, filters and legends list them);
:func:`spectrum` gives them along the score axis (support … oppose) for charts. A debate file may
say what each label means against its own question (``labels.support = "…"``, see
:meth:`components.knowledge.Debate.meaning`); :attr:`Stance.meaning` is the fallback.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stance:
    """One stance label."""

    label: str
    #: section heading and legend text
    heading: str
    #: position on the -1 (oppose) … +1 (support) axis that a signal with this label pulls towards
    score: float
    colour: str
    #: one line saying what the label means, against any debate question
    meaning: str
    #: whether a debate's cues can carry the label (``unclear`` is only ever an aggregate's verdict)
    cued: bool = True


STANCES: tuple[Stance, ...] = (
    Stance("support", "Support", 1.0, "#2e7d32", "for what the debate question proposes"),
    Stance("oppose", "Oppose", -1.0, "#c62828", "against what the debate question proposes"),
    Stance("cautious", "Cautious", -0.5, "#f9a825", "hesitant, sceptical or undecided; no change for now"),
    Stance("mixed", "Mixed", 0.0, "#6a1b9a", "for and against at once, or a group split on the question"),
    Stance("unclear", "Unclear", 0.0, "#78909c", "too weakly or too rarely attested to call (low confidence)",
           cued=False),
)
#: every stance label, in reading order
STANCE_LABELS: tuple[str, ...] = tuple(s.label for s in STANCES)
#: the labels a debate's cues (and so a stance signal) can carry
CUE_LABELS: tuple[str, ...] = tuple(s.label for s in STANCES if s.cued)
STANCE_BY_LABEL: dict[str, Stance] = {s.label: s for s in STANCES}
STANCE_SCORE: dict[str, float] = {s.label: s.score for s in STANCES}
STANCE_COLOURS: dict[str, str] = {s.label: s.colour for s in STANCES}
STANCE_HEADINGS: dict[str, str] = {s.label: s.heading for s in STANCES}


def stance_meaning(label: str, debate: dict | None = None) -> str:
    """What ``label`` means: the debate's own line for it (``labels.<label>`` of its file, as
    :meth:`components.knowledge.Knowledge.debate` gives it), else the vocabulary's."""
    own = ((debate or {}).get("labels") or {}).get(label)
    return own or STANCE_BY_LABEL[label].meaning


def spectrum() -> list[str]:
    """The labels from support to oppose along the score axis (ties in reading order), then the
    verdicts that are no position on it (unclear): the order of a chart's legend and of a stepped
    colour scale."""
    return [s.label for s in sorted(STANCES, key=lambda s: (not s.cued, -s.score))]
