"""Bytes of a text or HTML paper (or a manifest) → text, saying how they were decoded.

Council exports come as UTF-8, Windows-1252, and from some tools UTF-16 or UTF-32, with or
without a byte-order mark. Without a mark, UTF-16/32 is recognised by its zero bytes: English
text in UTF-16-LE has a zero in every second byte. NUL and other control characters left in
the text break words apart (and so drop recommendations); they are removed, and said so.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (  # UTF-32-LE's mark starts with UTF-16-LE's, so it is tried first
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# (encoding, code unit width, the byte of a unit that holds an ASCII character; the rest are zero)
_WIDE = (("utf-32-le", 4, 0), ("utf-32-be", 4, 3), ("utf-16-le", 2, 0), ("utf-16-be", 2, 1))
_FALLBACKS = (("utf-8", None), ("cp1252", "decoded as Windows-1252 (not valid UTF-8)"),
              ("latin-1", "decoded as Latin-1 (neither UTF-8 nor Windows-1252)"))
_SAMPLE = 8192
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # keeps tab, newline, form feed, return


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    notes: tuple[str, ...] = ()  # what was unusual about the bytes, for documents.status_reason


def _by_bom(data: bytes) -> tuple[str, int] | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def _wide_without_bom(data: bytes) -> str | None:
    """UTF-16/32 without a mark: most code units are one ASCII byte and zeros."""
    sample = data[:_SAMPLE]
    if len(sample) < 4 or sample.count(0) < len(sample) // 3:
        return None
    for encoding, width, char_at in _WIDE:
        units = [sample[i:i + width] for i in range(0, len(sample) - width + 1, width)]
        if len(data) % width or not units:
            continue
        ascii_units = sum(u[char_at] != 0 and u.count(0) == width - 1 for u in units)
        if ascii_units >= 0.7 * len(units):
            return encoding
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _decode(data: bytes) -> tuple[str, str, str | None]:
    """(text, encoding, note): the byte-order mark, else UTF-16/32 by its zero bytes, else
    UTF-8, else Windows-1252, else Latin-1, which decodes any bytes."""
    marked = _by_bom(data)
    if marked:
        encoding, skip = marked
        text = _strict(data[skip:], encoding)
        if text is not None:
            return text, encoding, None if encoding == "utf-8" else f"decoded as {encoding.upper()} (byte-order mark)"
    wide = _wide_without_bom(data)
    text = _strict(data, wide) if wide else None
    if wide and text is not None:
        return text, wide, f"decoded as {wide.upper()} (no byte-order mark)"
    for encoding, note in _FALLBACKS:
        text = _strict(data, encoding)
        if text is not None:
            return text, encoding, note
    raise AssertionError("Latin-1 decodes any bytes")


def decode_bytes(data: bytes) -> DecodedText:
    """Decoded text with NUL and control characters removed, and notes saying what was done.
    Outside UTF-16/32 a zero byte is a NUL character on its own, so NULs are taken out of the
    bytes before decoding: one inside a UTF-8 sequence would otherwise spoil the whole file."""
    stripped = data if _by_bom(data) or _wide_without_bom(data) else data.replace(b"\x00", b"")
    text, encoding, note = _decode(stripped)
    notes = [note] if note else []
    nuls = len(data) - len(stripped) + text.count("\x00")
    others = len(_CONTROL.findall(text)) - text.count("\x00")
    if nuls or others:
        what = f"{nuls} NUL" + (f" and {others} other control" if others else "")
        notes.append(f"removed {what} character(s)")
        text = _CONTROL.sub("", text)
    return DecodedText(text, encoding, tuple(notes))
