"""Terminal-safe text, the $EDITOR template, speaking time and the export formats."""

from __future__ import annotations

import json
import re

import orjson
from hypothesis import given, strategies as st

from storybank.core.models import validate_story
from storybank.core.template import parse_template, render_template
from storybank.core.textsafe import for_terminal, json_for_terminal, one_line
from storybank.core.timing import format_duration, speaking_seconds, time_parts, word_count
from storybank.interchange.export import story_markdown, to_csv, to_json
from tests.conftest import make_story

_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_for_terminal_shows_controls_but_keeps_text() -> None:
    assert for_terminal("a\x1b[31mb\x07\tc\nd\x7f\x9b") == "a␛[31mb␇\tc\nd␡<U+009B>"
    assert for_terminal("עברית 🙂 [bold]x[/bold]") == "עברית 🙂 [bold]x[/bold]"
    assert one_line("a\nb\r\nc\td") == "a b c d"


def test_bidi_controls_are_shown_but_right_to_left_text_is_kept() -> None:
    # An override would reorder the rest of the line on terminals that lay out RTL text.
    assert for_terminal("\u202eevil\u202c שלום \u2067x\u2069") == (
        "<U+202E>evil<U+202C> שלום <U+2067>x<U+2069>"
    )
    raw = json.dumps({"t": "\u202eevil"}, ensure_ascii=False).encode()
    assert "\u202e".encode() not in json_for_terminal(raw)
    assert json.loads(json_for_terminal(raw)) == {"t": "\u202eevil"}


def test_json_for_terminal_keeps_the_same_value() -> None:
    raw = json.dumps({"t": "x\x9by\x7f"}, ensure_ascii=False).encode()
    safe = json_for_terminal(raw)
    assert "\x9b".encode() not in safe and b"\x7f" not in safe
    assert json.loads(safe) == {"t": "x\x9by\x7f"}


@given(st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_json_for_terminal_escapes_every_unsafe_character_and_keeps_every_value(
    value: object,
) -> None:
    safe = json_for_terminal(orjson.dumps(value)).decode()
    assert not _UNSAFE.search(safe)
    assert json.loads(safe) == value


def test_json_that_needs_no_escaping_is_left_as_it_is() -> None:
    raw = orjson.dumps({"t": "plain ascii, é, 🙂, “quotes”"})
    assert json_for_terminal(raw) == raw


def test_template_round_trips_a_story() -> None:
    story = make_story(hook="Forty pages a week to none", reflection="Measure first.")
    data = parse_template(render_template(story))
    again = validate_story({**story.model_dump(), **data})
    assert again == story


def test_template_keeps_hash_lines_inside_sections() -> None:
    text = render_template(None).replace("Title: \n", "Title: T\n")
    text = text.replace("## Action\n", "## Action\n# heading-like line\nI did it\n")
    assert parse_template(text)["action"] == "# heading-like line\nI did it"


def test_template_shows_problems_first() -> None:
    assert render_template(None, ["title: Title is required"]).startswith(
        "# PLEASE FIX: title: Title is required\n"
    )


def test_speaking_time() -> None:
    assert word_count("I led the team's re-write, fast.") == 6
    assert speaking_seconds(140) == 60
    assert format_duration(95) == "1:35"
    short = time_parts({"action": "I did it."})
    assert short.total_words == 3 and short.hint.startswith("Short")
    good = time_parts({"action": "word " * 300})
    assert good.total_seconds == 129 and good.hint == ""
    assert time_parts({"action": "word " * 500}).hint.startswith("Long")
    assert time_parts({}).hint == ""


def test_markdown_and_csv_carry_every_part() -> None:
    story = make_story(reflection="Ask early.", hook="The hook")
    md = story_markdown(story)
    for text in (
        story.title,
        "*The hook*",
        "### Reflection",
        "Ask early.",
        "**Competencies:** Leadership",
    ):
        assert text in md
    csv_text = to_csv([story])
    assert csv_text.splitlines()[0].startswith("id,title,hook,status")
    assert "Ask early." in csv_text
    assert json.loads(to_json([story]))["stories"][0]["reflection"] == "Ask early."


@given(st.text())
def test_text_that_needs_no_change_is_passed_through_as_the_full_rule_would(text: str) -> None:
    # The quick way out (a printable text) must agree with the substitution it skips.
    controls = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    full = controls.sub(lambda m: for_terminal(m.group()), text)
    assert for_terminal(text) == full
    lines = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    assert one_line(text) == controls.sub(lambda m: for_terminal(m.group()), lines)
