"""The one command registry: menus, the toolbar, every shortcut, the shortcut sheet and the
README's key table are all generated from the commands listed here.

A command has a scope, which is where its keys work:

- window: everywhere in the window (Qt.WindowShortcut): Ctrl+O, Ctrl+Z, Ctrl+R, ?...
- label: the labelling area (article list, text, inspector); single keys j k a x 1 2 3...
- review / evidence: while that panel (or a child) has the keyboard.

Panel scopes use Qt.WidgetWithChildrenShortcut, so the same key may mean different things
in disjoint areas, never twice in one place: a key is unique within its scope together
with the window scope (tests/ui/test_commands.py fails otherwise). Text fields keep their
keys: Qt offers each key to the focused field first (ShortcutOverride), so typing "j" in a
note never moves to the next claim.

Others add commands with `register()` (a Tools entry, a new view) before the window is
built, or with `CommandSet.add()` afterwards; both land in the menus, the sheet and the
README table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from desktop.core.verdicts import verdicts
from desktop.ui.icons import icon

WINDOW, LABEL, REVIEW, EVIDENCE = "window", "label", "review", "evidence"
SCOPES = {
    WINDOW: "Anywhere in the window",
    LABEL: "Labelling (article list, text, inspector)",
    REVIEW: "Review mode (Ctrl+R)",
    EVIDENCE: "Evidence panel (Ctrl+Shift+E)",
}
MENUS = ("File", "Edit", "Claim", "Go", "View", "Tools", "Help")
TOOLBAR = ("import_files", None, "undo", "redo", None, "accept", "reject", None,
           "prev_item", "next_item", None, "link_article", "add_web", None, "shortcuts")
CHECKABLE = {"scheme:system", "scheme:light", "scheme:dark", "auto_suggest", "review_mode",
             "show_evidence", "dashboard"}


@dataclass(frozen=True)
class Command:
    id: str
    text: str
    keys: tuple[str, ...] = ()
    scope: str = WINDOW
    menu: str | None = None  # None: a panel's command, listed in the sheet only
    icon: str | None = None
    tip: str = ""
    separator_before: bool = False

    @property
    def plain_text(self) -> str:
        return self.text.replace("&", "").rstrip("…")


def _verdict_commands() -> list[Command]:
    out = []
    for n, v in enumerate(verdicts(), start=1):
        out.append(Command(f"verdict:{v.name}", f"Verdict: {v.name}", (str(n),) if n <= 9 else (),
                           LABEL, "Claim", None,
                           v.description + " (on a suggestion: accept it with this verdict)",
                           separator_before=n == 1))
    out.append(Command("verdict:", "Clear verdict", ("0",), LABEL, "Claim"))
    return out


def _review_commands() -> list[Command]:
    out = [
        Command("review:next", "Next claim in the queue", ("J",), REVIEW),
        Command("review:prev", "Previous claim in the queue", ("K",), REVIEW),
    ]
    for n, v in enumerate(verdicts(), start=1):
        if n <= 9:
            out.append(Command(f"review:verdict:{v.name}", f"Final verdict: {v.name}", (str(n),),
                               REVIEW))
    out += [Command(f"review:take:{n}", f"Take annotator {n}'s verdict", (f"Shift+{n}",), REVIEW)
            for n in range(1, 10)]
    out += [
        Command("review:clear", "Clear the review", ("0", "Delete"), REVIEW),
        Command("review:note", "Write the reviewer's note (Enter saves it)", ("N",), REVIEW),
        Command("review:open", "Open the claim in the reader", ("O",), REVIEW),
        Command("review:reload", "Read the queue again", ("F5",), REVIEW),
    ]
    return out


def _evidence_commands() -> list[Command]:
    return [
        Command("evidence:next", "Next match", ("J",), EVIDENCE),
        Command("evidence:prev", "Previous match", ("K",), EVIDENCE),
        Command("evidence:add", "Add the match as a source, proposed stance", ("Return", "Enter"),
                EVIDENCE),
        Command("evidence:supports", "Add the match as a supporting source", ("S",), EVIDENCE),
        Command("evidence:contradicts", "Add the match as a contradicting source", ("D",), EVIDENCE),
        Command("evidence:context", "Add the match as context", ("T",), EVIDENCE),
        Command("evidence:open", "Open the matching passage", ("O",), EVIDENCE),
        Command("evidence:apply", "Apply the proposed verdict", ("Ctrl+Return",), EVIDENCE),
        Command("evidence:back", "Back to the text", ("Escape",), EVIDENCE),
    ]


def default_commands() -> list[Command]:
    out = [
        Command("import_files", "&Import files…", ("Ctrl+O",), WINDOW, "File", "import",
                "Import articles, or Claimdesk, Prodigy, Label Studio and doccano exports"),
        Command("import_folder", "Import &folder…", ("Ctrl+Shift+O",), WINDOW, "File", "folder"),
        Command("load_demo", "Load &demo corpus", (), WINDOW, "File", "claimdesk"),
        Command("export", "&Export labelled data…", ("Ctrl+Shift+S",), WINDOW, "File", "export",
                "JSONL, spaCy DocBin, CSV or ClaimReview"),
        Command("switch_annotator", "Switch &annotator…", (), WINDOW, "File", "person",
                separator_before=True),
        Command("quit", "&Quit", ("Ctrl+Q",), WINDOW, "File", separator_before=True),
        Command("undo", "&Undo", ("Ctrl+Z",), WINDOW, "Edit", "undo",
                "Undo your last change (kept across restarts)"),
        Command("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), WINDOW, "Edit", "redo"),
        Command("create_claim", "&Create claim from selection", ("Return", "Enter", "C"), LABEL,
                "Edit", "claim", "Make the selected text a claim (on a suggestion: accept it)",
                separator_before=True),
        Command("delete_claim", "&Delete claim", ("Delete",), LABEL, "Edit", "remove"),
        Command("accept", "&Accept suggestion", ("A",), LABEL, "Claim", "accept"),
        Command("reject", "&Reject suggestion", ("X",), LABEL, "Claim", "reject"),
        *_verdict_commands(),
        Command("grow_end", "Extend end by a word", ("Shift+Alt+Right", "]"), LABEL, "Claim",
                separator_before=True),
        Command("shrink_end", "Shrink end by a word", ("Shift+Alt+Left", "["), LABEL, "Claim"),
        Command("grow_start", "Extend start by a word", ("Ctrl+Alt+Left", "{"), LABEL, "Claim"),
        Command("shrink_start", "Shrink start by a word", ("Ctrl+Alt+Right", "}"), LABEL, "Claim"),
        Command("add_web", "Add &web source", ("Ctrl+L",), LABEL, "Claim", "web",
                separator_before=True),
        Command("link_article", "&Link to another article…", ("Ctrl+Shift+L",), LABEL, "Claim",
                "link"),
        Command("edit_note", "Edit &note", ("Ctrl+E",), LABEL, "Claim"),
        Command("next_item", "&Next claim or suggestion", ("J",), LABEL, "Go", "next"),
        Command("prev_item", "&Previous claim or suggestion", ("K",), LABEL, "Go", "previous"),
        Command("next_article", "Next &article", ("N", "Alt+Down"), LABEL, "Go",
                separator_before=True),
        Command("prev_article", "Previous a&rticle", ("P", "Alt+Up"), LABEL, "Go"),
        Command("find", "&Find in the article…", ("Ctrl+F",), LABEL, "Go", "search",
                "Find words in the open article", separator_before=True),
        Command("search", "&Search articles", ("/", "Ctrl+K"), LABEL, "Go", None,
                "Filter the article list"),
        Command("focus_text", "Back to the &text", ("Escape",), LABEL, "Go"),
        Command("review_mode", "&Review mode", ("Ctrl+R",), WINDOW, "View", "review",
                "Settle teammates' disagreements, claim by claim"),
        Command("evidence", "Go to the &evidence panel", ("Ctrl+Shift+E",), WINDOW, "View",
                "evidence", "The same claim in other articles, and what differs"),
        Command("show_evidence", "Show the evidence panel", (), WINDOW, "View"),
        Command("dashboard", "Agreement &dashboard", ("Ctrl+Shift+D",), WINDOW, "View",
                "dashboard", "Kappa, alpha, span agreement and progress per annotator"),
        Command("scheme:system", "Colours: follow the &system", (), WINDOW, "View",
                separator_before=True),
        Command("scheme:light", "Colours: &light", (), WINDOW, "View"),
        Command("scheme:dark", "Colours: dar&k", (), WINDOW, "View"),
        Command("suggest_all", "&Suggest claims for all articles", (), WINDOW, "Tools", "suggest"),
        Command("suggest_article", "Suggest claims for &this article", (), WINDOW, "Tools",
                "suggest"),
        Command("auto_suggest", "Suggest &automatically after import", (), WINDOW, "Tools"),
        Command("threshold", "Suggestion t&hreshold…", (), WINDOW, "Tools", None,
                "Show only suggestions scoring at least this much"),
        Command("cancel_work", "&Cancel background work", (), WINDOW, "Tools", "cancel",
                separator_before=True),
        Command("shortcuts", "&Keyboard shortcuts", ("?", "F1"), WINDOW, "Help", "keyboard"),
        Command("about", "&About Claimdesk", (), WINDOW, "Help"),
    ]
    return out + _review_commands() + _evidence_commands()


_extra: list[Command] = []


def register(command: Command) -> None:
    """Add a command for every window built from now on (a flow or a view's module)."""
    if any(c.id == command.id for c in _extra):
        return
    _extra.append(command)


def all_commands() -> list[Command]:
    seen: dict[str, Command] = {}
    for c in [*default_commands(), *_extra]:
        seen.setdefault(c.id, c)
    return list(seen.values())


def in_scope(scope: str) -> list[Command]:
    return [c for c in all_commands() if c.scope == scope]


# -- keys ------------------------------------------------------------------------------------------
def bindings(keys: Iterable[str]) -> list[QKeySequence]:
    """The sequences to bind. Symbols typed with Shift ("?", "{", "}") arrive with or
    without the Shift modifier depending on the keyboard mapping, and Shift+digit arrives
    as the shifted symbol on a real keyboard: bind both. No duplicates (Qt calls two equal
    sequences on one action "ambiguous" and runs neither)."""
    out: list[str] = []
    for k in keys:
        out.append(k)
        if len(k) == 1 and not k.isalnum() and k not in "[]/":
            out.append(f"Shift+{k}")
        if k.startswith("Shift+") and k[-1:].isdigit() and len(k) == 7:
            out.append("!@#$%^&*("[int(k[-1]) - 1])
    seqs: list[QKeySequence] = []
    for k in out:
        seq = QKeySequence(k)
        if not seq.isEmpty() and seq not in seqs:
            seqs.append(seq)
    return seqs


def key_names(command: Command) -> list[str]:
    """Every sequence a command answers to, in Qt's portable spelling (for clash checks)."""
    return [s.toString(QKeySequence.SequenceFormat.PortableText) for s in bindings(command.keys)]


def clashes(commands: list[Command] | None = None) -> list[tuple[str, str, list[str]]]:
    """(scope, key, command ids) for every key bound twice where both could fire: within a
    scope, or in a scope and the window scope."""
    commands = commands if commands is not None else all_commands()
    out = []
    for scope in SCOPES:
        area = [c for c in commands if c.scope in (scope, WINDOW)]
        owners: dict[str, list[str]] = {}
        for c in area:
            for k in key_names(c):
                owners.setdefault(k, []).append(c.id)
        out += [(scope, k, ids) for k, ids in owners.items() if len(ids) > 1]
    return out


def key_text(keys: tuple[str, ...]) -> str:
    """Keys as the platform writes them (⌘ on macOS); single letters in lower case, since
    they are pressed without Shift."""
    def one(k: str) -> str:
        if len(k) == 1:
            return k.lower()
        return QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)

    return "  or  ".join(one(k) for k in keys)


def sheet_rows() -> list[tuple[str, list[tuple[str, str]]]]:
    """(scope title, [(keys, what)]) for the shortcut sheet and the README."""
    rows = []
    for scope, title in SCOPES.items():
        items = [(key_text(c.keys), c.plain_text) for c in in_scope(scope) if c.keys]
        if items:
            rows.append((title, items))
    return rows


def readme_table() -> str:
    lines = ["| Where | Keys | Command |", "|---|---|---|"]
    for title, items in sheet_rows():
        for keys, what in items:
            shown = " or ".join(f"`{k.strip()}`" for k in keys.split("  or  "))
            lines.append(f"| {title} | {shown} | {what} |")
    return "\n".join(lines)


# -- actions -----------------------------------------------------------------------------------------
def make_action(command: Command, parent: QObject) -> QAction:
    a = QAction(command.text, parent)
    a.setObjectName(command.id)
    if command.keys:
        a.setShortcuts(bindings(command.keys))
    a.setShortcutContext(Qt.ShortcutContext.WindowShortcut if command.scope == WINDOW
                         else Qt.ShortcutContext.WidgetWithChildrenShortcut)
    if command.icon:
        a.setIcon(icon(command.icon))
    tip = command.tip or command.plain_text
    if command.keys:
        tip += f"  ({' or '.join(command.keys)})"
    a.setToolTip(tip)
    a.setStatusTip(tip)
    a.setCheckable(command.id in CHECKABLE)
    return a


def panel_actions(panel: QWidget, scope: str,
                  handlers: dict[str, Callable[[], object]]) -> dict[str, QAction]:
    """A panel's scoped commands as actions on the panel (WidgetWithChildrenShortcut)."""
    actions = {}
    for c in in_scope(scope):
        fn = handlers.get(c.id)
        if fn is None:
            continue
        a = make_action(c, panel)
        a.triggered.connect(lambda _checked=False, fn=fn: fn())
        panel.addAction(a)
        actions[c.id] = a
    return actions


class CommandSet(QObject):
    """The window's actions: window-scope ones on the window, label-scope ones on the
    labelling widgets; menus and the toolbar built from the registry."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.actions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self.label_widgets: list[QWidget] = []
        for c in all_commands():
            if c.scope in (WINDOW, LABEL):
                self.actions[c.id] = make_action(c, window)

    def install(self, label_widgets: Iterable[QWidget]) -> None:
        self.label_widgets = list(label_widgets)
        bar = self.window.menuBar()
        self.menus = {name: bar.addMenu(f"&{name}") for name in MENUS}
        for c in all_commands():
            if c.id in self.actions:
                self._place(c)
        tools = self.window.addToolBar("Main")
        tools.setObjectName("mainToolbar")
        tools.setMovable(False)
        for key in TOOLBAR:
            if key is None:
                tools.addSeparator()
            else:
                tools.addAction(self.actions[key])
        self.toolbar = tools

    def _place(self, c: Command) -> None:
        a = self.actions[c.id]
        if c.menu:
            if c.menu not in self.menus:  # a menu no command used before
                self.menus[c.menu] = self.window.menuBar().addMenu(f"&{c.menu}")
            menu = self.menus[c.menu]
            if c.separator_before:
                menu.addSeparator()
            menu.addAction(a)
        if c.scope == WINDOW:
            self.window.addAction(a)  # keys work with the menu bar hidden too
        else:
            for w in self.label_widgets:
                w.addAction(a)

    def add(self, command: Command, handler: Callable[[], object]) -> QAction:
        """A command added after the window was built (a flow's Tools entry, a view)."""
        register(command)
        if command.id not in self.actions:
            self.actions[command.id] = make_action(command, self.window)
            if self.menus:
                self._place(command)
        a = self.actions[command.id]
        a.triggered.connect(lambda _checked=False: handler())
        return a

    def connect(self, handlers: dict[str, Callable[[], object]]) -> None:
        for key, fn in handlers.items():
            self.actions[key].triggered.connect(lambda _checked=False, fn=fn: fn())

    def __getitem__(self, key: str) -> QAction:
        return self.actions[key]

    def __contains__(self, key: object) -> bool:
        return key in self.actions

    def items(self):
        return self.actions.items()

    def __iter__(self):
        return iter(self.actions)


def _print_readme_table() -> None:
    """python -m desktop.ui.commands: the README's key table, with the commands every part
    of a real window registers (a flow may add its command when the window is built)."""
    import os
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.core import services
    from desktop.ui import commands as registry  # not __main__: the module the flows fill
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings import UiSettings

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        store = services.open_store(os.path.join(folder, "keys.db"))
        window = MainWindow(store, "keys", UiSettings(), auto_suggest=False)
        print(registry.readme_table())
        window.deleteLater()
        app.processEvents()
        store.close()


if __name__ == "__main__":
    _print_readme_table()
