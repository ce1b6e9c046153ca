"""Response reports (an executive's or a government's answer to an inquiry): each recommendation
with the response after it, set out one way through the paper."""
import re

from schemas.vocab import DocType

from .registry import Kind, register


def score(evidence) -> float:
    c = evidence.candidates
    responded = [r for r in c.boxed + c.headed + c.that_items + c.table_responses if r.responses]
    named = re.search(r"\bresponse\b", (evidence.title or "") + evidence.doc.text[:1500].lower(), re.I)
    return 0.8 if responded and (named or c.boxed or c.table_responses) else 0.0


def choose(c) -> list:
    return max((c.boxed, c.headed, c.that_items, c.table_responses), key=len)  # the paper's one way


register(Kind("response_report", DocType.RESPONSE_REPORT, score, choose))
