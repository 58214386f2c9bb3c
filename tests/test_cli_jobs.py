"""CLI: `job` and `interview` commands, their JSON, and their one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storybank.store.bank import Bank

from .conftest import Run


def _id(run: Run, *args: str) -> str:
    code, out, err = run(*args, "--format", "json")
    assert code == 0, err
    found: str = json.loads(out)["id"]
    return found


@pytest.fixture
def job(run: Run) -> str:
    return _id(run, "job", "add", "Acme", "--role", "Staff SRE", "--status", "applied")


def test_job_add_list_show(run: Run, job: str) -> None:
    code, out, _ = run("job", "add", "Globex", "--why", "Their mission")
    assert code == 0 and out.startswith("Saved a-") and "Globex (interested)" in out
    code, out, _ = run("job", "list")
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "STATUS", "COMPANY", "ROLE", "NEXT", "SINCE"]
    assert job in lines[1] and "check-in" in lines[1]  # the open one, with its next step, first
    assert "Globex" in lines[2]
    code, out, _ = run("job", "show", job[:5])
    assert code == 0 and "Acme · Staff SRE" in out and "FOLLOW-UPS" in out
    shown = json.loads(run("job", "show", job, "--format", "json")[1])
    assert shown["status"] == "applied" and [f["kind"] for f in shown["followups"]] == ["check-in"]


def test_job_list_filters_and_json(run: Run, job: str) -> None:
    run("job", "add", "Gone", "--status", "rejected")
    listed = json.loads(run("job", "list", "--open", "--format", "json")[1])
    assert [a["company"] for a in listed] == ["Acme"]
    assert listed[0]["next"]["what"] == "check-in"
    only = json.loads(run("job", "list", "--status", "rejected", "--format", "json")[1])
    assert [a["company"] for a in only] == ["Gone"]


def test_an_empty_job_list_says_how_to_start(run: Run) -> None:
    assert run("job", "list")[1].startswith("No applications yet.")


def test_job_edit_changes_fields_and_keeps_the_rest(run: Run, job: str, tmp_path: Path) -> None:
    ad = tmp_path / "ad.txt"
    ad.write_text("Responsibilities\n- Lead the on-call team\n", encoding="utf-8")
    code, _, err = run("job", "edit", "acme", "--mission", "Quiet pagers", "--job-ad", str(ad))
    assert code == 0, err
    run("job", "edit", job, "--why", "I love pagers")
    shown = json.loads(run("job", "show", job, "--format", "json")[1])
    assert shown["research"]["mission"] == "Quiet pagers"
    assert shown["research"]["why"] == "I love pagers"
    assert shown["job_ad"].startswith("Responsibilities")
    assert shown["role"] == "Staff SRE"


def test_job_status_is_dated_and_moves_the_check_in(run: Run, job: str) -> None:
    code, out, _ = run("job", "status", job, "screening", "--at", "2026-11-20 10:00")
    assert code == 0 and "is now screening" in out and "Next check-in: 2026-11-27" in out
    code, _, err = run("job", "status", job, "screening")
    assert code == 1 and err == "storybank: The application to Acme is already screening.\n"
    code, _, err = run("job", "status", job, "hired")
    assert code == 2 and "'hired' is not one of" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("job", "show", "zz"), "No application has the id “zz”. `storybank job list` shows ids"),
        (("job", "add", " "), "company: Company is required"),
        (("job", "edit", "acme"), "Give the fields to change"),
        (("job", "status", "acme", "offer", "--at", "soonish"), "The date “soonish” is not one"),
        (("job", "delete", "acme"), "add --yes to delete"),
        (("job", "add", "X", "--job-ad", "/nonexistent/ad.txt"), "No such job description file"),
    ],
)
def test_job_errors_are_one_line(run: Run, job: str, args: tuple[str, ...], message: str) -> None:
    code, _, err = run(*args)
    assert code != 0 and message in err
    assert err.count("\n") == 1


def test_job_delete_takes_its_interviews(run: Run, job: str, bank_path: Path) -> None:
    run("interview", "add", job, "--start", "2026-12-10 10:00")
    code, out, _ = run("job", "delete", "acme", "--yes")
    assert code == 0 and out.startswith(f"Deleted {job}")
    bank = Bank(bank_path)
    assert bank.applications() == [] and bank.interviews() == [] and bank.followups() == []


def test_interview_add_brings_a_thank_you(run: Run, job: str) -> None:
    code, out, _ = run(
        "interview", "add", "acme", "--start", "2026-12-10 10:00", "--minutes", "45",
        "--round", "hiring manager", "--type", "video", "--with", "Dana Ortiz (EM)",
        "--with", "Lee", "--location", "https://meet.example/abc",
    )  # fmt: skip
    assert code == 0 and "Acme hiring manager at 2026-12-10 10:00" in out
    assert "Thank-you due by 2026-12-11 10:45" in out
    shown = json.loads(run("job", "show", job, "--format", "json")[1])
    (interview,) = shown["interviews"]
    assert interview["interviewers"] == [
        {"name": "Dana Ortiz", "role": "EM"},
        {"name": "Lee", "role": ""},
    ]
    assert interview["format"] == "video"
    assert sorted(f["kind"] for f in shown["followups"]) == ["check-in", "thank-you"]


def test_interview_add_refuses_an_end_before_the_start(run: Run, job: str) -> None:
    code, _, err = run(
        "interview", "add", job, "--start", "2026-12-10 10:00", "--end", "2026-12-10 09:00"
    )
    assert code == 1
    assert err == (
        "storybank: end: The interview ends (2026-12-10 09:00) before it starts "
        "(2026-12-10 10:00)\n"
    )
    code, _, err = run("interview", "add", job)
    assert code == 2 and "Give --start WHEN" in err


def test_interview_add_in_the_past_is_allowed_without_a_thank_you(
    run: Run, job: str, bank_path: Path
) -> None:
    code, _, _ = run("interview", "add", job, "--start", "2025-01-10 10:00", "--no-thank-you")
    assert code == 0
    assert [f.kind.value for f in Bank(bank_path).followups()] == ["check-in"]


def test_interview_edit_moves_it_and_its_thank_you(run: Run, job: str, bank_path: Path) -> None:
    interview = _id(run, "interview", "add", job, "--start", "2026-12-10 10:00")
    code, out, _ = run("interview", "edit", interview, "--start", "2026-12-12 15:00")
    assert code == 0 and "2026-12-12 15:00" in out
    bank = Bank(bank_path)
    moved = bank.interview(interview)
    assert moved.end is not None and (moved.end - moved.start).total_seconds() == 3600
    thanks = next(f for f in bank.followups() if f.kind.value == "thank-you")
    assert thanks.due == moved.end + (thanks.due - moved.end)
    assert thanks.due.strftime("%Y-%m-%d %H:%M") == "2026-12-13 16:00"
    assert run("interview", "edit", interview)[0] == 2


def _story(run: Run, title: str) -> str:
    return _id(
        run, "add", "--title", title, "--situation", "s", "--task", "t", "--action", "a",
        "--result", "r", "--competency", "Leadership",
    )  # fmt: skip


def test_interview_log_and_show(run: Run, job: str) -> None:
    story = _story(run, "Led the on-call rewrite")
    interview = _id(run, "interview", "add", job, "--start", "2026-11-30 14:00")
    code, out, err = run(
        "interview", "log", interview, "--told", story[:6], "Q1", "--asked", "Why us?",
        "--ask-answer", "K07", "Pods of five", "--rating", "4", "--outcome", "advanced",
        "--notes", "Talked about the pager",
    )  # fmt: skip
    assert code == 0, err
    assert out == f"Logged 3 questions on {interview} (Acme)\n"
    shown = json.loads(run("interview", "show", interview, "--format", "json")[1])
    told = shown["asked"][0]
    assert told["question_id"] == "Q1" and told["story_title"] == "Led the on-call rewrite"
    assert shown["asks_asked"][0]["ask_id"] == "K07"
    assert shown["rating"] == 4 and shown["outcome"] == "advanced"
    code, out, _ = run("interview", "show", interview)
    assert "told: " + story in out and "QUESTIONS I ASKED" in out and "Pods of five" in out


def test_telling_a_story_twice_to_one_company_needs_again(run: Run, job: str) -> None:
    story = _story(run, "Led the on-call rewrite")
    first = _id(run, "interview", "add", job, "--start", "2026-11-30 14:00", "--round", "screen")
    second = _id(run, "interview", "add", job, "--start", "2026-12-05 14:00")
    run("interview", "log", first, "--told", story, "Tell me about leading")
    # Logging more on the same interview is no repeat of itself.
    assert run("interview", "log", first, "--told", story, "Again?")[0] == 0
    code, _, err = run("interview", "log", second, "--told", story, "Lead?")
    assert code == 1
    assert err == (
        "storybank: “Led the on-call rewrite” was already told to Acme (screen · 2026-11-30); "
        "add --again to tell it there twice, or pick another story.\n"
    )
    code, _, err = run("interview", "log", second, "--told", story, "Lead?", "--again")
    assert code == 0 and "was told to Acme before" in err
    code, out, _ = run("interview", "show", second)
    assert "(also told Acme · screen · 2026-11-30)" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--told", "s-ffffff", "Q1"), "No story has the id “s-ffffff”"),
        (("--told", "{story}", "Q999"), "No question has the id “Q999”"),
        (("--ask-answer", "K99", "x"), "No question to ask has the id “K99”"),
        (("--rating", "9"), "9 is not in the range 1<=x<=5"),
        ((), "Give what to log"),
    ],
)
def test_interview_log_errors(run: Run, job: str, args: tuple[str, ...], message: str) -> None:
    story = _story(run, "A story")
    interview = _id(run, "interview", "add", job, "--start", "2026-11-30 14:00")
    given = [a.replace("{story}", story) for a in args]
    code, _, err = run("interview", "log", interview, *given)
    assert code != 0 and message in err and err.count("\n") == 1


def test_interview_thanks_draft(run: Run, job: str, tmp_path: Path) -> None:
    run("job", "edit", job, "--why", "I want to make pagers quiet. And more.")
    interview = _id(
        run, "interview", "add", job, "--start", "2026-11-30 14:00", "--with", "Dana Ortiz (EM)",
        "--round", "hiring manager",
    )  # fmt: skip
    run("interview", "log", interview, "--notes", "- the pager migration\n- on-call load")
    code, out, _ = run("interview", "thanks", interview)
    assert code == 0
    assert out.startswith("Subject: Thank you for the hiring manager conversation")
    assert "Dear Dana," in out and "- the pager migration" in out and "- on-call load" in out
    assert "I want to make pagers quiet." in out and "And more" not in out
    target = tmp_path / "thanks.txt"
    code, _, err = run("interview", "thanks", interview, "-o", str(target))
    assert code == 0 and target.read_text(encoding="utf-8") == out
    assert target.stat().st_mode & 0o777 == 0o600
    code, _, err = run("interview", "thanks", interview, "--edit")
    assert code == 2 and "no editor can open" in err


def test_interview_thanks_opens_the_editor(
    run: Run, job: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    interview = _id(run, "interview", "add", job, "--start", "2026-11-30 14:00")
    opened: list[str] = []

    def fake_edit(filename: str) -> None:
        opened.append(Path(filename).read_text(encoding="utf-8"))
        Path(filename).write_text("My own words\n", encoding="utf-8")

    monkeypatch.setattr("storybank.cli.common.is_interactive", lambda: True)
    monkeypatch.setattr("click.edit", fake_edit)
    code, _out, err = run("interview", "thanks", interview, "--edit")
    assert code == 0 and opened and opened[0].startswith("Subject: Thank you")
    kept = Path(err.split("Your note is in ")[1].strip())
    assert kept.read_text(encoding="utf-8") == "My own words\n"
    assert kept.stat().st_mode & 0o777 == 0o600
    kept.unlink()


def test_interview_delete(run: Run, job: str, bank_path: Path) -> None:
    interview = _id(run, "interview", "add", job, "--start", "2026-12-10 10:00")
    assert "add --yes" in run("interview", "delete", interview)[2]
    assert run("interview", "delete", interview, "--yes")[0] == 0
    bank = Bank(bank_path)
    assert bank.interviews() == []
    assert [f.kind.value for f in bank.followups()] == ["check-in"]
