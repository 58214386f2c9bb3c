"""The interview loop as the app shows it: one bank revision's applications, interviews,
follow-ups and told-to log, read off the event loop and handed to the screens whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from storybank.core.followups import DueItem, due_items
from storybank.core.loop import Application, AskQuestion, FollowUp, Interview
from storybank.core.models import utc_now
from storybank.readiness.toldto import Telling, by_story, tellings, told_to_company

if TYPE_CHECKING:
    from storybank.store.bank import Bank


@dataclass(frozen=True, repr=False)
class LoopView:
    """The loop's records of one bank revision, with the lookups the screens need."""

    applications: tuple[Application, ...] = ()
    interviews: tuple[Interview, ...] = ()
    followups: tuple[FollowUp, ...] = ()
    told: tuple[Telling, ...] = ()
    told_by_story: dict[str, list[Telling]] = field(default_factory=dict)
    own_asks: tuple[AskQuestion, ...] = ()

    @classmethod
    def of(cls, bank: Bank) -> LoopView:
        """Read the loop from `bank` as it is now (in memory: no I/O)."""
        applications = tuple(bank.applications())
        interviews = tuple(bank.interviews())
        told = tuple(tellings(interviews, {a.id: a for a in applications}))
        return cls(
            applications,
            interviews,
            tuple(bank.followups()),
            told,
            by_story(told),
            tuple(bank.own_asks()),
        )

    def __repr__(self) -> str:
        # Short on purpose: no user text in debug output.
        return f"LoopView(applications={len(self.applications)})"

    def application(self, application_id: str) -> Application | None:
        """The application with this exact id, if it is here."""
        return next((a for a in self.applications if a.id == application_id), None)

    def interview(self, interview_id: str) -> Interview | None:
        """The interview with this exact id, if it is here."""
        return next((i for i in self.interviews if i.id == interview_id), None)

    def interviews_of(self, application_id: str) -> list[Interview]:
        """An application's interviews, the earliest first."""
        return [i for i in self.interviews if i.application_id == application_id]

    def followups_of(self, application_id: str) -> list[FollowUp]:
        """An application's follow-ups, the soonest first."""
        return [f for f in self.followups if f.application_id == application_id]

    def due(self, now: datetime | None = None) -> list[DueItem]:
        """The follow-ups due and overdue (the rule `storybank due` uses)."""
        return due_items(self.followups, now)

    def next_date(self, application_id: str, now: datetime | None = None) -> datetime | None:
        """The application's next date: its next interview or pending follow-up."""
        now = now or utc_now()
        dates = [i.start for i in self.interviews_of(application_id) if i.start >= now]
        dates += [f.when for f in self.followups_of(application_id) if f.is_pending]
        return min(dates, default=None)

    def told_to(self, company: str, except_interview: str = "") -> dict[str, list[Telling]]:
        """The stories already told to `company` (the told-to rule), by story id."""
        return told_to_company(self.told, company, except_interview=except_interview)


@dataclass(frozen=True)
class Saved:
    """What a loop save returned, wrapped so the story list keeps its own highlight (the
    session highlights the `id` of what an action returns, and a loop record's is no story's)."""

    record: object


def due_label(count: int) -> str:
    """The title bar's count of follow-ups due: `3 follow-ups due` (nothing when none); the
    practice count beside it says "to practise", so the two are never confused."""
    if not count:
        return ""
    return f"{count} follow-up due" if count == 1 else f"{count} follow-ups due"
