"""The interview loop's records: applications, interviews, follow-ups and questions to ask.

Each is a frozen Pydantic model with its own id (`a-…`, `i-…`, `f-…`, `k-…`) and is stored in
its own table of the bank, beside the stories. Validation speaks in people's words (see
`loop_problems`).
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Self, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from storybank.core.errors import FieldProblem, LoopValidationError
from storybank.core.models import TITLE_MAX, field_message, field_path, utc_now

COMPANY_MAX = 120
SHORT_MAX = 200
LINK_MAX = 2_000
NOTE_MAX = 20_000
JOB_AD_MAX = 200_000  # as long as a job ad `prepare` reads
ASK_TEXT_MAX = 300

# The tables of the bank that hold each record, by the model's name.
APPLICATIONS = "applications"
INTERVIEWS = "interviews"
FOLLOWUPS = "followups"
ASKS = "asks"
LOOP_TABLES = (APPLICATIONS, INTERVIEWS, FOLLOWUPS, ASKS)

# Rounds people name most; any other short text is allowed too.
ROUNDS = ("recruiter screen", "hiring manager", "technical", "panel", "bar raiser", "final")
FORMATS = ("phone", "video", "onsite", "take-home")


class AppStatus(StrEnum):
    """Where an application stands: interested → applied → screening → interviewing → an end."""

    INTERESTED = "interested"
    APPLIED = "applied"
    SCREENING = "screening"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        """True while the application may still hear news (so a check-in makes sense)."""
        return self in (AppStatus.APPLIED, AppStatus.SCREENING, AppStatus.INTERVIEWING)

    @property
    def is_closed(self) -> bool:
        """True once the application has ended (an offer, a rejection, or withdrawn)."""
        return self in (AppStatus.OFFER, AppStatus.REJECTED, AppStatus.WITHDRAWN)


class Outcome(StrEnum):
    """How an interview went, as far as the user knows."""

    PENDING = "pending"
    ADVANCED = "advanced"
    OFFER = "offer"
    REJECTED = "rejected"


class FollowUpKind(StrEnum):
    """A thank-you after an interview, a check-in after silence, or the user's own."""

    THANK_YOU = "thank-you"
    CHECK_IN = "check-in"
    OWN = "own"


class FollowUpState(StrEnum):
    """Open until done or dropped; snoozed until a later date."""

    OPEN = "open"
    DONE = "done"
    SNOOZED = "snoozed"
    DROPPED = "dropped"


class AskCategory(StrEnum):
    """The families of questions to ask the interviewer."""

    ROLE = "role"
    TEAM = "team"
    SUCCESS = "success"
    CULTURE = "culture"
    GROWTH = "growth"
    DIRECTION = "direction"
    PROCESS = "process"


def _new_id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


def new_application_id() -> str:
    """A short random id people can type, such as `a-3f9a2c1e`."""
    return _new_id("a")


def new_interview_id() -> str:
    """A short random id such as `i-3f9a2c1e`."""
    return _new_id("i")


def new_followup_id() -> str:
    """A short random id such as `f-3f9a2c1e`."""
    return _new_id("f")


def new_ask_id() -> str:
    """A short random id for the user's own question to ask, such as `k-3f9a2c1e`."""
    return _new_id("k")


def _aware(value: datetime) -> datetime:
    """A time with a zone (UTC when it had none), within what Python can turn into UTC."""
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise ValueError("must fall within the years 1 to 9999 in UTC") from None
    return value


def _maybe_aware(value: datetime | None) -> datetime | None:
    return None if value is None else _aware(value)


# Checked by pydantic-core itself (no Python call per field: a bank holds thousands of records).
_ONE_LINE = r"^[^\n\r]*$"
_ID_PATTERN = "^{prefix}-[0-9a-f]{{6,12}}$"
# What each pattern means, in people's words (see loop_problems).
PATTERN_MESSAGES = {_ONE_LINE: "must be one line"}


def _id_check(prefix: str) -> StringConstraints:
    pattern = _ID_PATTERN.format(prefix=prefix)
    PATTERN_MESSAGES[pattern] = f"must look like {prefix}-3f9a2c"
    return StringConstraints(pattern=pattern)


def _maybe_id_check(prefix: str) -> StringConstraints:
    pattern = f"^(?:{prefix}-[0-9a-f]{{6,12}})?$"
    PATTERN_MESSAGES[pattern] = f"must look like {prefix}-3f9a2c"
    return StringConstraints(pattern=pattern)


_LINE = StringConstraints(strip_whitespace=True, pattern=_ONE_LINE)
_TEXT = StringConstraints(strip_whitespace=True)

# The field types every record uses: one line of text, free text, a time with a zone.
Line = Annotated[str, _LINE, Field(max_length=SHORT_MAX)]
Note = Annotated[str, _TEXT, Field(max_length=NOTE_MAX)]
Aware = Annotated[datetime, AfterValidator(_aware)]
MaybeAware = Annotated[datetime | None, AfterValidator(_maybe_aware)]
AskText = Annotated[str, _LINE, Field(min_length=1, max_length=ASK_TEXT_MAX)]
ApplicationId = Annotated[str, _id_check("a")]


class _Record(BaseModel):
    """What every loop record shares: frozen, no unknown fields, its stored form."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    def to_json_dict(self) -> dict[str, Any]:
        """The stored form: plain JSON types only."""
        return self.model_dump(mode="json")


# Applications ------------------------------------------------------------------------------


class StatusChange(_Record):
    """One step of an application's status history: what it became, and when."""

    status: AppStatus
    at: Aware


class Research(_Record):
    """What the user found out about the company, for the prep sheet and for "why us"."""

    mission: Note = ""
    products: Note = ""
    news: Note = ""
    values: Note = ""
    why: Note = ""

    def is_empty(self) -> bool:
        """True when nothing has been written yet."""
        return not any((self.mission, self.products, self.news, self.values, self.why))


RESEARCH_PARTS = ("mission", "products", "news", "values", "why")
# Each research note's heading, as the prep sheet, the app's detail pane and its form show it.
RESEARCH_TITLES = {
    "mission": "Mission",
    "products": "Products",
    "news": "Recent news",
    "values": "Values",
    "why": "Why I want this job",
}


class PickedAsk(_Record):
    """A question to ask picked for an application: its id and its text at the time."""

    ask_id: Annotated[str, Field(min_length=1, max_length=20)]
    text: AskText


class Application(_Record):
    """A job the user is after: the company, the role, its status history, notes and research."""

    id: Annotated[str, _id_check("a")] = Field(default_factory=new_application_id)
    company: Annotated[str, _LINE, Field(min_length=1, max_length=COMPANY_MAX)]
    role: Line = ""
    link: Annotated[str, _LINE, Field(max_length=LINK_MAX)] = ""
    source: Line = ""
    status: AppStatus = AppStatus.INTERESTED
    history: list[StatusChange] = Field(default_factory=list)
    notes: Note = ""
    research: Research = Field(default_factory=Research)
    job_ad: Annotated[str, _TEXT, Field(max_length=JOB_AD_MAX)] = ""
    asks: list[PickedAsk] = Field(default_factory=list)
    created_at: Aware = Field(default_factory=utc_now)
    updated_at: Aware = Field(default_factory=utc_now)

    @model_validator(mode="before")
    @classmethod
    def _first_step(cls, data: Any) -> Any:
        # A new application starts its history with its status, dated when it was made.
        if isinstance(data, dict) and not data.get("history"):
            data = dict(data)
            status = data.get("status", AppStatus.INTERESTED)
            if status not in set(AppStatus):
                return data  # the status's own error says what to fix
            data["history"] = [{"status": status, "at": data.get("created_at") or utc_now()}]
        return data

    @model_validator(mode="after")
    def _history_ends_in_status(self) -> Self:
        if self.history[-1].status != self.status:
            raise ValueError(
                f"The status history ends in “{self.history[-1].status}”, "
                f"but the status is “{self.status}”"
            )
        ask_ids = [pick.ask_id for pick in self.asks]
        if len(ask_ids) != len(set(ask_ids)):
            raise ValueError("A question to ask is picked twice")
        return self

    @property
    def status_since(self) -> datetime:
        """When the application took its current status."""
        return self.history[-1].at

    def label(self) -> str:
        """`Acme · Staff engineer`, for lists and calendars."""
        return " · ".join(p for p in (self.company, self.role) if p)


# Interviews --------------------------------------------------------------------------------


class Interviewer(_Record):
    """Someone on the other side of the table: a name and their role."""

    name: Annotated[str, _LINE, Field(min_length=1, max_length=COMPANY_MAX)]
    role: Line = ""

    def label(self) -> str:
        """`Dana Ortiz (Engineering manager)`, or the name alone."""
        return f"{self.name} ({self.role})" if self.role else self.name


class AskedQuestion(_Record):
    """A question the interviewer asked, and the story told for it (its title kept as told)."""

    question: AskText
    question_id: Annotated[str, Field(max_length=20)] = ""  # a bank question's id, when picked
    story_id: Annotated[str, Field(max_length=20)] = ""
    story_title: Annotated[str, _LINE, Field(max_length=TITLE_MAX)] = ""

    @model_validator(mode="after")
    def _story_named(self) -> Self:
        if self.story_id and not self.story_title:
            raise ValueError("A story told needs its title as it was told")
        return self


class AskAnswer(_Record):
    """A question the user asked the interviewer, and what they answered."""

    question: AskText
    answer: Note = ""
    ask_id: Annotated[str, Field(max_length=20)] = ""


class Interview(_Record):
    """One interview of an application: when, which round, with whom; after it, what happened."""

    id: Annotated[str, _id_check("i")] = Field(default_factory=new_interview_id)
    application_id: ApplicationId
    start: Aware
    end: MaybeAware = None
    round: Line = ""
    format: Line = ""
    location: Annotated[str, _LINE, Field(max_length=LINK_MAX)] = ""
    interviewers: list[Interviewer] = Field(default_factory=list)
    # After the interview:
    asked: list[AskedQuestion] = Field(default_factory=list)
    asks_asked: list[AskAnswer] = Field(default_factory=list)
    rating: Annotated[int, Field(ge=1, le=5)] | None = None
    notes: Note = ""
    outcome: Outcome = Outcome.PENDING
    created_at: Aware = Field(default_factory=utc_now)
    updated_at: Aware = Field(default_factory=utc_now)

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: datetime | None, info: ValidationInfo) -> datetime | None:
        # A start in the past is fine (logging after the fact); an end before it is not.
        start = info.data.get("start")
        if end is not None and isinstance(start, datetime) and end < start:
            raise ValueError(
                f"The interview ends ({_short(end)}) before it starts ({_short(start)})"
            )
        return end

    @property
    def finish(self) -> datetime:
        """When it ends, or its start when no end was given."""
        return self.end or self.start

    @property
    def logged(self) -> bool:
        """True once something was written about how it went."""
        return bool(
            self.asked
            or self.asks_asked
            or self.notes
            or self.rating is not None
            or self.outcome != Outcome.PENDING
        )

    def stories_told(self) -> list[AskedQuestion]:
        """The questions for which a story was told."""
        return [q for q in self.asked if q.story_id]


def _short(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


# Follow-ups --------------------------------------------------------------------------------


class FollowUp(_Record):
    """Something the user owes an application: a thank-you, a check-in, or their own reminder."""

    id: Annotated[str, _id_check("f")] = Field(default_factory=new_followup_id)
    kind: FollowUpKind = FollowUpKind.OWN
    title: Annotated[str, _LINE, Field(min_length=1, max_length=TITLE_MAX)]
    due: Aware
    state: FollowUpState = FollowUpState.OPEN
    snoozed_until: MaybeAware = None
    application_id: Annotated[str, _maybe_id_check("a")] = ""
    interview_id: Annotated[str, _maybe_id_check("i")] = ""
    notes: Note = ""
    closed_at: MaybeAware = None
    created_at: Aware = Field(default_factory=utc_now)
    updated_at: Aware = Field(default_factory=utc_now)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.state == FollowUpState.SNOOZED and self.snoozed_until is None:
            raise ValueError("A snoozed follow-up needs the date it comes back")
        if self.kind == FollowUpKind.THANK_YOU and not self.interview_id:
            raise ValueError("A thank-you belongs to an interview")
        if self.kind == FollowUpKind.CHECK_IN and not self.application_id:
            raise ValueError("A check-in belongs to an application")
        return self

    @property
    def when(self) -> datetime:
        """When it is next due: the snooze's end while snoozed, else its due date."""
        if self.state == FollowUpState.SNOOZED and self.snoozed_until is not None:
            return self.snoozed_until
        return self.due

    @property
    def is_pending(self) -> bool:
        """True while it still needs doing (open or snoozed)."""
        return self.state in (FollowUpState.OPEN, FollowUpState.SNOOZED)


# Questions to ask --------------------------------------------------------------------------

_ASK_ID = r"^(?:K\d{2,3}|k-[0-9a-f]{6,12})$"
PATTERN_MESSAGES[_ASK_ID] = "must look like K07 or k-3f9a2c"


class AskQuestion(_Record):
    """A question to ask the interviewer: a built-in one (`K01`…) or the user's own (`k-…`)."""

    id: Annotated[str, StringConstraints(pattern=_ASK_ID)] = Field(default_factory=new_ask_id)
    text: AskText
    category: AskCategory = AskCategory.ROLE
    created_at: Aware = Field(default_factory=utc_now)
    updated_at: Aware = Field(default_factory=utc_now)

    @property
    def builtin(self) -> bool:
        """True for a question that ships with storybank."""
        return self.id.startswith("K")


R = TypeVar("R", bound="_Record")


# Validation in people's words --------------------------------------------------------------

LoopRecord = Application | Interview | FollowUp | AskQuestion

# Built once each: validating a table through one adapter is far faster than one by one.
APPLICATION_LIST = TypeAdapter(list[Application], config=ConfigDict(defer_build=True))
INTERVIEW_LIST = TypeAdapter(list[Interview], config=ConfigDict(defer_build=True))
FOLLOWUP_LIST = TypeAdapter(list[FollowUp], config=ConfigDict(defer_build=True))
ASK_LIST = TypeAdapter(list[AskQuestion], config=ConfigDict(defer_build=True))

# Each table's model, adapter and the word for one of its records.
TABLE_MODELS: dict[str, tuple[type[_Record], TypeAdapter[Any], str]] = {
    APPLICATIONS: (Application, APPLICATION_LIST, "application"),
    INTERVIEWS: (Interview, INTERVIEW_LIST, "interview"),
    FOLLOWUPS: (FollowUp, FOLLOWUP_LIST, "follow-up"),
    ASKS: (AskQuestion, ASK_LIST, "question to ask"),
}


def loop_problems(error: ValidationError) -> list[FieldProblem]:
    """A loop record's validation error as field problems in people's words."""
    out: list[FieldProblem] = []
    for item in error.errors(include_url=False):
        given = item.get("input")
        length = len(given) if isinstance(given, str) else None
        details: dict[str, Any] = {key: value for key, value in item.items() if key != "input"}
        ctx: dict[str, Any] = details.get("ctx") or {}
        field = field_path(tuple(item["loc"]))
        label = field.rsplit(".", 1)[-1].replace("_", " ").capitalize() or "Record"
        kind = details["type"]
        if kind == "enum":
            expected = str(ctx.get("expected", "")).replace("'", "")
            message = f"{label} must be one of: {expected}"
        elif kind == "string_pattern_mismatch":
            message = f"{label} {PATTERN_MESSAGES.get(str(ctx.get('pattern')), 'is not valid')}"
        elif kind == "too_short" and ctx.get("min_length") == 1:
            message = f"{label} is required"
        elif kind == "extra_forbidden":
            message = f"“{field}” is not a field here"
        elif kind == "greater_than_equal":
            message = f"{label} must be at least {ctx.get('ge')}"
        elif kind == "less_than_equal":
            message = f"{label} must be at most {ctx.get('le')}"
        else:
            message = field_message(field, details, length)
        out.append(FieldProblem(field or "record", message))
    return out


def validate_record(model: type[R], data: dict[str, Any]) -> R:
    """Build a loop record from plain data, or raise LoopValidationError in people's words."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise LoopValidationError(loop_problems(error)) from None


def revise_record(record: R, **changes: Any) -> R:
    """A validated copy of `record` with `changes` applied (its id and creation time kept)."""
    original = record.model_dump()
    data = {**original, **changes, "id": original["id"], "created_at": original["created_at"]}
    return validate_record(type(record), data)
