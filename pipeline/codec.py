"""Typed dataclasses ↔ plain JSON values, checked field by field on the way back.

Used by the cache: what is read back must be exactly the records that were stored, or nothing.
Decoding follows the dataclasses' own type hints (enums by value, dates in ISO form, tuples,
optional fields), so a value of the wrong type, a missing or an extra field is a DecodeError,
and no JSON can make anything but these plain records.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from enum import Enum
from functools import lru_cache


class DecodeError(ValueError):
    pass


def encode(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot encode {type(value).__name__}")


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls)


def _decode_union(options: tuple, raw: object) -> object:
    if raw is None and type(None) in options:
        return None
    for option in (o for o in options if o is not type(None)):
        try:
            return decode(option, raw)
        except DecodeError:
            continue
    raise DecodeError(f"{raw!r} fits none of {options}")


def _decode_plain(tp: type, raw: object) -> object:
    if tp is float and isinstance(raw, int) and not isinstance(raw, bool):
        return float(raw)
    if tp in (int, float) and isinstance(raw, bool):
        raise DecodeError(f"expected {tp.__name__}, got a bool")
    if not isinstance(raw, tp):
        raise DecodeError(f"expected {tp.__name__}, got {type(raw).__name__}")
    return raw


def decode(tp: object, raw: object) -> object:
    """`raw` (from json.loads) as a value of type `tp`, or DecodeError."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _decode_union(typing.get_args(tp), raw)
    if origin in (tuple, list):
        if not isinstance(raw, list):
            raise DecodeError(f"expected a list, got {type(raw).__name__}")
        item = typing.get_args(tp)[0]
        values = [decode(item, v) for v in raw]
        return tuple(values) if origin is tuple else values
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _decode_dataclass(tp, raw)
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(raw)
        except ValueError as exc:
            raise DecodeError(str(exc)) from None
    if tp is date:
        try:
            return date.fromisoformat(_decode_plain(str, raw))  # type: ignore[arg-type]
        except ValueError as exc:
            raise DecodeError(str(exc)) from None
    if tp in (str, int, float, bool):
        return _decode_plain(tp, raw)  # type: ignore[arg-type]
    raise DecodeError(f"unsupported type {tp!r}")


def _decode_dataclass(cls: type, raw: object) -> object:
    if not isinstance(raw, dict):
        raise DecodeError(f"expected an object for {cls.__name__}")
    hints = _hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    if set(raw) != set(names):
        raise DecodeError(f"{cls.__name__}: fields {sorted(raw)} are not {sorted(names)}")
    return cls(**{name: decode(hints[name], raw[name]) for name in names})
