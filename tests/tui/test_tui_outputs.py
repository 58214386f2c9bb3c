"""Export and the job ad's prep sheet, from the app: a key, the palette, a file on disk."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Checkbox, Input, Select

from storybank.tui.app import StorybankApp
from storybank.tui.screens.main import MainScreen
from storybank.tui.screens.output import ExportDialog, PrepareDialog
from tests.tui.conftest import settle

SIZE = (100, 30)


async def test_x_exports_every_story_to_the_chosen_file(app: StorybankApp, tmp_path: Path) -> None:
    target = tmp_path / "out" / "stories.json"
    target.parent.mkdir()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        box = app.screen.query_one("#export-path", Input)
        app.screen.query_one("#export-format", Select).value = "markdown"
        await settle(pilot)
        assert box.value == "stories.md"  # the suffix follows the format
        app.screen.query_one("#export-format", Select).value = "json"
        box.value = str(target)
        await pilot.press("enter")
        await settle(pilot, rounds=3)
        assert isinstance(app.screen, MainScreen)
    doc = json.loads(target.read_bytes())
    assert len(doc["stories"]) == 4  # archived ones too, as `storybank export` does
    assert target.stat().st_mode & 0o777 == 0o600


async def test_export_refuses_the_bank_itself_and_says_so(
    app: StorybankApp, filled_path: Path
) -> None:
    before = filled_path.read_bytes()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        app.screen.query_one("#export-path", Input).value = str(filled_path)
        await pilot.press("enter")
        await settle(pilot, rounds=3)
        toasts = [str(t.render()) for t in app.screen.query("Toast")]
        assert any("the bank itself" in text for text in toasts), toasts
    assert filled_path.read_bytes() == before


async def test_p_writes_the_prep_sheet_for_a_job_ad(app: StorybankApp, tmp_path: Path) -> None:
    job = tmp_path / "job.txt"
    job.write_text(
        "Senior engineer\nYou will lead a team of five, mentor juniors and own delivery. "
        "Leadership and ownership matter: you will resolve conflict between teams and "
        "handle difficult customers with empathy."
    )
    sheet = tmp_path / "sheet.md"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PrepareDialog)
        app.screen.query_one("#prepare-job", Input).value = str(job)
        app.screen.query_one("#prepare-path", Input).value = str(sheet)
        await pilot.press("enter")
        await settle(pilot, rounds=3)
        assert isinstance(app.screen, MainScreen)
    text = sheet.read_text()
    assert text.startswith("# Interview prep: Senior engineer")
    assert "Led the on-call rewrite" in text  # the sample's leadership story


async def test_export_and_prep_sheet_are_in_the_palette(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for words, dialog in (("export", ExportDialog), ("prep sheet", PrepareDialog)):
            await pilot.press("ctrl+p", *words.replace(" ", ""))
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, dialog), words
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)


async def test_export_redacted_hides_organizations_and_roles_in_the_file(
    app: StorybankApp, tmp_path: Path
) -> None:
    target = tmp_path / "shared.md"
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        figures = dialog.query_one("#export-figures", Checkbox)
        assert figures.disabled  # figures are hidden only in a redacted export
        dialog.query_one("#export-format", Select).value = "markdown"
        dialog.query_one("#export-path", Input).value = str(target)
        dialog.query_one("#export-redact", Checkbox).value = True
        await settle(pilot)
        assert not figures.disabled
        figures.value = True
        await pilot.click("#write")
        await settle(pilot, rounds=3)
        assert isinstance(app.screen, MainScreen)
        toasts = [str(t.render()) for t in app.screen.query("Toast")]
        assert any("redacted stories" in text for text in toasts), toasts
    text = target.read_text()
    assert text.startswith("# Interview stories (redacted)")
    assert "Acme" not in text and "Globex" not in text and "SRE" not in text
    assert "[organization 1]" in text and "[role 1]" in text
    assert "70%" not in text and "[percent]" in text  # the sample's "Pages fell by 70%"
    assert "Led the on-call rewrite" in text  # the story still reads as itself
    assert target.stat().st_mode & 0o777 == 0o600


async def test_unticking_redact_unticks_figures(app: StorybankApp, tmp_path: Path) -> None:
    target = tmp_path / "plain.json"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        redact = dialog.query_one("#export-redact", Checkbox)
        figures = dialog.query_one("#export-figures", Checkbox)
        redact.value = True
        await settle(pilot)
        figures.value = True
        redact.value = False
        await settle(pilot)
        assert figures.disabled and not figures.value
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot, rounds=3)
    doc = json.loads(target.read_bytes())
    assert "redacted" not in doc
    assert any(s["source"]["organization"] == "Acme" for s in doc["stories"])
