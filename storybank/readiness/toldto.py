"""The told-to log: which story was told to whom (company, round, date), and the one rule that
prefers stories not yet told to a company.

`answer`, `prepare`, `interview log`, a story's `show` and the app all use these functions, so
"already told there" means the same thing everywhere: a story logged against any interview of
any application to the same company (its name compared loosely: "ACME" is "Acme").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from storybank.core.loop import Application, Interview
from storybank.core.vocab import label_key

if TYPE_CHECKING:
    from storybank.readiness.questions import Answer
    from storybank.store.bank import Bank

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


def places(told: Iterable[Telling], *, with_company: bool = False) -> str:
    """`screen · 2026-11-30; technical · 2026-12-04`: each interview once, in order."""
    seen: dict[str, str] = {}
    for telling in told:
        seen.setdefault(telling.interview_id, telling.label() if with_company else telling.where())
    return "; ".join(seen.values())


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
    items: Sequence[T],
    told: Collection[str],
    story_id: Callable[[T], str],
    band: Callable[[T], int] | None = None,
) -> list[T]:
    """`items` with those whose story was not told there before those that were, each part in
    its order: the rule `answer`, `prepare` and the app follow (a told story is still
    offered, after). With `band` (how sure a match is, say: 0 for the surest), an untold
    story is moved up only past told ones of its own band, never past a surer one."""
    if not told:
        return list(items)
    rank = band or (lambda _item: 0)
    order = sorted(range(len(items)), key=lambda i: (rank(items[i]), story_id(items[i]) in told, i))
    return [items[i] for i in order]


def told_in_bank(
    bank: Bank, company: str, *, except_interview: str = ""
) -> dict[str, list[Telling]]:
    """The stories of `bank` already told to `company` (by story id), as `told_to_company`."""
    found = tellings(bank.interviews(), {a.id: a for a in bank.applications()})
    return told_to_company(found, company, except_interview=except_interview)


_CERTAINTY_BAND = {"strong": 0, "possible": 1, "weak": 2}


def prefer_untold_answer(answer: Answer, told: Collection[str]) -> Answer:
    """`answer` with stories not yet told to the company before told ones of the same
    certainty (the app's "Which story?" and `answer --company` share it)."""
    matches = prefer_untold(
        answer.matches,
        told,
        lambda m: m.story.id,
        band=lambda m: _CERTAINTY_BAND.get(m.certainty, 3),
    )
    return dataclasses.replace(answer, matches=tuple(matches))
