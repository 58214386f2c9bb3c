"""The text of a job ad, read from a file for `prepare` (the CLI and the app)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from storybank.core.errors import JobTextError, describe_os_error

if TYPE_CHECKING:
    from storybank.readiness.prepare import PrepSet
    from storybank.store.bank import Bank

JOB_TEXT_MAX = 200_000


def check_job_text(text: str, where: str, title: str) -> tuple[str, str]:
    """`text` and a title for it (its first line, if short), or JobTextError."""
    if len(text) > JOB_TEXT_MAX:
        raise JobTextError(f"The job description is longer than {JOB_TEXT_MAX:,} characters")
    if not text.strip():
        raise JobTextError(f"The job description in {where} is empty")
    first = next((line.strip() for line in text.splitlines() if line.strip()), title)
    return text, first[:80] if len(first) <= 80 else title


def read_job_file(source: str) -> tuple[str, str]:
    """The job ad in the file `source` (`~` allowed) and a title for it, or JobTextError."""
    path = Path(source).expanduser()
    try:
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            text = handle.read(JOB_TEXT_MAX + 1)
    except FileNotFoundError:
        raise JobTextError(f"No such job description file: {source}") from None
    except IsADirectoryError:
        raise JobTextError(f"{source} is a folder, not a job description file") from None
    except OSError as error:
        raise JobTextError(f"Could not read {source}: {describe_os_error(error)}") from None
    return check_job_text(text, source, path.stem.replace("-", " ").replace("_", " "))


def write_prep_sheet(bank: Bank, job: str, target: Path) -> PrepSet:
    """Read the job ad in the file `job`, pick the bank's stories for it, and write the
    Markdown prep sheet to `target` (never over the bank or its companions)."""
    from storybank.readiness.facade import Readiness
    from storybank.readiness.prepare import prep_markdown
    from storybank.store.outputs import write_output

    text, title = read_job_file(job)
    prep = Readiness.load(bank).prepare(text)
    write_output(target, prep_markdown(prep, title).encode(), bank=bank.path)
    return prep
