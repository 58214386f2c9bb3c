"""Hypothesis strategies the property tests share: story text, labels, times and stories."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import reject, strategies as st

from storybank.core.errors import StoryValidationError
from storybank.core.models import SourceKind, Story, validate_story

# Any text at all: emoji, right-to-left, controls, NULs (surrogates cannot be stored as UTF-8).
any_text = st.text(st.characters(codec="utf-8"), max_size=300)
# The same on one line, for the fields a form shows in a single row.
one_line = any_text.map(lambda s: s.replace("\n", " ").replace("\r", " "))
# Long fields are built by repeating a short one: generating 20,000 characters one by one is slow.
long_text = st.one_of(
    any_text,
    st.builds(lambda t, n: (t * n)[:20_000], any_text.filter(bool), st.integers(100, 20_000)),
)

# A competency or tag as typed: any characters but a line break (some normalize to nothing).
any_label = st.text(
    st.characters(codec="utf-8", exclude_characters="\n\r"), min_size=1, max_size=30
)
# A competency or tag made of letters, digits, symbols such as emoji, spaces, hyphens and '#'.
word_label = st.text(
    st.characters(categories=["L", "N", "So"]) | st.sampled_from(" -#"), min_size=1, max_size=30
)

source_kinds = st.sampled_from([k.value for k in SourceKind])
source_whens = st.sampled_from(
    ["", "2023", "2024", "2021-03", "2021-04", "2019-2021", "2023-04 to present"]
)
story_ids = st.from_regex(r"\As-[0-9a-f]{6,12}\Z")


def utc_times(
    min_value: datetime = datetime(1990, 1, 1), max_value: datetime = datetime(2100, 1, 1)
) -> st.SearchStrategy[datetime]:
    """Aware UTC datetimes between two naive bounds."""
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=st.just(UTC))


def valid_or_reject(data: dict[str, Any]) -> Story:
    """The story `data` makes, or (when the model refuses it) a fresh draw instead."""
    try:
        return validate_story(data)
    except StoryValidationError:
        reject()


@st.composite
def story_data(draw: st.DrawFn) -> dict[str, Any]:
    """Raw story data with every field, mostly valid: the model decides."""
    return {
        "id": draw(story_ids),
        "title": draw(st.text(st.characters(codec="utf-8"), min_size=1, max_size=60)),
        "hook": draw(any_text.filter(lambda t: len(t) <= 200)),
        "situation": draw(long_text),
        "task": draw(any_text),
        "action": draw(any_text),
        "result": draw(any_text),
        "reflection": draw(any_text),
        "source": {
            "kind": draw(source_kinds),
            "organization": draw(any_text.filter(lambda t: len(t) <= 120)),
            "role": draw(any_text.filter(lambda t: len(t) <= 120)),
            "when": draw(source_whens),
        },
        "competencies": draw(st.lists(word_label, max_size=5)),
        "tags": draw(st.lists(word_label, max_size=5)),
        "created_at": draw(utc_times()),
        "updated_at": draw(utc_times()),
        "archived": draw(st.booleans()),
    }


@st.composite
def stories(draw: st.DrawFn) -> Story:
    """A valid story as a person could type it: one-line title, hook and organization."""
    data = {
        "title": draw(one_line.filter(lambda s: 0 < len(s.strip()) <= 120)),
        "hook": draw(one_line.filter(lambda s: len(s.strip()) <= 200)),
        "situation": draw(any_text),
        "task": draw(any_text),
        "action": draw(any_text),
        "result": draw(any_text),
        "reflection": draw(any_text),
        "competencies": draw(st.lists(any_label, max_size=4)),
        "tags": draw(st.lists(any_label, max_size=4)),
        "archived": draw(st.booleans()),
        "silenced": draw(st.lists(st.sampled_from(["filler", "we-over-i", "too-long"]))),
        "cue_notes": draw(any_text.filter(lambda s: len(s.strip()) <= 2000)),
        "source": {
            "kind": draw(source_kinds),
            "organization": draw(one_line.filter(lambda s: len(s) <= 120)),
            "when": draw(source_whens),
        },
    }
    return valid_or_reject(data)  # labels that normalize to nothing: draw again
