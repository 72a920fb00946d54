"""What the window remembers between runs (QSettings): who you are, the layout, the last
article per database, and the colour scheme. Tests pass their own QSettings file."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QByteArray, QSettings

ORG = "Claimdesk"
APP = "Claimdesk"


class UiSettings:
    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.q = qsettings if qsettings is not None else QSettings(ORG, APP)

    # -- identity ---------------------------------------------------------------
    @property
    def annotator(self) -> str | None:
        value = self.q.value("annotator", "")
        return str(value) if value else None

    @annotator.setter
    def annotator(self, name: str) -> None:
        self.q.setValue("annotator", name)

    # -- layout ----------------------------------------------------------------
    def bytes_value(self, key: str) -> QByteArray | None:
        value = self.q.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_bytes(self, key: str, value: QByteArray) -> None:
        self.q.setValue(key, value)

    # -- per database ----------------------------------------------------------
    @staticmethod
    def _db_key(location: str) -> str:
        return "db/" + hashlib.sha1(location.encode()).hexdigest()[:12]

    def last_article(self, location: str) -> int | None:
        value = self.q.value(self._db_key(location) + "/last_article")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def set_last_article(self, location: str, article_id: int | None) -> None:
        key = self._db_key(location) + "/last_article"
        if article_id is None:
            self.q.remove(key)
        else:
            self.q.setValue(key, article_id)

    # -- looks ---------------------------------------------------------------
    @property
    def scheme(self) -> str:
        value = str(self.q.value("scheme", "system"))
        return value if value in ("system", "light", "dark") else "system"

    @scheme.setter
    def scheme(self, value: str) -> None:
        self.q.setValue("scheme", value)

    @property
    def auto_suggest(self) -> bool:
        return str(self.q.value("auto_suggest", "true")).lower() == "true"

    @auto_suggest.setter
    def auto_suggest(self, value: bool) -> None:
        self.q.setValue("auto_suggest", "true" if value else "false")

    @property
    def threshold(self) -> float:
        """Lowest suggestion score shown (stored suggestions go down to STORE_FLOOR)."""
        from desktop.core.queries import DEFAULT_THRESHOLD
        from desktop.core.suggesting import STORE_FLOOR

        try:
            value = float(self.q.value("suggestion_threshold", DEFAULT_THRESHOLD))
        except (TypeError, ValueError):
            return DEFAULT_THRESHOLD
        return min(max(value, STORE_FLOOR), 1.0)

    @threshold.setter
    def threshold(self, value: float) -> None:
        self.q.setValue("suggestion_threshold", float(value))

    def sync(self) -> None:
        self.q.sync()
