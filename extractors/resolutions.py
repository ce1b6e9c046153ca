"""A RESOLVED paragraph of minutes and the items it resolves.

"RESOLVED that the report be noted." is one decision. "RESOLVED that <body> agree to:" or
"RESOLVED that:" is followed by its items: marked ((a), 1., (ii), bullets) or, without markers,
one paragraph each. Each item is a record numbered with the minute's number ("88a", "299(i)",
"306(1)"; a bulleted or unmarked item keeps the bare minute number). A stem inside the list ("This
Council believes that:") introduces items and is not one; sub-items of an item ("… to: (i) …
(ii) …") stay inside it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from schemas.vocab import RecKind

from .decision_grammar import decision_words
from .found import MARKER, FoundRec, Span

if TYPE_CHECKING:
    from .minutes import _Paragraph

ITEM_REF = re.compile(r"^\(\s*item\s+[\w.]+\s*\)$", re.I)
_OWN_NUMBER = r"(?P<own>\d{1,2}[.)]|\(\d{1,2}\))"
_ROMAN = re.compile(r"^[ivx]{1,5}$", re.I)
INLINE_ENUM = re.compile(r"(?:^|\s)\((?P<e>[a-z]{1,2}|[ivx]{1,5}|\d{1,2})\)\s+")
_CONNECTIVE = re.compile(r"^(?:and|or|and/or)\W*$", re.I)


def resolution_label(text: str) -> re.Match | None:
    """'RESOLVED that …', '3. RESOLVED that <body> agree to:', 'Resolved: …' at the head of a
    paragraph. The label is printed in capitals, or followed by a colon or dash."""
    labels = "|".join(decision_words().labels)
    match = re.match(rf"^(?:{_OWN_NUMBER}\s+)?(?P<label>{labels})\b(?!\s+[A-Z]{{2,}}\b)", text)
    if match:
        return match
    titled = "|".join(w.title() for w in decision_words().labels)
    return re.match(rf"^(?:{_OWN_NUMBER}\s+)?(?P<label>{titled})\s*[:–—-]", text)


@dataclass
class _Item:
    marker: str | None
    style: str
    pieces: list[Span] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.pieces[-1].text


def resolution_records(paras: list["_Paragraph"], i: int, number: str | None, label: re.Match,
                       own_numbers: bool) -> tuple[list[FoundRec], int]:
    """The records of the RESOLVED paragraph `i` and the index of the paragraph after them.
    Without a minute number, the paragraph's own number names it if `own_numbers`."""
    para = paras[i]
    skip = para.run.skip
    start = skip + label.start("label")
    after = para.text[skip + label.end():].strip(" :–—-")
    page_end = para.lines[-1].page
    if para.text.rstrip().endswith(":") or after.lower() in ("", "that"):
        # '5. RESOLVED Members to: a) …' → 5a
        records, j = resolved_items(paras, i + 1, number or _clean(label["own"]), label["own"])
        if records:
            return records, j
    own = _clean(label["own"]) if own_numbers else None
    inline = list(INLINE_ENUM.finditer(para.text, skip + label.end()))
    if len(inline) >= 2:   # 'RESOLVED – (a) that …; (b) that …' in one paragraph
        return [FoundRec(para.run.span(m.end(), inline[k + 1].start() if k + 1 < len(inline) else len(para.text)),
                         RecKind.DECISION, sub_number(number or own, m["e"], _ROMAN.match(inline[0]["e"]) is not None
                                                      and inline[0]["e"].lower() == "i"),
                         page_end=page_end, confidence=0.85) for k, m in enumerate(inline)], i + 1
    span = para.run.span(start, len(para.text))
    if _cut_short(span.text, paras[i + 1] if i + 1 < len(paras) else None):
        rest = paras[i + 1].run.span(0, len(paras[i + 1].text))
        return [FoundRec(Span.join([span, rest]), RecKind.DECISION, number or own, page_end=rest.page,
                         confidence=0.85)], i + 2
    return [FoundRec(span, RecKind.DECISION, number or own, page_end=page_end, confidence=0.85)], i + 1


def _cut_short(text: str, following: "_Paragraph | None") -> bool:
    """A resolution the layout cut before its full stop: the next paragraph ends the sentence."""
    if following is None or re.search(r"[.;:!?]\W*$", text) or following.heading:
        return False
    rest = following.text.strip()
    return not (MARKER.match(rest) or ITEM_REF.match(rest) or resolution_label(rest)) \
        and rest.endswith(".") and len(rest) < 200 and not re.match(r"^\d", rest)


def resolved_items(paras: list["_Paragraph"], j: int, prefix: str | None,
                   own: str | None = None) -> tuple[list[FoundRec], int]:
    """One record per item resolved from paragraph `j` on, numbered under `prefix`."""
    items, j = _items(paras, j, own)
    roman = _roman_list(items)
    return [FoundRec(Span.join(it.pieces), RecKind.DECISION, sub_number(prefix, it.marker, roman),
                     page_end=it.pieces[-1].page, confidence=0.85) for it in items], j


def _items(paras: list["_Paragraph"], j: int, own: str | None) -> tuple[list[_Item], int]:
    """The items after a RESOLVED that ends in a colon, and where they stop: at the next minute,
    agenda item, RESOLVED or paragraph numbered like the RESOLVED's own paragraph."""
    items: list[_Item] = []
    restart = True
    while j < len(paras):
        para = paras[j]
        text = para.text
        if para.heading or ITEM_REF.match(text) or resolution_label(text) or _next_own(text, own):
            break
        marker = MARKER.match(text)
        if marker:
            style = _style(marker, items[-1] if items and not restart else None)
            last = items[-1] if items else None
            if last and not restart and (style != last.style or last.text.rstrip().endswith(":")):
                last.pieces.append(para.run.span(0, len(text)))   # a sub-item of the last item
            else:
                items.append(_Item(marker.group().strip(), style, [para.run.span(marker.end(), len(text))]))
            restart = False
        elif _CONNECTIVE.match(text.strip()):
            pass
        elif text.rstrip().endswith(":") and (not items or items[-1].style != "none"):
            restart = True   # a stem introducing the next items
        elif items and text[:1].islower():
            items[-1].pieces.append(para.run.span(0, len(text)))
        elif not items or (items[-1].style == "none" and not restart):
            items.append(_Item(None, "none", [para.run.span(0, len(text))]))
            restart = False
        else:
            break
        j += 1
    return items, j


def _next_own(text: str, own: str | None) -> bool:
    """The next paragraph numbered like the RESOLVED's own ('8)' then '9)'): the items are over.
    Items may be numbered in the same style from 1 ('7. RESOLVED that Cabinet:' then '1. Agree')."""
    if not own:
        return False
    shape = re.sub(r"\d+", r"(\\d{1,2})", re.escape(own))
    match = re.match(shape + r"\s", text)
    return bool(match) and int(match.group(1)) > int(re.sub(r"\D", "", own))


def _style(marker: re.Match, previous: _Item | None) -> str:
    enum = marker["e1"] or marker["e2"]
    if enum is None:
        return "bullet"
    if enum.isdigit():
        return "digit"
    if _ROMAN.match(enum) and (len(enum) > 1 or previous is None or previous.style == "roman"):
        return "roman"
    return "alpha"


def _roman_list(items: list[_Item]) -> bool:
    return any(it.style == "roman" for it in items)


def _clean(marker: str | None) -> str | None:
    if marker is None:
        return None
    text = re.sub(r"^[-–•▪●◦*·]\s*", "", marker).strip("().: ")
    return text or None


def sub_number(prefix: str | None, marker: str | None, roman: bool = False) -> str | None:
    """A sub-item's number under its minute: 'a' → '88a', 'ii' → '299(ii)', '1' → '306(1)';
    a bullet or an unmarked item is the minute itself."""
    enum = _clean(marker)
    if enum is None or not re.fullmatch(r"[a-z]{1,2}|[ivx]{1,5}|\d{1,2}", enum, re.I):
        return prefix
    if enum.isdigit() or (roman and _ROMAN.match(enum)):
        enum = enum.lower()
        return f"{prefix}({enum})" if prefix else enum
    return f"{prefix or ''}{enum.lower()}"
