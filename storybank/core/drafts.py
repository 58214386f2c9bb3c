"""A plain-text thank-you note drafted from an interview's record: who to thank, what was
discussed, and why the user wants the job. The user finishes it in $EDITOR."""

from __future__ import annotations

import re

from storybank.core.loop import Application, Interview

TOPIC_MAX = 90
_BULLET_RE = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s*")
PLACEHOLDER = "[something specific we discussed]"


def topics(interview: Interview, limit: int = 3) -> list[str]:
    """What was discussed: the notes' first lines, then the questions the user asked."""
    found: list[str] = []
    for line in interview.notes.splitlines():
        text = _BULLET_RE.sub("", line).strip()
        if text:
            found.append(text[:TOPIC_MAX])
    found += [
        f"your answer to my question “{a.question[:TOPIC_MAX]}”" for a in interview.asks_asked
    ]
    return found[:limit]


def _first_names(interview: Interview) -> str:
    names = [p.name.split()[0] for p in interview.interviewers if p.name.split()]
    if not names:
        return "Hello"
    if len(names) == 1:
        return f"Dear {names[0]}"
    return f"Dear {', '.join(names[:-1])} and {names[-1]}"


def thank_you_draft(interview: Interview, application: Application) -> str:
    """The draft note: a subject line, a greeting by name, the topics, and a close."""
    role = application.role or "open"
    what = f"the {role} role at {application.company}"
    day = interview.start.astimezone().strftime("%A")
    found = topics(interview) or [PLACEHOLDER]
    lines = [
        f"Subject: Thank you for the {interview.round or 'interview'} conversation about {what}",
        "",
        f"{_first_names(interview)},",
        "",
        f"Thank you for taking the time to speak with me on {day} about {what}. "
        "I especially enjoyed our conversation, in particular:",
        "",
        *(f"- {topic}" for topic in found),
    ]
    why = application.research.why.strip()
    if why:
        first = re.split(r"(?<=[.!?])\s", why, maxsplit=1)[0]
        lines += ["", f"It made me even more interested in the role: {first}"]
    lines += [
        "",
        "I look forward to hearing about the next steps. Please let me know if there is "
        "anything else I can share.",
        "",
        "Best regards,",
        "",
    ]
    return "\n".join(lines)
