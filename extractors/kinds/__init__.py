"""Kinds of paper as plug-ins: each kind is one module that declares how it recognises itself (a
score from the paper's evidence, not a place in an if-chain) and which finders' records stand for
it. Adding a kind, or a council's own format, is one module registered here and one test.

Every kind's selection is joined by the decisions the paper asks for, so a committee report whose
appendix is a tracker gives the tracker's records and the report's decisions.
"""
from __future__ import annotations

from .registry import Evidence, Kind, KINDS, UnknownKind, classify, get_kind, kind_for_doc_type, register, select
from .finders import Candidates, FINDERS, find_candidates
from . import tracker, audit_report, minutes, response_report, inquiry_report, decision_notice, committee_report  # noqa: F401  (registration)
from .reconcile import reconcile, text_similarity

__all__ = ["Candidates", "Evidence", "FINDERS", "KINDS", "Kind", "UnknownKind", "classify", "find_candidates",
           "get_kind", "kind_for_doc_type", "reconcile", "register", "select", "text_similarity"]
