"""`storybank check`: the quality check from the command line, as text and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storybank.core.models import Story, revise
from storybank.quality.check import Report, check_story
from storybank.readiness import keptchecks
from storybank.readiness.keptchecks import CHECKS_CACHE
from storybank.store.bank import Bank
from storybank.store.index.sidecache import cache_path
from tests.conftest import Run, make_story
from tests.quality_cases import CHECKOUT, ONCALL, story


def test_check_prints_each_story_with_its_score_and_one_line_per_finding(
    run: Run, bank_path: Path
) -> None:
    bank = Bank(bank_path)
    good = bank.add(story(ONCALL))
    weak = bank.add(story(CHECKOUT, reflection="", competencies=[]))
    code, out, err = run("check")
    assert code == 0 and err == ""
    blocks = out.strip().split("\n\n")
    assert len(blocks) == 2
    by_id = {block.split()[0]: block.splitlines() for block in blocks}
    assert by_id[good.id] == [f"{good.id}  {good.title}", "  score 100/100"]
    lines = by_id[weak.id]
    assert lines[1] == "  score 87/100"
    assert lines[2].startswith("  - reflection [no-reflection, -8]: Add what you learned")
    assert lines[3].startswith("  - competencies [no-competency, -5]: Tag the story")
    assert len(lines) == 4


def test_check_takes_ids_by_prefix_and_skips_the_others(run: Run, bank_path: Path) -> None:
    bank = Bank(bank_path)
    one = bank.add(make_story(title="One"))
    bank.add(make_story(title="Two"))
    code, out, _ = run("check", one.id[2:6], one.id)
    assert code == 0
    assert out.count("score") == 1 and "One" in out and "Two" not in out


def test_check_leaves_archived_stories_out_unless_named(run: Run, bank_path: Path) -> None:
    bank = Bank(bank_path)
    old = bank.add(make_story(title="Old one"))
    bank.set_archived(old.id, True)
    assert run("check")[1] == "No stories yet. Write one with `storybank add`.\n"
    assert "Old one" in run("check", old.id)[1]


def test_check_json_holds_the_score_the_breakdown_and_each_finding(
    run: Run, bank_path: Path
) -> None:
    Bank(bank_path).add(story(ONCALL, result="", competencies=[]))
    code, out, _ = run("check", "--format", "json")
    assert code == 0
    (report,) = json.loads(out)
    assert report["score"] == 75
    assert report["deductions"] == {"missing-part": 20, "no-competency": 5}
    first = report["findings"][0]
    assert first == {
        "rule": "missing-part",
        "part": "result",
        "change": "Write the result: the story has none yet.",
        "why": "Without all four STAR parts the interviewer has to guess what you did.",
        "instances": 1,
        "deduction": 20,
    }


def test_check_with_an_unknown_id_is_one_line_and_exit_1(run: Run, bank_path: Path) -> None:
    Bank(bank_path).add(make_story())
    code, out, err = run("check", "s-nothere")
    assert code == 1 and out == ""
    assert err.startswith("storybank: No story has the id") and err.count("\n") == 1


def test_check_shows_story_text_safely_and_never_as_markup(run: Run, bank_path: Path) -> None:
    hostile = "Evil \x1b]52;c;cGFzdGU=\x07 [bold]title[/bold] \x9b31m"
    Bank(bank_path).add(make_story(title=hostile, situation="", hook=""))
    code, out, _ = run("check")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "[bold]title[/bold]" in out and "␛" in out


def test_check_is_listed_in_the_help(run: Run) -> None:
    code, out, _ = run("--help")
    assert code == 0 and "check" in out


def test_silence_turns_a_rule_off_for_the_story_and_unsilence_brings_it_back(
    run: Run, bank_path: Path
) -> None:
    weak = Bank(bank_path).add(story(CHECKOUT, reflection="", competencies=[]))
    code, out, err = run("check", weak.id, "--silence", "no-competency")
    assert code == 0
    assert err == "Silenced no-competency for 1 story.\n"
    assert "score 92/100" in out and "[no-competency" not in out
    assert "  silenced: no-competency (--unsilence RULE brings one back)" in out.splitlines()
    assert Bank(bank_path).get(weak.id).silenced == ["no-competency"]
    # Silenced for this story only; the rest of the story is as it was.
    assert Bank(bank_path).get(weak.id).action == weak.action
    code, out, err = run("check", weak.id, "--unsilence", "No-Competency", "--format", "json")
    assert code == 0 and err == "Brought back no-competency for 1 story.\n"
    (report,) = json.loads(out)
    assert report["silenced"] == [] and "no-competency" in report["deductions"]
    assert Bank(bank_path).get(weak.id).silenced == []


def test_silence_refuses_an_unknown_rule_in_one_line(run: Run, bank_path: Path) -> None:
    one = Bank(bank_path).add(make_story(title="One"))
    code, out, err = run("check", one.id, "--silence", "too-wordy")
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1
    assert "“too-wordy” is not a rule; the rules are: missing-part, thin-part" in err
    assert Bank(bank_path).get(one.id).silenced == []


def test_silence_needs_the_stories_named(run: Run, bank_path: Path) -> None:
    Bank(bank_path).add(make_story(title="One"))
    code, _, err = run("check", "--silence", "filler")
    assert code == 2
    assert "Name the stories to silence a rule for" in err


def test_a_weak_story_says_it_is_below_the_threshold(run: Run, bank_path: Path) -> None:
    Bank(bank_path).add(story(CHECKOUT, result="", reflection="", competencies=[]))
    out = run("check")[1]
    assert "(below 70: not yet ready to tell)" in out


def test_a_missing_part_cannot_be_silenced(run: Run, bank_path: Path) -> None:
    draft = Bank(bank_path).add(make_story(title="Draft", result=""))
    code, _, err = run("check", draft.id, "--silence", "missing-part")
    assert code == 2 and "missing-part cannot be silenced" in err
    assert Bank(bank_path).get(draft.id).silenced == []


def test_a_second_check_reads_each_unchanged_report_from_beside_the_bank(
    run: Run, bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = Bank(bank_path)
    bank.add(story(ONCALL))
    weak = bank.add(story(CHECKOUT, reflection="", competencies=[]))
    bank.add(story(CHECKOUT, title="Also weak", result=""))
    first = run("check")
    first_json = run("check", "--format", "json")
    assert cache_path(bank_path, CHECKS_CACHE).exists()
    checked: list[str] = []
    real = check_story

    def counting(one: Story) -> Report:
        checked.append(one.id)
        return real(one)

    monkeypatch.setattr(keptchecks, "check_story", counting)
    assert run("check") == first
    assert run("check", "--format", "json") == first_json
    assert checked == []  # every report came from the cache
    # A changed story is checked again, and only that one.
    Bank(bank_path).update(revise(weak, reflection="I learned to ask early."))
    code, out, _ = run("check")
    assert code == 0 and checked == [weak.id]
    assert "[no-reflection" not in out and out.count("score") == 3


def test_check_prints_the_same_with_and_without_the_kept_reports(run: Run, bank_path: Path) -> None:
    bank = Bank(bank_path)
    for base in (ONCALL, CHECKOUT):
        hedged = base["action"] + " I just basically waited, kind of."
        bank.add(story(base, action=hedged, silenced=["filler"], competencies=[]))
        bank.add(story(base, task="", action=hedged))
    fresh = run("check", "--format", "json")
    reports = json.loads(fresh[1])
    assert any(r["silenced"] for r in reports)  # silenced findings are kept too
    assert any(len(r["findings"]) > 1 for r in reports)
    assert run("check", "--format", "json") == fresh  # read back from the cache
    cache_path(bank_path, CHECKS_CACHE).unlink()
    assert run("check", "--format", "json") == fresh  # made again from the stories
