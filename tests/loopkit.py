"""Builders for the interview loop's records in tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storybank.core.loop import Application, FollowUp, Interview, validate_record

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def make_application(**fields: object) -> Application:
    """A valid application; any field can be overridden."""
    data: dict[str, object] = {"company": "Acme", "role": "SRE", "status": "applied"}
    data.update(fields)
    return validate_record(Application, data)


def make_interview(application: Application, **fields: object) -> Interview:
    """A valid interview of `application`, an hour long, tomorrow at noon unless overridden."""
    start = fields.pop("start", NOW + timedelta(days=1))
    assert isinstance(start, datetime)
    data: dict[str, object] = {
        "application_id": application.id,
        "start": start,
        "end": start + timedelta(hours=1),
        "round": "technical",
        "interviewers": [{"name": "Dana Ortiz", "role": "Engineering manager"}],
    }
    data.update(fields)
    return validate_record(Interview, data)


def make_followup(**fields: object) -> FollowUp:
    """A valid follow-up of the user's own."""
    data: dict[str, object] = {"title": "Send the portfolio", "due": NOW}
    data.update(fields)
    return validate_record(FollowUp, data)
