"""Review mode, the evidence dock and the dashboard dock as the window wires them."""

from __future__ import annotations

from desktop.core import services


def _two_annotators_disagree(store) -> int:
    services.import_paths(store, [services.demo_corpus_path()])
    view = services.article_view(store, 4, "ana")
    start = view.text.index("Kremlin spokesman")
    claim = services.create_claim(store, "ana", 4, start, start + 40).claim_id
    services.set_verdict(store, "ana", claim, "verified")
    services.set_verdict(store, "bob", claim, "conflicting")
    return claim


def test_review_mode_and_docks_are_reachable_from_the_menu(open_window, qtbot, tmp_path, db_path):
    store = services.open_store(str(db_path))
    claim = _two_annotators_disagree(store)
    store.close()
    window = open_window()
    team = window.team
    window.actions["review_mode"].trigger()
    assert team.pages.currentWidget() is team.review
    qtbot.waitUntil(lambda: team.review.model.rowCount() == 1)
    team.review.open_claim.emit(4, claim)  # "open in reader" jumps back to labelling
    assert team.pages.currentWidget() is window.split
    assert not window.actions["review_mode"].isChecked()
    assert window.article.view.id == 4 and window.article.claim().id == claim

    window.actions["dashboard"].trigger()
    assert team.dashboard_dock.isVisible()
    window.actions["dashboard"].trigger()
    assert not team.dashboard_dock.isVisible()
    window.grab().save(str(tmp_path / "team.png"))


def test_the_suggestion_threshold_is_a_remembered_setting(open_window, db_path, ui_settings):
    from desktop.core.suggesting import compute_suggestions

    store = services.open_store(str(db_path))
    services.import_paths(store, [services.demo_corpus_path()])
    compute_suggestions(store, [4], in_process=True)
    store.close()
    window = open_window()
    window.open_article(4)
    default = len(window.article.view.suggestions)
    window.set_threshold(0.9)
    assert len(window.article.view.suggestions) < default
    assert ui_settings.threshold == 0.9
    window.set_threshold(0.3)
    assert len(window.article.view.suggestions) > default
