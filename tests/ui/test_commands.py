"""The command registry: no key is bound twice where both could fire, every key in the
shortcut sheet reaches its command in its scope, and the README's key table is the
registry's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence

from desktop.ui import commands as reg
from desktop.ui.commands import EVIDENCE, LABEL, REVIEW, WINDOW, Command
from tests.ui.conftest import load_demo

README = Path(__file__).resolve().parents[2] / "README.md"


def test_no_two_commands_share_a_key_where_both_could_fire():
    assert reg.clashes() == []
    every = reg.all_commands()
    assert len({c.id for c in every}) == len(every)


def test_the_clash_check_catches_a_shared_key():
    j = Command("x:next", "Next", ("J",), LABEL)
    assert reg.clashes([j, Command("y:next", "Other", ("J",), LABEL)])  # one scope
    assert reg.clashes([j, Command("z", "Everywhere", ("J",), WINDOW)])  # a scope and window
    assert not reg.clashes([j, Command("r:next", "Review next", ("J",), REVIEW)])  # disjoint
    # the redo that died: one action bound twice to Ctrl+Shift+Z
    assert len(reg.bindings(("Ctrl+Shift+Z", "Ctrl+Shift+Z", "Ctrl+Y"))) == 2


class _Catch(QObject):
    """Records (and swallows) the Shortcut event an action receives: the key reached this
    command, unambiguously, without running it (Quit would close the window)."""

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[tuple[str, bool]] = []

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Shortcut:
            self.hits.append((obj.objectName(), event.isAmbiguous()))
            return True
        return False


def _press(qtbot, widget, key: str) -> None:
    combo = QKeySequence(key)[0]
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=2000)
    qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())


@pytest.fixture
def window(open_window, qtbot):
    w = open_window()
    load_demo(qtbot, w)
    return w


def test_every_key_in_the_sheet_runs_its_command(window, qtbot):
    catch = _Catch()
    team = window.team
    team.set_review_mode(True)
    team.set_review_mode(False)
    scoped = {WINDOW: window.actions.actions, LABEL: window.actions.actions,
              REVIEW: team.review.key_actions, EVIDENCE: team.evidence.key_actions}
    for actions in scoped.values():
        for a in actions.values():
            a.setEnabled(True)  # whether a command applies right now is another test's job
            a.installEventFilter(catch)
    pressed = 0
    for command in reg.all_commands():
        if not command.keys:
            continue
        action = scoped[command.scope].get(command.id)
        assert action is not None, f"{command.id} has keys but no action in its scope"
        if command.scope == REVIEW:
            team.set_review_mode(True)
            target = team.review.list
        elif command.scope == EVIDENCE:
            team.set_review_mode(False)
            target = team.evidence
        else:
            team.set_review_mode(False)
            target = window.reader
        for key in command.keys:
            action.setEnabled(True)  # views re-enable per state; that is another test's job
            catch.hits.clear()
            _press(qtbot, target, key)
            assert catch.hits == [(command.id, False)], f"{key} in {command.scope}: {catch.hits}"
            pressed += 1
    assert pressed >= 60


def test_the_readme_key_table_is_the_registry(window):
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- keys:start -->\n(.*?)\n<!-- keys:end -->", text, re.S)
    assert found, "README has no key table"
    assert found.group(1).strip() == reg.readme_table().strip(), \
        "regenerate it: python -m desktop.ui.commands"


def test_a_command_added_later_lands_in_the_menus_and_the_sheet(window, qtbot):
    from desktop.ui.dialogs.shortcuts import sheet_html

    ran = []
    command = Command("tools:test_added", "Test added command", (), WINDOW, "Tools")
    action = window.commands.add(command, lambda: ran.append(1))
    assert action in window.commands.menus["Tools"].actions()
    action.trigger()
    assert ran == [1]
    keyed = Command("tools:test_keyed", "Keyed later", ("Ctrl+Alt+K",), WINDOW, "Tools")
    window.commands.add(keyed, lambda: ran.append(2))
    assert "Keyed later" in sheet_html()
    assert reg.clashes() == []
    reg._extra[:] = [c for c in reg._extra if not c.id.startswith("tools:test_")]


def test_the_menu_bar_has_each_menu_once(window):
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == list(reg.MENUS)


def test_no_two_items_of_a_menu_share_an_alt_letter(window):
    """Alt+T, then a letter, must open one item: two "&t"s in Tools only cycle between them."""
    for title, menu in window.commands.menus.items():
        letters: dict[str, str] = {}
        for action in menu.actions():
            text = action.text()
            if action.isSeparator() or "&" not in text.replace("&&", ""):
                continue
            letter = text[text.index("&") + 1].lower()
            assert letter not in letters, f"{title}: {letters[letter]!r} and {text!r} share &{letter}"
            letters[letter] = text
