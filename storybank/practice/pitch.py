"""The pitch as stored (one document per part) and as practised (a question per part)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from storybank.core.pitch import PITCH_IDS, PITCH_MAX, pitch_kind
from storybank.readiness.questions import Question


def pitch_texts(docs: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Each part of the pitch's text, in the parts' order (a part never written is "")."""
    found = {
        str(doc.get("kind")): doc.get("text")
        for doc in docs
        if doc.get("kind") in PITCH_IDS and isinstance(doc.get("text"), str)
    }
    return {kind: str(found.get(kind) or "") for kind in PITCH_IDS}


def pitch_doc(kind_id: str, text: str, now: datetime) -> dict[str, Any]:
    """The stored document of one part of the pitch (ValueError when the text is too long)."""
    kind = pitch_kind(kind_id)
    text = text.strip()
    if len(text) > PITCH_MAX:
        raise ValueError(f"is longer than {PITCH_MAX} characters: it has {len(text)}")
    return {"kind": kind.id, "text": text, "updated_at": now.isoformat()}


def pitch_question(kind_id: str) -> Question:
    """The part of the pitch as a question to practise (its id: P-KIND)."""
    kind = pitch_kind(kind_id)
    return Question(f"P-{kind.id}", kind.question, ())
