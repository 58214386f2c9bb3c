"""The CLI side of the app: bare `storybank`, `storybank tui`, and Textual kept out of the core."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from storybank.cli import common, entry as cli


def test_bare_storybank_without_a_terminal_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 0
    out = capsys.readouterr().out
    assert "Usage: storybank" in out
    assert "tui" in out


def test_bare_storybank_at_a_terminal_opens_the_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(common, "is_interactive", lambda: True)
    monkeypatch.setattr("storybank.cli.tui.launch", opened.append)
    assert cli.main(["--db", str(tmp_path / "mine.json")]) == 0
    assert opened == [tmp_path / "mine.json"]


def test_tui_command_opens_the_chosen_bank(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    opened: list[Path] = []
    monkeypatch.setattr("storybank.cli.tui.launch", opened.append)
    result = CliRunner().invoke(cli.cli, ["tui", "--db", str(tmp_path / "b.json")])
    assert result.exit_code == 0, result.output
    assert opened == [tmp_path / "b.json"]


@pytest.mark.parametrize(
    "module", ["storybank.cli.entry", "storybank.search.engine", "storybank.store.bank"]
)
def test_core_and_cli_do_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_app_on_a_bad_bank_ends_with_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from storybank.tui.app import StorybankApp
    from storybank.tui.screens.error import BankErrorScreen
    from tests.tui.conftest import settle

    bad = tmp_path / "bad.json"
    bad.write_bytes(b"garbage")
    bad.chmod(0o600)
    seen: list[object] = []

    def run_headless(app: StorybankApp) -> None:
        async def drive() -> None:
            async with app.run_test(size=(80, 24)) as pilot:
                await settle(pilot)
                seen.append(app.screen)
                await pilot.press("q")

        asyncio.run(drive())

    monkeypatch.setattr(StorybankApp, "run", run_headless)
    code = cli.main(["tui", "--db", str(bad)])
    [screen] = seen
    assert isinstance(screen, BankErrorScreen)
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and err.startswith(f"storybank: {bad}: is not a story bank")
    assert "no backup of this bank can be restored" in err
    assert bad.read_bytes() == b"garbage"
