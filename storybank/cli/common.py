"""What every command shares: the --db and --format options, opening the bank, output."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
import orjson

from storybank.core.textsafe import json_for_terminal, one_line
from storybank.store.notices import open_notices
from storybank.store.paths import resolve_bank_path

# The models (Pydantic) and the store are imported where they are used: a quick filter
# answered from the bank's index pays for neither.
if TYPE_CHECKING:
    from storybank.store.bank import Bank

F = TypeVar("F", bound=Callable[..., Any])


def _db_callback(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value:
        ctx.ensure_object(dict)["db"] = value
    return value


def db_option(func: F) -> F:
    """`--db PATH` on the group and on every command (the command's wins)."""
    return click.option(
        "--db",
        metavar="PATH",
        expose_value=False,
        callback=_db_callback,
        help="Bank file to use (default: $STORYBANK_DB or the user data folder).",
    )(func)


def format_option(func: F) -> F:
    """`--format text|json`."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="json prints machine-readable output for jq.",
    )(func)


def bank_path(ctx: click.Context) -> Path:
    """The bank path chosen by --db, $STORYBANK_DB or the default."""
    return resolve_bank_path(ctx.find_root().ensure_object(dict).get("db"))


def open_bank(ctx: click.Context) -> Bank:
    """Open (and fully validate) the chosen bank, and say once if it was upgraded or exposed."""
    from storybank.store.bank import Bank

    bank = Bank(bank_path(ctx))
    # A command keeps the bank it loaded until it ends: collection passes triggered by what
    # it makes next (rows to print, a matcher) would only walk the bank's objects, again and
    # again (0.1-0.15 s at 10,000 stories). `main` lets the collector see them again.
    gc.freeze()
    for notice in open_notices(bank):
        echo_err(f"warning: {notice.message}" if notice.is_warning else notice.message)
    return bank


def width() -> int:
    """The terminal width, or 100 when output is not a terminal."""
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


def is_interactive() -> bool:
    """True when a person is at a terminal (so we may open an editor or ask a question)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def echo_json(data: Any) -> None:
    """Print JSON with C1 controls escaped, so it is safe on a terminal and exact for jq."""
    write_stdout(json_for_terminal(orjson.dumps(data, option=orjson.OPT_INDENT_2)) + b"\n")


def write_stdout(data: bytes) -> None:
    """Write bytes to stdout as they are (UTF-8 JSON needs no decoding and encoding again)."""
    sys.stdout.flush()  # anything printed as text before goes first
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # a stdout with no bytes underneath (some embedding hosts)
        click.echo(data.decode(), nl=False, color=True)
        return
    stream.write(data)
    stream.flush()


def echo_err(message: str) -> None:
    """One line to stderr."""
    click.echo(f"storybank: {one_line(message)}", err=True)
