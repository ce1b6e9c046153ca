"""Where a thread stands: its current status and where that was read, its due dates with their
sources, and whether it is overdue on a given day.

The current status is the latest statement of one, by date: a printed stage or RAG rating, a
complete tick, or the latest dated update saying the work was done. A thread is done when that
status is achieved or stopped, or a tick says complete. It is overdue on a day when its final due
date (from the records' own words, the responses' timescales or a target-date column) is before
that day and it is not done. The day is the caller's `as_of`; no record date ever comes from it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from schemas.records import RecommendationRecord, ResponseRecord, UpdateRecord
from schemas.vocab import DueSource, Status, StatusSource

from .deadlines import says_done

DONE = (Status.ACHIEVED, Status.STOPPED)


@dataclass(frozen=True)
class Member:
    record: RecommendationRecord
    when: date | None  # its paper's meeting date


@dataclass(frozen=True)
class DueDate:
    due: date
    source: DueSource
    raw: str | None
    rec_id: str


@dataclass(frozen=True)
class FollowUp:
    status: Status | None
    status_source: StatusSource | None
    status_rec_id: str | None
    status_date: date | None
    status_stage_raw: str | None
    complete: bool | None
    due: tuple[DueDate, ...]     # every due date, earliest first
    latest_response: ResponseRecord | None
    latest_update: UpdateRecord | None

    @property
    def final_due(self) -> DueDate | None:
        return self.due[-1] if self.due else None

    @property
    def done(self) -> bool:
        return self.status in DONE or self.complete is True

    def days_overdue(self, as_of: date) -> int | None:
        """Days past the final due date on `as_of`; None when not overdue."""
        final = self.final_due
        if final is None or self.done or final.due >= as_of:
            return None
        return (as_of - final.due).days


def _statements(members: list[Member], latest_update: UpdateRecord | None, update_when: date | None) -> list[tuple]:
    """(date, rank, status, source, rec_id, stage_raw) for each statement of status."""
    found = []
    for m in members:
        r = m.record
        if r.status is not None:
            source = StatusSource.STAGE if r.stage_raw else StatusSource.TICK
            found.append((m.when or date.min, 1, r.status, source, r.rec_id, r.stage_raw))
        elif r.complete is True:
            found.append((m.when or date.min, 1, Status.ACHIEVED, StatusSource.TICK, r.rec_id, r.stage_raw))
    if latest_update is not None and says_done(latest_update.text):
        found.append((update_when or date.min, 0, Status.ACHIEVED, StatusSource.UPDATE, latest_update.rec_id, None))
    return found


def _due_dates(members: list[Member], responses: list[ResponseRecord]) -> tuple[DueDate, ...]:
    found = {}
    for m in members:
        for d in m.record.due_dates:
            found.setdefault((d, DueSource.RECORD_TEXT), DueDate(d, DueSource.RECORD_TEXT, m.record.due_raw, m.record.rec_id))
    for resp in responses:
        for d in resp.due_dates:
            source = resp.due_source or DueSource.RESPONSE_TIMESCALE
            found.setdefault((d, source), DueDate(d, source, resp.timescale_raw, resp.rec_id))
    return tuple(sorted(found.values(), key=lambda x: (x.due, x.source.value, x.rec_id)))


def follow_up(members: list[Member], responses: list[ResponseRecord], updates: list[UpdateRecord]) -> FollowUp:
    """Members earliest first; responses and updates of those members in paper order."""
    when = {m.record.rec_id: m.when for m in members}
    rank = {m.record.rec_id: n for n, m in enumerate(members)}
    latest_response = max(responses, key=lambda r: (rank[r.rec_id], r.char_start), default=None)
    latest_update = max(updates, key=lambda u: (u.as_of or when[u.rec_id] or date.min, rank[u.rec_id], u.char_start),
                        default=None)
    update_when = (latest_update.as_of or when[latest_update.rec_id]) if latest_update else None
    statements = _statements(members, latest_update, update_when)
    current = max(statements, key=lambda s: (s[0], s[1]), default=None)
    ticks = [m.record.complete for m in members if m.record.complete is not None]
    status = current[2] if current else None
    complete = True if status is Status.ACHIEVED else (ticks[-1] if ticks else None)
    return FollowUp(
        status, current[3] if current else None, current[4] if current else None,
        (current[0] if current[0] != date.min else None) if current else None,
        current[5] if current else None, complete, _due_dates(members, responses),
        latest_response, latest_update)
