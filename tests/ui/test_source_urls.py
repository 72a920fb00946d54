"""Web sources as the analyst sees them: an internationalised host shows its punycode, so a
homograph (Cyrillic "а" in "аpple.com") is visible; the text is shown literally."""

from __future__ import annotations

from desktop.core.queries import SourceView
from desktop.ui.widgets.review_column import source_html
from desktop.ui.widgets.source_list import _describe


def _web(url: str, title: str | None = None) -> SourceView:
    return SourceView(id=1, kind="url", url=url, article_id=None, start=None, end=None,
                      stance="supports", title=title, note=None)


def test_homograph_host_shows_its_punycode_in_the_source_list():
    head, detail = _describe(_web("https://аpple.com/press"))
    assert head == "https://аpple.com/press [xn--pple-43d.com]" and detail == ""
    head, detail = _describe(_web("https://аpple.com/press", title="Apple press release"))
    assert head == "Apple press release" and "xn--pple-43d.com" in detail


def test_ascii_hosts_are_shown_as_they_are():
    assert _describe(_web("https://example.com/a"))[0] == "https://example.com/a"


def test_review_column_escapes_and_shows_punycode():
    line = source_html(_web("https://аpple.com/x", title=None))
    assert "xn--pple-43d.com" in line
    line = source_html(_web("https://example.com/", title="<img src='/dev/zero'>"))
    assert "<img" not in line and "&lt;img" in line
