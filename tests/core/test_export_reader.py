"""The export reader's timestamps: SQLite's stored text rewritten as ISO 8601 in UTC, the
same text as as_utc(datetime).isoformat() gives, in every form a timestamp comes in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from desktop.core.export.reader import _iso
from desktop.core.models import as_utc

MOMENTS = [
    datetime(2025, 1, 1, 10, 0, 0, 123456),
    datetime(2025, 1, 1, 10, 0, 0),  # no microseconds: isoformat leaves them out
    datetime(1999, 12, 31, 23, 59, 59, 1),
]


@pytest.mark.parametrize("moment", MOMENTS)
def test_sqlite_text_reads_as_the_datetime_would(moment):
    stored = moment.strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLAlchemy's SQLite DATETIME text
    want = as_utc(moment.replace(tzinfo=UTC)).isoformat()
    assert _iso(stored) == want == _iso(moment)
    assert _iso(moment.isoformat(sep=" ")) == want  # other text: parsed


def test_aware_datetimes_are_given_in_utc():
    moment = datetime(2025, 6, 1, 12, 30, tzinfo=timezone(timedelta(hours=2)))
    assert _iso(moment) == "2025-06-01T10:30:00+00:00"
    assert _iso("2025-06-01 12:30:00+02:00") == "2025-06-01T10:30:00+00:00"
