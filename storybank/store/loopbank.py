"""The bank's methods for the interview loop: applications, interviews, follow-ups, asks.

A part of `Bank` (store/bank.py), kept apart so each file holds one kind of record. Every write
goes through the bank's one locked, atomic, backed-up save, and a change together with the
follow-ups it calls for (a thank-you for a new interview, a check-in moved by news) is one save.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from storybank.core.errors import ConflictError, RecordNotFoundError, StorybankError
from storybank.core.followups import check_ins_after_news, thank_you_for
from storybank.core.ids import by_prefix
from storybank.core.loop import (
    APPLICATIONS,
    ASKS,
    FOLLOWUPS,
    INTERVIEWS,
    TABLE_MODELS,
    Application,
    AppStatus,
    AskQuestion,
    FollowUp,
    FollowUpKind,
    Interview,
    LoopRecord,
    StatusChange,
    new_application_id,
    new_ask_id,
    new_followup_id,
    new_interview_id,
    revise_record,
)
from storybank.core.models import utc_now
from storybank.core.vocab import label_key
from storybank.store.loopdata import LoopData, table_of
from storybank.store.storage import AtomicJSONStorage

R = TypeVar("R", Application, Interview, FollowUp, AskQuestion)

# How each table's ids start, the command that lists them, and a new id for a clash.
_ID_PREFIX = {APPLICATIONS: "a-", INTERVIEWS: "i-", FOLLOWUPS: "f-", ASKS: "k-"}
_LISTED_BY = {
    APPLICATIONS: "storybank job list",
    INTERVIEWS: "storybank job show ID",
    FOLLOWUPS: "storybank due --all",
    ASKS: "storybank ask list",
}
_PLURAL = {
    APPLICATIONS: "applications",
    INTERVIEWS: "interviews",
    FOLLOWUPS: "follow-ups",
    ASKS: "questions to ask",
}
_NEW_ID: dict[str, Callable[[], str]] = {
    APPLICATIONS: new_application_id,
    INTERVIEWS: new_interview_id,
    FOLLOWUPS: new_followup_id,
    ASKS: new_ask_id,
}


def resolve(records: Mapping[str, R], ref: str, table: str) -> R:
    """The record of `records` whose id is `ref` or starts with it (the `a-`/`i-`/`f-`/`k-`
    may be left out); RecordNotFoundError in one line when none or several match."""
    return by_prefix(
        records,
        ref,
        prefix=_ID_PREFIX[table],
        word=TABLE_MODELS[table][2],
        words=_PLURAL[table],
        listed_by=_LISTED_BY[table],
        error=RecordNotFoundError,
    )


def _same(current: LoopRecord, expected: LoopRecord) -> bool:
    return current is expected or current.to_json_dict() == expected.to_json_dict()


class LoopRecords:
    """The loop's part of a Bank (it relies on the bank's lock, storage and settings)."""

    # Provided by Bank.
    path: Path
    revision: int
    _storage: AtomicJSONStorage

    @property
    def _loop(self) -> LoopData:
        raise NotImplementedError

    def _writing(self) -> contextlib.AbstractContextManager[None]:
        raise NotImplementedError

    def _apply(self, change: Callable[[], object]) -> None:
        raise NotImplementedError

    def settings(self) -> dict[str, Any]:
        raise NotImplementedError

    # Reading -------------------------------------------------------------------------------

    def applications(self) -> list[Application]:
        """Every application, the most recently changed first."""
        return sorted(self._loop.applications.values(), key=lambda a: a.updated_at, reverse=True)

    def application(self, ref: str) -> Application:
        """The application with this id or a unique prefix of it, or else the one application
        to a company of that name (compared loosely: `acme` finds "ACME")."""
        try:
            return resolve(self._loop.applications, ref, APPLICATIONS)
        except RecordNotFoundError:
            key = label_key(ref)
            named = [a for a in self._loop.applications.values() if label_key(a.company) == key]
            if key and len(named) == 1:
                return named[0]
            if len(named) > 1:
                raise RecordNotFoundError(
                    f"{len(named)} applications are to {named[0].company}; give the id "
                    "(`storybank job list` shows ids)"
                ) from None
            raise

    def interviews(self, application_id: str | None = None) -> list[Interview]:
        """Every interview (or one application's), the earliest first."""
        found: Iterable[Interview] = self._loop.interviews.values()
        if application_id is not None:
            found = [i for i in found if i.application_id == application_id]
        return sorted(found, key=lambda i: (i.start, i.id))

    def interview(self, ref: str) -> Interview:
        """The interview with this id or a unique prefix of it."""
        return resolve(self._loop.interviews, ref, INTERVIEWS)

    def followups(self, application_id: str | None = None) -> list[FollowUp]:
        """Every follow-up (or one application's), the soonest due first."""
        found: Iterable[FollowUp] = self._loop.followups.values()
        if application_id is not None:
            found = [f for f in found if f.application_id == application_id]
        return sorted(found, key=lambda f: (f.when, f.id))

    def followup(self, ref: str) -> FollowUp:
        """The follow-up with this id or a unique prefix of it."""
        return resolve(self._loop.followups, ref, FOLLOWUPS)

    def own_asks(self) -> list[AskQuestion]:
        """The user's own questions to ask, oldest first (the built-in ones are in
        storybank/readiness/asks.py)."""
        return sorted(self._loop.asks.values(), key=lambda a: (a.created_at, a.id))

    def own_ask(self, ref: str) -> AskQuestion:
        """The user's own question to ask with this id or a unique prefix of it."""
        return resolve(self._loop.asks, ref, ASKS)

    def checkin_days(self) -> int:
        """Days without news before a check-in is due (the `checkin_days` setting)."""
        from storybank.core.settings import DEFAULT_CHECKIN_DAYS, parse_settings

        try:
            return parse_settings(self.settings()).checkin_days
        except StorybankError:
            return DEFAULT_CHECKIN_DAYS

    # Writing: one save for a change and what it calls for ----------------------------------

    def _stored_record(self, table: str, record_id: str) -> Any:
        """The record with this exact id as it is now (call it under the lock)."""
        current = self._loop.table(table).get(record_id)
        if current is None:
            word = TABLE_MODELS[table][2]
            raise RecordNotFoundError(
                f"The {word} {record_id} is no longer in the bank (deleted elsewhere?)"
            )
        return current

    def _fresh(self, record: R, pending: set[str]) -> R:
        """`record` under a new id if its id is taken (call it under the lock)."""
        table = table_of(record)
        records = self._loop.table(table)
        while record.id in records or record.id in pending:
            record = record.model_copy(update={"id": _NEW_ID[table]()})
        return record

    def _save_records(
        self, puts: Iterable[LoopRecord] = (), removes: Iterable[LoopRecord] = ()
    ) -> None:
        """Write new and changed records and remove others in one save (under the lock)."""
        puts, removes = list(puts), list(removes)
        if not puts and not removes:
            return
        loop = self._loop
        keys: dict[tuple[str, str], int] = {}

        def change() -> None:
            tables = self._storage.read() or {}
            for record in removes:
                name = table_of(record)
                key = loop.doc_ids[name].get(record.id)
                if key is not None:
                    tables.get(name, {}).pop(str(key), None)
            for record in puts:
                name = table_of(record)
                table = tables.setdefault(name, {})
                key = loop.doc_ids[name].get(record.id)
                if key is None:
                    key = max(map(int, table), default=0) + 1
                keys[name, record.id] = key
                table[str(key)] = record.to_json_dict()
            self._storage.write(tables)

        self._apply(change)
        for record in removes:
            name = table_of(record)
            loop.table(name).pop(record.id, None)
            loop.doc_ids[name].pop(record.id, None)
        for record in puts:
            name = table_of(record)
            loop.table(name)[record.id] = record
            loop.doc_ids[name][record.id] = keys[name, record.id]

    @staticmethod
    def _stamped(current: R, new: R) -> R:
        # The stamp never goes back (another machine's clock may be ahead).
        return new.model_copy(
            update={"id": current.id, "updated_at": max(utc_now(), current.updated_at)}
        )

    def _check_ins(self, application: Application) -> list[FollowUp]:
        """The check-in changes news of `application` calls for (under the lock)."""
        return check_ins_after_news(
            application,
            (i for i in self._loop.interviews.values() if i.application_id == application.id),
            self._loop.followups.values(),
            self.checkin_days(),
        )

    # Applications --------------------------------------------------------------------------

    def add_application(self, application: Application) -> Application:
        """Save a new application (and its first check-in when it is already applied for)."""
        with self._writing():
            application = self._fresh(application, set())
            self._save_records([application, *self._check_ins(application)])
        return application

    def update_application(
        self, application: Application, *, expected: Application | None = None
    ) -> Application:
        """Replace an application and stamp its change time; with `expected` (as the caller
        loaded it), refuse (ConflictError) if it was changed meanwhile."""
        with self._writing():
            current: Application = self._stored_record(APPLICATIONS, application.id)
            if expected is not None and not _same(current, expected):
                raise ConflictError(
                    f"The application to {current.company} was changed by another storybank "
                    "since you opened it. Your text is kept; reload to see the other change."
                )
            return self._save_application(current, application)

    def change_application(
        self, ref: str, change: Callable[[Application], Application]
    ) -> Application:
        """Apply `change` to the application as stored now, under the lock, and save it."""
        with self._writing():
            current = self.application(ref)
            return self._save_application(current, change(current))

    def _save_application(self, current: Application, new: Application) -> Application:
        saved = self._stamped(current, new)
        news = saved.history != current.history
        self._loop.applications[saved.id] = saved  # the rules read it as saved
        try:
            extra = self._check_ins(saved) if news else []
        finally:
            self._loop.applications[current.id] = current
        self._save_records([saved, *extra])
        return saved

    def set_status(self, ref: str, status: AppStatus, *, at: datetime | None = None) -> Application:
        """Move an application to `status` (dated `at`, now by default), which is news: its
        pending check-in moves on, or is dropped once the application is closed."""

        def step(current: Application) -> Application:
            if status == current.status:
                raise StorybankError(f"The application to {current.company} is already {status}.")
            history = [*current.history, StatusChange(status=status, at=at or utc_now())]
            return revise_record(current, status=status, history=history)

        return self.change_application(ref, step)

    def delete_application(self, ref: str, *, expected: Application | None = None) -> Application:
        """Remove an application with its interviews and follow-ups; returns what was removed."""
        with self._writing():
            current = self.application(ref)
            if expected is not None and not _same(current, expected):
                raise ConflictError(
                    f"The application to {current.company} was changed by another storybank, "
                    "so it was not deleted. Look at the new version first."
                )
            gone: list[LoopRecord] = [current]
            gone += [i for i in self._loop.interviews.values() if i.application_id == current.id]
            gone += [f for f in self._loop.followups.values() if f.application_id == current.id]
            self._save_records(removes=gone)
        return current

    # Interviews ----------------------------------------------------------------------------

    def add_interview(self, interview: Interview, *, thank_you: bool = True) -> Interview:
        """Save a new interview of a stored application, with its thank-you (due within 24
        hours of its end) and the application's check-in moved past it."""
        with self._writing():
            application: Application = self._stored_record(APPLICATIONS, interview.application_id)
            interview = self._fresh(interview, set())
            puts: list[LoopRecord] = [interview]
            if thank_you:
                puts.append(self._fresh(thank_you_for(interview, application), set()))
            self._loop.interviews[interview.id] = interview  # the rules read it as saved
            try:
                puts += self._check_ins(application)
            finally:
                del self._loop.interviews[interview.id]
            self._save_records(puts)
        return interview

    def update_interview(
        self, interview: Interview, *, expected: Interview | None = None
    ) -> Interview:
        """Replace an interview and stamp its change time; with `expected`, refuse
        (ConflictError) if it was changed meanwhile. A new time moves its pending thank-you."""
        with self._writing():
            current: Interview = self._stored_record(INTERVIEWS, interview.id)
            if expected is not None and not _same(current, expected):
                raise ConflictError(
                    "The interview was changed by another storybank since you opened it. "
                    "Your text is kept; reload to see the other change."
                )
            return self._save_interview(current, interview)

    def change_interview(self, ref: str, change: Callable[[Interview], Interview]) -> Interview:
        """Apply `change` to the interview as stored now, under the lock, and save it."""
        with self._writing():
            current = self.interview(ref)
            return self._save_interview(current, change(current))

    def _save_interview(self, current: Interview, new: Interview) -> Interview:
        saved = self._stamped(current, new)
        if saved.application_id != current.application_id:
            self._stored_record(APPLICATIONS, saved.application_id)
        puts: list[LoopRecord] = [saved]
        if saved.finish != current.finish or saved.interviewers != current.interviewers:
            application: Application = self._stored_record(APPLICATIONS, saved.application_id)
            fresh = thank_you_for(saved, application)
            for f in self._loop.followups.values():
                if f.interview_id == saved.id and f.kind == FollowUpKind.THANK_YOU and f.is_pending:
                    puts.append(revise_record(f, due=fresh.due, title=fresh.title))
            self._loop.interviews[saved.id] = saved
            try:
                puts += self._check_ins(application)
            finally:
                self._loop.interviews[current.id] = current
        self._save_records(puts)
        return saved

    def delete_interview(self, ref: str, *, expected: Interview | None = None) -> Interview:
        """Remove an interview and its pending thank-you; returns what was removed."""
        with self._writing():
            current = self.interview(ref)
            if expected is not None and not _same(current, expected):
                raise ConflictError(
                    "The interview was changed by another storybank, so it was not deleted. "
                    "Look at the new version first."
                )
            gone: list[LoopRecord] = [current]
            gone += [
                f
                for f in self._loop.followups.values()
                if f.interview_id == current.id and f.is_pending
            ]
            self._save_records(removes=gone)
        return current

    # Follow-ups ----------------------------------------------------------------------------

    def add_followup(self, followup: FollowUp) -> FollowUp:
        """Save a new follow-up (the user's own reminder, say)."""
        with self._writing():
            if followup.application_id:
                self._stored_record(APPLICATIONS, followup.application_id)
            followup = self._fresh(followup, set())
            self._save_records([followup])
        return followup

    def change_followup(self, ref: str, change: Callable[[FollowUp], FollowUp]) -> FollowUp:
        """Apply `change` to the follow-up as stored now (`core.followups.complete`, `snooze`,
        `drop`, `reopen`), under the lock, and save it."""
        with self._writing():
            current = self.followup(ref)
            saved = self._stamped(current, change(current))
            self._save_records([saved])
        return saved

    def delete_followup(self, ref: str) -> FollowUp:
        """Remove a follow-up for good (dropping it keeps it as history instead)."""
        with self._writing():
            current = self.followup(ref)
            self._save_records(removes=[current])
        return current

    # Questions to ask ----------------------------------------------------------------------

    def add_ask(self, ask: AskQuestion) -> AskQuestion:
        """Save one of the user's own questions to ask."""
        with self._writing():
            ask = self._fresh(ask, set())
            self._save_records([ask])
        return ask

    def delete_ask(self, ref: str) -> AskQuestion:
        """Remove one of the user's own questions (applications keep the text they picked)."""
        with self._writing():
            current = self.own_ask(ref)
            self._save_records(removes=[current])
        return current

    def loop_records(self) -> Iterator[LoopRecord]:
        """Every loop record, table by table (for export and checks)."""
        for name in (APPLICATIONS, INTERVIEWS, FOLLOWUPS, ASKS):
            yield from self._loop.table(name).values()
