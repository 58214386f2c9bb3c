"""Usage errors are one line, with the nearest command when one was mistyped."""

from __future__ import annotations

from tests.conftest import Run


def test_a_mistyped_command_is_one_line_naming_the_nearest(run: Run) -> None:
    code, out, err = run("anwser", "a question")
    assert (code, out) == (2, "")
    assert err == (
        "storybank: No such command 'anwser'. Did you mean `answer`? See `storybank --help`.\n"
    )


def test_an_unknown_command_with_nothing_near_is_one_line(run: Run) -> None:
    code, _, err = run("zzz")
    assert code == 2
    assert err == "storybank: No such command 'zzz'. See `storybank --help`.\n"


def test_a_bad_option_is_one_line_pointing_at_the_commands_help(run: Run) -> None:
    code, _, err = run("show")
    assert code == 2
    assert err == ("storybank: Missing argument 'STORY_ID'. See `storybank show --help`.\n")
