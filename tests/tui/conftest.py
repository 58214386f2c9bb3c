"""Fixtures for the app tests: a small bank with fixed timestamps, so screens never drift."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widget import Widget

from storybank.core.models import Story
from storybank.store.bank import Bank
from storybank.tui.app import StorybankApp, create_app
from tests.conftest import make_story


async def settle(pilot: Pilot[None], rounds: int = 2) -> None:
    """Let store workers finish and the screen catch up."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


class NoticeLog:
    """The notifications an app showed, recorded as `run_test(message_hook=...)`."""

    def __init__(self) -> None:
        self.notifications: list[Notification] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.notifications.append(message.notification)


def drawn_lines(widget: Widget) -> list[Strip]:
    """The lines `widget` draws at its size now, as they go to the screen."""
    width, height = widget.outer_size
    return widget.render_lines(Region(0, 0, width, height))


def drawn_text(widget: Widget) -> str:
    """What `widget` draws now, as plain text, one line per row."""
    return "\n".join(strip.text for strip in drawn_lines(widget))


def fixed(day: int) -> datetime:
    """Noon UTC on a day of March 2024 (noon keeps the local date the same almost everywhere)."""
    return datetime(2024, 3, day, 12, 0, tzinfo=UTC)


def sample_stories() -> list[Story]:
    """Four stories: ready, draft, another ready one and an archived one."""
    return [
        make_story(
            id="s-000001",
            title="Led the on-call rewrite",
            competencies=["Leadership", "Problem solving"],
            tags=["oncall"],
            created_at=fixed(1),
            updated_at=fixed(5),
        ),
        make_story(
            id="s-000002",
            title="Calmed a [bold]difficult[/bold] customer",
            hook="A customer threatened to leave; I turned it around.",
            situation="A key customer was angry about a missed deadline.",
            task="Keep the account.",
            action="I called them the same day and agreed a plan.",
            result="They renewed for two years.",
            competencies=["Customer focus", "Conflict resolution"],
            tags=["support"],
            source={
                "kind": "work",
                "organization": "Globex",
                "role": "Support lead",
                "when": "2022",
            },
            created_at=fixed(2),
            updated_at=fixed(6),
        ),
        make_story(
            id="s-000003",
            title="Organized the hackathon",
            result="",
            competencies=["Leadership", "Initiative"],
            tags=["community"],
            source={"kind": "volunteer", "organization": "Code Club", "role": "", "when": "2021"},
            created_at=fixed(3),
            updated_at=fixed(7),
        ),
        make_story(
            id="s-000004",
            title="Old internship story",
            competencies=["Teamwork"],
            tags=[],
            source={"kind": "education", "organization": "Uni", "role": "Intern", "when": "2019"},
            archived=True,
            created_at=fixed(1),
            updated_at=fixed(2),
        ),
    ]


def write_bank(path: Path, stories: list[Story]) -> Path:
    """Write `stories` to a bank at `path` and return the path."""
    Bank(path).add_many(stories)
    return path


@pytest.fixture
def filled_path(bank_path: Path) -> Path:
    """A bank with the sample stories."""
    return write_bank(bank_path, sample_stories())


@pytest.fixture
def app(filled_path: Path) -> StorybankApp:
    """The app on the sample bank."""
    return create_app(filled_path)


@pytest.fixture
def empty_app(bank_path: Path) -> StorybankApp:
    """The app on a bank that does not exist yet."""
    return create_app(bank_path)


@pytest.fixture
def read_bank() -> Callable[[Path], dict[str, Story]]:
    """Read a bank file fresh (as another process would) into {id: story}."""

    def read(path: Path) -> dict[str, Story]:
        return {story.id: story for story in Bank(path)}

    return read


@pytest.fixture
def new_story() -> Callable[..., Story]:
    """The story builder, for tests that need a story of their own."""
    return make_story
