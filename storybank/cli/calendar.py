"""The `calendar` command: interviews and follow-ups as an iCalendar file.

Imported by storybank.cli.entry only when `calendar` runs (see LAZY_COMMANDS there).
"""

from __future__ import annotations

from pathlib import Path

import click

from storybank.cli.common import db_option, echo_err, open_bank
from storybank.core.models import utc_now
from storybank.core.vocab import counted


@click.group(name="calendar")
def calendar_group() -> None:
    """Your interviews and follow-ups in your calendar."""


@calendar_group.command(name="export")
@db_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def calendar_export(ctx: click.Context, file: Path) -> None:
    """Write interviews and open follow-ups to FILE (.ics), with reminders.

    Import FILE into your calendar; importing a newer export updates the same events.
    """
    from storybank.interchange.calendar import calendar_bytes
    from storybank.store.outputs import write_output

    bank = open_bank(ctx)
    applications = {a.id: a for a in bank.applications()}
    interviews = bank.interviews()
    followups = bank.followups()
    data = calendar_bytes(applications, interviews, followups, utc_now())
    write_output(file, data, bank=bank.path)
    pending = sum(1 for f in followups if f.is_pending)
    echo_err(
        f"Wrote {counted(len(interviews), 'interview', 'interviews')} and "
        f"{counted(pending, 'open follow-up', 'open follow-ups')} to {file}"
    )
    if bank.encrypted:
        from storybank.store.outputs import plain_copy_note

        echo_err(f"warning: {plain_copy_note(file, 'your interviews and follow-ups')}")
