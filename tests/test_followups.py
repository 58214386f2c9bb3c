"""The follow-up rules: thank-yous, check-ins after silence, done / snooze / drop, what is due."""

from __future__ import annotations

from datetime import timedelta

from storybank.core.followups import (
    check_ins_after_news,
    complete,
    drop,
    due_items,
    last_news,
    reopen,
    snooze,
    thank_you_for,
)
from storybank.core.loop import AppStatus, FollowUpKind, FollowUpState, StatusChange, revise_record

from .loopkit import NOW, make_application, make_followup, make_interview


def test_a_thank_you_is_due_a_day_after_the_interview_ends() -> None:
    app = make_application()
    interview = make_interview(app, start=NOW, end=NOW + timedelta(minutes=45))
    thank_you = thank_you_for(interview, app)
    assert thank_you.kind == FollowUpKind.THANK_YOU
    assert thank_you.due == NOW + timedelta(minutes=45, hours=24)
    assert thank_you.title == "Thank-you to Dana Ortiz (Acme, technical)"
    nobody = make_interview(app, interviewers=[], round="")
    assert thank_you_for(nobody, app).title == "Thank-you note (Acme)"


def test_last_news_is_the_latest_status_change_or_interview_end() -> None:
    app = make_application(created_at=NOW - timedelta(days=20))
    assert last_news(app, []) == NOW - timedelta(days=20)
    interview = make_interview(app, start=NOW + timedelta(days=2))
    assert last_news(app, [interview]) == interview.finish


def test_an_open_application_gets_one_check_in_after_the_silence() -> None:
    app = make_application(created_at=NOW)
    (new,) = check_ins_after_news(app, [], [], days=7)
    assert (new.kind, new.due, new.application_id) == (
        FollowUpKind.CHECK_IN,
        NOW + timedelta(7),
        app.id,
    )
    # News moves the pending one rather than adding another.
    later = revise_record(
        app,
        status="screening",
        history=[*app.history, StatusChange(status=AppStatus.SCREENING, at=NOW + timedelta(3))],
    )
    (moved,) = check_ins_after_news(later, [], [new], days=7)
    assert moved.id == new.id and moved.due == NOW + timedelta(days=10)
    # No news: nothing to save.
    assert check_ins_after_news(later, [], [moved], days=7) == []


def test_a_snoozed_check_in_is_reopened_by_news_and_extra_ones_are_dropped() -> None:
    app = make_application(created_at=NOW)
    first = make_followup(kind="check-in", application_id=app.id, title="c1", created_at=NOW)
    second = make_followup(
        kind="check-in", application_id=app.id, title="c2", created_at=NOW + timedelta(1)
    )
    snoozed = snooze(first, NOW + timedelta(days=30))
    changed = check_ins_after_news(app, [], [snoozed, second], days=7)
    assert [(f.id, f.state) for f in changed] == [
        (first.id, FollowUpState.OPEN),
        (second.id, FollowUpState.DROPPED),
    ]


def test_a_closed_application_drops_its_pending_check_ins_only() -> None:
    app = make_application(status="withdrawn")
    pending = make_followup(kind="check-in", application_id=app.id)
    done = complete(make_followup(kind="check-in", application_id=app.id), NOW)
    assert [f.state for f in check_ins_after_news(app, [], [pending, done], 7)] == [
        FollowUpState.DROPPED
    ]
    assert check_ins_after_news(make_application(status="interested"), [], [], 7) == []


def test_done_snooze_drop_and_reopen() -> None:
    mine = make_followup()
    assert complete(mine, NOW).closed_at == NOW
    assert snooze(mine, NOW + timedelta(days=2)).when == NOW + timedelta(days=2)
    assert drop(mine, NOW).state == FollowUpState.DROPPED
    back = reopen(drop(mine, NOW))
    assert back.state == FollowUpState.OPEN and back.closed_at is None


def test_due_lists_overdue_first_then_the_next_day() -> None:
    overdue = make_followup(title="late", due=NOW - timedelta(days=2))
    today = make_followup(title="soon", due=NOW + timedelta(hours=3))
    next_week = make_followup(title="later", due=NOW + timedelta(days=7))
    snoozed = snooze(
        make_followup(title="snoozed", due=NOW - timedelta(days=5)), NOW + timedelta(days=3)
    )
    done = complete(make_followup(title="done", due=NOW - timedelta(days=1)), NOW)
    items = due_items([next_week, today, done, snoozed, overdue], NOW)
    assert [(i.followup.title, i.overdue) for i in items] == [("late", True), ("soon", False)]
    wide = due_items([next_week, snoozed], NOW, horizon=timedelta(days=7))
    assert [i.followup.title for i in wide] == ["snoozed", "later"]
