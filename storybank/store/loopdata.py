"""The loop's tables in a bank (applications, interviews, follow-ups, questions to ask): how
they are checked when a bank is read, and how they are held in memory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from storybank.core.errors import BankError
from storybank.core.loop import (
    APPLICATIONS,
    ASKS,
    FOLLOWUPS,
    INTERVIEWS,
    LOOP_TABLES,
    TABLE_MODELS,
    Application,
    AppStatus,
    AskAnswer,
    AskCategory,
    AskedQuestion,
    AskQuestion,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Interview,
    Interviewer,
    LoopRecord,
    Outcome,
    PickedAsk,
    Research,
    StatusChange,
    loop_problems,
)


@dataclass
class LoopData:
    """The loop's records by id, and each record's TinyDB document id, per table."""

    applications: dict[str, Application] = field(default_factory=dict)
    interviews: dict[str, Interview] = field(default_factory=dict)
    followups: dict[str, FollowUp] = field(default_factory=dict)
    asks: dict[str, AskQuestion] = field(default_factory=dict)
    doc_ids: dict[str, dict[str, int]] = field(
        default_factory=lambda: {name: {} for name in LOOP_TABLES}
    )

    def table(self, name: str) -> dict[str, Any]:
        """The records of one table by id (`applications`, `interviews`, ...)."""
        tables: dict[str, dict[str, Any]] = {
            APPLICATIONS: self.applications,
            INTERVIEWS: self.interviews,
            FOLLOWUPS: self.followups,
            ASKS: self.asks,
        }
        return tables[name]


def table_of(record: LoopRecord) -> str:
    """The name of the table that holds `record`."""
    for name, (model, _adapter, _word) in TABLE_MODELS.items():
        if isinstance(record, model):
            return name
    raise TypeError(f"not a loop record: {type(record).__name__}")


def check_loop_tables(path: Path, raw: dict[str, Any]) -> LoopData:
    """Validate the loop's tables of a parsed bank (any may be missing: it is empty); raise
    BankError naming the first bad record, in one line, like a bad story."""
    data = LoopData()
    for name in LOOP_TABLES:
        table = raw.get(name)
        if not table:
            continue
        _model, adapter, word = TABLE_MODELS[name]
        docs = list(table.values())
        try:
            parsed = adapter.validate_python(docs)
        except ValidationError as error:
            first = error.errors(include_input=False)[0]
            index = int(first["loc"][0])
            doc = docs[index]
            record_id = str(doc.get("id", "?") if isinstance(doc, dict) else "?")[:20]
            problem = loop_problems(error)[0]
            raise BankError(
                path,
                f"{word} {index + 1} ({record_id}) is invalid: "
                f"{_without_index(problem.field)}: {problem.message}",
            ) from None
        records = data.table(name)
        ids = data.doc_ids[name]
        for key, record in zip(table.keys(), parsed, strict=True):
            if record.id in records:
                raise BankError(path, f"has two {word}s with the id {record.id}")
            records[record.id] = record
            ids[record.id] = int(key)
    _check_links(path, data)
    return data


def _without_index(field_name: str) -> str:
    # The adapter validates a list: its error paths start at the record, not the table.
    return field_name or "record"


def _check_links(path: Path, data: LoopData) -> None:
    """Every interview belongs to an application that is there (a follow-up may outlive its
    interview: a dropped thank-you stays as history)."""
    for interview in data.interviews.values():
        if interview.application_id not in data.applications:
            raise BankError(
                path,
                f"interview {interview.id} belongs to the application "
                f"{interview.application_id}, which is not in the bank",
            )


# Trusted bytes ------------------------------------------------------------------------------
# Bytes whose digest the quick index recorded were validated in full by this storybank and
# stored exactly in their validated form (the bank checks each loop record too before it
# records a digest), so their records are built as stored, with the types validation gives.
# At 2,000 interviews this takes a fraction of validating them, and no validator is built.


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _maybe_time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _application(doc: dict[str, Any]) -> Application:
    return Application.model_construct(
        **{
            **doc,
            "status": AppStatus(doc["status"]),
            "history": [
                StatusChange.model_construct(status=AppStatus(h["status"]), at=_time(h["at"]))
                for h in doc["history"]
            ],
            "research": Research.model_construct(**doc["research"]),
            "asks": [PickedAsk.model_construct(**p) for p in doc["asks"]],
            "created_at": _time(doc["created_at"]),
            "updated_at": _time(doc["updated_at"]),
        }
    )


def _interview(doc: dict[str, Any]) -> Interview:
    return Interview.model_construct(
        **{
            **doc,
            "start": _time(doc["start"]),
            "end": _maybe_time(doc["end"]),
            "interviewers": [Interviewer.model_construct(**p) for p in doc["interviewers"]],
            "asked": [AskedQuestion.model_construct(**q) for q in doc["asked"]],
            "asks_asked": [AskAnswer.model_construct(**a) for a in doc["asks_asked"]],
            "outcome": Outcome(doc["outcome"]),
            "created_at": _time(doc["created_at"]),
            "updated_at": _time(doc["updated_at"]),
        }
    )


def _followup(doc: dict[str, Any]) -> FollowUp:
    return FollowUp.model_construct(
        **{
            **doc,
            "kind": FollowUpKind(doc["kind"]),
            "state": FollowUpState(doc["state"]),
            "due": _time(doc["due"]),
            "snoozed_until": _maybe_time(doc["snoozed_until"]),
            "closed_at": _maybe_time(doc["closed_at"]),
            "created_at": _time(doc["created_at"]),
            "updated_at": _time(doc["updated_at"]),
        }
    )


def _ask(doc: dict[str, Any]) -> AskQuestion:
    return AskQuestion.model_construct(
        **{
            **doc,
            "category": AskCategory(doc["category"]),
            "created_at": _time(doc["created_at"]),
            "updated_at": _time(doc["updated_at"]),
        }
    )


_BUILDERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    APPLICATIONS: _application,
    INTERVIEWS: _interview,
    FOLLOWUPS: _followup,
    ASKS: _ask,
}


def trusted_loop_tables(raw: dict[str, Any]) -> LoopData:
    """The loop's records of trusted bytes, built as they are stored (see above)."""
    data = LoopData()
    for name in LOOP_TABLES:
        build = _BUILDERS[name]
        records = data.table(name)
        ids = data.doc_ids[name]
        for key, doc in (raw.get(name) or {}).items():
            record = build(doc)
            records[record.id] = record
            ids[record.id] = int(key)
    return data


def stored_as_validated(raw: dict[str, Any], data: LoopData) -> bool:
    """True when every stored loop record is exactly its validated form (so its bytes may be
    trusted next time)."""
    for name in LOOP_TABLES:
        records = data.table(name)
        for doc in (raw.get(name) or {}).values():
            record = records.get(doc.get("id", "") if isinstance(doc, dict) else "")
            if record is None or record.to_json_dict() != doc:
                return False
    return True
