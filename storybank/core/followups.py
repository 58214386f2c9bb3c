"""The follow-up rules: a thank-you after each interview, a check-in after silence, what is due.

Pure functions over the loop's records, so the bank (which applies them in the same save as the
change that calls for them), the command line and the app share one set of rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from storybank.core.loop import (
    Application,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Interview,
    revise_record,
    validate_record,
)
from storybank.core.models import utc_now

THANK_YOU_WITHIN = timedelta(hours=24)
# What `due` lists beyond what is already due: the rest of the next day.
DUE_HORIZON = timedelta(days=1)


def thank_you_title(interview: Interview, application: Application) -> str:
    """`Thank-you to Dana Ortiz, Lee (Acme, hiring manager)`: who to thank, and for what."""
    names = ", ".join(person.name for person in interview.interviewers)
    what = ", ".join(p for p in (application.company, interview.round) if p)
    title = f"Thank-you to {names} ({what})" if names else f"Thank-you note ({what})"
    return title[:120]


def thank_you_for(interview: Interview, application: Application) -> FollowUp:
    """The thank-you an interview calls for: due within 24 hours of its end."""
    return validate_record(
        FollowUp,
        {
            "kind": FollowUpKind.THANK_YOU,
            "title": thank_you_title(interview, application),
            "due": interview.finish + THANK_YOU_WITHIN,
            "application_id": application.id,
            "interview_id": interview.id,
        },
    )


def last_news(application: Application, interviews: Iterable[Interview]) -> datetime:
    """When the application last moved: its latest status change or the end of its latest
    interview (a future interview counts from its end: a check-in before it makes no sense)."""
    moments = [application.status_since, *(i.finish for i in interviews)]
    return max(moments)


def check_ins_after_news(
    application: Application,
    interviews: Iterable[Interview],
    followups: Iterable[FollowUp],
    days: int,
) -> list[FollowUp]:
    """The check-ins to save after news of `application`: each changed or new one.

    While the application is open (applied, screening, interviewing) one check-in is pending,
    due `days` after the last news; once it is closed (or only of interest) pending check-ins
    are dropped. Check-ins already done or dropped are history and stay as they are.
    """
    pending = [
        f
        for f in followups
        if f.application_id == application.id and f.kind == FollowUpKind.CHECK_IN and f.is_pending
    ]
    if not application.status.is_open:
        return [drop(f) for f in pending]
    due = last_news(application, interviews) + timedelta(days=days)
    if not pending:
        return [
            validate_record(
                FollowUp,
                {
                    "kind": FollowUpKind.CHECK_IN,
                    "title": f"Check in with {application.label()}"[:120],
                    "due": due,
                    "application_id": application.id,
                },
            )
        ]
    first, *extra = sorted(pending, key=lambda f: f.created_at)
    moved = revise_record(first, due=due, state=FollowUpState.OPEN, snoozed_until=None)
    changed = [] if moved.to_json_dict() == first.to_json_dict() else [moved]
    return changed + [drop(f) for f in extra]


def complete(followup: FollowUp, now: datetime | None = None) -> FollowUp:
    """The follow-up marked done."""
    return revise_record(
        followup, state=FollowUpState.DONE, snoozed_until=None, closed_at=now or utc_now()
    )


def snooze(followup: FollowUp, until: datetime) -> FollowUp:
    """The follow-up put off until `until`."""
    return revise_record(followup, state=FollowUpState.SNOOZED, snoozed_until=until, closed_at=None)


def drop(followup: FollowUp, now: datetime | None = None) -> FollowUp:
    """The follow-up no longer needed."""
    return revise_record(
        followup, state=FollowUpState.DROPPED, snoozed_until=None, closed_at=now or utc_now()
    )


def reopen(followup: FollowUp) -> FollowUp:
    """The follow-up open again (a mistaken done or drop)."""
    return revise_record(followup, state=FollowUpState.OPEN, snoozed_until=None, closed_at=None)


@dataclass(frozen=True)
class DueItem:
    """A pending follow-up as `due` lists it: when it is due, and whether that has passed."""

    followup: FollowUp
    when: datetime
    overdue: bool


def due_items(
    followups: Iterable[FollowUp], now: datetime | None = None, horizon: timedelta = DUE_HORIZON
) -> list[DueItem]:
    """The pending follow-ups due by `now + horizon`, soonest (most overdue) first."""
    now = now or utc_now()
    limit = now + horizon
    items = [
        DueItem(f, f.when, f.when < now) for f in followups if f.is_pending and f.when <= limit
    ]
    return sorted(items, key=lambda item: (item.when, item.followup.id))


@dataclass(frozen=True)
class NextStep:
    """What comes next for an application: an interview or a pending follow-up, and when."""

    when: datetime
    what: str


def next_steps(
    applications: Iterable[Application],
    interviews: Iterable[Interview],
    followups: Iterable[FollowUp],
    now: datetime | None = None,
) -> dict[str, NextStep]:
    """Each application's next step (by id): its next interview or pending follow-up, the
    soonest first (an overdue follow-up comes before any interview)."""
    now = now or utc_now()
    found: dict[str, NextStep] = {}

    def offer(app_id: str, step: NextStep) -> None:
        held = found.get(app_id)
        if held is None or step.when < held.when:
            found[app_id] = step

    for interview in interviews:
        if interview.finish >= now:
            offer(
                interview.application_id, NextStep(interview.start, interview.round or "interview")
            )
    for followup in followups:
        if followup.is_pending and followup.application_id:
            offer(followup.application_id, NextStep(followup.when, followup.kind.value))
    ids = {a.id for a in applications}
    return {app_id: step for app_id, step in found.items() if app_id in ids}
