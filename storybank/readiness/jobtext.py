"""The text of a job ad, read from a file for `prepare` (the CLI and the app)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from storybank.core.errors import JobTextError, describe_os_error

if TYPE_CHECKING:
    from storybank.readiness.prepare import PrepSet
    from storybank.store.bank import Bank

JOB_TEXT_MAX = 200_000


def check_job_text(text: str, where: str, title: str) -> tuple[str, str]:
    """`text` and a title for it (its first line, if short), or JobTextError."""
    if len(text) > JOB_TEXT_MAX:
        raise JobTextError(f"The job description is longer than {JOB_TEXT_MAX:,} characters")
    if not text.strip():
        raise JobTextError(f"The job description in {where} is empty")
    first = next((line.strip() for line in text.splitlines() if line.strip()), title)
    return text, first[:80] if len(first) <= 80 else title


def read_job_file(source: str) -> tuple[str, str]:
    """The job ad in the file `source` (`~` allowed) and a title for it, or JobTextError."""
    path = Path(source).expanduser()
    try:
        # Opened without blocking: a FIFO that no program writes to reads as empty instead of
        # waiting forever (`--job <(…)` has its writer, and is read in full).
        nonblocking = getattr(os, "O_NONBLOCK", 0)  # none on Windows, where FIFOs are not files
        fd = os.open(path, os.O_RDONLY | nonblocking)
        if nonblocking:
            os.set_blocking(fd, True)
        with open(fd, encoding="utf-8", errors="replace") as handle:
            text = handle.read(JOB_TEXT_MAX + 1)
    except FileNotFoundError:
        raise JobTextError(f"No such job description file: {source}") from None
    except IsADirectoryError:
        raise JobTextError(f"{source} is a folder, not a job description file") from None
    except OSError as error:
        raise JobTextError(f"Could not read {source}: {describe_os_error(error)}") from None
    return check_job_text(text, source, path.stem.replace("-", " ").replace("_", " "))


def write_prep_sheet(bank: Bank, job: str, target: Path) -> PrepSet:
    """Read the job ad in the file `job`, pick the bank's stories for it, and write the
    Markdown prep sheet to `target` (never over the bank or its companions)."""
    from storybank.readiness.facade import Readiness
    from storybank.readiness.prepare import prep_markdown
    from storybank.store.outputs import write_output

    text, title = read_job_file(job)
    prep = Readiness.load(bank).prepare(text)
    write_output(target, prep_markdown(prep, title).encode(), bank=bank.path)
    return prep


# The parts of a job ad. What the role is and asks for is read; what the employer says about
# itself, what it offers, its equal-opportunity statement and how to apply are not: they say
# nothing about the competencies the job needs. Unnamed parts are read as before.
ROLE, REQUIRED, NICE, OTHER = "role", "required", "nice to have", "other"
EMPLOYER, BENEFITS, EQUAL, APPLY = "employer", "benefits", "equal opportunity", "how to apply"
# How much a line of each part counts towards what the ad asks for.
SECTION_WEIGHT = {
    ROLE: 1.0,
    REQUIRED: 1.0,
    OTHER: 1.0,
    NICE: 0.5,  # asked for, but the job is open to those without it
    EMPLOYER: 0.0,
    BENEFITS: 0.0,
    EQUAL: 0.0,
    APPLY: 0.0,
}
_YOU = r"(?:you(?:'ll| will)|you(?:'d| would))"
# Heading words for each part, tried in this order ("About the role" before "About us",
# "Preferred qualifications" before "Qualifications").
_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(f"(?:{pattern})\\w*", re.IGNORECASE))
    for kind, pattern in (
        (EQUAL, r"\b(?:equal (?:opportunit|employment)|eeo\b|divers|inclusi|accommodat)"),
        (
            APPLY,
            r"\b(?:apply|applying|application|next steps|interview(?:ing)? process|hiring "
            r"process|recruitment process)",
        ),
        (
            BENEFITS,
            r"\b(?:we offer|benefits?\b|perks|in it for you|compensation|salary|"
            r"rewards?\b|why (?:join|work)|" + _YOU + r" (?:love|get|enjoy)|what we give)",
        ),
        (
            NICE,
            r"\b(?:nice[- ]to[- ]haves?|bonus points|preferred|desirable|pluses|a plus|"
            r"good to have|extra credit|even better|not required)",
        ),
        (
            ROLE,
            r"\b(?:responsibilit|duties|the role|your role|about the (?:role|job|position|"
            r"opportunity)|day[- ]to[- ]day|your impact|the job|the position|the opportunity|"
            r"what " + _YOU + r" (?:do|be doing|work on|own|achieve)|key (?:tasks|accountabilit)|"
            r"your (?:mission|day|tasks))",
        ),
        (
            REQUIRED,
            r"\b(?:requirements?|qualifications?|looking for|who you are|about you|"
            r"you have|you bring|what " + _YOU + r" (?:bring|need)|skills|experience|"
            r"must[- ]haves?|essential|ideal candidate|what you need|competenc)",
        ),
        (
            EMPLOYER,
            r"\b(?:about us|who we are|about (?:the )?(?:company|team|\w+)$|our (?:company|"
            r"mission|story|values|culture)|company overview|the company|why us)",
        ),
    )
)
# How a paragraph about something other than the role tends to open, when it has no heading.
_OPENERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        (
            EQUAL,
            r"\bequal (?:opportunit|employment)|regardless of (?:race|age|gender|sex)|"
            r"without regard to|we (?:celebrate|value|welcome|embrace|encourage) (?:diversity|"
            r"applications?|applicants?|candidates)|committed to (?:diversity|inclusion|equal|"
            r"creating an? (?:diverse|inclusive))",
        ),
        (
            APPLY,
            r"^(?:to apply|how to apply|please (?:send|apply|submit)|apply (?:now|today|"
            r"via|through|by|online)|send (?:your|us) (?:cv|resume|application)|applications? "
            r"(?:close|deadline))",
        ),
        (
            BENEFITS,
            r"^(?:what )?we offer|^in return|^benefits include|^"
            + _YOU
            + r" (?:get|receive|enjoy)\b",
        ),
        (
            EMPLOYER,
            r"^(?:we are|we're) (?:a|an)\b|^(?:founded|headquartered|established) in\b|"
            r"^our mission\b|^at [\w&.' -]+?,? we (?:are|believe|build|make|help)\b|"
            r"^[\w&.' -]+? is (?:a|an|the) (?:leading|global|fast|growing|world|award|innovative|"
            r"non-?profit|international|national|family|privately)",
        ),
    )
)
_HEADING_MAX_WORDS = 7
# Words that go with a heading's own words ("Key responsibilities", "Skills & experience").
_HEADING_FILLER = frozenset(
    {
        "a", "an", "the", "and", "or", "of", "for", "in", "to", "with", "our", "your", "you",
        "we", "we're", "us", "what", "who", "why", "how", "key", "main", "core", "some", "job",
        "role", "position", "s", "re", "ll", "requirements", "qualifications",
        "skills", "experience", "responsibilities", "benefits", "perks", "more", "other",
        "additional", "minimum", "basic", "essential", "desired", "preferred", "diversity",
        "inclusion", "equity", "belonging", "opportunity", "opportunities", "employer",
    }
)  # fmt: skip
_MARKUP_RE = re.compile(r"^[#*_\s>]+|[*_\s]+$")
_SENTENCE_END_RE = re.compile(r"[.!]$")


@dataclass(frozen=True)
class AdLine:
    """A line of a job ad with the part it belongs to."""

    text: str
    section: str

    @property
    def weight(self) -> float:
        """How much the line counts towards what the ad asks for (0 for boilerplate)."""
        return SECTION_WEIGHT[self.section]


def ad_lines(text: str) -> list[AdLine]:
    """The lines of a job ad, each with its part (headings themselves left out).

    A heading ("Responsibilities", "## What we offer", "About us:") starts a part until the
    next; a paragraph that opens like an employer's blurb, an offer, an equal-opportunity
    statement or how to apply is that part on its own. Anything else is OTHER, read as is.
    """
    out: list[AdLine] = []
    section = OTHER
    paragraph: str | None = None  # the part the current paragraph opened as, when it did
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            paragraph = None
            continue
        heading, rest = _heading(line)
        if heading is not None:
            section, paragraph = heading, None
            if not rest:
                continue
            line = rest
        elif paragraph is None:
            paragraph = _opener(line) or ""
        out.append(AdLine(line, paragraph or section))
    return out


def _heading(line: str) -> tuple[str | None, str]:
    """The part a heading line starts (None when the line is no heading), and any text after
    the heading on the same line ("Benefits: a pension" is a heading and "a pension")."""
    head, colon, rest = line.partition(":")
    marked = line.startswith("#") or line.startswith("**") or line.startswith("__")
    bare = _MARKUP_RE.sub("", head if colon else line).strip()
    if not bare or len(bare.split()) > _HEADING_MAX_WORDS:
        return None, ""
    found = next(((k, m) for k, pattern in _HEADINGS if (m := pattern.search(bare))), None)
    rest = _MARKUP_RE.sub("", rest).strip()
    if colon and found is not None:
        return found[0], rest
    if colon:
        return (OTHER, "") if not rest else (None, "")
    if _SENTENCE_END_RE.search(bare):
        return None, ""
    if found is not None:
        # Alone on its line, a heading is its words and little else: "Key responsibilities",
        # not "Experience with payments" (a requirement) or "Strong communication skills".
        kind, match = found
        left = bare[: match.start()] + " " + bare[match.end() :]
        if marked or all(w in _HEADING_FILLER for w in re.findall(r"[a-z']+", left.lower())):
            return kind, ""
    if marked or (bare.isupper() and len(bare) > 3):
        return OTHER, ""
    return None, ""


def _opener(line: str) -> str | None:
    """The part a paragraph opening with `line` is about, when not the role."""
    return next((k for k, pattern in _OPENERS if pattern.search(line)), None)
