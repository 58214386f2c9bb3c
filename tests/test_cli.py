"""Every CLI command, its output and its error paths, run in-process through `main(argv)`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import click
import pytest

from storybank.cli import common
from storybank.store.bank import Bank
from tests.conftest import Run, make_story


def fake_editor(change: Callable[[str], str]) -> Callable[..., None]:
    """A stand-in for `click.edit(filename=...)`: changes the file as a person would."""

    def edit(filename: str, **_kwargs: object) -> None:
        path = Path(filename)
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")

    return edit


def add(run: Run, title: str = "Led the on-call rewrite", *extra: str) -> str:
    code, out, err = run(
        "add",
        "--title", title,
        "--situation", "Pager noise", "--task", "Cut it", "--action", "I rebuilt the rules",
        "--result", "70% fewer pages",
        "--competency", "Leadership", "--tag", "oncall", "--org", "Acme", "--when", "2023",
        *extra,
    )  # fmt: skip
    assert code == 0, err
    return saved_id(out)


def saved_id(out: str) -> str:
    """The id in `add`'s line "Saved s-… “title” (state)"."""
    assert out.startswith("Saved s-"), out
    return out.split()[1]


def test_bare_command_prints_help_when_not_in_a_terminal(run: Run) -> None:
    code, out, _ = run(db=False)
    assert code == 0
    assert "Usage: storybank" in out
    for command in ("add", "list", "show", "search", "export", "import", "competencies"):
        assert command in out


def test_version(run: Run) -> None:
    code, out, _ = run("--version", db=False)
    assert (code, out.startswith("storybank, version")) == (0, True)


def test_add_then_search_by_competency_finds_it(run: Run, bank_path: Path) -> None:
    story_id = add(run)
    assert story_id.startswith("s-")
    code, out, _ = run("search", "--competency", "leadership")
    assert code == 0
    assert story_id in out and "competency: Leadership" in out
    assert Bank(bank_path).get(story_id).source.organization == "Acme"


def test_add_without_star_parts_saves_a_draft_and_says_so(run: Run, bank_path: Path) -> None:
    code, out, err = run("add", "--title", "Half a story", "--competency", "conflict")
    assert (code, err) == (0, "")
    story_id = saved_id(out)
    assert (
        out == f"Saved {story_id} “Half a story” (draft: missing situation, task, action, result)\n"
    )
    assert Bank(bank_path).get(story_id).status.value == "draft"


def test_add_says_the_same_sentence_for_a_ready_story(run: Run) -> None:
    code, out, err = run(
        "add", "--title", "Whole", "--situation", "s", "--task", "t", "--action", "a",
        "--result", "r",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == f"Saved {saved_id(out)} “Whole” (ready)\n"


def test_add_prints_the_story_as_json_for_scripts(run: Run, bank_path: Path) -> None:
    code, out, _ = run("add", "--title", "Scripted", "--format", "json")
    assert code == 0
    record = json.loads(out)
    assert (record["title"], record["status"]) == ("Scripted", "draft")
    assert Bank(bank_path).get(record["id"]).title == "Scripted"


def test_add_reports_validation_errors_by_field(run: Run, bank_path: Path) -> None:
    code, out, err = run("add", "--title", "x" * 121, "--when", "someday")
    assert code == 1
    assert out == ""
    assert "storybank: title: Title is longer than 120 characters" in err
    assert "storybank: source.when: When must be a year" in err
    assert "Traceback" not in err
    assert not bank_path.exists()


def test_add_refuses_a_bad_kind_as_a_usage_error(run: Run) -> None:
    code, _, err = run("add", "--title", "t", "--kind", "job")
    assert code == 2
    assert "Invalid value for '--kind'" in err


def test_global_db_option_and_env_var(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other.json"
    code, out, _ = run("--db", str(other), "add", "--title", "Global db", db=False)
    assert code == 0 and Bank(other).get(saved_id(out)).title == "Global db"
    env_bank = tmp_path / "env.json"
    monkeypatch.setenv("STORYBANK_DB", str(env_bank))
    code, out, _ = run("add", "--title", "From env", db=False)
    assert code == 0 and Bank(env_bank).get(saved_id(out)).title == "From env"


def test_list_text_and_json(run: Run) -> None:
    first = add(run, "First story")
    second = add(run, "Second story")
    code, out, _ = run("list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "STATUS", "TITLE", "COMPETENCIES", "SOURCE", "UPDATED"]
    assert lines[1].startswith(second) and lines[2].startswith(first)
    code, out, _ = run("list", "--format", "json")
    data = json.loads(out)
    assert [d["id"] for d in data] == [second, first]
    assert data[0]["status"] == "ready"


def test_list_limit_keeps_the_first_stories_of_the_order(run: Run) -> None:
    ids = [add(run, f"Story {n}") for n in range(3)]
    newest_first = ids[::-1]
    code, out, _ = run("list", "-n", "2")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()[1:]] == newest_first[:2]
    data = json.loads(run("list", "--limit", "1", "--format", "json")[1])
    assert [d["id"] for d in data] == newest_first[:1]
    # More than there are is all of them; none is a usage error that names the option.
    assert len(run("list", "-n", "9")[1].splitlines()) == 4
    code, _, err = run("list", "-n", "0")
    assert code == 2 and "--limit" in err


def test_search_n_is_its_limit(run: Run) -> None:
    for n in range(3):
        add(run, f"Story {n}")
    out = run("search", "story", "-n", "2")[1]
    assert [line.split()[0] for line in out.splitlines() if line[:4].strip()] == ["1.", "2."]


def test_list_on_an_empty_bank_says_how_to_start(run: Run) -> None:
    code, out, _ = run("list")
    assert code == 0 and "storybank add" in out


def test_show_text_json_and_unknown_id(run: Run) -> None:
    story_id = add(run)
    code, out, _ = run("show", story_id[:5])
    assert code == 0
    assert "Led the on-call rewrite" in out and "ACTION\nI rebuilt the rules" in out
    assert "Competencies: Leadership" in out
    code, out, _ = run("show", story_id, "--format", "json")
    assert json.loads(out)["title"] == "Led the on-call rewrite"
    code, out, err = run("show", "s-ffffff")
    assert (code, out) == (1, "")
    assert err == "storybank: No story has the id “s-ffffff”. `storybank list` shows ids\n"


def test_edit_with_flags(run: Run, bank_path: Path) -> None:
    story_id = add(run)
    code, out, _ = run("edit", story_id, "--title", "Renamed", "--competency", "Ownership")
    assert code == 0 and "Saved" in out
    story = Bank(bank_path).get(story_id)
    assert (story.title, story.competencies, story.action) == (
        "Renamed",
        ["Initiative"],  # an alias is stored under the competency's own name
        "I rebuilt the rules",
    )


def test_edit_with_bad_value_changes_nothing(run: Run, bank_path: Path) -> None:
    story_id = add(run)
    before = bank_path.read_bytes()
    code, _, err = run("edit", story_id, "--title", "  ")
    assert code == 1 and "Title is required" in err
    assert bank_path.read_bytes() == before


def test_edit_without_flags_outside_a_terminal_is_a_usage_error(run: Run) -> None:
    story_id = add(run)
    code, _, err = run("edit", story_id)
    assert code == 2 and "Give the fields to change" in err


def test_add_in_a_terminal_opens_the_editor_template(
    run: Run, bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def fake_edit(text: str) -> str:
        seen.append(text)
        return (
            text.replace("Title: \n", "Title: Calmed an angry customer\n")
            .replace("Competencies: conflict", "Competencies: conflict, Customer focus")
            .replace("## Action\n", "## Action\nI listened first.\n")
        )

    monkeypatch.setattr(common, "is_interactive", lambda: True)
    monkeypatch.setattr(click, "edit", fake_editor(fake_edit))
    code, out, _ = run("add", "--competency", "conflict")
    assert code == 0
    assert "## Situation" in seen[0] and "Competencies: conflict" in seen[0]
    story = Bank(bank_path).get(saved_id(out))
    assert story.title == "Calmed an angry customer"
    assert story.competencies == ["Conflict resolution", "Customer focus"]
    assert story.action == "I listened first."


def test_editor_errors_are_shown_and_the_text_reopened(
    run: Run, bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rounds: list[str] = []

    def fake_edit(text: str) -> str:
        rounds.append(text)
        if len(rounds) == 1:
            return text.replace("Title: \n", "Title: Fine\n").replace("When: \n", "When: soon\n")
        return text.replace("When: soon\n", "When: 2024\n")

    monkeypatch.setattr(common, "is_interactive", lambda: True)
    monkeypatch.setattr(click, "edit", fake_editor(fake_edit))
    monkeypatch.setattr(click, "confirm", lambda *_a, **_k: True)
    code, out, err = run("add")
    assert code == 0
    assert "source.when: When must be a year" in err
    assert rounds[1].startswith("# PLEASE FIX: source.when: When must be a year")
    assert Bank(bank_path).get(saved_id(out)).source.when == "2024"


def test_giving_up_in_the_editor_keeps_the_text(
    run: Run, bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake_edit(text: str) -> str:
        return text.replace("## Action\n", "## Action\nWords I must not lose.\n")

    monkeypatch.setattr(common, "is_interactive", lambda: True)
    monkeypatch.setattr(click, "edit", fake_editor(fake_edit))
    code, _, err = run("add")
    assert code == 1
    kept = Path(err.split("Your text is kept in ")[1].split()[0])
    assert "Words I must not lose." in kept.read_text()
    kept.unlink()
    assert not bank_path.exists()


def test_edit_in_the_editor_round_trips_every_field(
    run: Run, bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story_id = add(run)
    monkeypatch.setattr(common, "is_interactive", lambda: True)
    monkeypatch.setattr(
        click, "edit", fake_editor(lambda text: text.replace("70% fewer pages", "80% fewer pages"))
    )
    code, _, _ = run("edit", story_id)
    assert code == 0
    story = Bank(bank_path).get(story_id)
    assert story.result == "80% fewer pages"
    assert (story.title, story.tags, story.source.when) == (
        "Led the on-call rewrite",
        ["oncall"],
        "2023",
    )


def test_delete_asks_first_and_yes_skips_it(
    run: Run, bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story_id = add(run)
    code, _, err = run("delete", story_id)
    assert code == 2 and "--yes" in err
    monkeypatch.setattr(common, "is_interactive", lambda: True)
    monkeypatch.setattr(click, "confirm", lambda *_a, **_k: False)
    code, _, err = run("delete", story_id)
    assert code == 1 and "nothing was deleted" in err
    assert len(Bank(bank_path)) == 1
    code, out, _ = run("delete", story_id, "--yes")
    assert code == 0 and "Deleted" in out
    assert len(Bank(bank_path)) == 0


def test_archive_and_unarchive(run: Run, bank_path: Path) -> None:
    story_id = add(run)
    assert run("archive", story_id)[0] == 0
    assert Bank(bank_path).get(story_id).archived
    _code, out, _ = run("list")
    assert story_id not in out
    assert story_id in run("list", "--archived")[1]
    assert run("unarchive", story_id)[0] == 0
    assert not Bank(bank_path).get(story_id).archived


def test_search_words_filters_json_and_no_match(run: Run) -> None:
    lead = add(run, "Led the on-call rewrite")
    other = add(run, "Mentored a new hire", "--kind", "volunteer", "--org", "Code Club")
    code, out, _ = run("search", "rewrite")
    assert code == 0 and lead in out and other not in out
    code, out, _ = run("search", "--kind", "volunteer", "--format", "json")
    data = json.loads(out)
    assert [d["id"] for d in data] == [other]
    assert data[0]["reasons"] == []
    code, out, _ = run("search", "--org", "code club", "--tag", "oncall", "--format", "json")
    assert [d["id"] for d in json.loads(out)] == [other]
    code, out, err = run("search", "nothing-like-this")
    assert (code, out, err) == (1, "", "No story matches.\n")
    code, out, _ = run("search", "nothing-like-this", "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_competencies_counts(run: Run) -> None:
    add(run, "One")
    add(run, "Two", "--competency", "Team work", "--competency", "Collaboration")
    _code, out, _ = run("competencies", "--format", "json")
    # "Team work" and "Collaboration" are both the taxonomy's Teamwork: one row, one story.
    assert json.loads(out) == [
        {"competency": "Leadership", "stories": 2},
        {"competency": "Teamwork", "stories": 1},
    ]
    assert "Leadership  2" in run("competencies")[1]


def test_export_formats(run: Run, tmp_path: Path) -> None:
    add(run, "=cmd|' /C calc'!A0")
    code, out, _ = run("export", "--format", "json")
    doc = json.loads(out)
    assert doc["format"] == "storybank" and len(doc["stories"]) == 1
    code, out, _ = run("export", "--format", "markdown")
    assert out.startswith("# Interview stories") and "### Action" in out
    code, out, _ = run("export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["title"].startswith("'=")  # no formula runs when a spreadsheet opens it
    target = tmp_path / "out" / "stories.md"
    code, _, err = run("export", "--format", "markdown", "-o", str(target))
    assert code == 0 and "Exported 1 stories" in err
    assert target.read_text().startswith("# Interview stories")
    assert oct(target.stat().st_mode & 0o777) == "0o600"


def test_export_to_an_unwritable_place_is_one_line(run: Run, tmp_path: Path) -> None:
    add(run)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run("export", "-o", str(blocker / "sub" / "x.json"))
    assert code == 1 and err.startswith("storybank: Could not write") and err.count("\n") == 1


def test_import_our_own_export_skips_what_is_there(run: Run, tmp_path: Path) -> None:
    add(run)
    export = tmp_path / "export.json"
    run("export", "-o", str(export))
    code, out, err = run("import", str(export))
    assert code == 0 and "Imported 0 stories; skipped 1." in out
    assert "is already in the bank" in err
    fresh = tmp_path / "fresh.json"
    code, out, _ = run("--db", str(fresh), "import", str(export), db=False)
    assert code == 0 and "Imported 1 stories" in out
    assert Bank(fresh).all()[0].title == "Led the on-call rewrite"


def test_import_other_tools_json(run: Run, bank_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "other.json"
    source.write_text(
        json.dumps(
            [
                {"title": "Shipped under pressure", "situation": "S", "task": "T", "action": "A",
                 "result": "R", "learning": "Plan buffers", "tags": "deadline, pressure"},
                {"situation": "Our club lost its venue.", "action": "I found a new one."},
                {"notes": "nothing useful"},
            ]
        )
    )  # fmt: skip
    code, out, err = run("import", str(source))
    assert code == 0
    assert "Imported 2 stories; skipped 1." in out
    assert "item 3" in err and "has no title and no STAR text" in err
    stories = {s.title: s for s in Bank(bank_path).all()}
    assert stories["Shipped under pressure"].reflection == "Plan buffers"
    # "pressure" names a competency (an alias of Working under pressure); "deadline" does not.
    assert stories["Shipped under pressure"].tags == ["deadline"]
    assert stories["Shipped under pressure"].competencies == ["Working under pressure"]
    assert "1 tag became a competency: pressure → Working under pressure" in out
    assert "Our club lost its venue." in stories


def test_import_is_all_or_nothing_when_something_is_invalid(
    run: Run, bank_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "bad.json"
    source.write_text(json.dumps([{"title": "Good"}, {"title": "x" * 200}]))
    code, _, err = run("import", str(source))
    assert code == 1
    assert "invalid item 2" in err and "Title is longer than 120 characters" in err
    assert "nothing was imported" in err
    assert not bank_path.exists()
    code, out, _ = run("import", str(source), "--skip-invalid")
    assert code == 0 and "Imported 1 stories; skipped 1." in out


def test_import_dry_run_writes_nothing(run: Run, bank_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "one.json"
    source.write_text(json.dumps([{"title": "Only a plan"}]))
    code, out, _ = run("import", str(source), "--dry-run")
    assert code == 0 and "Would import 1 stories" in out
    assert not bank_path.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"{oops", "is not valid JSON"), (b'{"a": 1}', "neither a storybank export")],
)
def test_import_bad_files(run: Run, tmp_path: Path, content: bytes, message: str) -> None:
    source = tmp_path / "in.json"
    source.write_bytes(content)
    code, _, err = run("import", str(source))
    assert code == 1 and message in err


def test_import_missing_file(run: Run, tmp_path: Path) -> None:
    code, _, err = run("import", str(tmp_path / "nope.json"))
    assert code == 1 and "Cannot read" in err


def test_a_bad_bank_is_one_line_and_untouched(run: Run, bank_path: Path) -> None:
    bank_path.parent.mkdir(parents=True)
    bank_path.write_bytes(b'{"stories": {"1": {"title"')
    for args in (("list",), ("add", "--title", "x"), ("search", "x"), ("export",)):
        code, _out, err = run(*args)
        assert code == 1
        assert err.count("\n") == 1 and "is not valid JSON" in err
        assert "Traceback" not in err
    assert bank_path.read_bytes() == b'{"stories": {"1": {"title"'


def test_control_characters_from_the_bank_never_reach_the_terminal(
    run: Run, bank_path: Path
) -> None:
    hostile = "Evil \x1b]52;c;cGFzdGU=\x07 \x1b[2J title \x9b31m"
    story = Bank(bank_path).add(make_story(title=hostile, action="line\x1b[1Aup"))
    for args in (("list",), ("show", story.id), ("search", "evil"), ("export", "--format", "json")):
        code, out, _ = run(*args)
        assert code == 0
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "␛]52;c;cGFzdGU=␇" in run("show", story.id)[1]
    exported = json.loads(run("export")[1])
    assert exported["stories"][0]["title"] == hostile


def test_usage_errors_exit_2(run: Run) -> None:
    assert run("show")[0] == 2
    assert run("no-such-command", db=False)[0] == 2
    assert run("search", "--limit", "0")[0] == 2


def test_python_dash_m_works() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "storybank", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "Usage: storybank" in done.stdout


def test_the_console_script_ends_with_its_output_written_and_its_code(tmp_path: Path) -> None:
    # The console script freezes what is left before the interpreter ends (see `run`): what a
    # command printed and saved must still all be there, and its exit code unchanged.
    import subprocess
    import sys

    bank = tmp_path / "bank.json"
    Bank(bank).add_many(make_story(id=f"s-{n:06x}", title=f"Story {n}") for n in range(300))

    def storybank(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "storybank", "--db", str(bank), *args]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    exported = storybank("export", "--format", "json")
    assert exported.returncode == 0
    assert len(json.loads(exported.stdout)["stories"]) == 300
    added = storybank("add", "--title", "Saved from a console script")
    assert added.returncode == 0
    assert any(s.title == "Saved from a console script" for s in Bank(bank).all())
    missing = storybank("show", "s-nosuch")
    assert missing.returncode == 1 and "s-nosuch" in missing.stderr


def test_import_other_tools_keeps_where_a_story_came_from(
    run: Run, bank_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "other.json"
    source.write_text(
        json.dumps([{"title": "Fixed the build", "company": "Acme", "position": "Intern",
                     "date": "2022", "situation": "S"}])
    )  # fmt: skip
    assert run("import", str(source))[0] == 0
    story = Bank(bank_path).all()[0]
    assert (story.source.organization, story.source.role, story.source.when) == (
        "Acme",
        "Intern",
        "2022",
    )


def test_list_keeps_room_for_the_title(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    add(run, "A fairly long title about leading a migration", "--competency", "Influence " * 5)
    line = run("list")[1].splitlines()[1]
    assert "A fairly long title about lead" in line
    assert len(line) <= 100


def test_coverage_counts_strong_stories_and_says_what_to_fix_first(
    run: Run, bank_path: Path
) -> None:
    import json

    from storybank.store.bank import Bank
    from tests.quality_cases import CHECKOUT, story

    weak = Bank(bank_path).add(story(CHECKOUT, result="", competencies=["Conflict resolution"]))
    code, out, _ = run("coverage")
    assert code == 0
    assert "STRONG" in out.splitlines()[0]
    assert "Fix first (weak stories that would help most):" in out
    assert f"  {weak.id}" in out and "      would cover: Conflict resolution" in out
    data = json.loads(run("coverage", "--format", "json")[1])
    assert data["strong_score"] == 70
    assert data["fix_first"][0]["id"] == weak.id
    row = next(r for r in data["competencies"] if r["name"] == "Conflict resolution")
    assert row["strong"] == 0 and row["stories"] == 1
