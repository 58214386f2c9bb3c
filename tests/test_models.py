"""The story model: normalization, derived status, and every bad-input path in people's words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storybank.core.errors import StoryValidationError
from storybank.core.models import (
    Status,
    Story,
    label_key,
    revise,
    validate_story,
)
from tests.conftest import make_story


def problems(data: dict[str, object]) -> dict[str, str]:
    with pytest.raises(StoryValidationError) as caught:
        validate_story(data)
    return {p.field: p.message for p in caught.value.problems}


def test_title_is_trimmed_and_required() -> None:
    assert validate_story({"title": "  Led the rewrite  "}).title == "Led the rewrite"
    assert problems({}) == {"title": "Title is required"}
    assert problems({"title": "   "}) == {"title": "Title is required"}


def test_title_length_limit_counts_characters() -> None:
    assert validate_story({"title": "x" * 120}).title == "x" * 120
    too_long = "Title is longer than 120 characters: it has 121"
    assert problems({"title": "x" * 121}) == {"title": too_long}


def test_title_and_hook_must_be_one_line() -> None:
    assert problems({"title": "two\nlines"}) == {"title": "Title must be one line"}
    assert problems({"title": "ok", "hook": "a\nb"}) == {"hook": "Hook must be one line"}


def test_wrong_types_get_plain_messages() -> None:
    assert problems({"title": 3}) == {"title": "Title must be text"}
    assert problems({"title": "t", "competencies": 5}) == {
        "competencies": "Competencies must be a list"
    }
    assert problems({"title": "t", "archived": "perhaps"}) == {
        "archived": "Archived must be true or false"
    }


def test_unknown_fields_are_refused() -> None:
    assert problems({"title": "t", "titel": "typo"}) == {"titel": "“titel” is not a story field"}


def test_source_kind_and_when_are_checked() -> None:
    found = problems({"title": "t", "source": {"kind": "job", "when": "last spring"}})
    assert found["source.kind"] == "Kind must be one of: work, education, volunteer, personal"
    assert found["source.when"].startswith("When must be a year (2023)")


@pytest.mark.parametrize(
    "when", ["2023", "2023-04", "2021-2023", "2021 – 2023", "2023-04 to present", "2019..2020-06"]
)
def test_when_accepts_years_months_and_ranges(when: str) -> None:
    assert validate_story({"title": "t", "source": {"when": when}}).source.when == when


@pytest.mark.parametrize("when", ["23", "2023-13", "April 2023", "2023-04-01", "since 2020"])
def test_when_refuses_other_shapes(when: str) -> None:
    assert "source.when" in problems({"title": "t", "source": {"when": when}})


def test_star_part_length_limit() -> None:
    found = problems({"title": "t", "action": "a" * 20_001})
    assert found == {"action": "Action is longer than 20000 characters: it has 20001"}


def test_competencies_are_normalized_without_losing_display_names() -> None:
    story = validate_story(
        {"title": "t", "competencies": [" Team  work ", "teamwork", "TEAM-WORK", "Leadership", ""]}
    )
    assert story.competencies == ["Team work", "Leadership"]
    assert story.competency_keys() == {"teamwork", "leadership"}


def test_tags_drop_hashes_and_duplicates() -> None:
    story = validate_story({"title": "t", "tags": ["#oncall", "OnCall", "big win"]})
    assert story.tags == ["oncall", "big-win"]


def test_label_problems_name_the_label() -> None:
    found = problems({"title": "t", "competencies": ["x" * 61]})
    assert found["competencies"].startswith("Competency “xxxxxxxxxxxxxxxxxxxx…” is longer than 60")
    assert found["competencies"].endswith(": it has 61")
    found = problems({"title": "t", "tags": ["#--"]})
    assert found == {"tags": "Tag “--” needs more than spaces and dashes"}


def test_status_is_derived_from_the_star_parts() -> None:
    assert make_story().status is Status.READY
    draft = make_story(result="   ")
    assert draft.status is Status.DRAFT
    assert draft.missing_parts == ["result"]
    assert validate_story({"title": "t"}).missing_parts == ["situation", "task", "action", "result"]


def test_ids_are_short_and_typeable() -> None:
    story = validate_story({"title": "t"})
    assert story.id.startswith("s-") and len(story.id) == 10
    # Ids minted with 6 digits before stay valid, so banks need no upgrade for longer ids.
    assert validate_story({"title": "t", "id": "s-3f9a2c"}).id == "s-3f9a2c"
    assert problems({"title": "t", "id": "42"}) == {"id": "Id must look like s-3f9a2c"}


def test_naive_times_are_read_as_utc() -> None:
    story = validate_story({"title": "t", "created_at": "2024-01-02T03:04:05"})
    assert story.created_at == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_revise_keeps_identity_and_revalidates() -> None:
    story = make_story()
    changed = revise(story, title="New title")
    assert (changed.id, changed.created_at, changed.title) == (
        story.id,
        story.created_at,
        "New title",
    )
    with pytest.raises(StoryValidationError):
        revise(story, title="")


def test_validation_messages_never_echo_the_input() -> None:
    secret = "salary 123456 at Initech"
    with pytest.raises(StoryValidationError) as caught:
        validate_story({"title": secret, "source": {"kind": secret}})
    assert secret not in str(caught.value)


def test_stored_form_round_trips() -> None:
    story = make_story(reflection="Ask early.", archived=True)
    assert Story.model_validate(story.to_json_dict()) == story


def test_label_key_ignores_case_space_and_hyphens() -> None:
    assert label_key("Team-work") == label_key("team work") == label_key("TEAMWORK")
