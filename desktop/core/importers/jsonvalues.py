"""Small validators for values parsed from JSON; each failure is a BadInput reason."""

from __future__ import annotations

from typing import Any

import orjson

from desktop.core.importers.decode import BadInput

MAX_DEPTH = 100


def check_tree(value: Any, max_depth: int = MAX_DEPTH) -> None:
    """Refuse very deep nesting and lone surrogates ("\\ud800" escapes) anywhere.

    Both would break later: deep values in json.dumps/SQLite, surrogates when encoding
    to UTF-8. Iterative, so it cannot itself overflow the stack.
    """
    try:  # orjson refuses a lone surrogate (and depth past 254) at C speed, ~5x faster
        dumped = orjson.dumps(value)  # than json.dumps + encode; the walk then checks depth only
        # No deeper than it has containers: a record with a few dozen claims has fewer
        # brackets than max_depth (some may be in strings: still a bound), and skips the
        # walk, a third of a labelled record's parsing.
        if dumped.count(b"[") + dumped.count(b"{") <= max_depth:
            return
        strings = False
    except (TypeError, ValueError, RecursionError):  # orjson.JSONEncodeError is a TypeError
        strings = True  # walk the strings too, to name the bad character
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if isinstance(v, str):
            if strings:
                _check_str(v)
        elif isinstance(v, dict | list):
            if depth > max_depth:
                raise BadInput(f"JSON is nested too deeply (over {max_depth} levels)")
            if isinstance(v, dict):
                for k, item in v.items():
                    if strings:
                        _check_str(k)
                    if isinstance(item, dict | list) or strings:
                        stack.append((item, depth + 1))
            else:
                stack.extend((item, depth + 1) for item in v if strings or isinstance(item, dict | list))


def _check_str(s: str) -> None:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError as e:
        bad = s[e.start]
        raise BadInput(
            f"invalid character \\u{ord(bad):04x} (a lone surrogate) in a string"
        ) from None


def opt_str(obj: dict[str, Any], key: str, what: str | None = None) -> str | None:
    """A string field, kept as written; numbers become strings; null/absent/blank is None."""
    value = obj.get(key)
    if value is None:
        return None
    if type(value) is str:  # nearly always: no conversion (~900,000 calls per 100k claims)
        return value if value.strip() else None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadInput(f"{what or key} must be a string, not {type_name(value)}")
    value = str(value)
    return value if value.strip() else None


def offset(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInput(f"span offsets must be integers, not {short(value)}")
    return value


def type_name(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "true/false",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def short(value: Any, limit: int = 30) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
