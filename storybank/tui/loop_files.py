"""Files the app writes for the loop, composed of the core's own functions: an interview's prep
sheet and a thank-you draft, written owner-only and never over the bank (run in a store worker)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from storybank.core.drafts import thank_you_draft
from storybank.core.vocab import label_key
from storybank.store.outputs import write_output

if TYPE_CHECKING:
    from storybank.store.bank import Bank


def suggested_name(kind: str, company: str, day: str) -> str:
    """A file name to offer: `prep-acme-2026-12-03.md`, `thanks-acme-2026-12-03.txt`."""
    slug = re.sub(r"[^a-z0-9]+", "-", label_key(company)).strip("-") or "job"
    suffix = "md" if kind == "prep" else "txt"
    return f"{kind}-{slug}-{day}.{suffix}"


def write_interview_prep(bank: Bank, interview_id: str, target: Path) -> Path:
    """Write the prep sheet of one interview (as `prepare --interview` writes it)."""
    from storybank.readiness.facade import Readiness
    from storybank.readiness.interview_prep import interview_markdown, interview_prep

    sheet = interview_prep(Readiness.load(bank), bank.interview(interview_id))
    write_output(target, interview_markdown(sheet).encode(), bank=bank.path)
    return target


def write_thank_you(bank: Bank, interview_id: str, target: Path) -> Path:
    """Write the thank-you draft of one interview (as `interview thanks -o` writes it)."""
    interview = bank.interview(interview_id)
    text = thank_you_draft(interview, bank.application(interview.application_id))
    write_output(target, text.encode(), bank=bank.path)
    return target
