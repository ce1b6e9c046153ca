"""Threads across documents (issue 5): not built yet, so no thread rows are written and
thread_id stays null. The runner calls this after all documents are extracted."""
from __future__ import annotations


def link_threads(documents, recommendations, responses, updates):
    return recommendations, []
