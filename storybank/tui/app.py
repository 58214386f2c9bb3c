"""The storybank Textual app: the bank session (one store worker at a time) and its screens."""

from __future__ import annotations

import contextlib
import gc
import io
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from storybank.core.errors import BankError, BankWriteError, StorybankError, describe_os_error
from storybank.core.textsafe import one_line
from storybank.store.crypt import UNLOCKER, PassphraseNeededError
from storybank.store.index.preview import read_preview
from storybank.store.paths import follow_link
from storybank.tui.declared import Declared, KeySection, PaletteCommand, help_sections
from storybank.tui.readiness_state import ReadinessLoader
from storybank.tui.screens.base import StorybankScreen
from storybank.tui.screens.main import MainScreen

# The models and the store are imported by the load worker, after the first screen is up;
# screens and notices not on that screen, when they are first needed.
if TYPE_CHECKING:
    from textual.command import Provider

    from storybank.store.bank import Bank
    from storybank.store.notices import BankNotice
    from storybank.tui.readiness_state import ReadinessView
    from storybank.tui.session import BankView
    from storybank.tui.snapshot import BankSnapshot

T = TypeVar("T")
# Where an encrypted bank's passphrase may come from before the app asks (None: nowhere).
Preset = Callable[[Path], str | None]
# How often to look for changes made by another storybank (a stat call, so it is cheap).
DISK_CHECK_SECONDS = 3.0
# How long the load worker waits for the list from the quick index to be drawn.
PREVIEW_PAINT_WAIT = 0.5
# How often the count of follow-ups due is brought up to date as the clock moves on.
DUE_CHECK_SECONDS = 60.0
# How long after a load, or after a return to the story list, the app waits before it moves
# what it holds for good out of the collector's passes (see `pin`).
PIN_DELAY = 0.5


def _story_commands() -> type[Provider]:
    """The palette's storybank commands (imported when the palette first opens)."""
    from storybank.tui.commands import StoryCommands

    return StoryCommands


class StorybankApp(Declared, App[None]):
    """Draft interview stories and find them by competency (and the screens' bank session)."""

    TITLE = "storybank"
    CSS_PATH = "storybank.tcss"
    COMMANDS: ClassVar[set[Any]] = {*App.COMMANDS, _story_commands}
    # Textual declares this without ClassVar, so annotating it here would clash.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-narrow"),
        (100, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit (asks if a story is unsaved)"),
        Binding(
            "question_mark", "help", "Keys", id="app.help", key_display="?", tooltip="This help"
        ),
        # Priority: messages can sit over whatever has the focus, a text field included.
        Binding(
            "ctrl+l",
            "dismiss_messages",
            "Dismiss messages",
            id="app.dismiss",
            show=False,
            priority=True,
            tooltip="Close the messages in the corner (a click on one closes it too)",
        ),
    ]
    HELP_TITLE = "Everywhere"
    HELP_EXTRA = (("ctrl+p", "Command palette (every action by name)"),)
    PALETTE = (
        PaletteCommand("help: Keys", "List every key (?)", "help"),
        PaletteCommand("help: Dismiss messages", "Close the messages (ctrl+l)", "dismiss_messages"),
        PaletteCommand("loop: Jobs", "Applications, interviews, what you told (J)", "jobs"),
        PaletteCommand("loop: Due follow-ups", "Thank-yous and check-ins due (u)", "due"),
    )
    # The follow-ups due, for the title bar ("3 due"; empty when none).
    due_label: reactive[str] = reactive("")

    def __init__(self, bank_path: Path, preset: Preset | None = None) -> None:
        super().__init__()
        self.bank_path = bank_path
        # An encrypted bank's passphrase: first what the run was given (a file, the
        # environment, the keyring), then the masked dialog, asked from the load worker.
        self.passphrase_preset = preset
        UNLOCKER.use(self._ask_passphrase)
        self.sub_title = bank_path.name
        self.snapshot: BankSnapshot | None = None
        self.readiness = ReadinessLoader()
        # Where the bank is shown (the main screen, once it asks for the bank).
        self._view: BankView | None = None
        # Why the bank could not be opened, if it could not (the run then ends with exit 1).
        self.bank_error: BankError | None = None
        # Touched only by store workers, one at a time, under this lock.
        self._bank: Bank | None = None
        self._indexed_revision = -1
        self._store_lock = threading.Lock()
        # Why the last disk check could not re-read the bank (said once, until it reads again).
        self.disk_problem: str | None = None
        self._pin_timer: Timer | None = None

    @property
    def encrypted(self) -> bool:
        """True when the open bank is encrypted (so what the app writes out is not)."""
        bank = self._bank
        return bank is not None and bank.encrypted

    def _ask_passphrase(self, path: Path, problem: str | None) -> str:
        """The passphrase for `path` (store workers only): the preset one first, then what the
        user types in the dialog; PassphraseNeededError when they quit instead."""
        preset, self.passphrase_preset = self.passphrase_preset, None
        if problem is None and preset is not None:
            given = preset(path)
            if given:
                return given
        from storybank.tui.screens.passphrase import PassphraseScreen

        answers: list[str | None] = []
        answered = threading.Event()

        def answer(passphrase: str | None) -> None:
            answers.append(passphrase)
            answered.set()

        self._to_ui(lambda: self.push_screen(PassphraseScreen(path, problem), answer))
        # Bounded waits, so a worker never outlives an app that closed meanwhile.
        while not answered.wait(0.2):
            if not self.is_running:
                break
        if not answers or answers[0] is None:
            raise PassphraseNeededError(path, "is encrypted", "No passphrase was given.")
        return answers[0]

    def get_default_screen(self) -> Screen[Any]:
        return MainScreen(self)

    def on_mount(self) -> None:
        # The main screen opens the bank once it is mounted (the list needs somewhere to go).
        self.set_interval(DISK_CHECK_SECONDS, self.check_disk, name="disk-check")
        self.set_interval(DUE_CHECK_SECONDS, self._count_due, name="due-check")

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # Screenshots would write story text to an unprotected file: leave that command out.
        for command in super().get_system_commands(screen):
            if command.title.lower() != "screenshot":
                yield command

    @property
    def main_screen(self) -> MainScreen:
        """The main screen (always at the bottom of the stack)."""
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    # Actions -------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit, but ask first when a screen (the editor) holds unsaved changes."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, StorybankScreen) and screen.unsaved:
                if self.screen is screen:
                    screen.leave(then=self.exit)
                else:
                    self.notify("Close the dialog first.", severity="warning")
                return
        self.exit()

    def action_help(self) -> None:
        """Show every key."""
        from storybank.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.key_help()))

    def action_jobs(self) -> None:
        """Show the applications and their interviews."""
        from storybank.tui.screens.jobs import JobsScreen

        if not any(isinstance(screen, JobsScreen) for screen in self.screen_stack):
            self.push_screen(JobsScreen(self))

    def action_due(self) -> None:
        """Show the follow-ups due and overdue."""
        from storybank.tui.screens.due import DueScreen

        if not isinstance(self.screen, DueScreen):
            self.push_screen(DueScreen(self))

    def key_help(self) -> list[KeySection]:
        """Every key, by where it works, in the order people meet them."""
        # The app is where the screens are put together, so it is the one to list them.
        from storybank.tui.screens.confirm import ConfirmScreen, UnsavedScreen
        from storybank.tui.screens.coverage import CoverageScreen
        from storybank.tui.screens.due import DueScreen
        from storybank.tui.screens.editor import EditorScreen
        from storybank.tui.screens.interview_form import InterviewFormScreen
        from storybank.tui.screens.interview_log import InterviewLogScreen
        from storybank.tui.screens.job_form import JobFormScreen
        from storybank.tui.screens.jobs import JobsScreen
        from storybank.tui.screens.loop_dialogs import StatusDialog
        from storybank.tui.screens.questions import QuestionsScreen

        return help_sections(
            [
                type(self),
                MainScreen,
                EditorScreen,
                CoverageScreen,
                QuestionsScreen,
                JobsScreen,
                JobFormScreen,
                InterviewFormScreen,
                InterviewLogScreen,
                DueScreen,
                ConfirmScreen,
                UnsavedScreen,
                StatusDialog,
            ]
        )

    def on_app_focus(self) -> None:
        self.check_disk()

    # Store workers: one at a time, never on the event loop ---------------------------------

    def _to_ui(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run `callback` on the UI thread; quietly skip it if the app is closing."""
        if not self.is_running:
            return
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(callback, *args)

    def _index(self, bank: Bank) -> BankSnapshot | None:
        """Index the bank if it changed since it was last indexed (store workers only)."""
        if bank.revision == self._indexed_revision:
            return None
        from storybank.tui.snapshot import BankSnapshot

        snapshot = BankSnapshot.of(bank)
        self._indexed_revision = bank.revision
        return snapshot

    def open_bank(self, view: BankView) -> None:
        """Show the list from the bank's quick index at once, then load the bank in a worker."""
        self._view = view
        # A few milliseconds for 10,000 stories (the index's columns order the list; rows are
        # read as they are drawn), so the first frame shows the list rather than a blank one.
        try:
            preview = read_preview(follow_link(self.bank_path))
        except BankError:
            preview = None  # the load says why, in its error dialog
        painted = threading.Event()
        if preview is None:
            painted.set()
        else:
            view.show_preview(preview)
            self.call_after_refresh(painted.set)
        self.load_bank(painted)

    @work(thread=True, exit_on_error=False, group="store", name="load", description="load")
    def load_bank(self, painted: threading.Event) -> None:
        """Open, check and index the bank, once the frame showing its preview is drawn."""
        # The load would compete with that frame for the interpreter; the wait is bounded in
        # case the frame never comes (the app closing).
        painted.wait(PREVIEW_PAINT_WAIT)
        from storybank.store.bank import Bank  # imported here: the first frame does not wait for it

        with self._store_lock:
            try:
                bank = Bank(self.bank_path)
                snapshot = self._index(bank)
            except PassphraseNeededError:
                self._to_ui(self.exit)  # the user quit at the passphrase: nothing to say
                return
            except BankError as error:
                self._to_ui(self._show_bank_error, error)
                return
            except OSError as error:
                problem = BankError(self.bank_path, describe_os_error(error))
                self._to_ui(self._show_bank_error, problem)
                return
            self._bank = bank
            from storybank.store.notices import open_notices

            notices = open_notices(bank)
        self._to_ui(self._apply_snapshot, snapshot, None)
        self._to_ui(self._show_notices, notices)

    def change(
        self,
        action: Callable[[Bank], Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[StorybankError], None] | None = None,
        keep: str | None = None,
    ) -> None:
        """Run `action` on the bank, then show the new state and call `done` or `failed`."""
        self._change(_Request(action, done, failed), keep)

    @work(thread=True, exit_on_error=False, group="store", name="change", description="change")
    def _change(self, request: _Request, keep: str | None) -> None:
        action, done, failed = request.take()
        with self._store_lock:
            bank = self._bank
            if bank is None:
                self._to_ui(self._fail, BankWriteError("The bank is not open."), failed)
                return
            try:
                result = action(bank)
                snapshot = self._index(bank)
            except StorybankError as error:
                self._to_ui(self._fail, error, failed)
                self._refresh_after_failure(bank)
                return
            except OSError as error:
                self._to_ui(self._fail, BankWriteError(describe_os_error(error)), failed)
                return
            except Exception as error:  # a bug must not leave the editor stuck "saving"
                problem = StorybankError(f"Unexpected problem: {type(error).__name__}: {error}")
                self._to_ui(self._fail, problem, failed)
                return
        story_id = getattr(result, "id", None)
        self._to_ui(self._apply_snapshot, snapshot, keep or story_id)
        if done is not None:
            self._to_ui(done, result)

    def load_readiness(
        self,
        done: Callable[[ReadinessView], None],
        failed: Callable[[StorybankError], None] | None = None,
    ) -> None:
        """Call `done` with the readiness of the bank as it is now (built once per revision)."""
        self.readiness.request(self, done, failed)

    def _refresh_after_failure(self, bank: Bank) -> None:
        """After a refused save, show what is on disk now (another process may have changed it)."""
        try:
            snapshot = self._index(bank)
        except StorybankError:
            return
        if snapshot is not None:
            self._to_ui(self._apply_snapshot, snapshot, None)

    @work(
        thread=True, exit_on_error=False, group="store", name="disk-check", description="disk-check"
    )
    def check_disk(self) -> None:
        """Re-read the bank when another process changed it (a cheap stat when it did not)."""
        if not self._store_lock.acquire(blocking=False):
            return  # a save or load is running; it re-reads the file itself
        try:
            bank = self._bank
            if bank is None:
                return
            snapshot: BankSnapshot | None = None
            try:
                if bank.changed_on_disk():
                    bank.refresh()
                    snapshot = self._index(bank)
            except StorybankError as error:
                # Keep showing the stories as last read; saving is refused until it reads again.
                self._to_ui(self._disk_check_failed, error)
                return
        finally:
            self._store_lock.release()
        if self.disk_problem is not None:
            self._to_ui(self._disk_check_recovered)
        if snapshot is not None:
            self._to_ui(self._apply_snapshot, snapshot, None)

    # Results (UI thread) -------------------------------------------------------------------

    def _apply_snapshot(self, snapshot: BankSnapshot | None, keep: str | None) -> None:
        """Show a new snapshot; None means the bank did not change (only move to `keep`)."""
        view = self._view
        if snapshot is None or (self.snapshot and snapshot.revision == self.snapshot.revision):
            if keep is not None and view is not None:
                view.refilter(keep)
            return
        self.snapshot = snapshot
        if view is not None:
            view.show_snapshot(snapshot, keep)
        self._count_due()
        # The loop's screens (jobs, due) show the new state too; they say so by this method.
        for screen in self.screen_stack:
            loop_changed = getattr(screen, "loop_changed", None)
            if callable(loop_changed):
                loop_changed(snapshot)
        self.warm_index(snapshot)

    def _count_due(self) -> None:
        """Bring the title bar's count of follow-ups due up to date."""
        if self.snapshot is not None:
            from storybank.tui.loop_state import due_label

            self.due_label = due_label(len(self.snapshot.loop.due()))

    @work(thread=True, exit_on_error=False, group="warm", exclusive=True, description="warm")
    def warm_index(self, snapshot: BankSnapshot) -> None:
        """Build the word index in the background, so the first typed word is answered fast."""
        snapshot.index.warm()
        self._to_ui(self.pin_later)

    def pin_later(self) -> None:
        """`pin` once the app has been quiet for PIN_DELAY (each call starts the wait again)."""
        if self._pin_timer is not None:
            self._pin_timer.stop()
        self._pin_timer = self.set_timer(PIN_DELAY, self.pin, name="pin")

    def pin(self) -> None:
        """Move what the app holds for good (the loaded bank, its index) out of the
        collector's passes, when only the story list is open.

        A full pass walks every object alive: 70-150 ms at 10,000 stories, and one would
        otherwise fall on a keystroke now and then. What was pinned before is released and
        collected first, so nothing closed since (an editor) stays alive; and nothing is pinned
        while another screen is open, as it would be pinned with it (the next return to the
        story list pins).
        """
        self._pin_timer = None
        if len(self.screen_stack) > 1:
            return
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def _fail(self, error: StorybankError, failed: Callable[[StorybankError], None] | None) -> None:
        if failed is not None:
            failed(error)
        else:
            self.notify(one_line(error.message), title=error.title, severity="error", markup=False)

    def _show_bank_error(self, error: BankError) -> None:
        from storybank.tui.screens.error import BankErrorScreen

        self.bank_error = error
        self.push_screen(BankErrorScreen(error))

    def _show_notices(self, notices: list[BankNotice]) -> None:
        """Say once what the CLI would print on opening: an upgrade, or a file others can read."""
        from storybank.store.notices import NoticeKind

        titles = {
            NoticeKind.UPGRADED: "Bank upgraded",
            NoticeKind.NOT_UPGRADED: "Bank not upgraded",
            NoticeKind.EXPOSED: "Others can read the bank",
        }
        for notice in notices:
            if notice.kind is NoticeKind.EXPOSED:
                # Kept in the title bar, which covers nothing; the message in the corner
                # goes after a few seconds (or at once with ctrl+l, or a click).
                self.sub_title = f"{self.bank_path.name} (others can read it)"
            self.notify(
                one_line(notice.message),
                title=titles[notice.kind],
                severity="information" if notice.kind is NoticeKind.UPGRADED else "warning",
                markup=False,
                timeout=8,
            )

    def action_dismiss_messages(self) -> None:
        """Close every message in the corner, so nothing on screen stays covered."""
        self.clear_notifications()

    def _disk_check_failed(self, error: StorybankError) -> None:
        if error.message == self.disk_problem:
            return  # already said; the check runs every few seconds
        self.disk_problem = error.message
        self.sub_title = f"{self.bank_path.name} (cannot be re-read; not saving)"
        self.notify(
            f"{one_line(error.message)} The stories on screen are as last read; nothing is "
            "saved until the file can be read again.",
            title="Cannot re-read the bank",
            severity="error",
            markup=False,
            timeout=30,
        )

    def _disk_check_recovered(self) -> None:
        if self.disk_problem is None:
            return
        self.disk_problem = None
        self.sub_title = self.bank_path.name
        self.notify("The bank file can be read again.", markup=False, timeout=5)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(
                one_line(f"{type(error).__name__}: {error}"),
                title="Something went wrong",
                severity="error",
                markup=False,
                timeout=10,
            )


class _Request:
    """A change a screen asked for, let go of once the worker has taken it.

    Textual keeps a finished thread worker, with its arguments, until the next worker runs on
    the same thread: a screen's callbacks held there would keep the screen alive after it
    closed (and the app's pin would then keep it for good)."""

    def __init__(
        self,
        action: Callable[[Bank], Any],
        done: Callable[[Any], None] | None,
        failed: Callable[[StorybankError], None] | None,
    ) -> None:
        self._parts: tuple[Any, ...] | None = (action, done, failed)

    def take(
        self,
    ) -> tuple[
        Callable[[Bank], Any],
        Callable[[Any], None] | None,
        Callable[[StorybankError], None] | None,
    ]:
        """The action and its callbacks, once: the request holds none of them after."""
        parts, self._parts = self._parts, None
        assert parts is not None, "a change is run once"
        action, done, failed = parts
        return action, done, failed


def create_app(bank_path: Path, preset: Preset | None = None) -> StorybankApp:
    """The app for the bank at `bank_path` (shared by the CLI and the tests); `preset` gives
    an encrypted bank's passphrase, if the run has one, before the app asks for it."""
    app = StorybankApp(Path(bank_path).expanduser(), preset)
    # What is loaded so far (modules, classes, the stylesheet's rules) lives as long as the
    # app: move it out of the collector's way, so no full pass walks it all while the first
    # frame is drawn (one such pass cost that frame 14 ms). Only here, before any screen
    # exists: a later freeze pins whatever is open at the time, so an editor open during a
    # save was never collected once closed.
    gc.freeze()
    return app


def run_app(bank_path: Path, preset: Preset | None = None) -> int:
    """Run the app until the user quits; its return code (non-zero after a crash), or the
    BankError that kept the bank closed."""
    from rich.console import Console

    app = create_app(bank_path)
    if preset is not None:
        app.passphrase_preset = preset
    if "debug" not in app.features:
        # Textual prints a crash as a traceback with every frame's variables, which hold the
        # stories' text: keep it off the terminal (and out of logs and screenshots).
        app.error_console = Console(file=io.StringIO(), markup=False, highlight=False)
    app.run()
    if app.bank_error is not None:
        # Said again after the app has left the screen, as the CLI says it: one line, exit 1.
        raise app.bank_error
    return app.return_code or 0
