"""Undo/redo mirror the core's event log, including after a restart."""

from __future__ import annotations

from desktop.core import services
from desktop.ui.history import History
from tests.ui.conftest import ANNOTATOR


def test_rebuilt_stack_keeps_undo_and_redo(qtbot, store):
    from desktop.core.importing import import_records
    from desktop.core.records import ArticleRecord

    [aid] = import_records(store, [ArticleRecord(text="The port reopened on Monday, officials said.",
                                                 origin="a.txt")]).added
    claim = services.create_claim(store, ANNOTATOR, aid, 0, 8).claim_id
    services.set_verdict(store, ANNOTATOR, claim, "verified")
    services.set_verdict(store, ANNOTATOR, claim, "unsupported")
    services.undo(store, ANNOTATOR)  # back to verified; one redo pending

    history = History(store, ANNOTATOR)
    assert (history.stack.count(), history.stack.index()) == (3, 2)
    assert history.stack.undoText() == "set verdict" and history.stack.canRedo()
    changes = []
    history.replayed.connect(changes.append)
    history.stack.redo()
    view = services.article_view(store, aid, ANNOTATOR)
    assert view.claims[0].verdict == "unsupported"
    assert changes[-1].claim_id == claim and changes[-1].article_id == aid
    history.stack.undo()
    history.stack.undo()
    history.stack.undo()
    assert services.article_view(store, aid, ANNOTATOR).claims == []
    assert not history.stack.canUndo()
