"""The jobs screen: applications with their status and next date, and the highlighted one's
interviews and detail."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from storybank.core.loop import Application, AppStatus, Interview
from storybank.core.models import utc_now
from storybank.core.textsafe import one_line
from storybank.core.vocab import counted
from storybank.tui.declared import PaletteCommand
from storybank.tui.loop_files import suggested_name
from storybank.tui.loop_state import LoopView, Saved
from storybank.tui.loop_text import day_text, when_text
from storybank.tui.screens.base import StorybankScreen
from storybank.tui.widgets.key_bar import KeyBar
from storybank.tui.widgets.loop_detail import (
    application_row,
    application_text,
    interview_row,
    interview_text,
)
from storybank.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from storybank.core.errors import StorybankError
    from storybank.tui.session import BankSession
    from storybank.tui.snapshot import BankSnapshot

EMPTY = (
    "No applications yet. Press n to add the first: the company, the role, where you found "
    "it, and your research. Then add its interviews with i, and right after each one, log "
    "what you told with l."
)


class JobsScreen(StorybankScreen[None]):
    """Applications: status, next date, interviews; add, edit, move on, log."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="jobs.close", tooltip="Back to the story list"),
        # The keys that open a form are handled as they arrive (as on the story list), so keys
        # typed right after them reach the form.
        Binding("n", "new_job", "New", id="jobs.new", tooltip="Add an application", priority=True),
        Binding(
            "e", "edit_job", "Edit", id="jobs.edit", tooltip="Edit the application", priority=True
        ),
        Binding(
            "s", "status", "Status", id="jobs.status", tooltip="Move the application on (status)"
        ),
        Binding(
            "i",
            "new_interview",
            "Interview",
            id="jobs.interview",
            tooltip="Add an interview",
            priority=True,
        ),
        Binding(
            "l",
            "log_interview",
            "Log",
            id="jobs.log",
            tooltip="Log what you told in the highlighted (or latest) interview",
            priority=True,
        ),
        Binding("u", "due", "Due", id="jobs.due", tooltip="Follow-ups due and overdue"),
        Binding(
            "k",
            "asks",
            "Questions to ask",
            id="jobs.asks",
            show=False,
            tooltip="Pick the questions to ask the interviewers (on the prep sheet and the log)",
        ),
        Binding(
            "p",
            "prep_sheet",
            "Prep sheet",
            id="jobs.prep",
            show=False,
            tooltip="Write the prep sheet of the highlighted (or next) interview to a file",
        ),
        Binding(
            "t",
            "thank_you",
            "Thank-you",
            id="jobs.thanks",
            show=False,
            tooltip="Write a thank-you draft and open it in $EDITOR",
        ),
        Binding(
            "d,delete",
            "delete_job",
            "Delete",
            id="jobs.delete",
            key_display="d",
            show=False,
            tooltip="Delete the application with its interviews (asks first)",
        ),
        Binding("tab", "app.focus_next", "Next pane", show=False),
    ]
    HELP_TITLE = "Jobs (J)"
    HELP_EXTRA = (
        ("enter", "On an application: its interviews; on an interview: log it"),
        ("e d", "In the interviews: edit or delete the highlighted interview"),
    )
    PALETTE = (
        PaletteCommand("job: New application", "Add an application (n)", "new_job"),
        PaletteCommand("job: Edit application", "Company, role, notes, research (e)", "edit_job"),
        PaletteCommand("job: Change status", "Applied, interviewing, offer… (s)", "status"),
        PaletteCommand("job: Add interview", "Date, round, interviewers (i)", "new_interview"),
        PaletteCommand("job: Log interview", "What was asked and told (l)", "log_interview"),
        PaletteCommand(
            "job: Prep sheet", "For the interview, to a Markdown file (p)", "prep_sheet"
        ),
        PaletteCommand(
            "job: Thank-you draft", "To a text file, opened in $EDITOR (t)", "thank_you"
        ),
        PaletteCommand("job: Questions to ask", "Pick them for this application (k)", "asks"),
        PaletteCommand("job: Delete application", "With its interviews (d)", "delete_job"),
    )

    def __init__(self, session: BankSession) -> None:
        super().__init__(session)
        self.loop = LoopView()
        self.current_id: str | None = None

    def compose(self) -> ComposeResult:
        self.take_width_classes()
        yield TitleBar()
        with Horizontal(id="jobs-body"):
            yield OptionList(id="jobs-list")
            with Vertical(id="jobs-side"):
                yield OptionList(id="jobs-interviews")
                with VerticalScroll(id="jobs-detail"):
                    yield Static(Text(""), id="jobs-detail-text")
        yield Static(Text(EMPTY), id="jobs-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Jobs"
        self.query_one("#jobs-interviews").border_title = "Interviews"
        self.query_one("#jobs-list", OptionList).focus()
        snapshot = self.session.snapshot
        if snapshot is not None:
            self.loop_changed(snapshot)

    # Data ---------------------------------------------------------------------------------

    def loop_changed(self, snapshot: BankSnapshot) -> None:
        """Show a new state of the bank, keeping the highlighted application."""
        self.loop = snapshot.loop
        self.show_list(self.current_id)

    def show_list(self, keep: str | None) -> None:
        """Fill the list of applications, highlighting `keep` where it still is."""
        loop = self.loop
        now = utc_now()
        options = self.query_one("#jobs-list", OptionList)
        options.clear_options()
        options.add_options(
            [
                Option(application_row(a, loop.next_date(a.id, now)), id=a.id)
                for a in loop.applications
            ]
        )
        total = len(loop.applications)
        active = sum(1 for a in loop.applications if not a.status.is_closed)
        options.border_title = (
            f"Applications: {total} ({active} active)" if total else "Applications"
        )
        self.set_class(total == 0, "-empty")
        ids = [a.id for a in loop.applications]
        if ids:
            options.highlighted = ids.index(keep) if keep in ids else 0
        else:
            self.current_id = None
            self._show_interviews(None)

    @property
    def current(self) -> Application | None:
        """The highlighted application."""
        return self.loop.application(self.current_id) if self.current_id else None

    @property
    def current_interview(self) -> Interview | None:
        """The highlighted interview of the highlighted application."""
        options = self.query_one("#jobs-interviews", OptionList)
        index = options.highlighted
        if index is None or index >= options.option_count:
            return None
        option_id = options.get_option_at_index(index).id
        return self.loop.interview(option_id) if option_id else None

    def _show_interviews(self, application: Application | None) -> None:
        interviews = self.loop.interviews_of(application.id) if application else []
        options = self.query_one("#jobs-interviews", OptionList)
        keep = self.current_interview
        options.clear_options()
        options.add_options([Option(interview_row(i), id=i.id) for i in interviews])
        options.border_title = f"Interviews: {len(interviews)}" if interviews else "Interviews"
        if interviews:
            ids = [i.id for i in interviews]
            options.highlighted = ids.index(keep.id) if keep and keep.id in ids else len(ids) - 1
        self._show_detail()

    def _show_detail(self) -> None:
        application = self.current
        panel = self.query_one("#jobs-detail-text", Static)
        if application is None:
            panel.update(Text("No application selected.", style="dim"))
            return
        interview = self.current_interview
        if interview is not None and self.query_one("#jobs-interviews").has_focus:
            panel.update(interview_text(interview, application.company))
            return
        interviews = self.loop.interviews_of(application.id)
        panel.update(
            application_text(application, interviews, self.loop.followups_of(application.id))
        )

    # Events -------------------------------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_list.id == "jobs-list":
            if event.option.id != self.current_id:
                self.current_id = event.option.id
            self._show_interviews(self.current)
        else:
            self._show_detail()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "jobs-list":
            interviews = self.query_one("#jobs-interviews", OptionList)
            if interviews.option_count:
                interviews.focus()
            else:
                self.action_new_interview()
        else:
            self.action_log_interview()

    def on_descendant_focus(self, event: Any) -> None:
        self._show_detail()

    # Actions ------------------------------------------------------------------------------

    def _chosen(self) -> Application | None:
        application = self.current
        if application is None:
            self.notify("Add an application first (n).", severity="warning", markup=False)
        return application

    def action_close(self) -> None:
        """Back to the story list."""
        self.dismiss(None)

    def action_new_job(self) -> None:
        """Add an application."""
        from storybank.tui.screens.job_form import JobFormScreen

        self.app.push_screen(JobFormScreen(self.session, None), self._form_closed)

    def _on_interviews(self) -> Interview | None:
        """The highlighted interview while the interviews have the focus."""
        if self.query_one("#jobs-interviews").has_focus:
            return self.current_interview
        return None

    def action_edit_job(self) -> None:
        """Edit the highlighted application (or, in its interviews, the highlighted one)."""
        if (application := self._chosen()) is None:
            return
        if (interview := self._on_interviews()) is not None:
            from storybank.tui.screens.interview_form import InterviewFormScreen

            self.app.push_screen(
                InterviewFormScreen(self.session, application, interview), self._interview_added
            )
            return
        from storybank.tui.screens.job_form import JobFormScreen

        self.app.push_screen(JobFormScreen(self.session, application), self._form_closed)

    def _form_closed(self, saved: Application | None) -> None:
        if saved is not None:
            self.current_id = saved.id
            if self.session.snapshot is not None:
                self.loop_changed(self.session.snapshot)
        self.query_one("#jobs-list", OptionList).focus()

    def action_status(self) -> None:
        """Move the highlighted application to another status."""
        if (application := self._chosen()) is None:
            return
        from storybank.tui.screens.loop_dialogs import StatusDialog

        def chosen(status: AppStatus | None) -> None:
            if status is None or status == application.status:
                return
            label = one_line(application.label())
            self.session.change(
                lambda bank: Saved(bank.set_status(application.id, status)),
                done=lambda _: self.notify(f"{label}: {status.value}.", markup=False),
            )

        self.app.push_screen(StatusDialog(application), chosen)

    def action_new_interview(self) -> None:
        """Add an interview to the highlighted application."""
        if (application := self._chosen()) is None:
            return
        from storybank.tui.screens.interview_form import InterviewFormScreen

        self.app.push_screen(
            InterviewFormScreen(self.session, application, None), self._interview_added
        )

    def _interview_added(self, saved: Interview | None) -> None:
        if saved is not None and self.session.snapshot is not None:
            self.loop_changed(self.session.snapshot)
            interviews = self.query_one("#jobs-interviews", OptionList)
            ids = [i.id for i in self.loop.interviews_of(saved.application_id)]
            if saved.id in ids:
                interviews.highlighted = ids.index(saved.id)

    def action_log_interview(self) -> None:
        """Log the highlighted interview (or the latest one that has started)."""
        if (application := self._chosen()) is None:
            return
        interview = self.current_interview
        if interview is None:
            self.notify("Add the interview first (i).", severity="warning", markup=False)
            return
        if not self.query_one("#jobs-interviews").has_focus:
            started = [i for i in self.loop.interviews_of(application.id) if i.start <= utc_now()]
            interview = started[-1] if started else interview
        from storybank.tui.screens.interview_log import InterviewLogScreen

        self.app.push_screen(
            InterviewLogScreen(self.session, application, interview), self._interview_added
        )

    def _interview_for(self, upcoming: bool) -> Interview | None:
        """The highlighted interview when the interviews have the focus; else the next one to
        come (`upcoming`) or the latest that has started."""
        application = self._chosen()
        if application is None:
            return None
        if self.query_one("#jobs-interviews").has_focus and self.current_interview is not None:
            return self.current_interview
        interviews = self.loop.interviews_of(application.id)
        now = utc_now()
        ahead = [i for i in interviews if i.start >= now]
        started = [i for i in interviews if i.start < now]
        if upcoming and ahead:
            return ahead[0]
        chosen = started[-1] if started else (ahead[0] if ahead else None)
        if chosen is None:
            self.notify("Add the interview first (i).", severity="warning", markup=False)
        return chosen

    def _write_file(
        self,
        question: str,
        kind: str,
        interview: Interview,
        write: Callable[..., Path],
        then: Callable[[Path], None] | None = None,
    ) -> None:
        application = self.loop.application(interview.application_id)
        company = application.company if application else ""
        suggested = suggested_name(kind, company, day_text(interview.start))

        def chosen(path: str | None) -> None:
            if not path:
                return
            target = Path(path).expanduser()
            self.session.change(
                lambda bank: Saved(write(bank, interview.id, target)),
                done=lambda _: self._written(target, then),
                failed=self._failed,
            )

        from storybank.tui.screens.loop_dialogs import FileDialog

        self.app.push_screen(FileDialog(question, suggested), chosen)

    def _written(self, target: Path, then: Callable[[Path], None] | None) -> None:
        self.notify(f"Wrote {one_line(str(target.absolute()))}", markup=False)
        if self.session.encrypted:
            from storybank.store.outputs import plain_copy_note

            self.notify(
                one_line(plain_copy_note(target.absolute(), "text from the bank")) + ".",
                title="Not encrypted",
                severity="warning",
                markup=False,
            )
        if then is not None:
            then(target)

    def _open_draft(self, target: Path) -> None:
        """Open the thank-you draft in $EDITOR (as `interview thanks --edit` does)."""
        from storybank.tui.external_editor import EditorFailed, edit_file

        try:
            edit_file(self.app, target)
        except EditorFailed as error:
            self.notify(error.message, title=error.title, severity="warning", markup=False)

    def action_prep_sheet(self) -> None:
        """Write the prep sheet of the highlighted (or next) interview to a file."""
        interview = self._interview_for(upcoming=True)
        if interview is not None:
            from storybank.tui.loop_files import write_interview_prep

            question = f"Prep sheet for the {one_line(interview.round or 'interview')}"
            self._write_file(question, "prep", interview, write_interview_prep)

    def action_thank_you(self) -> None:
        """Write a thank-you draft from the highlighted (or latest) interview to a file, then
        open it in $EDITOR."""
        interview = self._interview_for(upcoming=False)
        if interview is not None:
            from storybank.tui.loop_files import write_thank_you

            names = ", ".join(one_line(p.name) for p in interview.interviewers) or "them"
            self._write_file(
                f"A thank-you draft to {names}",
                "thanks",
                interview,
                write_thank_you,
                then=self._open_draft,
            )

    def action_asks(self) -> None:
        """Pick the questions to ask in the highlighted application's interviews."""
        if (application := self._chosen()) is None:
            return
        from storybank.readiness.asks import all_asks, pick, unpick
        from storybank.tui.screens.loop_dialogs import AsksDialog

        asks = all_asks(self.loop.own_asks)

        def chosen(ids: list[str] | None) -> None:
            if ids is None:
                return
            before = [p.ask_id for p in application.asks]
            added = [a for a in asks if a.id in ids and a.id not in before]
            dropped = [i for i in before if i not in ids]
            if not added and not dropped:
                return

            def change(current: Application) -> Application:
                # Applied to the application as stored now: picks made elsewhere are kept.
                current = pick(current, added) if added else current
                still = {p.ask_id for p in current.asks}
                gone = [i for i in dropped if i in still]
                return unpick(current, gone) if gone else current

            count = len(ids)
            self.session.change(
                lambda bank: Saved(bank.change_application(application.id, change)),
                done=lambda _: self.notify(
                    f"{counted(count, 'question', 'questions')} to ask.", markup=False
                ),
                failed=self._failed,
            )

        self.app.push_screen(AsksDialog(application, asks), chosen)

    def action_due(self) -> None:
        """Show the follow-ups due and overdue."""
        from storybank.tui.screens.due import DueScreen

        self.app.push_screen(DueScreen(self.session))

    def action_delete_job(self) -> None:
        """Delete the highlighted application with its interviews and follow-ups (or, in its
        interviews, the highlighted one), after asking."""
        if (application := self._chosen()) is None:
            return
        if (interview := self._on_interviews()) is not None:
            self._delete_interview(interview)
            return
        label = one_line(application.label())
        count = len(self.loop.interviews_of(application.id))

        def answered(yes: bool | None) -> None:
            if yes:
                self.session.change(
                    lambda bank: Saved(
                        bank.delete_application(application.id, expected=application)
                    ),
                    done=lambda _: self.notify(f"Deleted “{label}”.", markup=False),
                    failed=self._failed,
                )

        from storybank.tui.screens.confirm import ConfirmScreen

        self.app.push_screen(
            ConfirmScreen(
                f"Delete the application “{label}”?",
                f"Its {counted(count, 'interview', 'interviews')} and follow-ups go with it. "
                "This cannot be undone here.",
                confirm="Delete",
            ),
            answered,
        )

    def _delete_interview(self, interview: Interview) -> None:
        told = len(interview.stories_told())

        def answered(yes: bool | None) -> None:
            if yes:
                self.session.change(
                    lambda bank: Saved(bank.delete_interview(interview.id, expected=interview)),
                    done=lambda _: self.notify("Deleted the interview.", markup=False),
                    failed=self._failed,
                )

        from storybank.tui.screens.confirm import ConfirmScreen

        round_ = one_line(interview.round or "interview")
        self.app.push_screen(
            ConfirmScreen(
                f"Delete the {round_} of {when_text(interview.start)}?",
                f"Its log ({counted(told, 'story', 'stories')} told) and its pending thank-you "
                "go with it. This cannot be undone here.",
                confirm="Delete",
            ),
            answered,
        )

    def _failed(self, error: StorybankError) -> None:
        self.notify(one_line(error.message), title=error.title, severity="error", markup=False)
