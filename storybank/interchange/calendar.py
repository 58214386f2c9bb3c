"""Interviews and follow-ups as an iCalendar file, so they show in the user's calendar with
reminders. Each event's UID is its record's id, so importing a newer export updates the same
events (and a follow-up closed since shows as cancelled) instead of adding copies."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from icalendar import Alarm, Calendar, Event

from storybank.core.loop import Application, FollowUp, Interview

PRODID = "-//storybank//interview loop//EN"
UID_DOMAIN = "storybank.invalid"  # a domain that is nobody's, so no UID clashes with another app
INTERVIEW_REMINDERS = (timedelta(days=1), timedelta(hours=1))
FOLLOWUP_LENGTH = timedelta(minutes=15)
# Closed follow-ups changed within this long are exported as cancelled, so a calendar that
# imported them before drops them; older ones are left out.
CANCELLED_FOR = timedelta(days=60)
_CONTROLS_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _text(value: str) -> str:
    """User text without control characters (a calendar shows them raw)."""
    return _CONTROLS_RE.sub("", value)


def uid(record_id: str) -> str:
    """The stable UID of a record's event."""
    return f"{record_id}@{UID_DOMAIN}"


def _sequence(created: datetime, updated: datetime) -> int:
    # Grows with every change, so a calendar takes the newer copy of an event.
    return max(0, int((updated - created).total_seconds()))


def _alarm(before: timedelta, description: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -before)
    alarm.add("description", _text(description))
    return alarm


def interview_event(interview: Interview, application: Application, now: datetime) -> Event:
    """One interview as an event with reminders a day and an hour before."""
    event = Event()
    summary = f"Interview: {application.label()}" + (
        f" ({interview.round})" if interview.round else ""
    )
    event.add("uid", uid(interview.id))
    event.add("dtstamp", now)
    event.add("last-modified", interview.updated_at)
    event.add("sequence", _sequence(interview.created_at, interview.updated_at))
    event.add("summary", _text(summary))
    event.add("dtstart", interview.start)
    event.add("dtend", interview.end or interview.start + timedelta(hours=1))
    if interview.location:
        event.add("location", _text(interview.location))
    details = [f"Round: {interview.round}"] if interview.round else []
    if interview.format:
        details.append(f"Format: {interview.format}")
    details += [f"With: {p.label()}" for p in interview.interviewers]
    if application.link:
        details.append(f"Job: {application.link}")
    details.append(f"storybank prepare --interview {interview.id}")
    event.add("description", _text("\n".join(details)))
    for before in INTERVIEW_REMINDERS:
        event.add_component(_alarm(before, summary))
    return event


def followup_event(followup: FollowUp, company: str, now: datetime) -> Event:
    """One follow-up as a short event at its due time, with a reminder then; a closed one as
    cancelled."""
    event = Event()
    summary = (
        followup.title
        if not company or company in followup.title
        else (f"{followup.title} ({company})")
    )
    event.add("uid", uid(followup.id))
    event.add("dtstamp", now)
    event.add("last-modified", followup.updated_at)
    event.add("sequence", _sequence(followup.created_at, followup.updated_at))
    event.add("summary", _text(summary))
    event.add("dtstart", followup.when)
    event.add("dtend", followup.when + FOLLOWUP_LENGTH)
    event.add("description", _text(f"storybank due done {followup.id}\n{followup.notes}".strip()))
    if followup.is_pending:
        event.add("status", "CONFIRMED")
        event.add_component(_alarm(timedelta(0), summary))
    else:
        event.add("status", "CANCELLED")
    return event


def calendar_bytes(
    applications: Mapping[str, Application],
    interviews: Iterable[Interview],
    followups: Iterable[FollowUp],
    now: datetime,
) -> bytes:
    """The iCalendar file of every interview and of the pending follow-ups (plus those closed
    lately, as cancelled), in a stable order."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "storybank: interviews and follow-ups")
    for interview in sorted(interviews, key=lambda i: (i.start, i.id)):
        application = applications.get(interview.application_id)
        if application is not None:
            cal.add_component(interview_event(interview, application, now))
    for followup in sorted(followups, key=lambda f: (f.when, f.id)):
        if followup.is_pending or now - followup.updated_at <= CANCELLED_FOR:
            company = (
                applications[followup.application_id].company
                if (followup.application_id in applications)
                else ""
            )
            cal.add_component(followup_event(followup, company, now))
    return bytes(cal.to_ical())
