"""The interview loop's records: what they accept, what they refuse, and in whose words."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storybank.core.errors import LoopValidationError
from storybank.core.loop import (
    Application,
    AppStatus,
    AskQuestion,
    FollowUp,
    FollowUpState,
    Interview,
    revise_record,
    validate_record,
)

from .loopkit import NOW, make_application, make_followup, make_interview


def test_a_new_application_starts_its_history_with_its_status() -> None:
    app = make_application(status="applied", created_at=NOW)
    assert [(s.status, s.at) for s in app.history] == [(AppStatus.APPLIED, NOW)]
    assert app.status_since == NOW
    assert app.label() == "Acme · SRE"


def test_a_history_that_does_not_end_in_the_status_is_refused() -> None:
    app = make_application()
    with pytest.raises(LoopValidationError) as caught:
        revise_record(app, status="offer")
    assert "The status history ends in “applied”, but the status is “offer”" in str(caught.value)


def test_an_application_needs_a_company_and_a_known_status() -> None:
    with pytest.raises(LoopValidationError) as caught:
        validate_record(Application, {"company": "  ", "status": "ghosted"})
    assert caught.value.for_field("company") == ["Company is required"]
    assert caught.value.for_field("status") == [
        "Status must be one of: interested, applied, screening, interviewing, offer, "
        "rejected or withdrawn"
    ]


def test_an_interview_may_be_in_the_past_but_may_not_end_before_it_starts() -> None:
    app = make_application()
    past = make_interview(app, start=NOW - timedelta(days=30))
    assert past.start < NOW
    with pytest.raises(LoopValidationError) as caught:
        make_interview(app, start=NOW, end=NOW - timedelta(minutes=5))
    assert caught.value.for_field("end") == [
        "The interview ends (2026-12-02 11:55) before it starts (2026-12-02 12:00)"
    ]


def test_an_interview_rating_is_one_to_five_and_unknown_fields_are_named() -> None:
    app = make_application()
    with pytest.raises(LoopValidationError) as caught:
        make_interview(app, rating=6, mood="great")
    assert caught.value.for_field("rating") == ["Rating must be at most 5"]
    assert caught.value.for_field("mood") == ["“mood” is not a field here"]


def test_a_told_story_keeps_its_title() -> None:
    app = make_application()
    with pytest.raises(LoopValidationError, match="needs its title"):
        make_interview(app, asked=[{"question": "A conflict?", "story_id": "s-123456"}])
    told = make_interview(
        app, asked=[{"question": "A conflict?", "story_id": "s-123456", "story_title": "Pager"}]
    )
    assert [q.story_title for q in told.stories_told()] == ["Pager"]
    assert told.logged


def test_times_without_a_zone_are_utc_and_ids_are_checked() -> None:
    interview = validate_record(
        Interview, {"application_id": "a-123456", "start": "2026-12-03T09:00:00"}
    )
    assert interview.start.utcoffset() == timedelta(0)
    with pytest.raises(LoopValidationError, match="must look like a-3f9a2c"):
        validate_record(Interview, {"application_id": "s-123456", "start": NOW})


def test_a_snoozed_followup_needs_its_date_and_a_thank_you_its_interview() -> None:
    with pytest.raises(LoopValidationError, match="needs the date it comes back"):
        make_followup(state="snoozed")
    with pytest.raises(LoopValidationError, match="belongs to an interview"):
        make_followup(kind="thank-you")
    snoozed = make_followup(state="snoozed", snoozed_until=NOW + timedelta(days=2))
    assert snoozed.when == NOW + timedelta(days=2) and snoozed.is_pending
    assert not make_followup(state=FollowUpState.DONE).is_pending


def test_ask_ids_are_builtin_or_own() -> None:
    assert validate_record(AskQuestion, {"id": "K07", "text": "Why?"}).builtin
    own = validate_record(AskQuestion, {"text": "What keeps you here?", "category": "culture"})
    assert own.id.startswith("k-") and not own.builtin
    with pytest.raises(LoopValidationError):
        validate_record(AskQuestion, {"id": "X1", "text": "Why?"})


def test_revise_keeps_the_id_and_creation_time() -> None:
    followup = make_followup()
    later = revise_record(followup, id="f-999999", created_at=NOW + timedelta(days=9), title="x")
    assert (later.id, later.created_at, later.title) == (followup.id, followup.created_at, "x")


@pytest.mark.parametrize("model", [Application, Interview, FollowUp, AskQuestion])
def test_stored_forms_survive_a_round_trip(model: type[object]) -> None:
    app = make_application(notes="Línea 1\nLinea 2 🙂", research={"why": "ملاحظات"})
    records = {
        Application: app,
        Interview: make_interview(app, rating=4, outcome="advanced"),
        FollowUp: make_followup(application_id=app.id),
        AskQuestion: validate_record(AskQuestion, {"text": "How do teams disagree?"}),
    }
    record = records[model]  # type: ignore[index]
    again = validate_record(type(record), record.to_json_dict())
    assert again == record
