"""The bank's loop records: saved with the stories, one save per change, checked when read."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from storybank.core.errors import (
    BankError,
    ConflictError,
    RecordNotFoundError,
    StorybankError,
)
from storybank.core.followups import complete
from storybank.core.loop import AppStatus, FollowUpKind, FollowUpState, revise_record
from storybank.store.bank import Bank
from storybank.store.index.quickindex import recorded
from storybank.store.loopdata import LoopData

from .conftest import make_story
from .loopkit import make_application, make_followup, make_interview


def test_records_are_saved_beside_the_stories_and_read_back(bank_path: Path) -> None:
    bank = Bank(bank_path)
    story = bank.add(make_story())
    app = bank.add_application(make_application())
    interview = bank.add_interview(make_interview(app))
    again = Bank(bank_path)
    assert again.get(story.id) == story
    assert again.application(app.id) == app
    assert again.interview(interview.id) == interview
    raw = orjson.loads(bank_path.read_bytes())
    assert list(raw["applications"].values()) == [app.to_json_dict()]
    assert bank_path.stat().st_mode & 0o777 == 0o600


def test_ids_work_by_prefix_and_say_when_they_do_not(bank: Bank) -> None:
    app = bank.add_application(make_application())
    assert bank.application(app.id[2:6]) == app
    assert bank.application(app.id[:6].upper()) == app
    with pytest.raises(RecordNotFoundError, match="No application has the id “zz”"):
        bank.application("zz")
    bank.add_application(make_application(id="a-abc123"))
    bank.add_application(make_application(id="a-abc456"))
    with pytest.raises(RecordNotFoundError, match="matches 2 applications"):
        bank.application("abc")


def test_an_interview_brings_its_thank_you_and_moves_the_check_in(bank: Bank) -> None:
    app = bank.add_application(make_application(status="applied"))
    (check_in,) = bank.followups(app.id)
    assert check_in.kind == FollowUpKind.CHECK_IN
    assert check_in.due == app.status_since + timedelta(days=7)
    interview = bank.add_interview(make_interview(app))
    thank_you = next(f for f in bank.followups() if f.kind == FollowUpKind.THANK_YOU)
    assert thank_you.interview_id == interview.id
    assert thank_you.due == interview.finish + timedelta(hours=24)
    assert "Dana Ortiz" in thank_you.title
    moved = bank.followup(check_in.id)
    assert moved.due == interview.finish + timedelta(days=7)


def test_the_check_in_follows_the_setting(bank: Bank) -> None:
    bank.save_settings(lambda doc: {**doc, "checkin_days": 3})
    app = bank.add_application(make_application(status="applied"))
    assert bank.followups(app.id)[0].due == app.status_since + timedelta(days=3)


def test_an_interested_application_waits_for_no_news(bank: Bank) -> None:
    app = bank.add_application(make_application(status="interested"))
    assert bank.followups(app.id) == []
    bank.set_status(app.id, AppStatus.APPLIED)
    assert [f.kind for f in bank.followups(app.id)] == [FollowUpKind.CHECK_IN]


def test_a_status_change_is_dated_and_a_closed_application_drops_its_check_in(
    bank: Bank,
) -> None:
    app = bank.add_application(make_application(status="applied"))
    changed = bank.set_status(app.id, AppStatus.REJECTED)
    assert [s.status for s in changed.history] == [AppStatus.APPLIED, AppStatus.REJECTED]
    assert [f.state for f in bank.followups(app.id)] == [FollowUpState.DROPPED]
    with pytest.raises(StorybankError, match="is already rejected"):
        bank.set_status(app.id, AppStatus.REJECTED)


def test_a_new_time_moves_the_thank_you(bank: Bank) -> None:
    app = bank.add_application(make_application())
    interview = bank.add_interview(make_interview(app))
    later = interview.start + timedelta(days=3)
    bank.change_interview(
        interview.id, lambda i: revise_record(i, start=later, end=later + timedelta(hours=2))
    )
    thank_you = next(f for f in bank.followups() if f.kind == FollowUpKind.THANK_YOU)
    assert thank_you.due == later + timedelta(hours=26)


def test_deleting_an_application_takes_its_interviews_and_follow_ups(bank_path: Path) -> None:
    bank = Bank(bank_path)
    keep = bank.add_application(make_application(company="Keep"))
    gone = bank.add_application(make_application(company="Gone"))
    bank.add_interview(make_interview(gone))
    bank.delete_application(gone.id)
    again = Bank(bank_path)
    assert [a.id for a in again.applications()] == [keep.id]
    assert again.interviews() == []
    assert {f.application_id for f in again.followups()} == {keep.id}


def test_an_edit_over_someone_elses_change_is_refused(bank_path: Path) -> None:
    mine, theirs = Bank(bank_path), None
    app = mine.add_application(make_application())
    theirs = Bank(bank_path)
    theirs.update_application(revise_record(app, notes="their note"), expected=app)
    with pytest.raises(ConflictError, match="changed by another storybank"):
        mine.update_application(revise_record(app, notes="my note"), expected=app)
    assert Bank(bank_path).application(app.id).notes == "their note"


def test_two_banks_do_not_lose_each_others_records(bank_path: Path) -> None:
    first = Bank(bank_path)
    first.add_application(make_application(company="One"))
    second = Bank(bank_path)
    second.add_application(make_application(company="Two"))
    first.add_followup(make_followup())  # first catches up under the lock before writing
    companies = sorted(a.company for a in Bank(bank_path).applications())
    assert companies == ["One", "Two"]
    assert len(Bank(bank_path).followups()) == 3  # two check-ins and the own reminder


def test_follow_up_states_are_saved(bank: Bank) -> None:
    mine = bank.add_followup(make_followup())
    done = bank.change_followup(mine.id, complete)
    assert done.state == FollowUpState.DONE and done.closed_at is not None
    assert done.updated_at >= mine.updated_at


def test_an_interview_of_a_missing_application_is_refused(bank: Bank) -> None:
    app = make_application()
    with pytest.raises(RecordNotFoundError, match="no longer in the bank"):
        bank.add_interview(make_interview(app))


def test_a_save_keeps_the_stories_index_and_the_trusted_load(bank_path: Path) -> None:
    bank = Bank(bank_path)
    bank.add(make_story())
    bank.add_application(make_application())
    record = recorded(bank_path)
    assert record is not None and record.stories == 1
    again = Bank(bank_path)
    assert again._storage.trusted  # the index describes the file the loop save wrote
    assert len(again.applications()) == 1


@pytest.mark.parametrize(
    ("table", "doc", "message"),
    [
        ("applications", {"id": "a-123456", "company": ""}, "application 1 (a-123456) is invalid"),
        (
            "interviews",
            {"id": "i-123456", "application_id": "a-123456", "start": "soon"},
            "interview 1 (i-123456) is invalid: start",
        ),
        ("followups", {"id": "f-123456", "title": "x"}, "follow-up 1 (f-123456) is invalid: due"),
        ("asks", {"id": "k-1", "text": "Why?"}, "question to ask 1 (k-1) is invalid: id"),
    ],
)
def test_a_tampered_record_is_refused_in_one_line(
    bank_path: Path, table: str, doc: dict[str, object], message: str
) -> None:
    bank = Bank(bank_path)
    bank.add(make_story())
    raw = orjson.loads(bank_path.read_bytes())
    raw[table] = {"1": doc}
    bank_path.write_bytes(orjson.dumps(raw))
    before = bank_path.read_bytes()
    with pytest.raises(BankError) as caught:
        Bank(bank_path)
    assert message in caught.value.message
    assert "\n" not in caught.value.message
    assert bank_path.read_bytes() == before


def test_an_interview_whose_application_is_gone_is_refused(bank_path: Path) -> None:
    bank = Bank(bank_path)
    app = bank.add_application(make_application())
    bank.add_interview(make_interview(app))
    raw = orjson.loads(bank_path.read_bytes())
    raw["applications"] = {}
    bank_path.write_bytes(orjson.dumps(raw))
    with pytest.raises(BankError, match="which is not in the bank"):
        Bank(bank_path)


def test_two_records_with_one_id_are_refused(bank_path: Path) -> None:
    bank = Bank(bank_path)
    app = bank.add_application(make_application())
    raw = orjson.loads(bank_path.read_bytes())
    raw["applications"]["2"] = app.to_json_dict()
    bank_path.write_bytes(orjson.dumps(raw))
    with pytest.raises(BankError, match=f"has two applications with the id {app.id}"):
        Bank(bank_path)


def test_a_clashing_id_is_drawn_again(bank: Bank) -> None:
    first = bank.add_application(make_application(id="a-123456"))
    second = bank.add_application(make_application(id="a-123456"))
    assert first.id == "a-123456" and second.id != first.id


def test_a_trusted_load_builds_the_loop_only_when_it_is_used(
    bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storybank.store import bank as bank_module
    from storybank.store.loopdata import trusted_loop_tables

    first = Bank(bank_path)
    first.add(make_story())
    app = first.add_application(
        make_application(research={"why": "x"}, asks=[{"ask_id": "K01", "text": "Why?"}])
    )
    interview = first.add_interview(
        make_interview(
            app,
            asked=[{"question": "Q?", "story_id": "s-123456", "story_title": "T"}],
            asks_asked=[{"question": "A?", "answer": "B"}],
            rating=3,
        )
    )
    calls: list[int] = []

    def counting(raw: dict[str, Any]) -> LoopData:
        calls.append(1)
        return trusted_loop_tables(raw)

    monkeypatch.setattr(bank_module, "trusted_loop_tables", counting)
    again = Bank(bank_path)
    assert again._storage.trusted and len(again) == 1
    assert calls == []  # stories only: the loop's records are not built
    # Built as stored, they are exactly what validation gives.
    assert again.application(app.id) == app
    assert again.interview(interview.id) == interview
    assert again.followups() == first.followups()
    assert calls == [1]
    again.applications()
    assert calls == [1]  # once per load


def test_a_loop_record_not_in_its_validated_form_is_never_trusted(bank_path: Path) -> None:
    bank = Bank(bank_path)
    bank.add(make_story())
    bank.add_application(make_application())
    raw = orjson.loads(bank_path.read_bytes())
    doc = next(iter(raw["applications"].values()))
    doc["company"] = "  Acme  "  # valid, but not as storybank stores it
    bank_path.write_bytes(orjson.dumps(raw))
    for _ in range(2):
        opened = Bank(bank_path)
        assert not opened._storage.trusted  # checked in full on every open
        assert opened.applications()[0].company == "Acme"


def test_a_hand_edited_loop_record_is_checked_at_open_even_with_an_index(
    bank_path: Path,
) -> None:
    bank = Bank(bank_path)
    bank.add(make_story())
    bank.add_application(make_application())
    raw = orjson.loads(bank_path.read_bytes())
    doc = next(iter(raw["applications"].values()))
    doc["status"] = "offer"  # the history still ends in "applied"
    bank_path.write_bytes(orjson.dumps(raw))
    with pytest.raises(BankError, match="The status history ends in “applied”"):
        Bank(bank_path)
