"""Property tests: any valid application and interview survives validation and the store, and
the v2 → v3 upgrade never touches a story."""

from __future__ import annotations

import copy
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, reject, settings, strategies as st

from storybank.core.errors import LoopValidationError
from storybank.core.loop import Application, Interview, validate_record
from storybank.store.bank import Bank
from storybank.store.migrations import v2_to_v3
from tests.strategies import any_text, one_line, story_data, utc_times, valid_or_reject


@st.composite
def loop_pair(draw: st.DrawFn) -> tuple[Application, Interview]:
    """A valid application and an interview of it, with any text in their fields."""
    try:
        app = validate_record(
            Application,
            {
                "company": draw(one_line),
                "role": draw(one_line),
                "notes": draw(any_text),
                "research": {"why": draw(any_text), "news": draw(any_text)},
                "status": draw(st.sampled_from(["interested", "applied", "offer"])),
            },
        )
        start = draw(utc_times())
        interview = validate_record(
            Interview,
            {
                "application_id": app.id,
                "start": start,
                "end": start + timedelta(minutes=draw(st.integers(0, 600))),
                "round": draw(one_line),
                "interviewers": [{"name": draw(one_line), "role": draw(one_line)}],
                "notes": draw(any_text),
                "asked": [{"question": draw(one_line), "story_id": "s-123456", "story_title": "T"}],
            },
        )
    except LoopValidationError:
        reject()
    return app, interview


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(loop_pair())
def test_any_valid_loop_records_survive_save_and_load(pair: tuple[Application, Interview]) -> None:
    app, interview = pair
    assert validate_record(Application, app.to_json_dict()) == app
    assert validate_record(Interview, interview.to_json_dict()) == interview
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bank.json"
        bank = Bank(path)
        bank.add_application(app)
        bank.add_interview(interview)
        loaded = Bank(path)
        assert loaded._storage.trusted  # built as stored: it must equal the validated form
        assert loaded.application(app.id) == app
        assert loaded.interview(interview.id) == interview


@settings(max_examples=30, deadline=None)
@given(st.lists(story_data(), min_size=0, max_size=3, unique_by=lambda d: d["id"]))
def test_the_v3_upgrade_keeps_every_story(items: list[dict[str, Any]]) -> None:
    stories = [valid_or_reject(d) for d in items]
    raw = {
        "meta": {"1": {"schema_version": 2, "app": "storybank"}},
        "stories": {str(i): s.to_json_dict() for i, s in enumerate(stories, 1)},
    }
    before = copy.deepcopy(raw)
    out = v2_to_v3(raw)
    assert raw == before
    assert out["stories"] == before["stories"]
    assert out["meta"]["1"]["schema_version"] == 3
