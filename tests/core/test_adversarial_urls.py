"""Adversarial class: URL schemes and script injection. Only http(s) URLs without
credentials, control characters or excess length enter (labels, imports) or leave
(exports); JSON-LD can sit in a <script> tag whatever the claims and notes say."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import labelling
from desktop.core.export import export
from desktop.core.importing import import_paths
from desktop.core.labelling import LabelError
from desktop.core.review import set_review
from desktop.core.store import open_store
from desktop.core.urls import MAX_URL_LENGTH, UnsafeURL, display_url, is_safe_url, safe_url
from tests.core.helpers import add_articles

HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "vbscript:msgbox(1)",
    "ftp://example.com/x",
    "http://",
    "https:///path-only",
    "//example.com/no-scheme",
    "https://user:secret@example.com/",
    "https://bank.example@evil.example/",
    "https://example.com/a b",
    "https://example.com/\x00",
    "https://example.com/\nSet-Cookie:x",
    "https://exa\u202emple.com/",
    "https://example.com:99999999/",
    "https://example.com/" + "a" * MAX_URL_LENGTH,
    "",
    "   ",
]
GOOD_URLS = [
    "https://example.com/",
    "http://example.com/path?q=1#frag",
    "HTTPS://Example.COM/Path",
    "https://xn--pple-43d.com/",
    "https://аpple.com/",  # Cyrillic а: allowed, but shown with its punycode
    "https://example.com:8443/x",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_hostile_urls_are_refused_with_a_reason(url):
    with pytest.raises(UnsafeURL) as exc:
        safe_url(url)
    assert str(exc.value)  # a message for a person
    assert "\x00" not in str(exc.value) and "\n" not in str(exc.value)


@pytest.mark.parametrize("url", GOOD_URLS)
def test_ordinary_urls_pass(url):
    assert safe_url(url) == url.strip()


def test_homograph_hosts_show_their_punycode():
    assert display_url("https://аpple.com/x") == "https://аpple.com/x [xn--pple-43d.com]"
    assert display_url("https://example.com/") == "https://example.com/"


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=120))
def test_any_string_either_passes_as_http_or_is_refused(s):
    try:
        url = safe_url(s)
    except UnsafeURL:
        return
    assert url.lower().startswith(("http://", "https://"))
    assert is_safe_url(url)


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_labelling_refuses_hostile_source_urls(store, url):
    (aid,) = add_articles(store, "The minister said the budget grew by 4 percent in 2024.")
    claim = labelling.create_claim(store, "ana", aid, 4, 40)
    with pytest.raises(LabelError):
        labelling.add_source(store, "ana", claim.claim_id, url=url)


def test_import_refuses_unsafe_article_and_source_urls(store, tmp_path):
    f = tmp_path / "in.jsonl"
    lines = [
        {"text": "Safe article one about a 4 percent rise.", "url": "https://example.com/1"},
        {"text": "Article with a script URL.", "url": "javascript:alert(1)"},
        {"text": "Article with credentials.", "meta": {"url": "https://u:p@example.com/"}},
        {"text": "Claim with a bad source.", "claims": [{"start": 0, "end": 5, "labels": [
            {"annotator": "ana", "verdict": "verified",
             "sources": [{"url": "data:text/html,x", "stance": "supports"}]}]}]},
    ]
    f.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    csvf = tmp_path / "in.csv"
    csvf.write_text("text,url\nA csv article.,javascript:alert(1)\nAnother one.,https://ok.example/\n")
    report = import_paths(store, [f, csvf])
    reasons = [str(p) for p in report.problems]
    assert len(report.added) == 2
    assert any("in.jsonl:2" in r and "not a web address" in r for r in reasons)
    assert any("in.jsonl:3" in r and "user name or password" in r for r in reasons)
    assert any("in.jsonl:4" in r and "source url refused" in r for r in reasons)
    assert any("in.csv:2" in r for r in reasons)


def test_claimreview_escapes_script_and_drops_unsafe_stored_urls(store, tmp_path):
    (aid,) = add_articles(store, "He said </script><script>alert(1)</script> & more <b>x</b>.")
    with store.write() as s:  # a row stored by an older version, before the URL rule
        from desktop.core.models import Article

        s.get(Article, aid).url = "javascript:alert(1)"
    claim = labelling.create_claim(store, "ana", aid, 0, 58)
    labelling.set_verdict(store, "ana", claim.claim_id, "verified")
    set_review(store, "rev</script>", claim.claim_id, "verified", note="</script><img src=x onerror=alert(1)>")
    out = tmp_path / "cr.json"
    export(store, "claimreview", out)
    raw = out.read_text()
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert "javascript:" not in raw
    data = json.loads(raw)
    assert data[0]["claimReviewed"].startswith("He said </script>")
    assert data[0]["reviewBody"] == "</script><img src=x onerror=alert(1)>"
    assert "url" not in data[0]["itemReviewed"]["appearance"][0]
    jl = tmp_path / "all.jsonl"
    export(store, "jsonl", jl)
    assert json.loads(jl.read_text().splitlines()[0])["meta"]["url"] is None


def test_reopened_store_keeps_refusing(db_path):
    s = open_store(str(db_path))
    try:
        (aid,) = add_articles(s, "Text of an article that is long enough.")
        claim = labelling.create_claim(s, "ana", aid, 0, 10)
        with pytest.raises(LabelError, match="user name or password"):
            labelling.add_source(s, "ana", claim.claim_id, url="https://a:b@example.com/")
    finally:
        s.close()
