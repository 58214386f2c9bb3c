"""The pitch: the answers every interview starts or ends with, kept in the bank beside the
stories, each with the length it should take to say."""

from __future__ import annotations

from dataclasses import dataclass

from storybank.core.timing import WORDS_PER_MINUTE, format_duration
from storybank.core.vocab import words

PITCH_MAX = 5_000  # characters: several minutes of speech, far past any part's length


@dataclass(frozen=True)
class PitchKind:
    """One part of the pitch: the question it answers and how long it should take."""

    id: str
    question: str
    shortest: int  # seconds
    longest: int  # seconds
    hint: str  # how people build it


PITCH_KINDS: tuple[PitchKind, ...] = (
    # PRODUCT: "tell me about yourself" runs present → past → future in about a minute.
    PitchKind(
        "about",
        "Tell me about yourself.",
        45,
        90,
        "About a minute: what you do now, how you got here, what you want next.",
    ),
    PitchKind(
        "strengths",
        "What are your greatest strengths?",
        45,
        120,
        "Two or three strengths, each with the story that proves it.",
    ),
    PitchKind(
        "weakness",
        "What is your greatest weakness?",
        45,
        120,
        "A real weakness, and what you are doing about it.",
    ),
    PitchKind(
        "why",
        "Why do you want to work here, in this role?",
        45,
        90,
        "From your research: what draws you to the company and the role.",
    ),
    PitchKind(
        "goals",
        "Where do you see yourself in a few years?",
        30,
        90,
        "Your short- and long-term goals, and how this role leads there.",
    ),
)
PITCH_IDS = tuple(kind.id for kind in PITCH_KINDS)
_BY_ID = {kind.id: kind for kind in PITCH_KINDS}

# Words that show a part of the pitch does its job (checked loosely, as advice).
_GROWTH = ("working on", "learning", "improve", "practice", "practise", "now i", "i now", "started")
_FUTURE = ("next", "want", "looking", "hope", "goal", "future", "would like")


def pitch_kind(kind_id: str) -> PitchKind:
    """The pitch part with this id (KeyError when none)."""
    return _BY_ID[kind_id.strip().casefold()]


def pitch_seconds(text: str) -> int:
    """How long `text` takes to say."""
    return round(len(words(text)) * 60 / WORDS_PER_MINUTE)


def pitch_advice(kind: PitchKind, text: str) -> list[str]:
    """What to change in one part of the pitch: its length, and what it must hold."""
    if not text.strip():
        return [f"Write it: {kind.hint}"]
    advice = []
    seconds = pitch_seconds(text)
    said = format_duration(seconds)
    if seconds < kind.shortest:
        advice.append(
            f"Say more: it takes about {said}; aim for {format_duration(kind.shortest)}"
            f" to {format_duration(kind.longest)}."
        )
    elif seconds > kind.longest:
        advice.append(
            f"Cut it: it takes about {said}; aim for at most {format_duration(kind.longest)}."
        )
    lowered = " ".join(words(text))
    if kind.id == "weakness" and not any(w in lowered for w in _GROWTH):
        advice.append("Say what you are doing about it: interviewers listen for growth.")
    if kind.id in ("about", "goals") and not any(w in lowered for w in _FUTURE):
        advice.append("End with what you want next, so the answer leads to this role.")
    return advice
