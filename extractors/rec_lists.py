"""Recommendation lists in reports: the items under a 'Recommendations' heading ('Summary of
recommendations', 'Conclusions and recommendations', '2. RECOMMENDATIONS' …) or after a lead-in
('The five key recommendations are:', 'Accordingly, I recommend:').

A report often prints its list twice — an executive summary and a closing chapter, a chapter and
a summary at the end: the fullest list is read, and another adds only recommendations it does
not already hold. Under 'Conclusions and recommendations' the conclusions are told apart by the
paper's own typography (recommendations set in italic or bold where conclusions are not) or,
failing that, by recommending wording.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources

from schemas.vocab import RecKind

from .found import FoundRec, Span, TextLine, norm_key, sub_span
from .decision_lists import SECTION_NUMBER
from .list_items import Item, Levels, Mark, continues, read_mark, successor

_LEAD_NUMBER = re.compile(rf"^\s*(?:chapter\s+\d+\s*[:.\-–]?|part\s+\w+\s*[:.\-–]|{SECTION_NUMBER}|[A-Z]\.)\s*", re.I)
_NOISE = re.compile(r"^(?:[ivxlc]+|[\divx\s,.()*†‡-]*(?:\(e\.g\.\))?)$", re.I)
_TERMINAL = re.compile(r"[.!?:;)\]\"'”’]$")


@dataclass(frozen=True)
class Vocabulary:
    headings: re.Pattern[str]
    mixed: re.Pattern[str]
    lead_ins: tuple[re.Pattern[str], ...]
    advising: re.Pattern[str]
    decisions: re.Pattern[str]
    ends: re.Pattern[str]
    imperatives: re.Pattern[str]  # an item opening with the committee's own deciding: a decision


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    data = json.loads(resources.files("extractors").joinpath("data/recommendation_lists.json").read_text("utf-8"))
    return Vocabulary(re.compile("^(?:" + "|".join(data["section_headings"]) + ")$", re.I),
                      re.compile("|".join(data["mixed_headings"]), re.I),
                      tuple(re.compile(p, re.I) for p in data["lead_ins"]),
                      re.compile(data["advising"], re.I), re.compile(data["decision_requests"]),
                      re.compile(data["section_ends"], re.I), re.compile(data["decision_imperatives"], re.I))


def _heading_key(text: str) -> str | None:
    """'15.0 Conclusions and recommendations' → 'conclusionsandrecommendations'; None for a
    contents entry or a running header ('Recommendations ....... 221')."""
    if re.search(r"(?:\s|\.{2,}|…)\d+$", text.strip()) or len(text) > 90:
        return None
    return re.sub(r"[^a-z]", "", _LEAD_NUMBER.sub("", text).lower())


@dataclass(frozen=True)
class _Start:
    index: int        # the first line after the heading or lead-in
    mixed: bool       # conclusions and recommendations together
    lead_in: bool     # a sentence announcing the list: the list is compact


def _starts(lines: list[TextLine], vocab: Vocabulary) -> list[_Start]:
    starts = []
    index = 0
    for para in _units(lines):
        index += len(para)
        key = _heading_key(para[0].text) if len(para) == 1 and _LEAD_NUMBER.sub("", para[0].text)[:1].isupper() else None
        if key and vocab.headings.match(key):
            starts.append(_Start(index, bool(vocab.mixed.search(key)), False))
            continue
        text = re.split(r"(?<=[.!?])\s+(?=[A-Z])", " ".join(l.text for l in para).strip())[-1]  # its last sentence
        # A lead-in inside a numbered paragraph introduces that paragraph's own points.
        if text.endswith((":", ":-")) and read_mark(para[0].text) is None and any(p.search(text) for p in vocab.lead_ins):
            starts.append(_Start(index, False, True))
    return starts


@dataclass
class _Reading:
    """One list being read: its open levels, its items and the prose seen since the last item."""
    levels: Levels
    items: list[Item]
    top: str | None = None      # the last top-level number
    loose: int = 0              # characters of prose since the last item that belong to no item
    size: float | None = None   # the list's type size (footnotes are smaller)


def _noise(para: list[TextLine], reading: _Reading) -> bool:
    """A page number, a footnote or a line of superscript references between items."""
    line = para[0]
    if len(para) == 1 and (_NOISE.match(line.text.strip()) or len(re.findall(r"[A-Za-z]", line.text)) < 3):
        return True
    return bool(reading.size and line.size and line.size < reading.size - 1.2)


def _title_like(text: str) -> bool:
    return len(text) <= 60 and not _TERMINAL.search(text.rstrip())


def _units(lines: list[TextLine], reading: "_Reading | None" = None):
    """The paragraphs of the text, cut where an item or a heading starts inside one: plain text
    marks no paragraphs but by blank lines, and a PDF layout sometimes runs the next numbered
    item on ('… self-management. 10.In order to …'). Where the layout does mark paragraphs, a
    cut inside one needs the next number of the list (known as the list is read)."""
    unit: list[TextLine] = []
    for line in lines:
        if unit and not line.first:
            prev = unit[-1]
            ended = bool(_TERMINAL.search(prev.text.rstrip()))
            mark = read_mark(line.text)
            following = mark is not None and mark.style == "num" and reading is not None \
                and reading.top is not None and successor(reading.top, mark.value)
            if line.x0 is not None:
                cut = following and ended
            else:
                cut = following or mark is not None and (ended or _title_like(prev.text)) \
                    or line.text[:1].isupper() and (_title_like(prev.text) or ended and _title_like(line.text))
            if not cut:
                unit.append(line)
                continue
        if unit:
            yield unit
        unit = [line]
    if unit:
        yield unit


def _new_item(para: list[TextLine], mark: Mark, reading: _Reading) -> bool | None:
    """Start an item at a marked paragraph. False: the marker does not fit the list here (the
    paragraph is read as text); None: the list has ended."""
    line = para[0]
    path, keep = reading.levels.place(mark)
    if keep == 0 and path[0][0] == "num":
        value = path[0][1]
        if value == reading.top and mark.style != "path" and len(path) == 1 and reading.levels.open:
            del reading.levels.open[1:]   # the item's title printed again before its sub-items
            return True
        if reading.top is not None and value != reading.top and not successor(reading.top, value):
            return None if not reading.levels.open[1:] else False
        reading.top = value
    item = Item(path, [line.cut(mark.end)] + para[1:], line.x0, line.x0_at(mark.end))
    reading.levels.push(item, keep)
    reading.items.append(item)
    reading.loose = 0
    reading.size = reading.size or line.size
    return True


def _bullet_item(para: list[TextLine], mark: Mark, reading: _Reading) -> None:
    """A bulleted list with no numbering: each bullet is an item."""
    item = Item((), [para[0].cut(mark.end)] + para[1:], para[0].x0, para[0].x0_at(mark.end))
    reading.items.append(item)
    reading.levels.open[:] = [item]
    reading.loose = 0
    reading.size = reading.size or para[0].size


def _attach(para: list[TextLine], mark: Mark | None, reading: _Reading, compact: bool) -> bool:
    """Give an unmarked paragraph (or a bullet) to the deepest open item it belongs to. In a
    compact list (after a lead-in) a title heads sub-items, never a body of prose."""
    open_items = reading.levels.open
    for depth in range(len(open_items) - 1, -1, -1):
        item = open_items[depth]
        if compact and item.titled and not item.body:
            continue
        bulleted = mark is not None and depth == len(open_items) - 1 and reading.loose == 0
        if bulleted or continues(para, item):
            del open_items[depth + 1:]
            item.body.extend(para)
            return True
    return False


def _read(lines: list[TextLine], start: _Start, vocab: Vocabulary) -> list[Item]:
    """The items of one list, from its first line to where the list ends: a heading that closes
    the section, a number that does not continue the list, or a stretch of prose."""
    reading = _Reading(Levels(), [])
    limit = 0 if start.lead_in else 1500
    for para in _units(lines[start.index:], reading):
        first = para[0]
        if vocab.ends.match(first.text) or vocab.headings.match(_heading_key(first.text) or "-"):
            break
        if _noise(para, reading):
            continue
        mark = read_mark(para[0].text)
        bullet = mark is not None and mark.style == "bullet"
        if mark is not None and not bullet:
            started = _new_item(para, mark, reading)
            if started is None:
                return reading.items
            if started:
                continue
        bulleted_list = not reading.levels.open or not reading.levels.open[0].path and \
            not reading.levels.open[-1].last_text.endswith((":", ":-"))
        if bullet and bulleted_list and not (start.lead_in and reading.items and not reading.levels.open):
            _bullet_item(para, mark, reading)
        elif not _attach(para, mark if bullet else None, reading, start.lead_in):
            if start.lead_in:
                reading.levels.open.clear()   # a lead-in's list is compact: prose ends it
            reading.loose += sum(len(l.text) for l in para)
            if reading.loose > limit and (reading.items or start.lead_in):
                return _without_trailing_titles(reading.items)
    return reading.items


def _title_only(item: Item) -> bool:
    return item.titled and not item.body and not item.children


def _without_trailing_titles(items: list[Item]) -> list[Item]:
    """A list that prose ends: a last item that is only a title heads that prose, not the list."""
    while items and _title_only(items[-1]):
        items = items[:-1]
    return items


_INLINE = re.compile(r"(?:(?<=\s)|^)\((?P<v>[a-z]|[ivx]{1,4})\)\s+")
_ROMANS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")


def _inline_items(items: list[Item]) -> list[Item]:
    """'We recommend that the Government (a) establish …; (b) publish …; and' followed by '(c) …'
    on a line of its own: the sub-items run into their stem's sentence are items too."""
    out: list[Item] = []
    for item in items:
        out.append(item)
        child = next((i for i in items if i.parent is item), None)
        if child is None or child.path[-1][0] not in ("alpha", "roman"):
            continue
        style, value = child.path[-1]
        sequence = _ROMANS if style == "roman" else tuple("abcdefghijklmnopqrstuvwxyz")
        if value not in sequence or value == sequence[0]:
            continue
        lines = item.lines + item.body
        span = Span.join([l.span for l in lines])
        wanted = list(sequence[:sequence.index(value)])
        marks = [m for m in _INLINE.finditer(span.text) if wanted and m["v"] == wanted[0] and wanted.pop(0)]
        if wanted:
            continue
        for k, m in enumerate(marks):
            end = marks[k + 1].start() if k + 1 < len(marks) else len(span.text)
            joined = re.search(r"(?<=[;,])\s+(?:and|or)\s*$", span.text[m.end():end])  # '…; and (c)'
            piece = sub_span(span, m.end(), end - (len(joined.group()) if joined else 0))
            line = TextLine(piece.text, piece.char_start, piece.char_end, piece.page, lines[0].block, True)
            out.append(Item(item.path + ((style, m["v"]),), [line], None, None, item))
    return out


def _records(items: list[Item]) -> list[FoundRec]:
    out = []
    for item in items:
        if item.children:
            continue
        lines = [l for l in item.text_lines() if l.text.strip()]
        if not lines:
            continue
        span = Span.join([l.span for l in lines])
        out.append(FoundRec(span, RecKind.RECOMMENDATION, item.number, page_end=lines[-1].page, confidence=0.85))
    return out


def _emphasis(rec_lines: list[TextLine]) -> tuple[float, float]:
    letters = sum(len(l.text) for l in rec_lines) or 1
    return (sum(l.italic * len(l.text) for l in rec_lines) / letters,
            sum(l.bold * len(l.text) for l in rec_lines) / letters)


def _recommending(items: list[Item], vocab: Vocabulary) -> list[Item]:
    """Under 'Conclusions and recommendations': the items set in the paper's recommendation
    type (italic, or bold, where the rest is not) when that type advises more than the rest;
    otherwise the items worded as advice."""
    leaves = [i for i in items if not i.children]
    advising = [bool(vocab.advising.search(_with_stems(i))) for i in leaves]
    for axis in (0, 1):
        marked = [_emphasis(i.text_lines())[axis] >= 0.5 for i in leaves]
        if 0.15 * len(leaves) <= sum(marked) <= 0.85 * len(leaves):
            share = _advising_share(advising, marked)
            if share[True] >= share[False]:
                return [i for i, m in zip(leaves, marked) if m]
    return [i for i, a in zip(leaves, advising) if a]


def _with_stems(item: Item) -> str:
    """An item's words with its stems' ('We recommend that the Government:' + '(c) publish …')."""
    texts = []
    while item is not None:
        texts.append(" ".join(l.text for l in item.lines + item.body))
        item = item.parent
    return " ".join(reversed(texts))


def _advising_share(advising: list[bool], marked: list[bool]) -> dict[bool, float]:
    share = {}
    for side in (True, False):
        group = [a for a, m in zip(advising, marked) if m is side]
        share[side] = sum(group) / len(group) if group else 0.0
    return share


def find_listed(lines: list[TextLine]) -> list[FoundRec]:
    """The recommendations of the paper's lists; the fullest list first, others adding only
    recommendations it does not hold (by number and by text)."""
    vocab = vocabulary()
    lists = []
    for start in _starts(lines, vocab):
        if vocab.decisions.search(" ".join(l.text for l in lines[start.index:start.index + 6])[:400]):
            continue   # 'Recommendations: Cabinet is asked to …' are the report's decisions
        items = _inline_items(_read(lines, start, vocab))
        if start.mixed:
            items = _recommending(items, vocab)
        leaves = [i for i in items if not i.children and i.lines]
        if leaves and all(vocab.imperatives.match(i.lines[0].text) for i in leaves):
            continue   # '2.1 Note the forecast …', '2.2 Approve …': the report's decisions
        records = _records(items)
        if records and not all(_title_only(i) for i in items if not i.children) \
                and _reads_as_recommendations(records, vocab):
            lists.append(records)
    lists.sort(key=len, reverse=True)
    chosen: list[FoundRec] = []
    for records in lists:
        held = list(chosen)   # a list's own items are never one another's reprints
        chosen += [rec for rec in records if not _held(rec, held)]
    return sorted(chosen, key=lambda r: r.span.char_start)


def _held(rec: FoundRec, chosen: list[FoundRec]) -> bool:
    """Is the recommendation already held: the same words (a reprint may differ by a word or a
    hyphenation), or a number that is the same or one's stem?"""
    key = norm_key(rec.span.text)[:160]
    for other in chosen:
        if key and _alike(key, norm_key(other.span.text)[:160]):
            return True
        if rec.number and other.number and (extends(other.number, rec.number) or extends(rec.number, other.number)):
            return True
    return False


def _alike(a: str, b: str) -> bool:
    """SequenceMatcher's ratio of at least 0.9, not computed where its upper bounds rule it out
    (from the lengths, then from the letters the two share, however ordered)."""
    if 2.0 * min(len(a), len(b)) / (len(a) + len(b)) < 0.9:
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= 0.9 and matcher.ratio() >= 0.9


def extends(number: str, stem: str) -> bool:
    """'4a(ii)' extends '4a' and '4'; '10' does not extend '1', nor '8.10' '8.1'."""
    return number == stem or number.startswith(stem) and not number[len(stem)].isdigit() \
        and not number[len(stem):].startswith(".")


_CITATION = re.compile(r"\b(?:19|20)\d\d\b|\bpp?\.\s*\d|\bet\s+al\b|https?://")


def _reads_as_recommendations(records: list[FoundRec], vocab: Vocabulary) -> bool:
    """A list under a recommendations heading is not a contents list (short titles ending in
    page numbers) nor a list of references (citations, none of them advising)."""
    texts = [r.span.text.strip() for r in records]
    entries = sum(len(t) < 120 and bool(re.search(r"\d+$", t)) for t in texts)
    citations = sum(bool(_CITATION.search(t)) for t in texts)
    advising = sum(bool(vocab.advising.search(t)) for t in texts)
    return entries <= len(texts) / 2 and not (citations > len(texts) / 2 and advising < 0.4 * len(texts))
