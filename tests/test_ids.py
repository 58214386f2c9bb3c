"""One rule finds a record by its id or a unique start of it."""

from __future__ import annotations

import pytest

from storybank.core.errors import StoryNotFoundError
from storybank.core.ids import by_prefix

RECORDS = {"s-abc123": 1, "s-abc456": 2, "s-ffff00": 3}


def _find(ref: str) -> int:
    return by_prefix(
        RECORDS, ref, prefix="s-", word="story", words="stories", listed_by="storybank list",
        error=StoryNotFoundError,
    )  # fmt: skip


def test_a_whole_id_a_start_with_or_without_its_prefix() -> None:
    assert _find("s-abc123") == 1
    assert _find("s-ff") == 3
    assert _find("FF") == 3
    assert _find(" abc4 ") == 2


def test_none_or_several_say_what_to_type() -> None:
    with pytest.raises(StoryNotFoundError, match="“abc” matches 2 stories; type more of the id"):
        _find("abc")
    with pytest.raises(StoryNotFoundError, match=r"No story has the id “zz”\. `storybank list`"):
        _find("zz")
    with pytest.raises(StoryNotFoundError):
        _find("")
