"""The one family of errors storybank shows to people, each with a message that says what to do."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path


class StorybankError(Exception):
    """An error meant for the user: its message is one clear line."""

    title = "Error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


DEFAULT_BANK_HINT = (
    "Check the path, or restore a backup with `storybank backup list`. The file was not changed."
)
NO_BACKUP_HINT = "Check the path; no backup of this bank can be restored. The file was not changed."
UNCHANGED = " The file was not changed."


class BankError(StorybankError):
    """The bank file cannot be read as a story bank; it is left untouched."""

    title = "Cannot open the bank"

    def __init__(self, path: Path, problem: str, hint: str = "") -> None:
        self.path = path
        self.problem = problem
        self.hint = hint or DEFAULT_BANK_HINT
        super().__init__(f"{path}: {problem}. {self.hint}")


class BankLockedError(StorybankError):
    """Another storybank process held the bank for too long."""

    title = "The bank is busy"


class BankWriteError(StorybankError):
    """A save failed; the bank on disk still holds what it held before."""

    title = "Could not save"


class ConflictError(StorybankError):
    """The story changed on disk since it was loaded; saving would overwrite someone's edit."""

    title = "Changed elsewhere"


class StoryNotFoundError(StorybankError):
    """No story has the given id."""

    title = "No such story"


class ImportFileError(StorybankError):
    """An import file cannot be read or has nothing importable."""

    title = "Cannot import"


@dataclass(frozen=True)
class FieldProblem:
    """One validation problem: the field it belongs to and a message written for people."""

    field: str
    message: str


class StoryValidationError(StorybankError):
    """A story failed validation; each problem names its field."""

    title = "Please fix the story"

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))

    def for_field(self, field: str) -> list[str]:
        """The messages that belong to one field."""
        return [p.message for p in self.problems if p.field == field]


class SettingsError(StorybankError):
    """Settings, a competency or a question the user gave are not valid."""

    title = "Please fix the settings"


class QuestionNotFoundError(StorybankError):
    """No question has the given id."""

    title = "No such question"


class JobTextError(StorybankError):
    """A job description cannot be read or is empty."""

    title = "Cannot read the job description"


# The system's wording for these ("No space left on device") hides the plain fact.
_PLAIN_OS_ERRORS = {errno.ENOSPC: "the disk is full"}
if hasattr(errno, "EDQUOT"):  # not on every platform
    _PLAIN_OS_ERRORS[errno.EDQUOT] = "your disk quota is full"


def describe_os_error(error: OSError) -> str:
    """An OSError as a short phrase for people, without a traceback."""
    detail = error.strerror or str(error) or type(error).__name__
    plain = _PLAIN_OS_ERRORS.get(error.errno) if error.errno is not None else None
    return f"{plain} ({detail})" if plain else detail


class LoopValidationError(StoryValidationError):
    """An application, interview, follow-up or question to ask failed validation."""

    title = "Please fix the record"


class RecordNotFoundError(StorybankError):
    """No application, interview, follow-up or question to ask has the given id."""

    title = "Not found"
