"""CLI: `due`, `ask`, `calendar export`, and the told-to log in `show`, `delete`, `answer` and
`prepare`."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from storybank.core.models import utc_now
from storybank.store.bank import Bank

from .conftest import Run


def _id(run: Run, *args: str) -> str:
    code, out, err = run(*args, "--format", "json")
    assert code == 0, err
    found: str = json.loads(out)["id"]
    return found


@pytest.fixture
def job(run: Run) -> str:
    return _id(run, "job", "add", "Acme", "--role", "SRE", "--status", "applied")


def _past(days: int) -> str:
    return (utc_now() - timedelta(days=days)).strftime("%Y-%m-%d %H:%M")


def test_due_lists_overdue_first(run: Run, job: str) -> None:
    assert run("due")[1] == "Nothing due within 1 days.\n"
    run("interview", "add", job, "--start", _past(3), "--with", "Dana")
    run("due", "add", "Send the portfolio", "--due", "+2h", "--job", "acme")
    _code, out, _ = run("due")
    rows = out.splitlines()
    assert rows[0].split() == ["ID", "DUE", "KIND", "WHAT", "JOB"]
    assert "overdue" in rows[1] and "thank-you" in rows[1] and "Acme" in rows[1]
    assert "Send the portfolio" in rows[2] and len(rows) == 3  # the check-in is a week off
    wide = json.loads(run("due", "--within", "30", "--format", "json")[1])
    assert [f["kind"] for f in wide] == ["thank-you", "own", "check-in"]
    assert [f["overdue"] for f in wide] == [True, False, False]


def test_done_snooze_drop_reopen(run: Run, job: str, bank_path: Path) -> None:
    run("interview", "add", job, "--start", _past(3))
    (thanks,) = json.loads(run("due", "--format", "json")[1])
    code, out, _ = run("due", "snooze", thanks["id"][:6], "--until", "+2d")
    assert code == 0 and out.startswith("Snoozed until ")
    assert json.loads(run("due", "--format", "json")[1]) == []
    assert run("due", "done", thanks["id"])[1].startswith(f"Done {thanks['id']}")
    assert run("due", "reopen", thanks["id"])[0] == 0
    assert run("due", "drop", thanks["id"])[0] == 0
    every = json.loads(run("due", "--all", "--format", "json")[1])
    states = {f["kind"]: f["state"] for f in every}
    assert states == {"thank-you": "dropped", "check-in": "open"}
    assert "dropped" in run("due", "--all")[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("due", "done", "f-zz"), "No follow-up has the id “f-zz”"),
        (("due", "snooze", "{f}", "--until", "later"), "The snooze date “later” is not one"),
        (("due", "add", "x", "--due", "whenever"), "The due date “whenever” is not one"),
        (("due", "add", "x", "--job", "nope"), "No application has the id “nope”"),
        (("due", "add", " "), "title: Title is required"),
    ],
)
def test_due_errors(run: Run, job: str, args: tuple[str, ...], message: str) -> None:
    followup = json.loads(run("due", "--within", "30", "--format", "json")[1])[0]["id"]
    code, _, err = run(*[a.replace("{f}", followup) for a in args])
    assert code != 0 and message in err and err.count("\n") == 1


def test_ask_list_add_pick_remove(run: Run, job: str, bank_path: Path) -> None:
    code, out, _ = run("ask", "list")
    assert code == 0 and "ROLE" in out and "K01" in out and "PROCESS" in out
    builtin = json.loads(run("ask", "list", "--format", "json")[1])
    assert len(builtin) >= 40
    assert {a["category"] for a in builtin} == {
        "role", "team", "success", "culture", "growth", "direction", "process",
    }  # fmt: skip
    own = _id(run, "ask", "add", "What would make you leave?", "--category", "culture")
    assert own.startswith("k-")
    culture = json.loads(run("ask", "list", "-c", "culture", "--format", "json")[1])
    assert own in [a["id"] for a in culture]
    assert [a["id"] for a in json.loads(run("ask", "list", "--mine", "--format", "json")[1])] == [
        own
    ]
    code, out, _ = run("ask", "pick", "acme", "K13", "k07", own)
    assert code == 0 and out == "Acme · SRE: 3 questions to ask\n"
    picked = json.loads(run("ask", "list", "--job", job, "--format", "json")[1])
    assert [p["ask_id"] for p in picked] == ["K13", "K07", own]
    assert run("ask", "pick", "acme", "K07", "--remove")[0] == 0
    assert run("ask", "remove", own)[0] == 0
    # The job keeps the text it picked.
    assert Bank(bank_path).application(job).asks[-1].text == "What would make you leave?"
    code, _, err = run("ask", "pick", "acme", "K99")
    assert code == 1 and "No question to ask has the id “K99”" in err
    code, _, err = run("ask", "pick", "acme", "K07", "--remove")
    assert code == 1 and "None of those questions is on this application's pick list" in err


def _story(run: Run, title: str, *competencies: str) -> str:
    flags = [f for c in competencies for f in ("--competency", c)]
    return _id(
        run, "add", "--title", title, "--situation", "The pager fired all night.",
        "--task", "Lead the fix.", "--action", "I led the team through the rewrite.",
        "--result", "Pages fell by 70%.", *flags,
    )  # fmt: skip


@pytest.fixture
def told_story(run: Run, job: str) -> tuple[str, str, str]:
    """A story told in a first interview at Acme, another not told, and a second interview."""
    told = _story(run, "Led the on-call rewrite", "Leadership")
    fresh = _story(run, "Led the migration", "Leadership")
    first = _id(run, "interview", "add", job, "--start", "2026-11-30 14:00", "--round", "screen")
    run("interview", "log", first, "--told", told, "Tell me about a time you led a team")
    second = _id(run, "interview", "add", job, "--start", "2026-12-20 14:00")
    return told, fresh, second


def test_show_lists_where_a_story_was_told(run: Run, told_story: tuple[str, str, str]) -> None:
    told, _, _ = told_story
    _code, out, _ = run("show", told)
    assert "TOLD TO\n  Acme · screen · 2026-11-30: “Tell me about a time you led a team”" in out
    record = json.loads(run("show", told, "--format", "json")[1])
    assert record["told_to"][0]["company"] == "Acme"


def test_deleting_a_told_story_asks_and_the_interview_keeps_its_title(
    run: Run, told_story: tuple[str, str, str], bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told, _, _ = told_story
    code, _, err = run("delete", told)
    assert code == 2 and "It was told in 1 interviews" in err
    asked: list[str] = []
    monkeypatch.setattr("storybank.cli.common.is_interactive", lambda: True)

    def confirm(text: str, default: bool) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr("click.confirm", confirm)
    assert run("delete", told)[0] == 1
    assert "was told in 1 interviews (Acme · screen · 2026-11-30); they keep its title" in asked[0]
    assert run("delete", told, "--yes")[0] == 0
    (first,) = [i for i in Bank(bank_path).interviews() if i.asked]
    assert first.asked[0].story_title == "Led the on-call rewrite"
    code, out, _ = run("interview", "show", first.id)
    assert "told: " + told in out


def test_answer_prefers_stories_not_told_to_the_company(
    run: Run, told_story: tuple[str, str, str]
) -> None:
    told, fresh, second = told_story
    question = "Tell me about a time you led a team"
    for flags in (("--company", "ACME"), ("--interview", second), ("--application", "acme")):
        record = json.loads(run("answer", question, *flags, "--format", "json")[1])
        ids = [m["id"] for m in record["stories"]]
        assert ids.index(fresh) < ids.index(told), flags
        marks = {m["id"]: m["told_before"] for m in record["stories"]}
        assert marks[fresh] == [] and marks[told][0]["round"] == "screen"
    code, out, _ = run("answer", question, "--company", "acme")
    assert "already told to Acme: screen · 2026-11-30" in out
    code, _, err = run("answer", question, "--company", "acme", "--interview", second)
    assert code == 2 and "Give one of --company, --interview or --application" in err


def test_prepare_for_an_interview(
    run: Run, job: str, told_story: tuple[str, str, str], tmp_path: Path
) -> None:
    told, fresh, second = told_story
    other = _story(run, "Led the hiring loop", "Leadership")
    ad = tmp_path / "ad.txt"
    ad.write_text("Responsibilities\n- Lead the on-call team\n- Lead a team of five\n", "utf-8")
    run("job", "edit", job, "--job-ad", str(ad), "--mission", "Quiet pagers")
    run("ask", "pick", job, "K13")
    run("interview", "edit", second, "--with", "Dana Ortiz (EM)", "--location", "Room 4")
    sheet = tmp_path / "prep.md"
    code, _, err = run("prepare", "--interview", second, "-o", str(sheet))
    assert code == 0 and f"Wrote the prep sheet to {sheet}" in err
    assert sheet.stat().st_mode & 0o777 == 0o600
    text = sheet.read_text(encoding="utf-8")
    for expected in (
        "# Interview prep: Acme · SRE — interview",
        "- **Where:** Room 4",
        "- Dana Ortiz, EM",
        "**Mission.** Quiet pagers",
        f"- Led the on-call rewrite ({told}): screen · 2026-11-30",
        "- What would success look like in this role after 90 days?",
        "## Leadership",
        "Not yet told here, also fits: ",
    ):
        assert expected in text, expected
    record = json.loads(run("prepare", "--interview", second, "--format", "json")[1])
    item = record["prep"]["items"][0]
    # An untold story is chosen, the other untold one is offered, the told one is neither.
    chosen = item["story"]["id"]
    assert chosen in (fresh, other) and item["told_before"] is False
    assert [s["id"] for s in item["alternatives"]] == [({fresh, other} - {chosen}).pop()]
    assert f"### {'Led the migration' if chosen == fresh else 'Led the hiring loop'}" in text
    assert record["told_before"] == [told]
    code, out, _ = run("prepare", "--interview", second)
    assert out == text


def test_prepare_needs_a_job_ad_or_a_file(run: Run, job: str) -> None:
    code, _, err = run("prepare", "--application", job)
    assert code == 1 and "No job ad is saved with Acme · SRE" in err
    code, _, err = run("prepare")
    assert code == 2 and "Give --job FILE, --interview ID or --application ID" in err
    interview = _id(run, "interview", "add", job, "--start", "2026-12-20 14:00")
    code, out, _ = run("prepare", "--interview", interview)
    assert code == 0 and "No job ad saved with this application" in out


def test_calendar_export_parses_back_with_stable_uids(run: Run, job: str, tmp_path: Path) -> None:
    interview = _id(
        run, "interview", "add", job, "--start", "2026-12-20 14:00", "--round", "technical",
        "--location", "Room 4",
    )  # fmt: skip
    target = tmp_path / "loop.ics"
    code, _, err = run("calendar", "export", str(target))
    assert code == 0 and "Wrote 1 interview and 2 open follow-ups" in err
    assert target.stat().st_mode & 0o777 == 0o600
    first = Calendar.from_ical(target.read_bytes())
    events = {str(e["uid"]): e for e in first.walk("VEVENT")}
    event = events[f"{interview}@storybank.invalid"]
    assert str(event["summary"]) == "Interview: Acme · SRE (technical)"
    assert str(event["location"]) == "Room 4"
    assert event.decoded("dtstart").strftime("%Y-%m-%d") == "2026-12-20"
    triggers = sorted(a.decoded("trigger") for a in event.walk("VALARM"))
    assert triggers == [-timedelta(days=1), -timedelta(hours=1)]
    # Re-export after a change: the same UIDs, a later sequence, the done one cancelled.
    run("interview", "edit", interview, "--start", "2026-12-21 14:00")
    thanks = next(u for u, e in events.items() if "Thank-you" in str(e["summary"]))
    run("due", "done", thanks.split("@")[0])
    run("calendar", "export", str(target))
    second = {str(e["uid"]): e for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    assert set(second) == set(events)
    moved = second[f"{interview}@storybank.invalid"]
    assert moved.decoded("dtstart").strftime("%Y-%m-%d") == "2026-12-21"
    assert moved.decoded("sequence") >= event.decoded("sequence")
    assert str(second[thanks]["status"]) == "CANCELLED"


def test_calendar_export_refuses_the_bank_itself(run: Run, job: str, bank_path: Path) -> None:
    before = bank_path.read_bytes()
    code, _, err = run("calendar", "export", str(bank_path))
    assert code == 1 and "would replace your stories" in err
    assert bank_path.read_bytes() == before


def test_checkin_days_is_a_setting(run: Run, bank_path: Path) -> None:
    assert run("due", "checkin-days")[1] == "A check-in falls due after 7 days without news.\n"
    assert run("due", "checkin-days", "10")[0] == 0
    assert Bank(bank_path).checkin_days() == 10
    app = json.loads(run("job", "add", "Acme", "--status", "applied", "--format", "json")[1])
    (check_in,) = Bank(bank_path).followups(app["id"])
    assert (check_in.due - check_in.created_at).days in (9, 10)
    code, _, err = run("due", "checkin-days", "0")
    assert code == 2 and "0 is not in the range 1<=x<=365" in err


def test_the_json_export_carries_the_loop_and_still_imports(
    run: Run, job: str, tmp_path: Path
) -> None:
    run("interview", "add", job, "--start", "2026-12-20 14:00")
    run("ask", "add", "What would make you leave?")
    run("add", "--title", "A story", "--situation", "s")
    target = tmp_path / "export.json"
    assert run("export", "-o", str(target))[0] == 0
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert [a["id"] for a in doc["applications"]] == [job]
    assert len(doc["interviews"]) == 1 and len(doc["asks"]) == 1
    assert sorted(f["kind"] for f in doc["followups"]) == ["check-in", "thank-you"]
    piped = json.loads(run("export", "--format", "json")[1])
    assert piped["applications"] == doc["applications"]
    # Import reads the stories (the loop's records are not imported yet).
    code, out, err = run("import", str(target), "--db", str(tmp_path / "other.json"), db=False)
    assert code == 0 and "Imported 1 stories" in out
    # What it leaves out is said, not dropped in silence.
    assert (
        "Not imported: 1 application, 1 interview, 2 follow-ups, 1 own question to ask "
        "(import brings stories only; to move everything, copy the bank file itself)."
    ) in err


def test_prepare_falls_back_to_a_told_story_and_says_so(
    run: Run, job: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # wide enough that no line of the sheet is clipped
    told = _story(run, "Led the on-call rewrite", "Leadership")
    first = _id(run, "interview", "add", job, "--start", "2026-11-30 14:00", "--round", "screen")
    run("interview", "log", first, "--told", told, "Tell me about a time you led a team")
    second = _id(run, "interview", "add", job, "--start", "2026-12-20 14:00")
    ad = tmp_path / "ad.txt"
    ad.write_text("Responsibilities\n- Lead the on-call team\n- Lead a team of five\n", "utf-8")
    run("job", "edit", job, "--job-ad", str(ad))
    record = json.loads(run("prepare", "--interview", second, "--format", "json")[1])
    item = record["prep"]["items"][0]
    assert item["story"]["id"] == told and item["told_before"] is True
    assert f"({told}) — already told to this company" in record["markdown"]
    code, out, _ = run("prepare", "--application", job)
    assert code == 0 and "(told there before)" in out
