"""Pilot tests of the interview loop in the app: jobs, forms, logging what was told, due list."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static, TextArea

from storybank.core.loop import AppStatus, FollowUpKind, FollowUpState, revise_record
from storybank.store.bank import Bank
from storybank.tui.app import StorybankApp, create_app
from storybank.tui.commands import StoryCommands
from storybank.tui.screens.due import DueScreen
from storybank.tui.screens.interview_form import InterviewFormScreen
from storybank.tui.screens.interview_log import InterviewLogScreen
from storybank.tui.screens.job_form import JobFormScreen
from storybank.tui.screens.jobs import JobsScreen
from storybank.tui.screens.loop_dialogs import StatusDialog
from storybank.tui.screens.main import MainScreen
from storybank.tui.widgets.story_detail import StoryDetail
from tests.tui.conftest import NoticeLog, settle
from tests.tui.loop_bank import loop_bank, utc

SIZE = (120, 40)
__all__ = ["utc"]  # the fixture, used by name

pytestmark = pytest.mark.usefixtures("utc")


@pytest.fixture
def loop_path(bank_path: Path) -> Path:
    """The sample stories with an interview loop."""
    loop_bank(bank_path)
    return bank_path


@pytest.fixture
def loop_app(loop_path: Path) -> StorybankApp:
    """The app on the loop bank."""
    return create_app(loop_path)


async def ready(pilot: Pilot[None]) -> None:
    """Let store workers (and the readiness they start) finish."""
    await settle(pilot, rounds=3)


def text_of(app: StorybankApp, selector: str) -> str:
    """The plain text a Static shows."""
    return str(app.screen.query_one(selector, Static).render())


def rows(app: StorybankApp, selector: str) -> list[str]:
    """The plain text of each option of an OptionList."""
    options = app.screen.query_one(selector, OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def open_jobs(pilot: Pilot[None]) -> JobsScreen:
    await ready(pilot)
    await pilot.press("J")
    await ready(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, JobsScreen)
    return screen


async def test_jobs_opens_by_key_with_status_and_next_date(
    loop_app: StorybankApp,
) -> None:
    async with loop_app.run_test(size=SIZE) as pilot:
        await open_jobs(pilot)
        listed = rows(loop_app, "#jobs-list")
        acme = next(row for row in listed if "Acme" in row)
        # Its next date is its soonest pending follow-up (every interview is past).
        assert acme == "Acme · Site reliability engineer\n  screening · 2024-03-07"
        assert "Globex · Support lead\n  interested" in listed  # no date: nothing pending
        await pilot.press("escape")
        await ready(pilot)
        assert isinstance(loop_app.screen, MainScreen)


async def test_jobs_is_in_the_palette_everywhere(loop_app: StorybankApp) -> None:
    async with loop_app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        titles = [hit.text async for hit in StoryCommands(loop_app.screen).discover()]
        assert "loop: Jobs" in titles and "loop: Due follow-ups" in titles
        await loop_app.run_action("jobs")
        await ready(pilot)
        assert isinstance(loop_app.screen, JobsScreen)
        titles = [hit.text async for hit in StoryCommands(loop_app.screen).discover()]
        assert "job: Log interview" in titles


async def test_the_detail_shows_interviews_and_research_without_markup(
    loop_app: StorybankApp,
) -> None:
    async with loop_app.run_test(size=SIZE) as pilot:
        screen = await open_jobs(pilot)
        while screen.current is None or screen.current.company != "Acme":
            await pilot.press("down")
        detail = text_of(loop_app, "#jobs-detail-text")
        assert "Met [bold]Sam[/bold] at the meetup." in detail  # user text, not markup
        assert "Interviews (2)" in detail
        assert "Mission: Keep the lights on." in detail
        assert "applied 2024-03-01 → screening 2024-03-04" in detail
        interviews = rows(loop_app, "#jobs-interviews")
        assert interviews[0].startswith("2024-03-06 10:00 ✓ recruiter screen · phone")
        assert interviews[0].endswith("(1 asked, 1 told)")
        assert "✓" not in interviews[1]


async def test_a_failed_save_keeps_the_text_and_says_what_to_fix(
    loop_app: StorybankApp, loop_path: Path
) -> None:
    before = loop_path.read_bytes()
    async with loop_app.run_test(size=SIZE) as pilot:
        await open_jobs(pilot)
        await pilot.press("n")
        await ready(pilot)
        assert isinstance(loop_app.screen, JobFormScreen)
        await pilot.press("tab", *"Data engineer")
        loop_app.screen.query_one("#job-notes", TextArea).text = "Ask about [red]on-call[/red]"
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert isinstance(loop_app.screen, JobFormScreen)
        assert text_of(loop_app, "#form-error") == "⚠ Company is required"
        assert loop_app.screen.query_one("#job-company").has_class("-invalid")
        assert loop_app.screen.query_one("#job-role", Input).value == "Data engineer"
        assert loop_path.read_bytes() == before
        loop_app.screen.query_one("#job-company", Input).value = "Initech"
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert isinstance(loop_app.screen, JobsScreen)
    saved = next(a for a in Bank(loop_path).applications() if a.company == "Initech")
    assert saved.role == "Data engineer"
    assert saved.notes == "Ask about [red]on-call[/red]"


async def test_an_edit_changed_elsewhere_is_refused_and_the_text_kept(
    loop_app: StorybankApp, loop_path: Path
) -> None:
    async with loop_app.run_test(size=SIZE) as pilot:
        screen = await open_jobs(pilot)
        acme = screen.current
        assert acme is not None and acme.company == "Acme"
        await pilot.press("e")
        await ready(pilot)
        assert isinstance(loop_app.screen, JobFormScreen)
        other = Bank(loop_path)
        other.change_application(acme.id, lambda a: revise_record(a, notes="From elsewhere"))
        loop_app.screen.query_one("#job-notes", TextArea).text = "Mine"
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert isinstance(loop_app.screen, JobFormScreen)
        assert "changed by another storybank" in text_of(loop_app, "#form-error")
        assert loop_app.screen.query_one("#job-notes", TextArea).text == "Mine"
    assert Bank(loop_path).application(acme.id).notes == "From elsewhere"


async def test_leaving_a_changed_form_asks_first(loop_app: StorybankApp) -> None:
    async with loop_app.run_test(size=SIZE) as pilot:
        await open_jobs(pilot)
        await pilot.press("n", *"Hooli", "escape")
        await ready(pilot)
        assert type(loop_app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n")  # keep editing
        await ready(pilot)
        assert loop_app.screen.query_one("#job-company", Input).value == "Hooli"


async def test_status_moves_the_application_on(loop_app: StorybankApp, loop_path: Path) -> None:
    async with loop_app.run_test(size=SIZE) as pilot:
        screen = await open_jobs(pilot)
        acme = screen.current
        assert acme is not None
        await pilot.press("s")
        await ready(pilot)
        assert isinstance(loop_app.screen, StatusDialog)
        await pilot.press("enter")  # the next status is highlighted: interviewing
        await ready(pilot)
        assert isinstance(loop_app.screen, JobsScreen)
        assert "\n  interviewing" in rows(loop_app, "#jobs-list")[0]
    stored = Bank(loop_path).application(acme.id)
    assert stored.status is AppStatus.INTERVIEWING
    assert [s.status for s in stored.history][-2:] == [AppStatus.SCREENING, AppStatus.INTERVIEWING]


async def test_adding_an_interview_saves_it_with_its_thank_you(
    loop_app: StorybankApp, loop_path: Path
) -> None:
    async with loop_app.run_test(size=SIZE) as pilot:
        screen = await open_jobs(pilot)
        acme = screen.current
        assert acme is not None
        await pilot.press("i")
        await ready(pilot)
        form = loop_app.screen
        assert isinstance(form, InterviewFormScreen)
        form.query_one("#iv-start", Input).value = "2024-03-20 09:00"
        form.query_one("#iv-end", Input).value = "08:00"
        form.query_one("#iv-round", Input).value = "panel"
        form.query_one("#iv-interviewers", TextArea).text = "Ana Lima, VP\nBo Chen"
        await pilot.press("ctrl+s")
        await ready(pilot)
        # An end before the start is refused in people's words, and the form kept.
        assert loop_app.screen is form
        assert "ends (2024-03-20 08:00) before it starts" in text_of(loop_app, "#form-error")
        assert form.query_one("#iv-round", Input).value == "panel"
        form.query_one("#iv-end", Input).value = "10:30"
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert isinstance(loop_app.screen, JobsScreen)
        assert len(rows(loop_app, "#jobs-interviews")) == 3
    bank = Bank(loop_path)
    added = next(i for i in bank.interviews(acme.id) if i.round == "panel")
    assert [(p.name, p.role) for p in added.interviewers] == [("Ana Lima", "VP"), ("Bo Chen", "")]
    assert added.end is not None and added.end.hour == 10 and added.end.minute == 30
    thanks = [f for f in bank.followups(acme.id) if f.interview_id == added.id]
    assert [f.kind for f in thanks] == [FollowUpKind.THANK_YOU]


async def test_a_bad_date_says_how_to_write_it(loop_app: StorybankApp) -> None:
    async with loop_app.run_test(size=SIZE) as pilot:
        await open_jobs(pilot)
        await pilot.press("i")
        await ready(pilot)
        await pilot.press(*"next tuesday", "ctrl+s")
        await ready(pilot)
        assert "is not one I can read; write it like" in text_of(loop_app, "#form-error")
        assert loop_app.screen.query_one("#iv-start").has_class("-invalid")
        assert loop_app.screen.query_one("#iv-start", Input).value == "next tuesday"


async def open_log(pilot: Pilot[None]) -> InterviewLogScreen:
    """From the jobs screen: Acme's interviews (enter), the latest one, then l."""
    app = pilot.app
    await pilot.press("enter")  # to the interviews, the latest highlighted
    await ready(pilot)
    await pilot.press("l")
    await ready(pilot)
    screen = app.screen
    assert isinstance(screen, InterviewLogScreen)
    return screen


async def test_logging_what_i_told_warns_on_a_story_told_to_the_company(
    loop_app: StorybankApp, loop_path: Path
) -> None:
    async with loop_app.run_test(size=SIZE) as pilot:
        await open_jobs(pilot)
        log = await open_log(pilot)
        assert log.original.round == "technical"
        # A question from the banks: type words, move down past "Add: …", enter.
        await pilot.press(*"conflict with a teammate")
        await ready(pilot)
        picks = rows(loop_app, "#log-picks")
        assert picks[0] == "Add: conflict with a teammate"
        assert len(picks) > 1
        await pilot.press("down", "enter")
        await ready(pilot)
        assert log.step == "story"
        stories = rows(loop_app, "#log-picks")
        # The story already told to Acme is marked, and not offered first.
        told = next(row for row in stories if row.startswith("Led the on-call rewrite"))
        assert "⚠ told: recruiter screen · 2024-03-06" in told
        assert stories.index(told) > 1
        # Pick it anyway: the first enter warns, the second logs it.
        await pilot.press(*"on-call", "enter")
        await ready(pilot)
        assert text_of(loop_app, "#log-warning") == (
            "⚠ Already told to Acme: recruiter screen · 2024-03-06. Enter again to log it anyway."
        )
        assert log.asked == []
        await pilot.press("enter")
        await ready(pilot)
        assert [a.story_id for a in log.asked] == ["s-000001"]
        assert log.step == "question"
        # A typed question with no story.
        await pilot.press(*"Why Acme?", "enter")
        await ready(pilot)
        await pilot.press("up", "enter")  # "(no story…)"
        await ready(pilot)
        assert [(a.question, a.story_id) for a in log.asked][-1] == ("Why Acme?", "")
        assert rows(loop_app, "#log-asked")[0].endswith("\n  → ⚠ Led the on-call rewrite")
        log.query_one("#log-rating", Input).value = "4"
        log.query_one("#log-notes", TextArea).text = "Lee liked the pager story."
        log.query_one(
            "#log-asks", TextArea
        ).text = "Q: What does success look like in 90 days?\nA: Owning the alerting.\n"
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert isinstance(loop_app.screen, JobsScreen)
    saved = Bank(loop_path).interview(log.original.id)
    assert [a.story_title for a in saved.asked] == ["Led the on-call rewrite", ""]
    assert saved.asked[0].question_id.startswith("Q")
    assert saved.rating == 4
    assert saved.notes == "Lee liked the pager story."
    assert [(a.question, a.answer) for a in saved.asks_asked] == [
        ("What does success look like in 90 days?", "Owning the alerting.")
    ]


async def test_a_logged_question_can_be_removed_and_esc_steps_back(
    loop_app: StorybankApp,
) -> None:
    async with loop_app.run_test(size=SIZE) as pilot:
        await open_jobs(pilot)
        log = await open_log(pilot)
        await pilot.press(*"Why us?", "enter")
        await ready(pilot)
        await pilot.press("escape")  # back to the question, nothing logged
        assert log.step == "question" and log.asked == []
        await pilot.press(*"Why us?", "enter", "enter")
        await ready(pilot)
        assert len(log.asked) == 1
        log.query_one("#log-asked", OptionList).focus()
        await pilot.pause()
        await pilot.press("ctrl+d")
        assert log.asked == []


async def test_a_rejected_log_keeps_everything_typed(
    loop_app: StorybankApp, loop_path: Path
) -> None:
    async with loop_app.run_test(size=SIZE) as pilot:
        await open_jobs(pilot)
        log = await open_log(pilot)
        await pilot.press(*"Why us?", "enter", "enter")
        await ready(pilot)
        other = Bank(loop_path)
        other.change_interview(log.original.id, lambda i: revise_record(i, notes="Elsewhere"))
        log.query_one("#log-notes", TextArea).text = "Mine"
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert loop_app.screen is log
        assert "changed" in text_of(loop_app, "#form-error").lower()
        assert len(log.asked) == 1
        assert log.query_one("#log-notes", TextArea).text == "Mine"
    assert Bank(loop_path).interview(log.original.id).notes == "Elsewhere"


async def test_due_list_done_snooze_drop_and_the_title_bar_count(
    loop_app: StorybankApp, loop_path: Path
) -> None:
    async with loop_app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        before = len(Bank(loop_path).followups())
        count = int(loop_app.due_label.split()[0])
        assert count >= 3  # two thank-yous and a check-in, all in 2024
        await pilot.press("u")
        await ready(pilot)
        due = loop_app.screen
        assert isinstance(due, DueScreen)
        listed = rows(loop_app, "#due-list")
        assert len(listed) == count and all(row.startswith("overdue") for row in listed)
        # Each key acts on the highlighted one; the next one then takes its place.
        first = due.items[0].followup
        await pilot.press("d")
        await ready(pilot)
        second = due.items[0].followup
        await pilot.press("s")
        await ready(pilot)
        third = due.items[0].followup
        assert third.id != second.id
        await pilot.press("x")
        await ready(pilot)
        # Snoozed for a day, it is still due soon (by tomorrow), but no longer overdue.
        left = count - 2
        assert loop_app.due_label == ("1 follow-up due" if left == 1 else f"{left} follow-ups due")
        snoozed = next(row for row in rows(loop_app, "#due-list") if "(snoozed)" in row)
        assert snoozed.startswith("due ")
    bank = Bank(loop_path)
    assert bank.followup(first.id).state is FollowUpState.DONE
    assert bank.followup(second.id).state is FollowUpState.SNOOZED
    assert bank.followup(third.id).state is FollowUpState.DROPPED
    assert len(bank.followups()) == before


async def open_due(pilot: Pilot[None]) -> DueScreen:
    await ready(pilot)
    await pilot.press("u")
    await ready(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DueScreen)
    return screen


def fill(app: StorybankApp, widget_id: str, value: str) -> None:
    field = app.screen.query_one(f"#{widget_id}", Input)
    field.value = value
    field.focus()


async def test_add_a_follow_up_of_your_own_from_the_due_list(
    loop_app: StorybankApp, loop_path: Path
) -> None:
    before = len(Bank(loop_path).followups())
    async with loop_app.run_test(size=SIZE) as pilot:
        await open_due(pilot)
        await pilot.press("a")
        await ready(pilot)
        # A date that cannot be read, then no title: the dialog says what to fix and keeps
        # what was typed; nothing is saved.
        fill(loop_app, "own-title", "Send the portfolio to Dana")
        fill(loop_app, "own-due", "when pigs fly")
        await pilot.press("enter")
        await ready(pilot)
        assert "“when pigs fly” is not one I can read" in text_of(loop_app, "#own-error")
        assert loop_app.screen.query_one("#own-title", Input).value.startswith("Send")
        fill(loop_app, "own-title", "  ")
        fill(loop_app, "own-due", "2024-03-01")
        await pilot.press("enter")
        await ready(pilot)
        assert text_of(loop_app, "#own-error") == "Title is required"
        assert len(Bank(loop_path).followups()) == before
        fill(loop_app, "own-title", "Send the portfolio to Dana")
        await pilot.press("enter")
        await ready(pilot)
        assert isinstance(loop_app.screen, DueScreen)
        # Due on 1 March 2024 at 09:00, it is overdue and listed.
        assert any("Send the portfolio to Dana" in row for row in rows(loop_app, "#due-list"))
    added = [f for f in Bank(loop_path).followups() if f.title == "Send the portfolio to Dana"]
    assert len(added) == 1
    assert added[0].kind is FollowUpKind.OWN and added[0].state is FollowUpState.OPEN
    assert added[0].due == datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


async def test_snooze_until_a_chosen_date_from_the_due_list(
    loop_app: StorybankApp, loop_path: Path
) -> None:
    async with loop_app.run_test(size=SIZE) as pilot:
        due = await open_due(pilot)
        first = due.items[0].followup
        await pilot.press("w")
        await ready(pilot)
        fill(loop_app, "snooze-when", "the 5th")
        await pilot.press("enter")
        await ready(pilot)
        assert "“the 5th” is not one I can read" in text_of(loop_app, "#snooze-error")
        fill(loop_app, "snooze-when", "2030-01-05 10:30")
        await pilot.press("enter")
        await ready(pilot)
        assert isinstance(loop_app.screen, DueScreen)
        assert first.id not in [item.followup.id for item in loop_app.screen.items]
        # Esc leaves the next one as it was.
        second = loop_app.screen.items[0].followup
        await pilot.press("w")
        await ready(pilot)
        await pilot.press("escape")
        await ready(pilot)
    bank = Bank(loop_path)
    snoozed = bank.followup(first.id)
    assert snoozed.state is FollowUpState.SNOOZED
    assert snoozed.snoozed_until == datetime(2030, 1, 5, 10, 30, tzinfo=UTC)
    assert bank.followup(second.id).state is second.state


async def test_the_story_detail_says_where_the_story_was_told(loop_app: StorybankApp) -> None:
    async with loop_app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        main = loop_app.main_screen
        main.select_story("s-000001")
        await ready(pilot)
        text = main.query_one(StoryDetail).text.plain
        assert "Told (1):" in text
        assert "Acme · recruiter screen · 2024-03-06 — Tell me about a time you led a team." in text


async def test_bank_text_reaches_the_screen_without_control_characters(
    bank_path: Path,
) -> None:
    loop_bank(bank_path)
    Bank(bank_path).add_application(
        revise_record(
            next(a for a in Bank(bank_path).applications() if a.company == "Globex"),
            company="Evil\x1b[31m Corp",
        ).model_copy(update={"id": "a-0000beef"})
    )
    app = create_app(bank_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_jobs(pilot)
        listed = "\n".join(rows(app, "#jobs-list"))
        assert "\x1b" not in listed
        assert "Evil␛[31m Corp" in listed


async def test_keys_typed_fast_after_n_and_tab_land_in_their_fields(
    loop_app: StorybankApp,
) -> None:
    async with loop_app.run_test(size=SIZE) as pilot:
        await open_jobs(pilot)
        await pilot.press("n", *"Acme", "tab", *"SRE")
        await ready(pilot)
        assert loop_app.screen.query_one("#job-company", Input).value == "Acme"
        assert loop_app.screen.query_one("#job-role", Input).value == "SRE"


async def test_deleting_a_told_story_says_where_it_was_told_first(
    loop_app: StorybankApp,
) -> None:
    async with loop_app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        loop_app.main_screen.select_story("s-000001")
        await ready(pilot)
        await pilot.press("d")
        await ready(pilot)
        detail = str(loop_app.screen.query_one(".dialog-detail", Static).render())
        assert detail.endswith("It was told in 1 interview; their logs keep its title.")


async def test_the_prep_sheet_and_a_thank_you_draft_are_written_owner_only(
    loop_app: StorybankApp, loop_path: Path, tmp_path: Path
) -> None:
    sheet, draft = tmp_path / "out" / "prep.md", tmp_path / "out" / "thanks.txt"
    sheet.parent.mkdir()
    async with loop_app.run_test(size=SIZE) as pilot:
        await open_jobs(pilot)
        await pilot.press("enter")  # Acme's interviews, the technical one highlighted
        await ready(pilot)
        await pilot.press("p")
        await ready(pilot)
        field = loop_app.screen.query_one("#file-path", Input)
        assert field.value == "prep-acme-2024-03-12.md"
        field.value = str(sheet)
        await pilot.press("enter")
        await ready(pilot)
        await pilot.press("t")
        await ready(pilot)
        loop_app.screen.query_one("#file-path", Input).value = str(draft)
        await pilot.press("enter")
        await ready(pilot)
        # The bank itself is refused, in one line, and stays as it was.
        before = loop_path.read_bytes()
        await pilot.press("t")
        await ready(pilot)
        loop_app.screen.query_one("#file-path", Input).value = str(loop_path)
        await pilot.press("enter")
        await ready(pilot)
        assert loop_path.read_bytes() == before
    text = sheet.read_text(encoding="utf-8")
    assert text.startswith("# Interview prep: Acme · Site reliability engineer — technical")
    assert "Led the on-call rewrite" in text  # already told to this company
    assert sheet.stat().st_mode & 0o777 == 0o600
    assert "Lee" in draft.read_text(encoding="utf-8")
    assert draft.stat().st_mode & 0o777 == 0o600


async def test_a_draft_written_out_of_an_encrypted_bank_is_warned_about(
    loop_path: Path, tmp_path: Path
) -> None:
    from storybank.store.bank import Bank
    from storybank.store.crypt import UNLOCKER, Sealing

    Bank(loop_path).encrypt(Sealing.new("a long and private phrase"))
    UNLOCKER.use(None)
    app = create_app(loop_path, preset=lambda _path: "a long and private phrase")
    draft = tmp_path / "thanks.txt"
    notified = NoticeLog()
    async with app.run_test(size=SIZE, message_hook=notified) as pilot:
        await write_draft(pilot, draft)
    warnings = [n.message for n in notified.notifications if n.title == "Not encrypted"]
    assert len(warnings) == 1 and "thanks.txt holds text from the bank in plain text" in warnings[0]
    assert draft.stat().st_mode & 0o777 == 0o600


def fake_editor(tmp_path: Path, body: str) -> str:
    """A small shell script to stand in for $EDITOR; returns its path."""
    script = tmp_path / "fake-editor.sh"
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(0o700)
    return str(script)


async def write_draft(pilot: Pilot[None], draft: Path) -> None:
    """On the Jobs screen: t on Acme's technical interview, written to `draft`."""
    await open_jobs(pilot)
    await pilot.press("enter")  # Acme's interviews, the technical one highlighted
    await ready(pilot)
    await pilot.press("t")
    await ready(pilot)
    pilot.app.screen.query_one("#file-path", Input).value = str(draft)
    await pilot.press("enter")
    await ready(pilot)


async def test_the_thank_you_draft_opens_in_the_editor_and_stays_owner_only(
    loop_app: StorybankApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The editor writes a new file in the draft's place, readable by all: it is made
    # owner-only again once the editor is done.
    editor = fake_editor(
        tmp_path,
        'cp "$1" "$1.new" && echo "Best, Sam" >> "$1.new" && chmod 644 "$1.new" && '
        'mv "$1.new" "$1"\n',
    )
    monkeypatch.setenv("EDITOR", editor)
    monkeypatch.setattr(StorybankApp, "suspend", lambda self: contextlib.nullcontext())
    draft = tmp_path / "thanks.txt"
    notified = NoticeLog()
    async with loop_app.run_test(size=SIZE, message_hook=notified) as pilot:
        await write_draft(pilot, draft)
    text = draft.read_text(encoding="utf-8")
    assert "Lee" in text and text.endswith("Best, Sam\n")
    assert draft.stat().st_mode & 0o777 == 0o600
    assert [n.severity for n in notified.notifications] == ["information"]


@pytest.mark.parametrize("editor", ["fails", "unset", "no terminal"])
async def test_without_a_working_editor_the_draft_is_kept_with_one_message(
    loop_app: StorybankApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, editor: str
) -> None:
    if editor == "fails":
        monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "exit 3\n"))
    if editor != "no terminal":
        monkeypatch.setattr(StorybankApp, "suspend", lambda self: contextlib.nullcontext())
    else:
        monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "exit 0\n"))
    draft = tmp_path / "thanks.txt"
    notified = NoticeLog()
    async with loop_app.run_test(size=SIZE, message_hook=notified) as pilot:
        await write_draft(pilot, draft)
        assert isinstance(loop_app.screen, JobsScreen)
    assert "Lee" in draft.read_text(encoding="utf-8")
    assert draft.stat().st_mode & 0o777 == 0o600
    warnings = [n.message for n in notified.notifications if n.severity == "warning"]
    assert len(warnings) == 1 and "\n" not in warnings[0]
    assert "kept" in warnings[0] and str(draft) in warnings[0]


async def test_in_the_interviews_e_edits_and_d_deletes_an_interview(
    loop_app: StorybankApp, loop_path: Path
) -> None:
    async with loop_app.run_test(size=SIZE) as pilot:
        await open_jobs(pilot)
        await pilot.press("enter")  # the technical interview highlighted
        await ready(pilot)
        await pilot.press("e")
        await ready(pilot)
        form = loop_app.screen
        assert isinstance(form, InterviewFormScreen)
        assert form.query_one("#iv-start", Input).value == "2024-03-12 14:00"
        form.query_one("#iv-round", Input).value = "system design"
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert isinstance(loop_app.screen, JobsScreen)
        rounds = [i.round for i in Bank(loop_path).interviews()]
        assert rounds == ["recruiter screen", "system design"]
        await pilot.press("d")
        await ready(pilot)
        await pilot.press("y")
        await ready(pilot)
        assert len(rows(loop_app, "#jobs-interviews")) == 1
    bank = Bank(loop_path)
    assert [i.round for i in bank.interviews()] == ["recruiter screen"]


async def test_questions_to_ask_are_picked_and_wait_in_the_log(
    loop_app: StorybankApp, loop_path: Path
) -> None:
    async with loop_app.run_test(size=SIZE) as pilot:
        screen = await open_jobs(pilot)
        acme = screen.current
        assert acme is not None
        await pilot.press("k")
        await ready(pilot)
        assert type(loop_app.screen).__name__ == "AsksDialog"
        await pilot.press("space", "down", "down", "space", "ctrl+s")
        await ready(pilot)
        assert isinstance(loop_app.screen, JobsScreen)
        picked = Bank(loop_path).application(acme.id).asks
        assert [p.ask_id for p in picked] == ["K01", "K03"]
        log = await open_log(pilot)
        asks = log.query_one("#log-asks", TextArea).text
        assert asks == f"Q: {picked[0].text}\nA:\n\nQ: {picked[1].text}\nA:"
        # Unchecking one takes it off the pick list and keeps the other.
        await pilot.press("escape")
        await ready(pilot)
        loop_app.screen.query_one("#jobs-list", OptionList).focus()
        await pilot.pause()
        await pilot.press("k")
        await ready(pilot)
        await pilot.press("space", "ctrl+s")
        await ready(pilot)
    assert [p.ask_id for p in Bank(loop_path).application(acme.id).asks] == ["K03"]


async def test_which_story_says_where_a_ranked_story_was_told(loop_app: StorybankApp) -> None:
    from storybank.tui.screens.questions import QuestionsScreen
    from storybank.tui.widgets.match_list import MatchList

    async with loop_app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("w")
        await ready(pilot)
        assert isinstance(loop_app.screen, QuestionsScreen)
        await pilot.press(*"led a team", "enter")
        await ready(pilot)
        matches = loop_app.screen.query_one(MatchList)
        for _ in range(len(matches.matches)):
            if matches.current is not None and matches.current.id == "s-000001":
                break
            await pilot.press("down")
        await ready(pilot)
        why = text_of(loop_app, "#q-why")
        assert "⚠ told: Acme · recruiter screen · 2024-03-06" in why
