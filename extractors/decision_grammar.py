"""How a sentence of minutes records a decision, from the word lists in data/decision_words.json.

Minutes without a formal RESOLVED label record decisions in running prose: "it was resolved to …",
"the Councillors agreed that …", "Approved & signed as correct", "proposed by Cllr A, seconded by
Cllr B", "All councillors agreed." after a proposal. A decision verb counts only as the meeting's
own act: not reported ("had been agreed"), not an adjective ("the agreed actions"), not one
person's undertaking ("Cllr Hayward agreed to inspect the well")."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .found import Span, TextLine


@dataclass(frozen=True)
class DecisionWords:
    labels: tuple[str, ...]
    past: frozenset[str]
    present: frozenset[str]
    base: frozenset[str]
    outcomes: frozenset[str]
    outcome_after: frozenset[str]
    outcome_not_before: frozenset[str]
    collective: frozenset[str]
    individual: frozenset[str]
    reporting: frozenset[str]
    adjectival: frozenset[str]
    assent_max_words: int
    agreement_phrases: tuple[str, ...]
    proposed: tuple[str, ...]
    seconded: tuple[str, ...]
    lost: tuple[str, ...]
    consultee: re.Pattern[str]
    abbreviations: frozenset[str]
    starters: frozenset[str]
    continuations: frozenset[str]


@lru_cache(maxsize=1)
def decision_words() -> DecisionWords:
    data = json.loads(resources.files("extractors").joinpath("data/decision_words.json").read_text("utf-8"))
    verbs, outcome, sentence = data["decision_verbs"], data["outcome_words"], data["sentence"]
    return DecisionWords(
        tuple(data["resolution_labels"]["words"]), frozenset(verbs["past"]), frozenset(verbs["present"]),
        frozenset(verbs["base"]), frozenset(outcome["words"]), frozenset(outcome["after"]),
        frozenset(outcome["not_followed_by"]), frozenset(data["collective_subjects"]),
        frozenset(data["individual_subjects"]), frozenset(data["reporting_words"]["words"]),
        frozenset(data["adjectival_nouns"]["words"]), data["assent_sentences"]["max_words"],
        tuple(data["assent_sentences"]["agreement_phrases"]), tuple(data["motion_words"]["proposed"]),
        tuple(data["motion_words"]["seconded"]), tuple(data["lost_words"]),
        re.compile(data["consultee_recommendation"]["pattern"], re.I),
        frozenset(sentence["abbreviations"]), frozenset(sentence["starters"]),
        frozenset(sentence["continuations"]))


@lru_cache(maxsize=1)
def notice_titles() -> tuple[str, ...]:
    data = json.loads(resources.files("extractors").joinpath("data/decision_words.json").read_text("utf-8"))
    return tuple(data["decision_notice_titles"]["words"])


def title_like(text: str) -> bool:
    """Most of the longer words capitalised: a title ('Review of Asset Register', 'A.O.B'), not a
    sentence."""
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    words = [w for w in words if len(w) > 3] or words
    return bool(words) and sum(w[0].isupper() for w in words) >= max(1, len(words) // 2)


class Run:
    """Lines joined with single spaces, each offset of the joined text mapped back to the
    document's characters, so a sentence cut from the run keeps its exact span."""

    def __init__(self, lines: list[TextLine], skip: int = 0):
        self.lines = lines
        self.starts: list[int] = []  # offset of each line in `text`
        pieces, position = [], 0
        for line in lines:
            self.starts.append(position)
            pieces.append(line.text)
            position += len(line.text) + 1
        self.text = " ".join(pieces)
        self.skip = skip  # where the run's own text begins (after a minute number, a label)
        self.body = skip  # where the business begins after a minute's 'Title:' ('2606. Planning: …')

    def line_at(self, offset: int) -> int:
        index = 0
        for i, start in enumerate(self.starts):
            if start <= offset:
                index = i
        return index

    def span(self, start: int, end: int) -> Span:
        """The stripped text between two offsets, with its document characters."""
        piece = self.text[start:end]
        start += len(piece) - len(piece.lstrip())
        end = start + len(piece.strip())
        first, last = self.line_at(start), self.line_at(max(start, end - 1))
        begin = self.lines[first].char_start + start - self.starts[first]
        finish = min(self.lines[last].char_end, self.lines[last].char_start + end - self.starts[last])
        return Span(self.text[start:end], begin, finish, self.lines[first].page)

    def page_end(self, end: int) -> int:
        return self.lines[self.line_at(max(0, end - 1))].page


_STOP = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9£])")
_WORD_BEFORE = re.compile(r"([\w.&'-]+)\.?[\"'\u201d\u2019)\]]*$")
_LINE_BULLET = re.compile(r"^(?:[•▪●◦Ø*]|o\s|-\s|–\s)")
_WORDS = re.compile(r"[\w&'’-]+")


def sentence_bounds(run: Run) -> list[tuple[int, int]]:
    """(start, end) of each sentence of the run, from `run.skip` on: cut at a full stop that is
    not an abbreviation's or an initial's, and at line ends that close a list line."""
    words = decision_words()
    cuts = {run.skip}
    for stop in _STOP.finditer(run.text, run.skip):
        before = _WORD_BEFORE.search(run.text[:stop.start()])
        word = before.group(1).lower().rstrip(".") if before else ""
        if word in words.abbreviations or re.fullmatch(r"[A-Za-z]", word):
            continue
        if word.isdigit() and before.start(1) in (run.skip, *run.starts):
            continue   # '5. It was agreed …': a list number, not a sentence
        cuts.add(stop.end())
    for i in range(1, len(run.lines)):
        if _line_ends_sentence(run.lines[i - 1].text, run.lines[i].text, words):
            cuts.add(run.starts[i])
    ordered = sorted(c for c in cuts if c >= run.skip) + [len(run.text)]
    return [(a, b) for a, b in zip(ordered, ordered[1:]) if run.text[a:b].strip()]


def _line_ends_sentence(line: str, following: str, words: DecisionWords) -> bool:
    """A line break that ends a sentence though no full stop does: a list line ('… not to
    support,' then 'Letter of thanks …'), a bullet, or a line without closing punctuation
    followed by a word that starts sentences."""
    line, following = line.rstrip(), following.lstrip()
    if not line or not following:
        return False
    if _LINE_BULLET.match(following):
        return not re.match(r"^[-–]\s*[a-z]", following)   # '– approval recommended' goes on
    first = _WORDS.match(following)
    if not first or not following[0].isupper():
        return False
    if line.endswith(","):
        return following.split()[0].lower().strip(".,") not in words.individual
    last = _WORDS.findall(line)
    if line[-1] in ".!?:;-–" or not last or last[-1].lower() in words.continuations:
        return False
    return first.group().lower() in words.starters


@dataclass(frozen=True)
class Verdict:
    """What a sentence records: a decision, a recommendation to another body, or nothing; whether
    it is a bare assent to what came before ('All councillors agreed.'), whether it disposes of the
    whole list above it ('– all approved.'), and where the clause that records it begins."""
    decision: bool = False
    assent: bool = False
    recommendation: bool = False
    motion: bool = False
    covers_list: bool = False
    clause: int = 0          # offset in the sentence of the deciding clause's subject; 0 if none
    said: int = 0            # words after the deciding word: what was decided


@dataclass(frozen=True)
class _Word:
    text: str      # lower case
    start: int


def _words(text: str) -> list[_Word]:
    return [_Word(m.group().lower(), m.start()) for m in _WORDS.finditer(text)]


def judge(sentence: str) -> Verdict:
    words = decision_words()
    text = sentence.strip()
    if not text or text.rstrip("\"'”’)").endswith("?"):
        return Verdict()
    tokens = _words(text)
    lower = text.lower()
    if words.consultee.search(text):
        return Verdict(recommendation=True, assent=len(tokens) <= words.assent_max_words)
    motion = _motion_word(tokens, words)
    at = motion if motion >= 0 else _decision_verb(tokens, words)
    outcome = _outcome_word(text, words) if at < 0 else -1
    if at < 0 and outcome < 0 and not any(p in lower for p in words.agreement_phrases):
        return Verdict()
    if any(re.search(rf"\b{re.escape(w)}\b", lower) for w in words.lost):
        return Verdict()
    index = next((i for i, t in enumerate(tokens) if t.start >= max(at, outcome, 0)), 0) \
        if at >= 0 or outcome >= 0 else len(tokens)
    rest = _said(tokens[index + 1:])
    said = 0 if _ANAPHORS & set(rest) else len(rest)
    covers = outcome >= 0 and index > 0 and tokens[index - 1].text == "all"
    assent = motion < 0 and len(tokens) <= words.assent_max_words and not set(rest) - _ANAPHORS \
        and not text.endswith(":")
    clause = _clause_start(tokens, index, words)
    subject = index < len(tokens) and clause < tokens[index].start
    return Verdict(decision=True, assent=assent, motion=motion >= 0, covers_list=covers,
                   clause=clause if subject else 0, said=said)


_ANAPHORS = {"this", "these", "those", "it", "them", "same", "above"}


def _said(rest: list[_Word]) -> list[str]:
    """'Agreed to pay £65' says what was decided; 'All councillors agreed (to this proposal)'
    does not."""
    filler = {"unanimously", "by", "all", "present", "to", "proposal", "the"}
    return [t.text for t in rest if t.text not in filler]


def _motion_word(tokens: list[_Word], words: DecisionWords) -> int:
    """Where 'proposed' stands in a sentence that also has 'seconded'; -1 if not a motion."""
    proposed = next((t for t in tokens if t.text in words.proposed), None)
    if proposed and any(t.text in words.seconded and t.start > proposed.start for t in tokens):
        return proposed.start
    return -1


def _decision_verb(tokens: list[_Word], words: DecisionWords) -> int:
    """Where the meeting's own decision verb stands; -1 if none."""
    texts = [t.text for t in tokens]
    verbs = words.past | words.present | words.base
    for i, token in enumerate(texts):
        if token not in verbs:
            continue
        before = texts[max(0, i - 3):i]
        following = texts[i + 1] if i + 1 < len(texts) else ""
        if following in words.adjectival or _reported(before, words) or _individual_subject(before, words):
            continue
        if token in words.base and not (before and (before[-1] == "was" or before[-1] in words.collective)):
            continue
        if token in words.present and not (before and before[-1] in words.collective):
            continue
        return tokens[i].start
    return -1


def _reported(before: list[str], words: DecisionWords) -> bool:
    if before[-2:] == ["it", "was"] or before[-1:] == ["was"] and before[-2:-1] != ["which"]:
        return False
    return bool(before) and (before[-1] in words.reporting or " ".join(before[-2:]) in words.reporting)


def _individual_subject(before: list[str], words: DecisionWords) -> bool:
    """The verb's subject is one person: 'Cllr Hayward agreed', 'she agreed'."""
    for token in reversed(before):
        if token in words.collective:
            return False
        if token in words.individual:
            return True
    return False


def _outcome_word(text: str, words: DecisionWords) -> int:
    """Where 'approved' stands in 'were read and approved', 'Approved & signed', '… – all
    approved', 'Confirmed.'; -1 if nowhere."""
    for clause in re.finditer(r"[^:;–—]+", text):
        tokens = _words(clause.group())
        for i, token in enumerate(tokens):
            if token.text not in words.outcomes:
                continue
            following = tokens[i + 1].text if i + 1 < len(tokens) else ""
            if following in words.outcome_not_before or following in words.adjectival:
                continue
            before = tokens[i - 1].text if i else ""
            lead = [t.text for t in tokens[max(0, i - 4):i]]
            if any(t in words.reporting - {"as", "to"} for t in lead) or _individual_subject(lead, words):
                continue   # 'The Clerk has contacted and confirmed', 'which was approved'
            if i == 0 or before in words.outcome_after:
                return clause.start() + token.start
    return -1


_SUBJECT = {"it", "was", "is", "were", "the", "she", "he", "they", "we"}


def _clause_start(tokens: list[_Word], index: int, words: DecisionWords) -> int:
    """Where the subject of the deciding word begins: 'it was resolved', 'the Councillors
    agreed', 'she proposed', 'Cllr Evans proposed'."""
    start = index
    for j in range(index - 1, max(-1, index - 6), -1):
        token = tokens[j].text
        named = j and tokens[j - 1].text in words.individual
        if token in _SUBJECT or token in words.collective or token in words.individual or named:
            start = j
        else:
            break
    return tokens[start].start if start < len(tokens) else 0


_DATED = re.compile(r"(?:19|20)\d\d|january|february|march|april|may|june|july|august|september|october|"
                    r"november|december")
_ADVERBS = {"unanimously", "therefore", "also", "then", "subsequently", "formally", "duly"}
# 'agreed' or 'passed' relays a resolution only with its formal object ('agreed the following
# motion', 'passed a motion proposing that:'); 'the working group agreed the following
# requirements' describes how work was done.
_FORMAL_OBJECTS = {"motion", "resolution", "resolutions", "recommendation", "recommendations"}
_FORMAL_VERBS = {"agreed", "passed"}
_PRONOUNS = {"it", "all", "we", "they", "everyone"}


def reported_resolution(sentence: str) -> bool:
    """A report relays another meeting's resolution: a body, then 'resolved' or 'decided' ('the
    Committee resolved, with a unanimous vote, to refer …', 'Cabinet resolved the following:') or
    'agreed' a motion; not a passive ('was agreed by Cabinet') or a person's undertaking."""
    words = decision_words()
    tokens = [m.group().lower() for m in _WORDS.finditer(sentence)]  # _words' texts
    verbs = words.past | _FORMAL_VERBS
    for i, token in enumerate(tokens):
        if token not in verbs:
            continue
        if any(_DATED.fullmatch(t) for t in tokens[:i]):
            return False   # 'On 17 August 2023, Cabinet agreed …': history cited, not this business
        j = i - 1
        while j >= 0 and tokens[j] in _ADVERBS:
            j -= 1
        formal = token not in _FORMAL_VERBS or bool(set(tokens[i + 1:i + 4]) & _FORMAL_OBJECTS)
        if formal and j >= 0 and tokens[j] in words.collective - _PRONOUNS:
            return True
    return False
