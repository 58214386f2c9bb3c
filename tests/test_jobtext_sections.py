"""Reading a job ad by its parts: the role and its requirements, not the boilerplate."""

from __future__ import annotations

from storybank.core.taxonomy import Catalog
from storybank.readiness.jobtext import (
    BENEFITS,
    EMPLOYER,
    EQUAL,
    NICE,
    OTHER,
    REQUIRED,
    ROLE,
    ad_lines,
)
from storybank.readiness.prepare import asked_for
from storybank.readiness.questions import StoryMatcher

CATALOG = Catalog(["general"])
MATCHER = StoryMatcher([], CATALOG)

HEADED = """Backend engineer

About us
We build software for clinics and care deeply about trust and teamwork.

What you'll do
- Mentor junior engineers and review their code
- Debug hard production problems and find root causes

Nice to have:
- Experience with Kafka

What we offer
- A generous learning budget to grow your leadership skills

Acme is an equal opportunity employer; we celebrate diversity.
"""


def sections(text: str) -> dict[str, str]:
    return {line.text: line.section for line in ad_lines(text)}


def test_headings_start_parts_and_are_not_read_themselves() -> None:
    found = sections(HEADED)
    assert "What you'll do" not in found and "About us" not in found
    assert found["- Mentor junior engineers and review their code"] == ROLE
    assert found["We build software for clinics and care deeply about trust and teamwork."] == (
        EMPLOYER
    )
    assert found["- Experience with Kafka"] == NICE
    assert found["- A generous learning budget to grow your leadership skills"] == BENEFITS
    assert found["Acme is an equal opportunity employer; we celebrate diversity."] == EQUAL


def test_a_requirement_line_is_not_taken_for_a_heading() -> None:
    found = sections("Requirements\nExperience with Python\nStrong communication skills\n")
    assert found == {
        "Experience with Python": REQUIRED,
        "Strong communication skills": REQUIRED,
    }


def test_a_heading_with_text_after_its_colon_keeps_the_text() -> None:
    found = sections("Benefits: a pension and 30 days off\nTake initiative: spot what to do.")
    assert found["a pension and 30 days off"] == BENEFITS
    # Not a heading: "Take initiative" names no part of an ad.
    assert found["Take initiative: spot what to do."] == BENEFITS


def test_paragraph_openers_mark_boilerplate_without_headings() -> None:
    text = (
        "We are a fast-growing startup that values leadership.\n\n"
        "You will mentor new hires.\n\n"
        "We offer coaching and a team that resolves conflict well."
    )
    found = sections(text)
    assert found["We are a fast-growing startup that values leadership."] == EMPLOYER
    assert found["You will mentor new hires."] == OTHER
    assert found["We offer coaching and a team that resolves conflict well."] == BENEFITS


def test_an_ad_without_headings_is_read_as_one_part() -> None:
    text = "We are hiring a senior engineer.\nLead the team.\nMentor juniors."
    assert set(sections(text).values()) == {OTHER}


def test_boilerplate_does_not_ask_for_competencies() -> None:
    asked = {h.name for h in asked_for(HEADED, MATCHER)}
    assert {"Mentoring", "Problem solving"} <= asked
    # Only the blurb, the offer and the equal-opportunity statement name these.
    assert "Leadership" not in asked
    assert "Teamwork" not in asked
    # The same lines under a role heading are read.
    role = "What you'll do\n" + "\n".join(
        line.text for line in ad_lines(HEADED) if line.section in (EMPLOYER, BENEFITS, EQUAL)
    )
    assert {"Leadership", "Teamwork"} <= {h.name for h in asked_for(role, MATCHER)}
