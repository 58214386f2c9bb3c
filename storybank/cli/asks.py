"""The `ask` commands: questions to ask the interviewer, and each application's pick list.

Imported by storybank.cli.entry only when `ask` runs (see LAZY_COMMANDS there).
"""

from __future__ import annotations

import click

from storybank.cli.common import db_option, echo_json, format_option, open_bank, width
from storybank.cli.render import clip
from storybank.core.loop import AskCategory, AskQuestion, validate_record
from storybank.core.textsafe import one_line
from storybank.readiness.asks import all_asks, find_ask, in_category, pick, unpick

CATEGORIES = [c.value for c in AskCategory]


def _record(ask: AskQuestion) -> dict[str, object]:
    return {"id": ask.id, "text": ask.text, "category": ask.category.value, "own": not ask.builtin}


@click.group(name="ask")
def ask_group() -> None:
    """Questions to ask the interviewer: the built-in bank, your own, and what a job picked."""


@ask_group.command(name="list")
@db_option
@click.option("--category", "-c", type=click.Choice(CATEGORIES), help="Only this category.")
@click.option("--mine", is_flag=True, help="Only your own.")
@click.option("--job", "job_id", metavar="ID", help="The questions picked for an application.")
@format_option
@click.pass_context
def ask_list(
    ctx: click.Context, category: str | None, mine: bool, job_id: str | None, fmt: str
) -> None:
    """The questions to ask, by category (`K01`… built in, `k-…` your own)."""
    bank = open_bank(ctx)
    if job_id:
        app = bank.application(job_id)
        if fmt == "json":
            echo_json([p.to_json_dict() for p in app.asks])
            return
        if not app.asks:
            click.echo(f"Nothing picked for {one_line(app.label())} yet: `storybank ask pick`.")
        for picked in app.asks:
            click.echo(clip(one_line(f"{picked.ask_id:<11} {picked.text}"), width()))
        return
    asks = bank.own_asks() if mine else all_asks(bank.own_asks())
    asks = in_category(asks, AskCategory(category) if category else None)
    if fmt == "json":
        echo_json([_record(a) for a in asks])
        return
    for cat in AskCategory:
        group = [a for a in asks if a.category == cat]
        if not group:
            continue
        click.echo(cat.value.upper())
        for ask in group:
            click.echo(clip(one_line(f"  {ask.id:<11} {ask.text}"), width()))


@ask_group.command(name="add")
@db_option
@click.argument("text")
@click.option("--category", "-c", type=click.Choice(CATEGORIES), default="role", show_default=True)
@format_option
@click.pass_context
def ask_add(ctx: click.Context, text: str, category: str, fmt: str) -> None:
    """Add a question of your own."""
    saved = open_bank(ctx).add_ask(
        validate_record(AskQuestion, {"text": text, "category": category})
    )
    if fmt == "json":
        echo_json(_record(saved))
        return
    click.echo(one_line(f"Saved {saved.id} ({saved.category.value}): {saved.text}"))


@ask_group.command(name="remove")
@db_option
@click.argument("ask_id")
@click.pass_context
def ask_remove(ctx: click.Context, ask_id: str) -> None:
    """Remove a question of your own (jobs that picked it keep its text)."""
    gone = open_bank(ctx).delete_ask(ask_id)
    click.echo(one_line(f"Removed {gone.id}: {gone.text}"))


@ask_group.command(name="pick")
@db_option
@click.argument("job_id")
@click.argument("ask_ids", nargs=-1, required=True)
@click.option("--remove", is_flag=True, help="Take them off the pick list instead.")
@format_option
@click.pass_context
def ask_pick(
    ctx: click.Context, job_id: str, ask_ids: tuple[str, ...], remove: bool, fmt: str
) -> None:
    """Pick questions to ask for an application (they go on its prep sheet)."""
    bank = open_bank(ctx)
    app = bank.application(job_id)
    if remove:
        saved = bank.change_application(app.id, lambda current: unpick(current, ask_ids))
    else:
        known = all_asks(bank.own_asks())
        chosen = [find_ask(known, ref) for ref in ask_ids]
        saved = bank.change_application(app.id, lambda current: pick(current, chosen))
    if fmt == "json":
        echo_json([p.to_json_dict() for p in saved.asks])
        return
    click.echo(one_line(f"{saved.label()}: {len(saved.asks)} questions to ask"))
