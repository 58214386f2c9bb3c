"""The README's commands do what it says they do."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.conftest import Run

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def block_after(heading: str) -> list[str]:
    """The command lines of the first code block after `heading` (comments dropped)."""
    rest = README.split(heading, 1)[1]
    body = rest.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in body.splitlines() if line.strip()]


def test_the_sample_bank_steps_make_a_private_copy_that_opens_without_a_warning(
    run: Run, tmp_path: Path
) -> None:
    copy_line = block_after("## Try it on the sample bank")[0]
    # Under the most common umask, where `cp` gives a copy others can read.
    line = copy_line.replace("/tmp/sample.json", str(tmp_path / "sample.json"))
    subprocess.run(["sh", "-c", f"umask 022 && {line}"], cwd=ROOT, check=True)
    code, out, err = run("list", "--db", str(tmp_path / "sample.json"), db=False)
    assert code == 0 and out
    assert err == ""  # no "others can read it" warning


def test_the_test_command_runs_on_every_core_and_is_what_ci_runs() -> None:
    command = block_after("# storybank")[1]
    assert re.search(r"&& pytest -n (auto|\d+)$", command)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    tests_part = "pip " + command.split("&& pip ", 1)[1]
    assert f"\n{tests_part}\n" in ci
