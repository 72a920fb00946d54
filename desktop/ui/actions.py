"""Every command of the window in one table: menu, text, keys, icon. Menus, shortcuts and
the shortcut sheet ("?") are all built from it, so they cannot disagree.

Single-key shortcuts (j, k, a, x, 1, 2, 3...) are window shortcuts; Qt offers each key to
a focused text field first (ShortcutOverride), so typing in the search box, a note or a
web address never triggers them. Tests check this.

Claim boundaries move word-wise: Shift+Alt+Right/Left grows/shrinks the END,
Ctrl+Alt+Left/Right grows/shrinks the START. "[" "]" and "{" "}" do the same for
desktops that keep Ctrl+Alt+arrows for themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from desktop.core.verdicts import verdicts
from desktop.ui.icons import icon

MENUS = ("File", "Edit", "Claim", "Go", "View", "Tools", "Help")


@dataclass(frozen=True)
class Spec:
    id: str
    menu: str
    text: str
    keys: tuple[str, ...] = ()
    icon: str | None = None
    tip: str = ""
    separator_before: bool = False


def specs() -> list[Spec]:
    out = [
        Spec("import_files", "File", "&Import files…", ("Ctrl+O",), "import", "Import .txt .html .jsonl .csv files"),
        Spec("import_folder", "File", "Import &folder…", ("Ctrl+Shift+O",), "folder"),
        Spec("load_demo", "File", "Load &demo corpus", (), "claimdesk"),
        Spec("export", "File", "&Export labelled data…", ("Ctrl+Shift+S",), "export",
             "JSONL, spaCy DocBin, CSV or ClaimReview"),
        Spec("switch_annotator", "File", "Switch &annotator…", (), "person", separator_before=True),
        Spec("quit", "File", "&Quit", ("Ctrl+Q",), separator_before=True),
        # Edit: undo/redo come from the QUndoStack (see main_window)
        Spec("create_claim", "Edit", "&Create claim from selection", ("Return", "C"), "claim",
             "Make the selected text a claim", separator_before=True),
        Spec("delete_claim", "Edit", "&Delete claim", ("Delete",), "remove"),
        Spec("accept", "Claim", "&Accept suggestion", ("A",), "accept"),
        Spec("reject", "Claim", "&Reject suggestion", ("X",), "reject"),
    ]
    for n, v in enumerate(verdicts(), start=1):
        out.append(Spec(f"verdict:{v.name}", "Claim", f"Verdict: {v.name}",
                        (str(n),) if n <= 9 else (), None, v.description, separator_before=n == 1))
    out += [
        Spec("verdict:", "Claim", "Clear verdict", ("0",)),
        Spec("grow_end", "Claim", "Extend end by a word", ("Shift+Alt+Right", "]"), separator_before=True),
        Spec("shrink_end", "Claim", "Shrink end by a word", ("Shift+Alt+Left", "[")),
        Spec("grow_start", "Claim", "Extend start by a word", ("Ctrl+Alt+Left", "{")),
        Spec("shrink_start", "Claim", "Shrink start by a word", ("Ctrl+Alt+Right", "}")),
        Spec("add_web", "Claim", "Add &web source", ("Ctrl+L",), "web", separator_before=True),
        Spec("link_article", "Claim", "&Link to another article…", ("Ctrl+Shift+L",), "link"),
        Spec("edit_note", "Claim", "Edit &note", ("Ctrl+E",)),
        Spec("next_item", "Go", "&Next claim or suggestion", ("J",), "next"),
        Spec("prev_item", "Go", "&Previous claim or suggestion", ("K",), "previous"),
        Spec("next_article", "Go", "Next &article", ("N", "Alt+Down"), separator_before=True),
        Spec("prev_article", "Go", "Previous a&rticle", ("P", "Alt+Up")),
        Spec("search", "Go", "&Search articles", ("Ctrl+F", "/"), "search", separator_before=True),
        Spec("focus_text", "Go", "Back to the &text", ("Escape",)),
        Spec("review_mode", "View", "&Review mode", ("Ctrl+R",), "review",
             "Settle teammates' disagreements, claim by claim"),
        Spec("evidence", "View", "&Evidence panel", ("Ctrl+Shift+E",), "evidence",
             "The same claim in other articles, and what differs"),
        Spec("dashboard", "View", "Agreement &dashboard", ("Ctrl+Shift+D",), "dashboard",
             "Kappa, alpha, span agreement and progress per annotator"),
        Spec("scheme:system", "View", "Colours: follow the &system", (), separator_before=True),
        Spec("scheme:light", "View", "Colours: &light", ()),
        Spec("scheme:dark", "View", "Colours: &dark", ()),
        Spec("suggest_all", "Tools", "&Suggest claims for all articles", (), "suggest"),
        Spec("suggest_article", "Tools", "Suggest claims for &this article", (), "suggest"),
        Spec("auto_suggest", "Tools", "Suggest &automatically after import", ()),
        Spec("threshold", "Tools", "Suggestion &threshold…", (), None,
             "Show only suggestions scoring at least this much"),
        Spec("cancel_work", "Tools", "&Cancel background work", (), "cancel", separator_before=True),
        Spec("shortcuts", "Help", "&Keyboard shortcuts", ("?",), "keyboard"),
        Spec("about", "Help", "&About Claimdesk", ()),
    ]
    return out


def _bindings(keys: tuple[str, ...]) -> list[str]:
    """Symbols typed with Shift ("?", "{", "}") arrive with or without the Shift
    modifier depending on the platform's keyboard mapping: bind both."""
    out = list(keys)
    out += [f"Shift+{k}" for k in keys if len(k) == 1 and not k.isalnum() and k not in "[]/"]
    return out


def build(parent: QObject) -> dict[str, QAction]:
    actions: dict[str, QAction] = {}
    for spec in specs():
        a = QAction(spec.text, parent)
        a.setObjectName(spec.id)
        if spec.keys:
            a.setShortcuts([QKeySequence(k) for k in _bindings(spec.keys)])
        if spec.icon:
            a.setIcon(icon(spec.icon))
        tip = spec.tip or spec.text.replace("&", "").rstrip("…")
        if spec.keys:
            tip += f"  ({' or '.join(spec.keys)})"
        a.setToolTip(tip)
        a.setStatusTip(tip)
        actions[spec.id] = a
    for key in ("scheme:system", "scheme:light", "scheme:dark", "auto_suggest", "review_mode",
                "evidence", "dashboard"):
        actions[key].setCheckable(True)
    return actions


def key_text(keys: tuple[str, ...]) -> str:
    """Keys as the platform writes them (⌘ on macOS); single letters in lower case, since
    they are pressed without Shift."""
    def one(k: str) -> str:
        return k.lower() if len(k) == 1 else QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)

    return "  or  ".join(one(k) for k in keys)


def install_menus(window, actions: dict[str, QAction], undo: QAction, redo: QAction) -> None:
    """Menus from the table (undo/redo at the top of Edit) and a small toolbar."""
    bar = window.menuBar()
    menus = {name: bar.addMenu(f"&{name}") for name in MENUS}
    menus["Edit"].addAction(undo)
    menus["Edit"].addAction(redo)
    for spec in specs():
        if spec.separator_before:
            menus[spec.menu].addSeparator()
        menus[spec.menu].addAction(actions[spec.id])
        window.addAction(actions[spec.id])  # shortcuts work with the menu bar hidden too
    window.addAction(undo)
    window.addAction(redo)

    tools = window.addToolBar("Main")
    tools.setObjectName("mainToolbar")
    tools.setMovable(False)
    for key in ("import_files", None, "undo", "redo", None, "accept", "reject", None,
                "prev_item", "next_item", None, "link_article", "add_web", None, "shortcuts"):
        if key is None:
            tools.addSeparator()
        elif key == "undo":
            tools.addAction(undo)
        elif key == "redo":
            tools.addAction(redo)
        else:
            tools.addAction(actions[key])
