"""The one map between a story and its flat fields: every front end's fields come from it."""

from __future__ import annotations

from storybank.core.fields import FIELDS, Shape, flat_values, join_labels, nest, split_labels
from storybank.core.models import Story, validate_story
from storybank.core.template import parse_template, render_template
from storybank.core.vocab import STORY_FIELDS, TEXT_PARTS
from storybank.interchange.export import CSV_COLUMNS
from tests.conftest import make_story


def a_story() -> Story:
    return make_story(
        title="Led the on-call rewrite",
        hook="Pages fell by 70%",
        situation="Pager noise",
        reflection="Measure first",
        competencies=["Leadership", "Ownership"],
        tags=["oncall"],
        source={"kind": "volunteer", "organization": "Acme", "role": "Lead", "when": "2023"},
    )


def test_every_editable_story_field_is_in_the_map() -> None:
    mapped = {field.name.partition(".")[0] for field in FIELDS}
    # Silenced rules change through `check --silence` and the editor's findings, not a field.
    not_edited = {"id", "created_at", "updated_at", "archived", "silenced"}
    assert mapped == set(STORY_FIELDS) - not_edited
    assert [f.name for f in FIELDS if f.shape is Shape.TEXT] == [*TEXT_PARTS, "cue_notes"]


def test_a_story_survives_flat_and_back() -> None:
    story = a_story()
    data = story.model_dump() | nest(flat_values(story))
    assert validate_story(data) == story


def test_a_new_story_has_the_models_defaults() -> None:
    assert validate_story({**nest(flat_values(None)), "title": "x"}).source.kind.value == "work"


def test_labels_are_typed_with_commas() -> None:
    assert split_labels(" a, b ,,c ") == ["a", "b", "c"]
    assert split_labels(join_labels(["Problem solving", "Teamwork"])) == [
        "Problem solving",
        "Teamwork",
    ]


def test_the_template_holds_every_field_and_reads_back() -> None:
    story = a_story()
    text = render_template(story)
    for field in FIELDS:
        assert field.label in text or field.name in text.lower(), field.name
    parsed = parse_template(text)
    assert validate_story(story.model_dump() | parsed) == story


def test_csv_columns_name_every_field() -> None:
    assert {field.key for field in FIELDS} <= set(CSV_COLUMNS)
