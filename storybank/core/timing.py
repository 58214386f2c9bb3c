"""Word counts and speaking time: about 140 spoken words a minute, 1.5 to 3 minutes a story."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from storybank.core.vocab import TEXT_PARTS

if TYPE_CHECKING:
    from storybank.core.models import Story

WORDS_PER_MINUTE = 140
SHORTEST_SECONDS = 90
LONGEST_SECONDS = 180
_WORD_RE = re.compile(r"\w+(?:['’-]\w+)*")


def word_count(text: str) -> int:
    """How many words `text` holds."""
    return len(_WORD_RE.findall(text))


def speaking_seconds(words: int) -> int:
    """How long `words` take to say aloud, rounded to the second."""
    return round(words * 60 / WORDS_PER_MINUTE)


def format_duration(seconds: int) -> str:
    """`1:45` style."""
    return f"{seconds // 60}:{seconds % 60:02d}"


@dataclass(frozen=True)
class Timing:
    """Words and seconds per part and for the whole story, with a gentle length hint."""

    words: dict[str, int]
    total_words: int
    total_seconds: int

    @property
    def hint(self) -> str:
        """Empty when the story runs about 1.5 to 3 minutes; otherwise a friendly nudge."""
        if self.total_words == 0:
            return ""
        if self.total_seconds < SHORTEST_SECONDS:
            return "Short: most answers run 1.5–3 minutes. Add detail to the Action and Result."
        if self.total_seconds > LONGEST_SECONDS:
            return "Long: most answers run 1.5–3 minutes. Trim the Situation and Task first."
        return ""


def time_parts(parts: dict[str, str]) -> Timing:
    """Timing for text parts given by name (situation, task, action, result, reflection)."""
    words = {name: word_count(parts.get(name, "")) for name in TEXT_PARTS}
    # The reflection is often not said aloud, but a STAR-L answer does: count it.
    total = sum(words.values())
    return Timing(words, total, speaking_seconds(total))


def time_story(story: Story) -> Timing:
    """Timing for a saved story."""
    return time_parts({name: getattr(story, name) for name in TEXT_PARTS})


def local_minute(moment: datetime) -> str:
    """`moment` as YYYY-MM-DD HH:MM in local time, so a day's changes can be told apart."""
    try:
        return moment.astimezone().strftime("%Y-%m-%d %H:%M")
    except OverflowError:  # 9999-12-31 ahead of UTC (or year 1 behind) has no local time
        return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
