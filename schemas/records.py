"""Typed records, one class per table of SPEC.md. Field order is column order.

Enums are stored as their enum type here and written as their string value.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .vocab import (Decision, DocType, DocumentStatus, DueSource, EntityLabel, EntitySource,
                    Precision, Priority, RecKind, SourceFormat, Stage, Status)


@dataclass(frozen=True)
class DocumentRecord:
    doc_id: str
    source_path: str
    source_format: SourceFormat
    page_count: int
    council: str | None
    council_code: str | None
    body: str | None
    meeting_date: date | None
    doc_type: DocType
    title: str | None
    author: str | None
    status: DocumentStatus
    status_reason: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class RecommendationRecord:
    rec_id: str
    doc_id: str
    ordinal: int
    number: str | None
    kind: RecKind
    text: str
    origin: str | None
    addressee: str | None
    priority_raw: str | None
    priority: Priority | None
    stage_raw: str | None
    stage_code: str | None
    status: Status | None
    complete: bool | None
    thread_id: str | None
    page_start: int
    page_end: int
    char_start: int
    char_end: int
    confidence: float
    due_dates: tuple[date, ...] = field(default=())  # deadlines the record's own words set
    due_raw: str | None = None                        # those words: "report back in November"


@dataclass(frozen=True)
class ResponseRecord:
    response_id: str
    rec_id: str
    doc_id: str
    text: str
    responder: str | None
    decision: Decision | None
    approved_by: str | None
    approved_date: date | None
    approved_precision: Precision | None
    officers: tuple[str, ...] = field(default=())
    officer_roles: tuple[str, ...] = field(default=())
    timescale_raw: str | None = None
    due_dates: tuple[date, ...] = field(default=())
    page: int = 1
    char_start: int = 0
    char_end: int = 0
    due_source: DueSource | None = None  # where due_dates were read; null when there are none


@dataclass(frozen=True)
class UpdateRecord:
    update_id: str
    rec_id: str
    doc_id: str
    label: str | None
    as_of: date | None
    as_of_precision: Precision | None
    text: str
    page: int
    char_start: int
    char_end: int


@dataclass(frozen=True)
class EntityRecord:
    entity_id: str
    doc_id: str
    rec_id: str | None
    label: EntityLabel
    text: str
    normalized: str
    page: int
    char_start: int
    char_end: int
    source: EntitySource


@dataclass(frozen=True)
class ThreadRecord:
    thread_id: str
    rec_id: str
    doc_id: str
    meeting_date: date | None
    status: Status | None
    similarity: float


@dataclass(frozen=True)
class AliasRecord:
    """An id this output folder once gave a thread that has since merged into another (state)."""
    alias: str
    thread_id: str
    recorded: date  # the run date at which the alias was recorded


@dataclass(frozen=True)
class ThreadHistoryRecord:
    """When a thread first appeared in this output folder and when its content last changed (state)."""
    thread_id: str
    first_seen: date
    last_changed: date
    fingerprint: str  # hash of what the thread's feed row shows, to tell a change


@dataclass(frozen=True)
class QuarantineRecord:
    source_path: str
    sha256: str | None
    stage: Stage
    reason_code: str
    message: str
