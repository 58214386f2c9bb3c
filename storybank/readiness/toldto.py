"""The told-to log: which story was told to whom (company, round, date), and the one rule that
prefers stories not yet told to a company.

`answer`, `prepare`, `interview log`, a story's `show` and the app all use these functions, so
"already told there" means the same thing everywhere: a story logged against any interview of
any application to the same company (its name compared loosely: "ACME" is "Acme").
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from storybank.core.loop import Application, Interview
from storybank.core.vocab import label_key

T = TypeVar("T")


@dataclass(frozen=True)
class Telling:
    """One story told in one interview: to which company, in which round, when, for what."""

    story_id: str
    story_title: str  # as it was when told (kept when the story is renamed or deleted)
    question: str
    interview_id: str
    application_id: str
    company: str
    round: str
    at: datetime

    def where(self) -> str:
        """`technical · 2026-12-02`: the round and the day, for a company already named."""
        return " · ".join(p for p in (self.round, f"{self.at:%Y-%m-%d}") if p)

    def label(self) -> str:
        """`Acme · technical · 2026-12-02`, for lists."""
        return " · ".join(p for p in (self.company, self.round, f"{self.at:%Y-%m-%d}") if p)


def company_key(company: str) -> str:
    """The key two company names must share to be the same company."""
    return label_key(company)


def tellings(
    interviews: Iterable[Interview], applications: Mapping[str, Application]
) -> list[Telling]:
    """Every story told in the logged interviews, the earliest first."""
    out: list[Telling] = []
    for interview in interviews:
        application = applications.get(interview.application_id)
        company = application.company if application is not None else ""
        for asked in interview.stories_told():
            out.append(
                Telling(
                    asked.story_id,
                    asked.story_title,
                    asked.question,
                    interview.id,
                    interview.application_id,
                    company,
                    interview.round,
                    interview.start,
                )
            )
    return sorted(out, key=lambda t: (t.at, t.interview_id))


def by_story(told: Iterable[Telling]) -> dict[str, list[Telling]]:
    """The tellings grouped by story id."""
    out: dict[str, list[Telling]] = {}
    for telling in told:
        out.setdefault(telling.story_id, []).append(telling)
    return out


def told_to_company(
    told: Iterable[Telling], company: str, *, except_interview: str = ""
) -> dict[str, list[Telling]]:
    """The stories already told to `company` (by story id), leaving out `except_interview`
    (the one being logged or prepared for, whose own tellings are not a repeat)."""
    key = company_key(company)
    return by_story(
        t
        for t in told
        if key and company_key(t.company) == key and t.interview_id != except_interview
    )


def prefer_untold(
    items: Sequence[T], told: Collection[str], story_id: Callable[[T], str]
) -> list[T]:
    """`items` with those whose story was not told there first, each part in its order: the
    rule `answer`, `prepare` and the app follow (a told story is still offered, after)."""
    fresh = [item for item in items if story_id(item) not in told]
    again = [item for item in items if story_id(item) in told]
    return fresh + again
