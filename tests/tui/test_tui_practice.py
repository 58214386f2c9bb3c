"""The Practice screen: a deck, a timer that keeps the clock's time, the split, the cue card,
ratings saved at once, and the title bar's due count and streak; all without a mouse."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from storybank.practice.decks import prep_deck
from storybank.practice.records import parse_records
from storybank.store.bank import Bank
from storybank.tui.app import StorybankApp
from storybank.tui.screens.practice import PracticeScreen
from storybank.tui.widgets.story_detail import StoryDetail
from storybank.tui.widgets.title_bar import TitleBar
from tests.tui.conftest import drawn_text, settle
from tests.tui.loop_bank import utc

__all__ = ["utc"]  # a fixture
from tests.tui.test_tui_snapshots import SIZES, Snap, no_blink

START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # noon: the same local date almost everywhere


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: int) -> None:
        self.now += timedelta(seconds=seconds)


def shown(app: StorybankApp, part: str) -> str:
    return str(app.screen.query_one(f"#practice-{part}", Static).content)


async def open_practice(pilot: Pilot[Any], clock: Clock, deck: str) -> PracticeScreen:
    """Open Practice with `clock` and choose the deck whose label starts with `deck`."""
    app = pilot.app
    await settle(pilot)
    screen = PracticeScreen(app.screen.session, clock=clock)  # type: ignore[attr-defined]
    await app.push_screen(screen)
    await settle(pilot, 3)
    decks = screen.query_one("#deck-list", OptionList)
    labels = [str(decks.get_option_at_index(i).prompt) for i in range(decks.option_count)]
    for _ in range(labels.index(next(label for label in labels if label.startswith(deck)))):
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot, 3)
    return screen


async def test_r_opens_practice_with_its_decks(app: StorybankApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot, 3)
        assert isinstance(app.screen, PracticeScreen)
        decks = app.screen.query_one("#deck-list", OptionList)
        labels = [str(decks.get_option_at_index(i).prompt) for i in range(decks.option_count)]
        assert labels[:2] == ["Due today (0)", "New questions"]
        assert "Competency: Leadership" in labels and "Taxonomy: general" in labels
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, PracticeScreen)


async def test_practise_a_question_with_the_keyboard_and_the_rating_is_saved(
    app: StorybankApp, filled_path: Path
) -> None:
    clock = Clock()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_practice(pilot, clock, "Competency: Leadership")
        assert screen.card is not None and screen.card.story is not None
        story_id = screen.card.story.id
        assert "Question 1 of" in shown(app, "question")
        await pilot.press("space")
        for seconds in (20, 15, 100):  # situation, task, action
            clock.advance(seconds)
            await pilot.press("n")
        clock.advance(10)
        await pilot.pause(0.4)  # the timer redraws from the clock on its own
        assert shown(app, "timer").startswith(" 2:25 ")
        assert "past 2:00: head for the result" in shown(app, "timer")
        assert "situation 0:20, task 0:15, action 1:40, result 0:10" in shown(app, "split")
        await pilot.press("o")
        assert "Your story: " in shown(app, "outline") and "Situation: " in shown(app, "outline")
        await pilot.press("3")
        await settle(pilot)
        assert "Question 2 of" in shown(app, "question")
        title = app.screen.query_one(TitleBar).practice_text()
        assert title.endswith("1-day streak") or title.endswith("no streak")
    (record,) = parse_records(Bank(filled_path).practice_docs())
    assert record.story_id == story_id and record.reviews[0].grade.value == "good"
    assert record.reviews[0].seconds == 145 and record.reviews[0].split == (20, 15, 100, 10)


async def test_leaving_mid_session_keeps_what_was_rated(
    app: StorybankApp, filled_path: Path
) -> None:
    clock = Clock()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_practice(pilot, clock, "Competency: Leadership")
        await pilot.press("space")
        clock.advance(90)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("space")  # the second answer is under way...
        clock.advance(30)
        await pilot.press("escape", "escape")  # ...and the user leaves
        await settle(pilot)
        assert not isinstance(app.screen, PracticeScreen)
    (record,) = parse_records(Bank(filled_path).practice_docs())
    assert record.reviews[0].grade.value == "again" and record.reviews[0].seconds == 90


async def test_a_rating_before_answering_asks_for_the_answer_first(
    app: StorybankApp, filled_path: Path
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_practice(pilot, Clock(), "Competency: Leadership")
        await pilot.press("4")
        await settle(pilot)
        assert "Question 1 of" in shown(app, "question")
    assert parse_records(Bank(filled_path).practice_docs()) == []


@pytest.mark.parametrize("size", SIZES)
def test_practice_snapshot(snap_compare: Snap, app: StorybankApp, size: tuple[int, int]) -> None:
    clock = Clock()

    async def run(pilot: Pilot[Any]) -> None:
        await open_practice(pilot, clock, "Competency: Leadership")
        await pilot.press("space")
        clock.advance(20)
        await pilot.press("n")
        clock.advance(110)
        await pilot.press("o")
        await pilot.pause(0.4)
        no_blink(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_practice_decks_snapshot(
    snap_compare: Snap, app: StorybankApp, size: tuple[int, int]
) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot, 3)
        no_blink(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run)


async def test_the_story_detail_shows_its_practice_history(app: StorybankApp) -> None:
    clock = Clock()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_practice(pilot, clock, "Competency: Leadership")
        assert screen.card is not None and screen.card.story is not None
        story_id = screen.card.story.id
        await pilot.press("space")
        clock.advance(100)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("escape", "escape")
        await settle(pilot)
        main = app.screen
        main.select_story(story_id)  # type: ignore[attr-defined]
        await settle(pilot)
        detail = drawn_text(main.query_one(StoryDetail))
        assert "Practice: practised 1×, last 2026-03-02 (good), about 1:40 an answer" in detail


def add_loop_with_job_ads(path: Path) -> None:
    """Acme (applied, with a job ad) and an interview of it the day after START; Initech,
    rejected with a job ad; Globex, applied with none."""
    from storybank.core.loop import AppStatus
    from tests.loopkit import make_application, make_interview

    bank = Bank(path)
    ad = "Responsibilities\n- Lead the on-call team\n- Mentor engineers\n"
    acme = bank.add_application(make_application(company="Acme", role="SRE", job_ad=ad))
    bank.add_interview(make_interview(acme, start=START + timedelta(days=1), round="panel"))
    bank.add_interview(make_interview(acme, start=START - timedelta(days=3), round="screen"))
    initech = bank.add_application(make_application(company="Initech", job_ad=ad))
    bank.set_status(initech.id, AppStatus.REJECTED)
    bank.add_application(make_application(company="Globex"))


def deck_labels(screen: PracticeScreen) -> list[str]:
    decks = screen.query_one("#deck-list", OptionList)
    return [str(decks.get_option_at_index(i).prompt) for i in range(decks.option_count)]


@pytest.mark.usefixtures("utc")
async def test_a_job_ad_and_an_interview_to_come_have_their_prep_decks(
    app: StorybankApp, filled_path: Path
) -> None:
    add_loop_with_job_ads(filled_path)
    clock = Clock()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_practice(pilot, clock, "Job: Acme · SRE")
        loop_labels = [
            label for label in deck_labels(screen) if label.startswith(("Job:", "Interview:"))
        ]
        # Only the open application with a job ad, and only its interview still to come.
        assert loop_labels == ["Job: Acme · SRE", "Interview: Acme, panel (2026-03-03 12:00)"]
        # The deck is the job ad's prep set, as `practice --deck job:FILE` builds it.
        assert screen.view is not None
        acme = next(a for a in Bank(filled_path).applications() if a.company == "Acme")
        expected = prep_deck(screen.view.readiness, acme.job_ad)
        assert [(c.question.id, c.practice_id) for c in screen.cards] == [
            (c.question.id, c.practice_id) for c in expected
        ]
        assert screen.cards and all(card.story is not None for card in screen.cards)
        await pilot.press("escape")
        await settle(pilot)
        labels = deck_labels(screen)
        for _ in range(labels.index(next(lb for lb in labels if lb.startswith("Interview:")))):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot, 3)
        assert screen.cards and screen.card is not None
        assert "Question 1 of" in shown(app, "question")
