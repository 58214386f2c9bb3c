"""The `due` commands: follow-ups due and overdue, and marking them done, snoozed or dropped.

Imported by storybank.cli.entry only when `due` runs (see LAZY_COMMANDS there).
"""

from __future__ import annotations

from datetime import timedelta

import click

from storybank.cli.common import db_option, echo_json, format_option, open_bank, width
from storybank.cli.loop_render import due_rows, due_table, json_with
from storybank.core.followups import complete, drop, due_items, reopen, snooze
from storybank.core.loop import FollowUp, FollowUpKind, validate_record
from storybank.core.models import utc_now
from storybank.core.moments import parse_moment
from storybank.core.textsafe import one_line
from storybank.core.timing import local_minute


@click.group(name="due", invoke_without_command=True)
@db_option
@click.option(
    "--within",
    "days",
    type=click.IntRange(0, 3650),
    default=1,
    show_default=True,
    help="Also list what falls due within this many days.",
)
@click.option("--all", "show_all", is_flag=True, help="Every follow-up, done and dropped too.")
@format_option
@click.pass_context
def due_group(ctx: click.Context, days: int, show_all: bool, fmt: str) -> None:
    """Follow-ups due and overdue (thank-yous, check-ins, your own), most overdue first.

    Mark one with `due done ID`, `due snooze ID --until WHEN` or `due drop ID`.
    """
    if ctx.invoked_subcommand is not None:
        return
    bank = open_bank(ctx)
    now = utc_now()
    companies = {a.id: a.company for a in bank.applications()}
    if show_all:
        followups = bank.followups()
        if fmt == "json":
            echo_json(
                [json_with(f, company=companies.get(f.application_id, "")) for f in followups]
            )
            return
        from storybank.cli.loop_render import followup_line

        for followup in followups:
            click.echo(followup_line(followup))
        return
    items = due_items(bank.followups(), now, timedelta(days=days))
    if fmt == "json":
        echo_json(
            [
                json_with(
                    item.followup,
                    when=item.when.isoformat(),
                    overdue=item.overdue,
                    company=companies.get(item.followup.application_id, ""),
                )
                for item in items
            ]
        )
        return
    if not items:
        click.echo(f"Nothing due within {days} days.")
        return
    click.echo(due_table(due_rows(items, companies), width()))


def _say(followup: FollowUp, word: str) -> None:
    click.echo(one_line(f"{word} {followup.id}: {followup.title}"))


@due_group.command(name="done")
@db_option
@click.argument("followup_id")
@format_option
@click.pass_context
def due_done(ctx: click.Context, followup_id: str, fmt: str) -> None:
    """Mark a follow-up done."""
    saved = open_bank(ctx).change_followup(followup_id, complete)
    echo_json(saved.to_json_dict()) if fmt == "json" else _say(saved, "Done")


@due_group.command(name="drop")
@db_option
@click.argument("followup_id")
@format_option
@click.pass_context
def due_drop(ctx: click.Context, followup_id: str, fmt: str) -> None:
    """Drop a follow-up that is no longer needed (it stays in the history)."""
    saved = open_bank(ctx).change_followup(followup_id, drop)
    echo_json(saved.to_json_dict()) if fmt == "json" else _say(saved, "Dropped")


@due_group.command(name="reopen")
@db_option
@click.argument("followup_id")
@format_option
@click.pass_context
def due_reopen(ctx: click.Context, followup_id: str, fmt: str) -> None:
    """Open a follow-up again (a done or drop by mistake)."""
    saved = open_bank(ctx).change_followup(followup_id, reopen)
    echo_json(saved.to_json_dict()) if fmt == "json" else _say(saved, "Reopened")


@due_group.command(name="snooze")
@db_option
@click.argument("followup_id")
@click.option(
    "--until", "until", metavar="WHEN", default="+1d", show_default=True, help="When it returns."
)
@format_option
@click.pass_context
def due_snooze(ctx: click.Context, followup_id: str, until: str, fmt: str) -> None:
    """Put a follow-up off until later."""
    when = parse_moment(until, utc_now(), what="The snooze date")
    saved = open_bank(ctx).change_followup(followup_id, lambda f: snooze(f, when))
    if fmt == "json":
        echo_json(saved.to_json_dict())
        return
    _say(saved, f"Snoozed until {local_minute(when)}:")


@due_group.command(name="add")
@db_option
@click.argument("title")
@click.option("--due", "due_at", metavar="WHEN", default="+1d", show_default=True)
@click.option("--job", "job_id", metavar="ID", help="The application it is about.")
@click.option("--notes", default="")
@format_option
@click.pass_context
def due_add(
    ctx: click.Context, title: str, due_at: str, job_id: str | None, notes: str, fmt: str
) -> None:
    """Add a follow-up of your own (send a portfolio, call a referral…)."""
    bank = open_bank(ctx)
    app_id = bank.application(job_id).id if job_id else ""
    followup = validate_record(
        FollowUp,
        {
            "kind": FollowUpKind.OWN,
            "title": title,
            "due": parse_moment(due_at, utc_now(), what="The due date"),
            "application_id": app_id,
            "notes": notes,
        },
    )
    saved = bank.add_followup(followup)
    if fmt == "json":
        echo_json(saved.to_json_dict())
        return
    _say(saved, f"Saved, due {local_minute(saved.due)}:")


@due_group.command(name="checkin-days")
@db_option
@click.argument("days", type=click.IntRange(1, 365), required=False)
@click.pass_context
def due_checkin_days(ctx: click.Context, days: int | None) -> None:
    """Show or set how many days without news make a check-in due (7 by default).

    Pending check-ins move to the new count at their application's next news.
    """
    from storybank.store.settings import load_settings, update_settings

    bank = open_bank(ctx)
    if days is None:
        click.echo(
            f"A check-in falls due after {load_settings(bank).checkin_days} days without news."
        )
        return
    saved = update_settings(bank, lambda s: s.model_copy(update={"checkin_days": days}))
    click.echo(f"A check-in now falls due after {saved.checkin_days} days without news.")
