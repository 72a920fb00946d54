"""Single-key commands for a panel that has the keyboard (review queue, evidence list).

The window binds j, k, 1, 2, 3, Return... as window shortcuts for labelling. When one of
these panels has focus the same keys must act on the panel instead, so the panel claims
them on ShortcutOverride (Qt asks the focused widget, then its parents, before it fires a
shortcut) and handles them on KeyPress. Text fields inside the panel keep their keys:
they accept ShortcutOverride for printable keys themselves, before it reaches us.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

Handler = Callable[[], object]

# Shift+1..9 arrive as the shifted character on a real keyboard (US layout: "!" for 1)
# and as Key_1 + Shift from tests or other layouts: accept both.
_SHIFTED = {
    Qt.Key.Key_Exclam: 1,
    Qt.Key.Key_At: 2,
    Qt.Key.Key_NumberSign: 3,
    Qt.Key.Key_Dollar: 4,
    Qt.Key.Key_Percent: 5,
    Qt.Key.Key_AsciiCircum: 6,
    Qt.Key.Key_Ampersand: 7,
    Qt.Key.Key_Asterisk: 8,
    Qt.Key.Key_ParenLeft: 9,
}


def shifted_digit(event: QKeyEvent) -> int | None:
    """1..9 for Shift+digit, else None."""
    key = Qt.Key(event.key())
    if key in _SHIFTED:
        return _SHIFTED[key]
    shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
    if shift and Qt.Key.Key_1.value <= key.value <= Qt.Key.Key_9.value:
        return key.value - Qt.Key.Key_0.value
    return None


def plain_digit(event: QKeyEvent) -> int | None:
    """0..9 pressed without Shift/Ctrl/Alt (keypad digits count), else None."""
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    key = event.key()
    if mods == Qt.KeyboardModifier.NoModifier and Qt.Key.Key_0.value <= key <= Qt.Key.Key_9.value:
        return key - Qt.Key.Key_0.value
    return None


class PanelKeys(QObject):
    """Routes keys pressed in `owner` (or any child without its own use for them) to
    handlers. `resolve(event)` returns the handler for a key event, or None."""

    def __init__(self, owner: QWidget, resolve: Callable[[QKeyEvent], Handler | None]) -> None:
        super().__init__(owner)
        self.owner, self.resolve = owner, resolve

    def watch(self, *widgets: QWidget) -> None:
        for w in (self.owner, *widgets):
            w.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        handler = self.resolve(event)  # type: ignore[arg-type]
        if handler is None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # "this key is ours": Qt sends it as a KeyPress instead
            return True
        handler()
        return True
