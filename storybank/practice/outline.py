"""A story as a cue card: the hook and one short line per STAR part, or the writer's cue notes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from storybank.core.vocab import STAR_PARTS

if TYPE_CHECKING:
    from storybank.core.models import Story

CUE_WORDS = 14  # a line one glance takes in
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def _first_sentence(text: str) -> str:
    """The first sentence of `text`, cut to CUE_WORDS words."""
    first = _SENTENCE_END.split(text.strip(), maxsplit=1)[0]
    words = first.split()
    return " ".join(words[:CUE_WORDS]) + ("…" if len(words) > CUE_WORDS else "")


def outline(story: Story) -> list[str]:
    """The cue card: the story's own cue notes when it has them, else the hook and the first
    sentence of each STAR part."""
    if story.cue_notes.strip():
        return [line.rstrip() for line in story.cue_notes.strip().splitlines()]
    lines = [f"Hook: {story.hook}"] if story.hook else []
    for part in STAR_PARTS:
        text = getattr(story, part)
        lines.append(f"{part.capitalize()}: {_first_sentence(text) if text else '(not written)'}")
    return lines
