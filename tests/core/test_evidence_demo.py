"""The evidence finder on the demo corpus (five reports of one call), with a labelled set of
claim -> sentence pairs from different outlets, and precision/recall at k."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from desktop.core.importing import import_paths
from desktop.core.models import Article
from desktop.core.nlp.evidence import (
    ensure_index,
    find_evidence,
    missing_from_index,
    propose_verdict,
)
from desktop.core.store import open_store
from tests.conftest import SEEDS

K = 5
# Origins of the seed files: 000 no outlet, 001 EL PAIS, 002 ANSA, 003 CGTN, 004 Reuters.


@dataclass(frozen=True)
class Case:
    origin: str  # file prefix of the claim's article
    claim: str  # the claim span (exact text in that article)
    relevant: tuple[tuple[str, str], ...]  # (file prefix, text inside the sentence)
    irrelevant: tuple[tuple[str, str], ...] = ()  # must not be returned


LABELLED: tuple[Case, ...] = (
    Case(
        "003",
        "Russian President Vladimir Putin and former U.S. President Donald Trump held a "
        "90-minute phone conversation on Wednesday",
        (
            ("002", "had a lengthy conversation – an hour and a half"),
            ("001", "the two leaders spoke for an hour and a half"),
            ("001", "Putin spoke on the phone Wednesday"),
            ("000", "is duration about an hour and a half"),
            ("004", "in telephone calls with Russian President Vladimir Putin"),
            ("000", "A call between Donald Trump e Vladimir Putin"),
        ),
        (
            ("001", "Zelenskiy spoke for an hour with Trump"),
            ("002", "with whom he spoke for an hour"),
        ),
    ),
    Case(
        "001",
        "the Kremlin ordered the release of American teacher Mark Folger, 63, sentenced to "
        "14 years in prison for drug trafficking in 2021",
        (("000", "Marc Fogel's release, American teacher"), ("002", "to bring back Mark Fogel")),
        (("002", "Alexander Vinnik, arrested in Greece"),),
    ),
    Case(
        "001",
        "The president’s office said that Zelenskiy spoke for an hour with Trump",
        (
            ("004", "Trump and Zelensky spoke on the phone for about an hour"),
            ("002", "with whom he spoke for an hour"),
        ),
        (
            ("002", "had a lengthy conversation – an hour and a half"),
            ("003", "90-minute phone conversation"),
        ),
    ),
    Case(
        "004",
        "Hegseth had previously stated on Wednesday that a return of Ukraine to its "
        "pre-2014 borders was unrealistic",
        (
            ("001", "Pete Hegseth declared in Brussels"),
            ("000", "Pete Hegseth he clarified"),
            ("002", "Pete Hegseth bluntly clarified"),
        ),
    ),
    Case(
        "002",
        "Witkoff reportedly had a three-and-a-half-hour face-to-face meeting with Putin",
        (),
        (("003", "90-minute phone conversation"),),
    ),
    Case(
        "003",
        "The Kremlin described the conversation as an “extensive and substantive dialogue” "
        "covering various topics beyond Ukraine, such as the Middle East, Iran’s nuclear "
        "program, and economic relations between Russia and the U.S.",
        (
            ("001", "the Iranian nuclear program, and bilateral Russian-U.S. relations"),
            ("002", "the Iranian nuclear program, and Russian-American bilateral"),
        ),
    ),
    Case(
        "003",
        "Kremlin spokesman Dmitry Peskov confirmed the call, stating, “The Russian "
        "president has invited the U.S. president to visit Moscow.”",
        (
            ("000", "Putin formally invited Trump to Moscow"),
            ("001", "Putin has invited Trump to Moscow"),
            ("004", "Putin had invited Trump to visit Moscow"),
            ("002", "the Kremlin leader invited the tycoon to Moscow"),
            ("001", "the Russian leader has invited the US president to the capital"),
            ("000", "Russia Confirms Phone Call, Invites Trump to Moscow"),
        ),
        (("002", "Russia has never discussed and will never discuss"),),
    ),
    Case(
        "003",
        "We agreed to work together, very closely, including visiting each other’s nations.",
        (
            ("001", "We agreed to work together, very closely"),
            ("002", "agreed to work together very closely"),
            ("000", "including visiting each other’s countries"),
        ),
    ),
    Case(
        "001",
        "I want to thank President Putin for his time and effort with respect to this call, "
        "and for the release, yesterday, of Marc Fogel",
        (("000", "He then thanked Putin"),),
    ),
    Case(
        "003",
        "The United Nations expressed support for efforts to resolve the conflict between "
        "Russia and Ukraine.",
        (),
    ),
    Case(
        "002",
        "Kremlin spokesperson Dmitry Peskov told journalists, promising that the Ukrainian "
        "military units still present in Kursk will be “destroyed.”",
        (),
    ),
    Case(
        "004",
        "Former US President Joe Biden and most Western leaders did not hold direct talks "
        "with Putin after Russia began its large-scale invasion of Ukraine in February 2022.",
        (),
    ),
    Case(
        "001",
        "the U.S. will release Russian Alexander Vinnik, who pleaded guilty last year to "
        "money laundering",
        (("002", "release of Russian citizen Alexander Vinnik"),),
    ),
    Case(
        "002",
        "The US team will include Secretary of State Marco Rubio, CIA Director John "
        "Ratcliffe, National Security Advisor Michael Waltz, and Ambassador and Special "
        "Envoy Steve Witkoff.",
        (
            ("003", "He also named U.S. officials to lead the negotiation team"),
            ("001", "The U.S. negotiating team will also include"),
            ("000", "Trump announced that he had appointed Secretary of State Marco Rubio"),
        ),
    ),
    Case(
        "004",
        "agreed that our respective teams will begin negotiations immediately",
        (
            ("001", "agreed to have our respective teams start negotiations immediately"),
            ("003", "agreed to have our respective teams start negotiations immediately"),
            ("002", "agreed to promptly initiate negotiations with their respective teams"),
            ("000", "to immediately begin negotiations on Ukraine"),
        ),
    ),
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = open_store(str(tmp_path_factory.mktemp("evidence") / "demo.db"))
    report = import_paths(store, [SEEDS])
    assert len(report.added) == 5
    ensure_index(store)
    with store.session() as s:
        by_prefix = {a.origin[:3]: (a.id, a.text) for a in s.exec(Article.__table__.select())}
    yield store, by_prefix
    store.close()


def _run(demo, case: Case, top: int = K):
    store, arts = demo
    aid, text = arts[case.origin]
    start = text.index(case.claim)
    return find_evidence(store, aid, start, start + len(case.claim), top=top)


def _hits(demo, matches, pairs) -> set[int]:
    """Indexes of `pairs` found among the matches."""
    _, arts = demo
    found = set()
    for i, (prefix, snippet) in enumerate(pairs):
        aid = arts[prefix][0]
        if any(m.article_id == aid and snippet in m.text for m in matches):
            found.add(i)
    return found


def evaluate(demo, k: int = K) -> tuple[float, float, int, int]:
    """Micro precision@k and recall@k over LABELLED: (precision, recall, judged, relevant).

    A returned sentence counts as correct when labelled relevant, wrong when labelled
    irrelevant or when the claim has no relevant sentence at all (an unsupported claim must
    come back empty); other returned sentences are unjudged and left out of precision.
    Related context (stance "context": offered when nothing reports the fact, never as the
    same fact) is left out of precision too; recall counts only same-fact matches.
    """
    correct = wrong = found = relevant = 0
    _, arts = demo
    for case in LABELLED:
        matches = [m for m in _run(demo, case, k) if m.proposed_stance != "context"]
        found += len(_hits(demo, matches, case.relevant))
        relevant += len(case.relevant)
        for m in matches:

            def has(pairs, m=m):
                return any(m.article_id == arts[p][0] and s in m.text for p, s in pairs)

            if has(case.relevant):
                correct += 1
            elif has(case.irrelevant) or not case.relevant:
                wrong += 1
    judged = correct + wrong
    return (correct / judged if judged else 1.0), found / relevant, judged, relevant


def test_demo_corpus_is_indexed(demo):
    store, _ = demo
    assert missing_from_index(store) == []


def test_precision_and_recall_at_5(demo):
    precision, recall, judged, relevant = evaluate(demo)
    print(
        f"\nevidence finder on {len(LABELLED)} claims, {relevant} relevant pairs: "
        f"precision@{K}={precision:.2f} (of {judged} judged) recall@{K}={recall:.2f}"
    )
    assert recall >= 0.85
    assert precision >= 0.85


@pytest.mark.parametrize("case", [c for c in LABELLED if c.irrelevant], ids=lambda c: c.claim[:30])
def test_labelled_negatives_are_not_returned(demo, case):
    matches = _run(demo, case)
    assert _hits(demo, matches, case.irrelevant) == set(), [m.text[:80] for m in matches]


def test_ninety_minutes_matches_an_hour_and_a_half_without_discrepancy(demo):
    case = LABELLED[0]
    matches = _run(demo, case)
    ansa = next(
        m for m in matches if "an hour and a half" in m.text and m.article_id == demo[1]["002"][0]
    )
    assert not [d for d in ansa.discrepancies if d.kind == "number"]


def test_former_president_is_flagged_against_us_president(demo):
    matches = _run(demo, LABELLED[0])
    roles = [d for m in matches for d in m.discrepancies if d.kind == "role"]
    assert roles and all("former" in d.message for d in roles)
    store, arts = demo
    text = arts["003"][1]
    assert text[roles[0].claim_start : roles[0].claim_end].startswith("former U.S. President")


def test_folger_fogel_and_the_charge_are_flagged(demo):
    matches = _run(demo, LABELLED[1])
    kinds = {(m.article_id, d.kind) for m in matches for d in m.discrepancies}
    assert (demo[1]["000"][0], "charge") in kinds
    assert (demo[1]["002"][0], "name") in kinds
    assert propose_verdict(matches).verdict == "conflicting"


def test_zelensky_spellings_are_one_person(demo):
    matches = _run(demo, LABELLED[2])
    assert matches and matches[0].proposed_stance == "supports"
    assert not [d for m in matches for d in m.discrepancies if d.kind == "name"]
    assert propose_verdict(matches).verdict == "verified"


def test_claim_reported_nowhere_else_is_unsupported(demo):
    matches = _run(demo, LABELLED[4])
    # At most related context (the same people, another fact), never proposed as the fact.
    assert all(m.proposed_stance == "context" for m in matches)
    assert propose_verdict(matches).verdict == "unsupported"


def test_discrepancy_offsets_point_at_both_texts(demo):
    _, arts = demo
    by_id = {aid: text for aid, text in arts.values()}
    for case in LABELLED[:4]:
        claim_text = arts[case.origin][1]
        for m in _run(demo, case):
            assert by_id[m.article_id][m.start : m.end] == m.text
            for d in m.discrepancies:
                assert claim_text[d.claim_start : d.claim_end] == d.claim_text
                assert by_id[m.article_id][d.match_start : d.match_end] == d.match_text
