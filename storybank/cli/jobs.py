"""The `job` commands: applications to companies, their status, notes and research.

Imported by storybank.cli.entry only when `job` runs (see LAZY_COMMANDS there).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from storybank.cli import common
from storybank.cli.common import db_option, echo_err, echo_json, format_option, open_bank, width
from storybank.cli.loop_render import job_page, job_rows, jobs_table, json_with
from storybank.core.followups import next_steps
from storybank.core.loop import (
    RESEARCH_PARTS,
    Application,
    AppStatus,
    revise_record,
    validate_record,
)
from storybank.core.models import utc_now
from storybank.core.moments import parse_moment
from storybank.core.textsafe import one_line

STATUSES = [s.value for s in AppStatus]
_ORDER = {status: rank for rank, status in enumerate(AppStatus)}


def read_job_ad(source: str) -> str:
    """A job ad's text from a file or `-` (stdin), checked as `prepare` checks it."""
    from storybank.readiness.jobtext import JOB_TEXT_MAX, check_job_text, read_job_file

    if source == "-":
        return check_job_text(sys.stdin.read(JOB_TEXT_MAX + 1), "standard input", "job ad")[0]
    return read_job_file(source)[0]


def _job_fields(func: Any) -> Any:
    """The flags `job add` and `job edit` share: one per field a person types."""
    options = [
        click.option("--role", help="The role's title."),
        click.option("--link", help="Where the job is posted."),
        click.option("--source", help="Where it came from (a referral, a job board…)."),
        click.option("--notes", help="Your notes (replaces them)."),
        click.option("--job-ad", "job_ad", metavar="FILE", help="The job ad's text (`-`: stdin)."),
    ]
    options += [
        click.option(f"--{part}", help=f"Research: the company's {part}.")
        for part in RESEARCH_PARTS
        if part != "why"
    ]
    options.append(click.option("--why", help="Research: why you want this job."))
    for option in reversed(options):
        func = option(func)
    return func


def _changes(flags: dict[str, Any], research: dict[str, str]) -> dict[str, Any]:
    """The fields the flags set, research parts folded into `research`."""
    data: dict[str, Any] = {}
    for name in ("role", "link", "source", "notes"):
        if flags.get(name) is not None:
            data[name] = flags[name]
    if flags.get("job_ad") is not None:
        data["job_ad"] = read_job_ad(flags["job_ad"])
    given = {part: flags[part] for part in RESEARCH_PARTS if flags.get(part) is not None}
    if given:
        data["research"] = {**research, **given}
    return data


@click.group(name="job")
def job_group() -> None:
    """Applications: the company, the role, the status, your notes and research."""


@job_group.command(name="add")
@db_option
@click.argument("company")
@_job_fields
@click.option(
    "--status",
    type=click.Choice(STATUSES),
    default=AppStatus.INTERESTED.value,
    show_default=True,
    help="Where it stands.",
)
@format_option
@click.pass_context
def job_add(ctx: click.Context, /, company: str, status: str, fmt: str, **flags: Any) -> None:
    """Save an application to COMPANY."""
    bank = open_bank(ctx)
    data = {"company": company, "status": status, **_changes(flags, {})}
    app = bank.add_application(validate_record(Application, data))
    if fmt == "json":
        echo_json(app.to_json_dict())
        return
    click.echo(f"Saved {app.id} {one_line(app.label())} ({app.status.value})")


@job_group.command(name="list")
@db_option
@click.option(
    "--status", "statuses", type=click.Choice(STATUSES), multiple=True, help="Only these."
)
@click.option(
    "--open", "only_open", is_flag=True, help="Leave out offers, rejections, withdrawals."
)
@format_option
@click.pass_context
def job_list(ctx: click.Context, statuses: tuple[str, ...], only_open: bool, fmt: str) -> None:
    """Applications: those still going first, each with its next interview or follow-up."""
    bank = open_bank(ctx)
    apps = [
        a
        for a in bank.applications()
        if (not statuses or a.status.value in statuses) and not (only_open and a.status.is_closed)
    ]
    steps = next_steps(apps, bank.interviews(), bank.followups(), utc_now())
    far = utc_now().replace(year=9999)
    apps.sort(
        key=lambda a: (
            a.status.is_closed,
            steps[a.id].when if a.id in steps else far,
            _ORDER[a.status],
            a.company.casefold(),
        )
    )
    if fmt == "json":
        echo_json(
            [
                json_with(
                    a,
                    next=None
                    if a.id not in steps
                    else {"at": steps[a.id].when.isoformat(), "what": steps[a.id].what},
                )
                for a in apps
            ]
        )
        return
    if not apps:
        click.echo("No applications yet. Add one with `storybank job add COMPANY --role ROLE`.")
        return
    click.echo(jobs_table(job_rows(apps, steps), width()))


@job_group.command(name="show")
@db_option
@click.argument("job_id")
@format_option
@click.pass_context
def job_show(ctx: click.Context, job_id: str, fmt: str) -> None:
    """One application in full, with its interviews and follow-ups."""
    bank = open_bank(ctx)
    app = bank.application(job_id)
    interviews = bank.interviews(app.id)
    followups = bank.followups(app.id)
    if fmt == "json":
        echo_json(
            json_with(
                app,
                interviews=[i.to_json_dict() for i in interviews],
                followups=[f.to_json_dict() for f in followups],
            )
        )
        return
    click.echo(job_page(app, interviews, followups, width()))


@job_group.command(name="edit")
@db_option
@click.argument("job_id")
@click.option("--company", help="The company's name.")
@_job_fields
@format_option
@click.pass_context
def job_edit(
    ctx: click.Context, /, job_id: str, company: str | None, fmt: str, **flags: Any
) -> None:
    """Change an application's fields (the status changes with `job status`)."""
    if company is None and all(value is None for value in flags.values()):
        raise click.UsageError("Give the fields to change (see --help).")
    bank = open_bank(ctx)
    read = bank.application(job_id)

    def change(current: Application) -> Application:
        data = _changes(flags, current.research.model_dump())
        if company is not None:
            data["company"] = company
        return revise_record(current, **data)

    saved = bank.change_application(read.id, change)
    if fmt == "json":
        echo_json(saved.to_json_dict())
        return
    click.echo(f"Saved {saved.id} {one_line(saved.label())} ({saved.status.value})")


@job_group.command(name="status")
@db_option
@click.argument("job_id")
@click.argument("status", type=click.Choice(STATUSES))
@click.option("--at", "at", metavar="WHEN", help="When it changed (default: now).")
@format_option
@click.pass_context
def job_status(ctx: click.Context, job_id: str, status: str, at: str | None, fmt: str) -> None:
    """Move an application to STATUS (dated), which moves its check-in on or drops it."""
    bank = open_bank(ctx)
    when = parse_moment(at, utc_now(), what="The date") if at else None
    app = bank.set_status(bank.application(job_id).id, AppStatus(status), at=when)
    if fmt == "json":
        echo_json(app.to_json_dict())
        return
    click.echo(f"{app.id} {one_line(app.label())} is now {app.status.value}")
    pending = [f for f in bank.followups(app.id) if f.is_pending and f.kind.value == "check-in"]
    if pending:
        from storybank.core.timing import local_minute

        click.echo(f"Next check-in: {local_minute(pending[0].when)} ({pending[0].id})")


@job_group.command(name="delete")
@db_option
@click.argument("job_id")
@click.option("--yes", "-y", is_flag=True, help="Do not ask first.")
@click.pass_context
def job_delete(ctx: click.Context, job_id: str, yes: bool) -> None:
    """Delete an application with its interviews and follow-ups (a backup is kept)."""
    bank = open_bank(ctx)
    app = bank.application(job_id)
    interviews = bank.interviews(app.id)
    if not yes:
        if not common.is_interactive():
            raise click.UsageError("Not in a terminal, so I cannot ask: add --yes to delete.")
        also = f" and its {len(interviews)} interviews" if interviews else ""
        if not click.confirm(f"Delete {one_line(app.label())}{also}?", default=False):
            echo_err("Kept it: nothing was deleted.")
            ctx.exit(1)
    bank.delete_application(app.id, expected=app)
    click.echo(f"Deleted {app.id} {one_line(app.label())}")
