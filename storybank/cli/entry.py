"""The `storybank` command line: the command group, its entry points and one-line errors.

A thin front end over the core; it never imports Textual (the app is opened by cli/tui.py).
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

import click

from storybank import __version__
from storybank.cli import common
from storybank.cli.common import bank_path, db_option, echo_err
from storybank.cli.stories import COMMANDS
from storybank.core.errors import StorybankError, StoryValidationError, describe_os_error


class LazyGroup(click.Group):
    """A group whose commands kept in other modules are imported only when one is used (or the
    help lists them): those modules import this one's plumbing, and most runs need neither."""

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lazy = lazy  # command name -> "module:attribute"

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self._lazy and cmd_name not in self.commands:
            import importlib

            module, attribute = self._lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module), attribute)
            assert isinstance(command, click.Command)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            import difflib

            near = difflib.get_close_matches(name, self.list_commands(ctx), n=1, cutoff=0.6)
            hint = f" Did you mean `{near[0]}`?" if near else ""
            raise click.UsageError(f"No such command '{name}'.{hint}", ctx)
        return super().resolve_command(ctx, args)


LAZY_COMMANDS = {
    "taxonomies": "storybank.cli.readiness:taxonomies_cmd",
    "competency": "storybank.cli.readiness:competency_cmd",
    "questions": "storybank.cli.readiness:questions_cmd",
    "answer": "storybank.cli.readiness:answer_cmd",
    "coverage": "storybank.cli.readiness:coverage_cmd",
    "prepare": "storybank.cli.readiness:prepare_cmd",
    "backup": "storybank.cli.backup:backup_group",
    "check": "storybank.cli.quality:check_cmd",
    "practice": "storybank.cli.practice:practice_cmd",
    "pitch": "storybank.cli.pitch:pitch_group",
    "encrypt": "storybank.cli.crypt:encrypt_cmd",
    "decrypt": "storybank.cli.crypt:decrypt_cmd",
    "passphrase": "storybank.cli.crypt:passphrase_group",
    "redact": "storybank.cli.redactnames:redact_cmd",
    "tui": "storybank.cli.tui:tui",
    "job": "storybank.cli.jobs:job_group",
    "interview": "storybank.cli.interviews:interview_group",
    "due": "storybank.cli.due:due_group",
    "ask": "storybank.cli.asks:ask_group",
    "calendar": "storybank.cli.calendar:calendar_group",
}


@click.group(
    cls=LazyGroup,
    lazy=LAZY_COMMANDS,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@db_option
@click.version_option(__version__, prog_name="storybank")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """storybank: write your interview stories in STAR form and find the right one fast."""
    ctx.ensure_object(dict)
    common.use_passphrase_sources(ctx)
    if ctx.invoked_subcommand is None:
        if common.is_interactive():
            from storybank.cli.tui import launch

            launch(bank_path(ctx))
        else:
            # Scripts and CI get the help instead of a full-screen app that would wait forever.
            click.echo(ctx.get_help())


for _command in COMMANDS:
    cli.add_command(_command)


# Entry points -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the CLI in-process and return its exit code (errors are one line on stderr)."""
    try:
        return _run(argv)
    finally:
        gc.unfreeze()  # open_bank froze the bank it loaded for the command's run


def _run(argv: list[str] | None) -> int:
    try:
        result = cli.main(args=argv, prog_name="storybank", standalone_mode=False)
    except click.exceptions.Abort:
        echo_err("Aborted.")
        return 1
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.UsageError as error:
        # One line, as every error is: what went wrong, then where the help is.
        where = error.ctx.command_path if error.ctx is not None else "storybank"
        echo_err(f"{error.format_message()} See `{where} --help`.")
        return error.exit_code
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except StoryValidationError as error:
        for problem in error.problems:
            echo_err(f"{problem.field}: {problem.message}")
        return 1
    except StorybankError as error:
        echo_err(error.message)
        return 1
    except BrokenPipeError:
        # The reader (head, less) went away: stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        echo_err(f"{describe_os_error(error)}{where}")
        return 1
    except KeyboardInterrupt:
        echo_err("Interrupted.")
        return 130
    return result if isinstance(result, int) else 0


def run() -> None:
    """The console script."""
    code = main()
    # The process ends here, and what the command made goes with it. Left to the collector,
    # the interpreter's passes at exit would walk every object there is first (~15 ms after
    # the imports alone, ~35 ms more with 10,000 stories loaded): frozen, they are skipped and
    # the operating system takes the memory back. Nothing needs those passes: files and locks
    # are closed by the blocks that opened them, and Python flushes stdout and stderr itself.
    gc.freeze()
    sys.exit(code)
