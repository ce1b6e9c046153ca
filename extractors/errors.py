"""The one exception type extractors raise for bad input; the runner turns it into a quarantine row."""
from __future__ import annotations

from schemas.reasons import CATALOGUE, quarantine_message
from schemas.vocab import Stage


class DocumentError(Exception):
    """A document that cannot give records, with a catalogue reason code and its details."""

    def __init__(self, reason_code: str, stage: Stage = Stage.PARSE, **details: object) -> None:
        if reason_code not in CATALOGUE:
            raise ValueError(f"unknown quarantine reason code {reason_code!r}")
        self.reason_code = reason_code
        self.stage = stage
        self.details = details
        super().__init__(quarantine_message(reason_code, stage=stage.value, **details))
