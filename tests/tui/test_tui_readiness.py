"""Pilot tests of the coverage screen (g) and the question → stories view (w)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from storybank.readiness.questions import Question
from storybank.tui.app import StorybankApp
from storybank.tui.readiness_state import ReadinessView
from storybank.tui.screens.coverage import CoverageScreen
from storybank.tui.screens.help import HelpScreen
from storybank.tui.screens.main import MainScreen
from storybank.tui.screens.questions import QuestionsScreen
from storybank.tui.widgets.competency_panel import CompetencyPanel
from storybank.tui.widgets.coverage_grid import CoverageGrid
from storybank.tui.widgets.match_list import MatchList
from storybank.tui.widgets.story_list import StoryList
from tests.tui.conftest import NoticeLog, settle as settle_workers

SIZE = (100, 30)


async def settle(pilot: Pilot[None]) -> None:
    """Let store workers, then the rank workers they start, finish; then let the screen catch up."""
    await settle_workers(pilot, rounds=3)


async def open_which_story(pilot: Pilot[None]) -> QuestionsScreen:
    """Let the app settle, open "Which story?" with `w`, and return its screen."""
    await settle(pilot)
    await pilot.press("w")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, QuestionsScreen)
    return screen


def main_titles(app: StorybankApp) -> list[str]:
    return [story.title for story in app.main_screen.query_one(StoryList).stories]


def grid(app: StorybankApp) -> CoverageGrid:
    return app.screen.query_one(CoverageGrid)


async def move_to(pilot: Pilot[None], name: str) -> None:
    """Press down until the coverage grid highlights the competency `name`."""
    app = pilot.app
    assert isinstance(app, StorybankApp)
    names = [row.name for row in grid(app).rows]
    for _ in range(names.index(name)):
        await pilot.press("down")
    await pilot.pause()
    current = grid(app).current
    assert current is not None and current.name == name


async def test_coverage_marks_gaps_and_thin_spots(app: StorybankApp, filled_path: Path) -> None:
    before = filled_path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, CoverageScreen)
        status = {row.name: row.status for row in grid(app).rows}
        assert status["Leadership"] == "ok"  # two active stories
        assert status["Problem solving"] == "thin"
        assert status["Teamwork"] == "gap"  # its only story is archived
        summary = str(app.screen.query_one("#cov-summary", Static).content)
        assert "work 2 · education 0 · other 1" in summary
        questions = str(app.screen.query_one("#cov-questions-text", Static).content)
        assert "Q3 Tell me about a time you failed" in questions
        assert "write one for: Failure and learning, Initiative (1 draft fits" in questions
        # The rows are drawn with words as well as colours.
        lines = [grid(app).render_line(y).text for y in range(grid(app).size.height)]
        assert any("✗ gap" in line and "Teamwork" in line for line in lines)
        assert any("! thin" in line and "Problem solving" in line for line in lines)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert filled_path.read_bytes() == before  # looking never writes


async def test_coverage_row_filters_the_main_list(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        await move_to(pilot, "Leadership")
        side = app.screen.query_one("#cov-stories", StoryList)
        assert [s.id for s in side.stories] == ["s-000001", "s-000003"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.main_screen.query_one(CompetencyPanel).selected == ["leadership"]
        assert sorted(main_titles(app)) == ["Led the on-call rewrite", "Organized the hackathon"]
        await pilot.press("escape")  # the filter clears as if checked by hand
        await settle(pilot)
        assert len(main_titles(app)) == 3


async def test_coverage_gap_row_says_what_to_write(app: StorybankApp) -> None:
    notified = NoticeLog()
    async with app.run_test(size=SIZE, message_hook=notified) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        await move_to(pilot, "Teamwork")
        assert app.screen.query_one("#cov-stories", StoryList).stories == []
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CoverageScreen)  # nothing to show: stay here
        assert any("No story shows Teamwork yet" in str(n.message) for n in notified.notifications)


async def test_coverage_story_is_selected_in_the_main_list(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        await move_to(pilot, "Leadership")
        await pilot.press("right", "down")
        await pilot.pause()
        side = app.screen.query_one("#cov-stories", StoryList)
        assert side.has_focus
        assert side.current is not None and side.current.id == "s-000003"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        current = app.main_screen.query_one(StoryList).current
        assert current is not None and current.id == "s-000003"


async def test_readiness_is_rebuilt_only_when_the_bank_changes(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        first = app.readiness.current
        await pilot.press("escape", "w")
        await settle(pilot)
        assert app.readiness.current is first  # same revision: reused
        await pilot.press("escape", "a")  # archive the highlighted story
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        rebuilt = app.readiness.current
        assert rebuilt is not None and first is not None
        assert rebuilt is not first and rebuilt.revision > first.revision
        assert sum(len(r.story_ids) for r in grid(app).rows) < sum(
            len(r.story_ids) for r in first.coverage.rows
        )


async def test_question_ranks_stories_and_selects_one(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_which_story(pilot)
        assert isinstance(app.screen, QuestionsScreen)
        questions = app.screen.query_one("#q-list", OptionList)
        total = questions.option_count
        await pilot.press(*"difficult customer")
        await settle(pilot)
        assert 1 < questions.option_count < total  # "Ask: …" plus the matching questions
        highlighted = questions.highlighted_option
        assert highlighted is not None and highlighted.id != "ask"
        matches = app.screen.query_one(MatchList)
        assert matches.stories[0].id == "s-000002"
        assert any("Customer focus" in r for r in matches.matches[0].reasons)
        await pilot.press("tab")  # from the box to the questions
        assert questions.has_focus
        await pilot.press("enter")  # to the stories
        await settle(pilot)
        assert matches.has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        current = app.main_screen.query_one(StoryList).current
        assert current is not None and current.id == "s-000002"


async def test_the_box_keeps_the_focus_arrows_move_the_stories_and_enter_again_shows_one(
    tmp_path: Path,
) -> None:
    from storybank.tui.app import create_app

    app = create_app(sample_bank_copy(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_which_story(pilot)
        box = screen.query_one("#q-input", Input)
        matches = screen.query_one(MatchList)
        await pilot.press(*"a difficult customer", "enter")
        await settle(pilot)
        # Asked, and the focus is still in the box: the next question can be typed at once.
        assert screen.answer is not None and screen.answer.question == "a difficult customer"
        assert app.focused is box
        first, second = matches.stories[0], matches.stories[1]
        await pilot.press("enter")  # a second Enter on the same words never leaves
        await settle(pilot)
        assert app.screen is screen and matches.current is first
        await pilot.press("down")
        await settle(pilot)
        assert app.focused is box and matches.current is second
        assert str(screen.query_one("#q-why", Static).content).splitlines()[0] == second.title
        await pilot.press("up")
        await settle(pilot)
        assert matches.current is first
        await pilot.press("down")
        # Changed words are a new question: Enter asks them, and does not leave.
        await pilot.press(*" at work", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.answer.question == "a difficult customer at work"
        assert matches.cursor == 0
        await pilot.press("down")
        chosen = matches.current
        assert chosen is not None
        # A story picked with the arrows: Enter shows it in the story list.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        current = app.main_screen.query_one(StoryList).current
        assert current is not None and current.id == chosen.id


async def test_words_typed_after_picking_a_story_are_asked_by_enter(tmp_path: Path) -> None:
    from storybank.tui.app import create_app

    app = create_app(sample_bank_copy(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_which_story(pilot)
        await pilot.press(*"conflict")
        await settle(pilot)
        shown = screen.answer
        assert shown is not None and shown.question_id is not None  # a bank question
        await pilot.press("down")
        # More words that still put the same bank question first: the answer stays, and
        # Enter asks the words rather than showing the story picked before them.
        await pilot.press(*" teammate")
        await settle(pilot)
        assert screen.answer is shown
        await pilot.press("enter")
        await settle(pilot)
        assert screen.is_current  # still asking, not back at the story list
        answer = screen.answer
        assert answer is not None and answer.question == "conflict teammate"


async def test_competencies_alone_in_the_box_are_named_in_the_answer(tmp_path: Path) -> None:
    from storybank.tui.app import create_app

    app = create_app(sample_bank_copy(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await open_which_story(pilot)
        await pilot.press(*"c:mentoring", "enter")
        await settle(pilot)
        answer = str(app.screen.query_one("#q-answer", Static).content)
        assert answer.splitlines()[0] == "Your question: c:mentoring"
        assert "Asks about: Mentoring" in answer


def sample_bank_copy(folder: Path) -> Path:
    """A private copy of the sample bank in `folder`."""
    bank = folder / "sample-bank.json"
    bank.write_bytes((Path(__file__).parents[2] / "examples" / "sample-bank.json").read_bytes())
    bank.chmod(0o600)
    return bank


async def test_a_paraphrased_question_ranks_the_right_story_first_and_says_how_sure(
    tmp_path: Path,
) -> None:
    from storybank.tui.app import create_app

    bank = sample_bank_copy(tmp_path)
    app = create_app(bank)
    async with app.run_test(size=SIZE) as pilot:
        await open_which_story(pilot)
        # Neither "mentor" nor "coach": the question is asked the way people ask it.
        await pilot.press(*"Have you ever helped a newcomer find their feet?")
        await pilot.press("enter")
        await settle(pilot)
        matches = app.screen.query_one(MatchList)
        assert matches.stories[0].title == "Mentored a new teacher through a hard first term"
        assert matches.matches[0].certainty == "strong"
        answer = str(app.screen.query_one("#q-answer", Static).content)
        assert "Seems to ask about: Mentoring" in answer and "best match: strong" in answer
        # The row says how sure, then why (cut to the column), in the question's whole words.
        assert "strong — competency: Mentor" in matches.render_line(1).text
        assert matches.matches[0].reasons == ("competency: Mentoring", "words: helped, find")


async def test_asked_question_with_no_story_gets_advice(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_which_story(pilot)
        app.screen.query_one("#q-input", Input).value = "Who did you coach? c:mentoring"
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        answer = str(app.screen.query_one("#q-answer", Static).content)
        assert "Your question: Who did you coach?" in answer
        assert "Write one for Mentoring" in answer
        # Never empty: the closest stories are still offered, and say how sure they are.
        assert app.screen.query_one(MatchList).stories != []
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_help_and_palette_offer_the_new_views(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.text
        assert "g  Coverage: competencies × stories" in text
        assert "w  Which story for a question?" in text
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p", *"view: questions")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuestionsScreen)


async def test_coverage_shows_counts_past_999_whole(tmp_path: Path) -> None:
    from storybank.store.bank import Bank
    from storybank.tui.app import create_app
    from tests.conftest import make_story

    path = tmp_path / "many.json"
    Bank(path).add_many(
        [make_story(id=f"s-{n:06x}", title=f"Story {n}", competencies=["Leadership"])
         for n in range(1234)]
    )  # fmt: skip
    app = create_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        line = "".join(segment.text for segment in grid(app).render_line(1))
        assert "Leadership" in line and " 1234 " in line
        assert "(* = not in a taxonomy)" not in str(grid(app).border_title)


async def test_a_small_bank_is_answered_in_the_frame_after_enter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storybank.tui.app import create_app

    bank = sample_bank_copy(tmp_path)
    handed_over: list[str] = []
    monkeypatch.setattr(
        QuestionsScreen,
        "_rank_worker",
        lambda self, view, question, text, generation: handed_over.append(text),
    )
    app = create_app(bank)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_which_story(pilot)
        screen.query_one("#q-input", Input).value = "difficult customer"
        await pilot.pause()
        # A bank question matches the words, so it is answered until Enter asks the words.
        assert screen.answer is not None and screen.answer.question != "difficult customer"
        await pilot.press("enter")  # no waiting for workers: the answer is already there
        assert screen.answer is not None
        assert screen.answer.question == "difficult customer"
        answer = str(screen.query_one("#q-answer", Static).content)
        assert "Your question: difficult customer" in answer
        assert screen.query_one(MatchList).matches == screen.answer.matches
        assert handed_over == []


async def test_a_large_bank_is_ranked_in_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storybank.tui.screens.questions as questions_screen
    from storybank.tui.app import create_app

    bank = sample_bank_copy(tmp_path)
    # As if the sample bank were past the bound: the event loop is never kept waiting.
    monkeypatch.setattr(questions_screen, "INLINE_STORIES", 0)
    handed_over: list[str] = []
    in_worker = QuestionsScreen._rank_worker

    def spy(
        self: QuestionsScreen, view: ReadinessView, question: Question | None, text: str, n: int
    ) -> None:
        handed_over.append(text)
        in_worker(self, view, question, text, n)

    monkeypatch.setattr(QuestionsScreen, "_rank_worker", spy)
    app = create_app(bank)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_which_story(pilot)
        screen.query_one("#q-input", Input).value = "difficult customer"
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.answer is not None
        assert screen.answer.question == "difficult customer"
        assert screen.query_one(MatchList).matches == screen.answer.matches
        assert handed_over[-1] == "difficult customer"


async def test_the_top_storys_reasons_come_with_the_answer_and_are_not_drawn_twice(
    tmp_path: Path,
) -> None:
    from storybank.tui.app import create_app

    app = create_app(sample_bank_copy(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_which_story(pilot)
        view = screen.view
        assert view is not None
        # Ranked as Enter ranks a small bank, with no message handled in between: the list's
        # Highlighted message has not arrived, and the reasons are there already.
        screen.ask("difficult customer")
        matches = screen.query_one(MatchList)
        top = matches.current
        assert top is not None and top is matches.matches[0].story
        why = screen.query_one("#q-why", Static)
        assert str(why.content).splitlines()[0] == top.title
        shown = why.content
        await settle(pilot)  # the Highlighted message names the story already shown
        assert why.content is shown
        matches.focus()
        await pilot.press("down")  # another story: its own reasons
        await settle(pilot)
        second = matches.current
        assert second is not None and second is not top
        assert str(why.content).splitlines()[0] == second.title
