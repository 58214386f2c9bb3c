"""`storybank backup list|create|restore`: see and bring back the copies kept beside the bank.

Imported by storybank.cli.entry, which registers `backup_group` (import that, not this).
"""

from __future__ import annotations

from pathlib import Path

import click

from storybank.cli import common
from storybank.cli.common import (
    bank_path,
    db_option,
    echo_err,
    echo_json,
    format_option,
    width,
)
from storybank.cli.render import table
from storybank.core.errors import BankError
from storybank.core.textsafe import one_line
from storybank.core.vocab import counted
from storybank.store.backups import (
    backup_dir,
    backup_now,
    check_backup,
    find_backup,
    keep_from_env,
    restore_backup,
    scan_backups,
)
from storybank.store.locking import lock_timeout_from_env
from storybank.store.paths import follow_link
from storybank.store.validate import read_bank_file

TIME = "%Y-%m-%d %H:%M:%S UTC"


def keep_option(func: click.decorators.FC) -> click.decorators.FC:
    """`--keep N`: how many backups rotation keeps (default $STORYBANK_BACKUPS or 10)."""
    return click.option(
        "--keep",
        type=click.IntRange(min=1),
        default=None,
        help="Keep the newest N backups (default: $STORYBANK_BACKUPS or 10).",
    )(func)


def followed_bank_path(ctx: click.Context) -> Path:
    """The chosen bank, through a symlink to the file it points at (as Bank does)."""
    return follow_link(bank_path(ctx))


def _stories(count: int) -> str:
    return counted(count, "story", "stories")


@click.group(name="backup")
def backup_group() -> None:
    """List, take and restore the backups kept beside the bank (`<bank>.backups/`)."""


@backup_group.command(name="list")
@db_option
@format_option
@click.pass_context
def list_cmd(ctx: click.Context, fmt: str) -> None:
    """The backups of the bank, newest first, and whether each one can be restored."""
    bank = followed_bank_path(ctx)
    scan = scan_backups(bank)
    for note in scan.notes():
        echo_err(f"note: {note}")
    rows = []
    for backup in scan.backups:
        try:
            stories: int | None = len(check_backup(backup).stories)
            problem = ""
        except BankError as error:
            stories, problem = None, error.problem
        rows.append((backup, stories, problem))
    if fmt == "json":
        echo_json(
            [
                {
                    "id": b.id,
                    "path": str(b.path),
                    "taken_at": b.taken_at.isoformat(),
                    "size": b.size,
                    "valid": n is not None,
                    "stories": n,
                    "problem": problem or None,
                }
                for b, n, problem in rows
            ]
        )
        return
    if not rows:
        click.echo(
            f"No backups of {one_line(str(bank))} yet. One is taken before the first change of "
            f"each run and kept in {one_line(str(backup_dir(bank)))}."
        )
        return
    cells = [
        [
            b.id,
            b.taken_at.strftime(TIME),
            f"{b.size:,} B",
            _stories(n) if n is not None else f"invalid: {problem}",
        ]
        for b, n, problem in rows
    ]
    click.echo(table(("ID", "TAKEN", "SIZE", "CONTENTS"), cells, width(), flex=3))


@backup_group.command(name="create")
@db_option
@keep_option
@click.pass_context
def create_cmd(ctx: click.Context, keep: int | None) -> None:
    """Take a backup of the bank now."""
    bank = followed_bank_path(ctx)
    backup = backup_now(bank, keep=keep or keep_from_env(), lock_timeout=lock_timeout_from_env())
    click.echo(f"Backed up {one_line(str(bank))} as {backup.id} ({one_line(str(backup.path))})")


@backup_group.command(name="restore")
@db_option
@click.argument("backup_id", required=False)
@click.option("--yes", "-y", is_flag=True, help="Do not ask first.")
@keep_option
@click.pass_context
def restore_cmd(ctx: click.Context, backup_id: str | None, yes: bool, keep: int | None) -> None:
    """Put a backup (the newest good one by default) back; the current bank is backed up first."""
    bank = followed_bank_path(ctx)
    backup = find_backup(bank, backup_id)
    count = len(check_backup(backup).stories)  # refuse an invalid backup before asking
    if not yes:
        if not common.is_interactive():
            raise click.UsageError("Not in a terminal, so I cannot ask: add --yes to restore.")
        try:
            now = _stories(len(read_bank_file(bank).stories))
        except BankError as error:
            now = f"unreadable: {one_line(error.problem)}" if bank.exists() else "missing"
        prompt = (
            f"Replace {one_line(str(bank))} ({now}) with backup {backup.id} "
            f"({_stories(count)}, taken {backup.taken_at.strftime(TIME)})? "
            "The bank as it is now is backed up first"
        )
        if not click.confirm(prompt, default=False):
            click.echo("Nothing was restored.", err=True)
            ctx.exit(1)
    done = restore_backup(
        bank, backup.id, keep=keep or keep_from_env(), lock_timeout=lock_timeout_from_env()
    )
    kept = f"; the bank as it was is kept as backup {done.previous.id}" if done.previous else ""
    where = one_line(str(bank))
    click.echo(f"Restored backup {done.restored.id} ({_stories(done.stories)}) to {where}{kept}")
