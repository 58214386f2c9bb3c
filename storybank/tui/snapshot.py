"""One loaded state of the bank, built off the event loop and handed to the screens whole."""

from __future__ import annotations

from dataclasses import dataclass, field

from storybank.core.models import Story, utc_now
from storybank.practice.records import Record, parse_records
from storybank.practice.status import PracticeStatus, practice_status
from storybank.search.engine import SearchIndex
from storybank.store.bank import Bank
from storybank.store.settings import load_catalog
from storybank.tui.loop_state import LoopView


@dataclass(frozen=True, repr=False)
class BankSnapshot:
    """The stories of one bank revision with their search index, and the interview loop."""

    revision: int
    stories: tuple[Story, ...]
    index: SearchIndex[Story]
    competency_names: tuple[str, ...]
    tag_names: tuple[str, ...]
    practice: tuple[Record, ...] = ()
    practice_status: PracticeStatus | None = None
    loop: LoopView = field(default_factory=LoopView)

    @classmethod
    def of(cls, bank: Bank) -> BankSnapshot:
        """Index `bank` as it is now (call it in a worker: it costs O(stories))."""
        stories = tuple(bank.all())
        catalog = load_catalog(bank)
        index = SearchIndex(stories, catalog.resolver)
        in_use = [name for name, _ in index.competency_counts(include_archived=True)]
        # Suggest what is in use first, then the rest of the active taxonomies.
        competencies = tuple(dict.fromkeys([*in_use, *(c.name for c in catalog.competencies)]))
        tags = tuple(name for name, _ in index.tag_counts(include_archived=True))
        practice = tuple(parse_records(bank.practice_docs()))
        status = practice_status(practice, utc_now())
        return cls(
            bank.revision,
            stories,
            index,
            competencies,
            tags,
            practice,
            status,
            LoopView.of(bank),
        )

    def __repr__(self) -> str:
        # Short on purpose: debug output must neither be slow nor print story text.
        return f"BankSnapshot(revision={self.revision}, stories={len(self.stories)})"

    def find(self, story_id: str) -> Story | None:
        """The story with this exact id, if it is in this snapshot."""
        for story in self.stories:
            if story.id == story_id:
                return story
        return None
