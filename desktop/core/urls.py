"""The one rule for web addresses, everywhere a URL enters or leaves Claimdesk.

Only http(s) with a host; no credentials (they leak into exports and are a phishing
trick: https://bank.com@evil.example/); no whitespace or control characters (they hide
a different target, or break the formats that carry the URL); at most 2,048 characters.
Exporters apply the same rule again, so a URL stored by an older version never reaches
a ClaimReview page unchecked.

Internationalised host names are stored as given but shown with their punycode
(`display_url`), so a homograph like "аpple.com" (Cyrillic а) is visible for what it is.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2048
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


class UnsafeURL(ValueError):
    """A URL Claimdesk refuses; the message says why, for a person."""


def _short(url: str, limit: int = 80) -> str:
    url = _CONTROL_OR_SPACE.sub("\N{REPLACEMENT CHARACTER}", url)
    return repr(url if len(url) <= limit else url[:limit] + "…")


def safe_url(url: str | None) -> str:
    """The URL, stripped of surrounding spaces, or UnsafeURL saying what is wrong."""
    if not isinstance(url, str) or not url.strip():
        raise UnsafeURL("the web address is empty")
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeURL(f"web address is {len(url):,} characters long (at most {MAX_URL_LENGTH:,})")
    if _CONTROL_OR_SPACE.search(url):
        raise UnsafeURL(f"web address {_short(url)} contains spaces or control characters")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as exc:
        raise UnsafeURL(f"web address {_short(url)} is malformed ({exc})") from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise UnsafeURL(f"not a web address (http or https): {_short(url)}")
    if parts.username is not None or parts.password is not None:
        raise UnsafeURL(f"web address {_short(url)} carries a user name or password; remove it")
    try:
        _punycode(host)
    except UnicodeError:
        raise UnsafeURL(f"web address {_short(url)} has an invalid host name") from None
    return url


def is_safe_url(url: str | None) -> bool:
    try:
        safe_url(url)
    except UnsafeURL:
        return False
    return True


def _punycode(host: str) -> str:
    if host.isascii():
        return host
    return ".".join(
        label.encode("idna").decode("ascii") if not label.isascii() else label
        for label in host.split(".")
    )


def display_url(url: str) -> str:
    """The URL as a person should see it: a non-ASCII host followed by its punycode,
    e.g. "https://аpple.com/ [xn--pple-43d.com]". Unsafe URLs come back quoted."""
    try:
        safe_url(url)
    except UnsafeURL:
        return _short(url or "", 200)
    host = urlsplit(url.strip()).hostname or ""
    if host.isascii():
        return url.strip()
    return f"{url.strip()} [{_punycode(host)}]"
