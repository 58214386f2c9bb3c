"""The readiness commands as a person runs them: output, JSON, and every error path."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from storybank.store.bank import Bank
from storybank.store.settings import load_settings
from tests.conftest import Run, make_story, within

JOBS = Path(__file__).parent / "data" / "jobs"


@pytest.fixture
def filled(bank_path: Path) -> dict[str, str]:
    """A bank with a few stories; returns title -> id."""
    bank = Bank(bank_path)
    stories = [
        make_story(title="Settled a design clash", competencies=["conflict", "team work"]),
        make_story(title="Sped up releases", competencies=["Collaboration", "innovation"]),
        make_story(
            title="Led the robotics club",
            competencies=["Leadership", "Mentoring"],
            source={"kind": "education", "organization": "Uni"},
        ),
        make_story(title="Angry client at launch", competencies=["customer service"], result=""),
    ]
    return {s.title: s.id for s in bank.add_many(stories)}


@pytest.mark.parametrize("spelling", ["team work", "Collaboration", "teamwork"])
def test_search_by_competency_matches_every_spelling(
    run: Run, filled: dict[str, str], spelling: str
) -> None:
    code, out, _ = run("search", "--competency", spelling, "--format", "json")
    assert code == 0
    assert sorted(r["title"] for r in json.loads(out)) == [
        "Settled a design clash",
        "Sped up releases",
    ]


def test_competencies_counts_through_aliases(run: Run, filled: dict[str, str]) -> None:
    code, out, _ = run("competencies", "--format", "json")
    counts = {r["competency"]: r["stories"] for r in json.loads(out)}
    assert code == 0 and counts["Teamwork"] == 2 and counts["Customer focus"] == 1


def test_questions_lists_the_active_taxonomies_question_banks(run: Run) -> None:
    code, out, _ = run("questions", "--format", "json")
    ids = [q["id"] for q in json.loads(out)]
    assert code == 0 and "Q1" in ids and not {"Q101", "Q201"} & set(ids)
    assert run("taxonomies", "use", "general", "amazon", "tih")[0] == 0
    code, out, _ = run("questions", "--format", "json")
    listed = json.loads(out)
    ids = [q["id"] for q in listed]
    # The general bank first, then each active taxonomy's, in their active order.
    assert code == 0 and ids.index("Q48") < ids.index("Q101") < ids.index("Q201")
    per_principle = [q for q in listed if "Dive Deep" in q["competencies"]]
    assert len(per_principle) >= 3 and all(q["id"].startswith("Q1") for q in per_principle)
    code, out, _ = run("questions", "--competency", "perseverance")
    assert code == 0 and "Q2" in out and "Perseverance" in out
    assert run("taxonomies", "use", "general", "tih")[0] == 0
    code, out, _ = run("questions", "--format", "json")
    ids = [q["id"] for q in json.loads(out)]
    # An Amazon question is no longer listed once Amazon is not in use.
    assert "Q201" in ids and "Q101" not in ids


def test_questions_list_filter_and_json(run: Run) -> None:
    code, out, _ = run("questions")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("Q1   Tell me about a conflict")
    assert lines[1].strip() == "Conflict resolution, Teamwork"
    assert "Q40" in out
    code, out, _ = run("questions", "-c", "coaching", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and rows and all("Mentoring" in r["competencies"] for r in rows)
    assert {"id": "Q10"}.items() <= next(r for r in rows if r["id"] == "Q10").items()


def test_questions_with_an_unknown_competency_is_a_usage_error(run: Run) -> None:
    code, out, err = run("questions", "--competency", "juggling")
    assert code == 2 and out == ""
    assert "“juggling” is not a competency" in err and "Traceback" not in err


def test_own_questions_add_edit_remove(run: Run, bank_path: Path) -> None:
    code, out, _ = run(
        "questions",
        "add",
        "Why remote work?",
        "-c",
        "team work",
        "-c",
        "Communication",
    )
    assert code == 0 and out.strip() == "U1"
    settings = load_settings(Bank(bank_path))
    assert settings.questions[0].competencies == ["Teamwork", "Communication"]
    code, out, _ = run("questions", "edit", "u1", "--text", "Why remote?")
    assert code == 0
    code, out, _ = run("questions", "--mine", "--format", "json")
    assert json.loads(out) == [
        {
            "id": "U1",
            "text": "Why remote?",
            "competencies": ["Teamwork", "Communication"],
            "custom": True,
        }
    ]
    code, out, _ = run("questions", "remove", "U1")
    assert code == 0 and "Removed U1" in out
    assert load_settings(Bank(bank_path)).questions == []


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("questions", "edit", "U9", "--text", "x"), 1, "No question has the id “U9”"),
        (("questions", "remove", "Q3"), 1, "Q3 is a built-in question and cannot be removed"),
        (("questions", "edit", "Q3", "--text", "x"), 1, "Q3 is a built-in question"),
        (("questions", "add", "Why?"), 2, "--competency NAME (0 given)"),
        (("competency", "add", "  "), 1, "name: Name is required"),
        (("questions", "add", "Why?", "-c", "nope"), 2, "“nope” is not a competency"),
        (("questions", "add", "Why?", "-c", "a", "-c", "b", "-c", "c", "-c", "d"), 2, "not a"),
        (("questions", "add", "", "-c", "Teamwork"), 1, "Text"),
        (("answer", "--id", "Q999"), 1, "No question has the id “Q999”"),
        (("answer",), 2, "Give a question"),
        (("answer", "text", "--id", "Q1"), 2, "not both"),
        (("answer", "Why?", "-c", "juggling"), 2, "“juggling” is not a competency"),
        (("taxonomies", "use", "nope"), 2, "nope"),
        (("competency", "remove", "Teamwork"), 1, "not one of your own competencies"),
    ],
)
def test_error_paths_are_one_line(run: Run, args: tuple[str, ...], code: int, message: str) -> None:
    got, _, err = run(*args)
    assert got == code, err
    assert message in err and "Traceback" not in err
    if code == 1:
        assert len(err.strip().splitlines()) == 1


def test_too_many_competencies_on_a_question_is_refused(run: Run, bank_path: Path) -> None:
    args = ["questions", "add", "Why?"]
    for name in ("Teamwork", "Leadership", "Mentoring", "Communication"):
        args += ["-c", name]
    code, _, err = run(*args)
    assert code == 2 and "1 to 3 competencies" in err and "(4 given)" in err
    assert load_settings(Bank(bank_path)).questions == []


def test_answer_by_id_and_by_text(run: Run, filled: dict[str, str]) -> None:
    code, out, _ = run("answer", "--id", "Q1")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("Q1: Tell me about a conflict")
    assert lines[1] == "Asks for: Conflict resolution, Teamwork"
    assert lines[2] == "Match: strong"
    assert filled["Settled a design clash"] in lines[4] and "[strong]" in lines[4]
    code, out, _ = run(
        "answer",
        "Tell me about a disagreement with a coworker",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert code == 0 and data["inferred"] and "Conflict resolution" in data["competencies"]
    assert data["stories"][0]["title"] == "Settled a design clash"
    assert data["fits"] is True


def test_answer_says_plainly_when_nothing_fits(run: Run, filled: dict[str, str]) -> None:
    code, out, _ = run("answer", "--id", "Q6")
    # A bank with stories is always ranked: the closest come first, plainly labelled.
    assert code == 0
    assert "No story fits." not in out
    assert "  1. " in out
    assert "No story shows Decision making; these are the closest. Write one for Decision" in out


def test_answer_is_never_empty_and_says_how_sure_it_is(run: Run, filled: dict[str, str]) -> None:
    code, out, _ = run("answer", "What is your favourite colour?")
    assert code == 0
    assert "  1. " in out and "[weak]" in out
    code, out, _ = run("answer", "--format", "json", "What is your favourite colour?")
    data = json.loads(out)
    assert data["stories"] and data["certainty"] == "weak"
    assert {s["certainty"] for s in data["stories"]} == {"weak"}
    code, out, _ = run("answer", "--format", "json", "Have you ever coached a junior colleague?")
    data = json.loads(out)
    assert data["competencies"][0] == "Mentoring"
    assert data["stories"][0]["certainty"] in ("strong", "possible")
    assert data["certainty"] == data["stories"][0]["certainty"]


def test_answer_on_an_empty_bank_says_so(run: Run) -> None:
    code, out, _ = run("answer", "Tell me about a conflict with a teammate")
    assert code == 1
    assert "No story fits." in out


def test_coverage_table_and_json(run: Run, filled: dict[str, str]) -> None:
    code, out, _ = run("coverage")
    assert code == 0
    teamwork = next(line for line in out.splitlines() if line.startswith("Teamwork "))
    assert teamwork.split()[1:3] == ["2", "2"]
    assert "GAP" in out and "thin" in out
    assert "Sources: work 3, education 1, other 0" in out
    assert "Questions with no good (ready) story:" in out
    code, out, _ = run("coverage", "--format", "json")
    data = json.loads(out)
    rows = {r["name"]: r for r in data["competencies"]}
    assert rows["Customer focus"]["stories"] == 1 and rows["Customer focus"]["ready"] == 0
    assert "Problem solving" in data["gaps"] and "Leadership" in data["thin"]
    assert data["balance"] == {"work": 3, "education": 1, "other": 0}
    q19 = next(q for q in data["questions_without_a_good_story"] if q["id"] == "Q19")
    assert q19["draft_ids"] == [filled["Angry client at launch"]]


def test_taxonomies_and_own_competencies(run: Run, filled: dict[str, str]) -> None:
    code, out, _ = run("taxonomies", "use", "amazon", "tih")
    assert code == 0 and "amazon, tih" in out
    code, out, _ = run("taxonomies", "--format", "json")
    assert [t["id"] for t in json.loads(out) if t["active"]] == ["amazon", "tih"]
    code, out, _ = run(
        "competency",
        "add",
        "Robotics",
        "--alias",
        "robots",
        "--description",
        "Bots.",
    )
    assert code == 0
    code, out, _ = run("competency", "list", "--format", "json")
    names = [c["name"] for c in json.loads(out)]
    assert names[0] == "Robotics" and "Earn Trust" in names and "Leadership" not in names
    code, out, _ = run("competency", "add", "robotics")
    assert code == 1
    code, out, _ = run("coverage", "--format", "json")
    rows = {r["name"]: r for r in json.loads(out)["competencies"]}
    assert rows["Customer Obsession"]["stories"] == 1  # "customer service" is an alias there
    assert rows["Robotics"]["stories"] == 0
    assert rows["Leadership"]["taxonomies"] == []  # used on a story, no longer in a taxonomy
    code, out, _ = run("competency", "remove", "ROBOTICS")
    assert code == 0


def test_prepare_from_a_file_to_a_prep_sheet(
    run: Run, filled: dict[str, str], tmp_path: Path
) -> None:
    sheet = tmp_path / "prep.md"
    job = JOBS / "team-lead-backend.txt"
    code, out, err = run("prepare", "--job", str(job), "--output", str(sheet))
    assert code == 0 and f"Wrote the prep sheet to {sheet}" in err
    assert "The job asks for:" in out and "Mentoring (" in out
    assert "GAP" in out and "Gaps: " in out
    text = sheet.read_text(encoding="utf-8")
    assert text.startswith("# Interview prep: Senior Backend Engineer / Team Lead")
    assert "Led the robotics club" in text


def test_prepare_from_stdin_as_json(
    run: Run, filled: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO((JOBS / "customer-success.txt").read_text()))
    code, out, _ = run("prepare", "--job", "-", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["competencies"][0]["name"] == "Customer focus"
    first = data["items"][0]
    assert first["story"]["title"] == "Angry client at launch" and first["status"] == "draft"
    assert "Prioritization" in data["gaps"] and data["weak"] is False
    groups = [g["name"] for g in data["groups"]]
    assert groups[0] == "Asked for most" and "Customer focus" in data["groups"][0]["competencies"]
    assert {i["group"] for i in data["items"]} <= set(groups)
    gaps = {i["competency"]: i["related"] for i in data["items"] if i["story"] is None}
    # No story shows Prioritization or anything the crosswalk relates to it.
    assert gaps["Prioritization"] is None


def test_prepare_text_groups_and_names_the_closest_story_for_a_gap(
    run: Run, filled: dict[str, str]
) -> None:
    code, out, _ = run("prepare", "--job", str(JOBS / "team-lead-backend.txt"))
    assert code == 0
    prep = out.split("Prep set:\n", 1)[1]
    assert prep.startswith("  Asked for most:\n    ") and "\n  Also asked for:\n    " in prep
    # Nothing shows Problem solving; "Sped up releases" shows Creativity and innovation,
    # which the crosswalk relates to it.
    assert (
        "    Problem solving: GAP — no story yet; write one\n"
        "      closest related (Creativity and innovation): "
        f"{filled['Sped up releases']} Sped up releases\n" in prep
    )
    assert "    Prioritization: GAP — no story yet; write one\n    " in prep


def test_prepare_calls_out_one_story_told_for_most_of_the_sheet(
    run: Run, bank_path: Path, tmp_path: Path
) -> None:
    Bank(bank_path).add(
        make_story(title="Ran the summit", competencies=["Leadership", "Teamwork", "Mentoring"])
    )
    ad = tmp_path / "ad.txt"
    ad.write_text("Lead a team. Leadership, teamwork and collaboration. Mentor and coach juniors.")
    code, out, _ = run("prepare", "--job", str(ad))
    assert code == 0 and "“Ran the summit” answers 3 of the 3 competencies" in out
    assert "Write another story for " in out
    data = json.loads(run("prepare", "--job", str(ad), "--format", "json")[1])
    [overused] = data["overused"]
    assert overused["title"] == "Ran the summit" and (overused["count"], overused["of"]) == (3, 3)
    assert len(overused["reused_for"]) == 2


def test_prepare_error_paths(
    run: Run, bank_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    code, _, err = run("prepare", "--job", str(empty))
    assert code == 1 and "is empty" in err
    code, _, err = run("prepare", "--job", str(tmp_path / "missing.txt"))
    assert code == 1 and "No such job description file" in err
    code, _, err = run("prepare", "--job", str(tmp_path))
    assert code == 1 and "is a folder" in err
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _, err = run("prepare", "--job", "-")
    assert code == 1 and "standard input is empty" in err
    code, _, err = run("prepare")
    assert code == 2 and "--job" in err
    assert not bank_path.exists()


def test_prepare_on_an_ad_with_no_keywords_says_so(run: Run) -> None:
    code, out, _ = run("prepare", "--job", str(JOBS / "forklift.txt"))
    assert code == 0 and "No competency keyword or alias appears" in out


def test_readiness_modules_never_import_textual() -> None:
    modules = (
        "storybank.cli.entry, storybank.readiness.coverage, storybank.readiness.prepare, "
        "storybank.readiness.questions"
    )
    code = f"import sys, {modules}; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_prepare_from_a_pipe_nobody_writes_to_ends_at_once(
    run: Run, filled: dict[str, str], tmp_path: Path
) -> None:
    import os

    fifo = tmp_path / "job"
    os.mkfifo(fifo)
    code, _, err = within(10, lambda: run("prepare", "--job", str(fifo)))
    assert code == 1 and "is empty" in err and err.count("\n") == 1
