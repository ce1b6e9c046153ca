"""Closed vocabularies of the records contract (SPEC.md). Values are what lands in Parquet."""
from __future__ import annotations

from enum import Enum


class StrEnum(str, Enum):
    def __str__(self) -> str:  # so f-strings and Arrow see the plain value
        return self.value


class SourceFormat(StrEnum):
    PDF = "pdf"
    TXT = "txt"
    HTML = "html"


class DocType(StrEnum):
    TRACKER = "tracker"
    RESPONSE_REPORT = "response_report"
    COMMITTEE_REPORT = "committee_report"
    AUDIT_REPORT = "audit_report"
    INQUIRY_REPORT = "inquiry_report"
    MINUTES = "minutes"
    OTHER = "other"


class DocumentStatus(StrEnum):
    OK = "ok"
    PARTIAL = "partial"
    NO_RECORDS = "no_records"  # read, but no recommendation or decision in it: not bad input


class RecKind(StrEnum):
    RECOMMENDATION = "recommendation"
    DECISION = "decision"


class Priority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Status(StrEnum):
    ACHIEVED = "achieved"
    IN_PROGRESS = "in_progress"
    BEHIND = "behind"
    OBSTACLE = "obstacle"
    STOPPED = "stopped"
    NOT_REVIEWED = "not_reviewed"
    UNKNOWN = "unknown"


class Decision(StrEnum):
    ACCEPTED = "accepted"
    PARTIALLY_ACCEPTED = "partially_accepted"
    REJECTED = "rejected"
    NOTED = "noted"


class DueSource(StrEnum):
    """Where a due date was read."""
    RESPONSE_TIMESCALE = "response_timescale"    # the response's own words: "will be completed by September 2009"
    TARGET_DATE_COLUMN = "target_date_column"    # a Timescale / Target date / Responsibility cell of a table
    RECORD_TEXT = "record_text"                  # the recommendation's or decision's words: "report back in November"


class StatusSource(StrEnum):
    """What a thread's current status was read from."""
    STAGE = "stage"                # a printed stage or RAG rating: "2 (Achieved)", "Green"
    TICK = "tick"                  # a complete column's tick or cross
    UPDATE = "update"              # the latest dated update says it was done


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    YEAR = "year"


class EntityLabel(StrEnum):
    PERSON = "PERSON"
    ROLE = "ROLE"
    BODY = "BODY"
    DATE = "DATE"


class EntitySource(StrEnum):
    MODEL = "model"
    RULE = "rule"


class Stage(StrEnum):
    """Pipeline stage named in a quarantine row or a partial document's reason."""
    DISCOVER = "discover"
    PARSE = "parse"
    EXTRACT = "extract"
    ENTITIES = "entities"
    WRITE = "write"
