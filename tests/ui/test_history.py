"""Undo/redo come from the core's event log (no mirrored stack), including after a restart."""

from __future__ import annotations

from desktop.core import services
from desktop.core.desk import Desk
from desktop.ui.history import History
from desktop.ui.ops import Ops
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

    ops = Ops(Desk(store, ANNOTATOR))
    history = History(ops)
    assert history.state.undo == "set verdict" and history.state.redo == "set verdict"
    changes = []
    ops.changed.connect(changes.append)
    history.redo()
    view = services.article_view(store, aid, ANNOTATOR)
    assert view.claims[0].verdict == "unsupported"
    assert changes[-1].claim_id == claim and changes[-1].article_id == aid and changes[-1].undo
    assert history.state.redo is None
    history.undo()
    history.undo()
    history.undo()
    assert services.article_view(store, aid, ANNOTATOR).claims == []
    assert not history.can_undo() and history.state.redo == "create claim"
