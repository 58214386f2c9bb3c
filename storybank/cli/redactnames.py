"""`storybank redact`: the names a redacted export hides, kept in the bank's settings.

Imported by storybank.cli.entry only when the command runs (see LAZY_COMMANDS there).
"""

from __future__ import annotations

import click
from pydantic import ValidationError

from storybank.cli.common import db_option, echo_json, format_option, open_bank
from storybank.core.errors import SettingsError
from storybank.core.models import problems_from
from storybank.core.redactnames import NAME_KINDS, ListedName
from storybank.core.settings import Settings
from storybank.core.textsafe import one_line
from storybank.store.settings import load_settings, update_settings


@click.group(name="redact", invoke_without_command=True)
@db_option
@format_option
@click.pass_context
def redact_cmd(ctx: click.Context, fmt: str) -> None:
    """List the names `--redact` hides; `redact add` and `redact remove` change the list."""
    if ctx.invoked_subcommand is not None:
        return
    names = load_settings(open_bank(ctx)).redact_names
    if fmt == "json":
        echo_json(names.model_dump(mode="json"))
        return
    if not names.count():
        click.echo(
            'No names listed yet. Add one with `storybank redact add colleague "Jane Smith"`;'
            " organizations, roles, e-mails, links and phones are redacted without a list."
        )
        return
    for kind, listed in names.by_kind():
        if not listed:
            continue
        click.echo(f"{kind}:")
        for entry in listed:
            also = f" (also {', '.join(entry.aliases)})" if entry.aliases else ""
            click.echo("  " + one_line(entry.name + also))


@redact_cmd.command(name="add")
@db_option
@click.argument("kind", type=click.Choice(NAME_KINDS))
@click.argument("name")
@click.option(
    "--alias",
    "aliases",
    multiple=True,
    help="Another way the stories write it, e.g. a first name (repeatable).",
)
@click.pass_context
def redact_add(ctx: click.Context, kind: str, name: str, aliases: tuple[str, ...]) -> None:
    """List a name to hide: KIND is colleague, client, product or place."""
    bank = open_bank(ctx)
    try:
        entry = ListedName.model_validate({"name": name, "aliases": list(aliases)})
    except ValidationError as error:
        problem = problems_from(error)[0]
        raise SettingsError(f"{problem.field}: {problem.message}") from None

    def change(settings: Settings) -> Settings:
        for spelling in entry.spellings():
            found = settings.redact_names.find(spelling)
            if found is not None:
                raise SettingsError(
                    f"“{spelling}” is already listed (as the {found[0]} “{found[1].name}”); "
                    "remove it first to list it again"
                )
        try:
            names = settings.redact_names.with_name(kind, entry)
        except ValidationError as error:
            raise SettingsError(problems_from(error)[0].message) from None
        return settings.model_copy(update={"redact_names": names})

    update_settings(bank, change)
    also = f" (also {', '.join(entry.aliases)})" if entry.aliases else ""
    click.echo(one_line(f"Listed the {kind} “{entry.name}”{also}: --redact hides it"))


@redact_cmd.command(name="remove")
@db_option
@click.argument("name")
@click.pass_context
def redact_remove(ctx: click.Context, name: str) -> None:
    """Stop hiding a listed name (given by its name or one of its aliases)."""
    bank = open_bank(ctx)
    removed: list[str] = []

    def change(settings: Settings) -> Settings:
        found = settings.redact_names.find(name)
        if found is None:
            raise SettingsError(
                f"“{name}” is not listed; `storybank redact` shows the names that are"
            )
        removed.append(f"the {found[0]} “{found[1].name}”")
        return settings.model_copy(update={"redact_names": settings.redact_names.without(name)})

    update_settings(bank, change)
    click.echo(one_line(f"Removed {removed[0]} from the names to redact"))
