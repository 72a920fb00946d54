"""Hand-labelled dev set from the demo corpus: which sentences are check-worthy.

Labelling rule (one annotator, the suggester's author, so treat the figures as a sanity
check, not an evaluation): 1 = asserts a specific, verifiable fact — an event with
identifiable actors, a number, date or duration, a historical claim, or a concrete
position attributed to a named actor; 0 = opinion, hope, intent, rhetoric, mood,
analysis, questions. Headlines that the body repeats are left out (None).
Each entry: (seed prefix, the sentence's first characters, label).
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.nlp.pipeline import load_pipeline
from desktop.core.nlp.suggester import suggest_doc

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

DEV_SET: list[tuple[str, str, int | None]] = [
    ("000", "Then He Calls Zelensky Too", None),
    ("000", "After the conversation with the Russian president, Trump called", 1),
    ("000", 'He, like President Putin, wants Peace" but ruled out', 1),
    ("000", "A call between Donald Trump e Vladimir Putin has raised", 0),
    ("000", "The American president himself made it public", 1),
    ("000", "We discussed Ukraine, the Middle East, energy", 1),
    ("000", "The call, also confirmed by Moscow, is duration", 1),
    ("000", "Trump continued to recount the discussion", 1),
    ("000", "“Each of us spoke about the strengths", 0),
    ("000", "During the call, Trump and Putin agreed to", 1),
    ("000", "“We will start by calling the Ukrainian president", 0),
    ("000", "The tycoon, speaking to reporters at the White House", None),
    ("000", "Trump also said that he doesn't think so", 1),
    ("000", "Trump announced that he had appointed Secretary", 1),
    ("000", "He then thanked Putin “for the time and effort", 1),
    ("000", "Russia Confirms Phone Call, Invites Trump", None),
    ("000", "The spokesman for the Kremlin, Dmitry Peskov, promptly", 1),
    ("000", "“Putin stressed the need to address the root causes", 0),
    ("000", "As a gesture of openness, Russia set free", 1),
    ("000", "After call with Trump, Ukrainian President Volodymyr Zelensky expressed", 0),
    ("000", "He said he and Trump discussed “the opportunities", 0),
    ("000", "“We discussed many aspects, diplomatic", 0),
    ("000", "We believe that the strength of America", 0),
    ("000", "The Ukrainian leader thanked Trump", 0),
    ("000", "Finally, the Ukrainian leader confirmed the arrival", 1),
    ("000", "In Brussels, during the NATO-Ukraine Council", 1),
    ("000", "He also excluding the possibility of aUkraine", 1),
    ("000", "Hegseth's position highlights the complexity", 0),
    ("000", "Germany, France e Spain They reiterated", 1),
    ("000", "While the phone call between Trump and Putin opens", 0),
    ("000", "The will to negotiate is there", 0),
    ("001", "Trump calls on Putin and Zelenskiy to initiate", None),
    ("001", "Moscow and Kyiv both confirmed the talks.", 1),
    ("001", "The Kremlin added that the Russian leader has invited", 1),
    ("001", "Donald Trump and his Russian counterpart Vladimir Putin spoke", 1),
    ("001", "“As we both agreed, we want to stop the millions", 1),
    ("001", "“We agreed to work together, very closely", 1),
    (
        "001",
        "We have also agreed to have our respective teams start negotiations immediately,” added",
        1,
    ),
    ("001", "“I just spoke to President Volodymyr Zelenskyy", 1),
    ("001", "The conversation went very well.", 0),
    ("001", "He, like President Putin, wants to make PEACE.", 0),
    ("001", "We discussed a variety of topics having to do", 1),
    ("001", "I am hopeful that the results", 0),
    ("001", "It is time to stop this ridiculous war", 0),
    ("001", "God bless the people of Russia", 0),
    ("001", "Trump posted just after 1 p.m. ET.", 0),
    ("001", "Kyiv later confirmed the discussions with Washington.", 1),
    ("001", "The president’s office said that Zelenskiy spoke", 1),
    ("001", "Zelenskiy: “No one wants peace more than Ukraine”", None),
    ("001", "“No one wants peace more than Ukraine. Together", 0),
    ("001", "Together with the U.S., we are charting", 0),
    ("001", "As President Trump said, let’s get it done", 0),
    ("001", "Zelenskiy insisted Wednesday in an interview", 1),
    ("001", "The Ukrainian president stressed that Putin’s goal", 0),
    ("001", "The U.S. negotiating team will also include", 1),
    ("001", "“I believe this effort will lead", 0),
    ("001", "In it, according to the U.S. president, they also discussed", 1),
    ("001", "In Moscow, the Kremlin said that the two leaders spoke", 1),
    ("001", "Putin’s spokesman, Dmitry Peskov, confirmed", 1),
    ("001", "“The Russian president supported one of the main theses", 0),
    ("001", "The Kremlin added that Trump “has spoken in favor", None),
    ("001", "Putin, for his part, insisted on tackling", 0),
    ("001", "“A long-term solution can be achieved", 0),
    ("001", "In addition to the resolution of the Ukrainian conflict", 1),
    ("001", "The conversation comes after Trump has reiterated", 1),
    ("001", "The Republican, who likes to claim", 1),
    ("001", "This weekend he revealed that he had been in contact", 1),
    ("001", "On Wednesday, U.S. Defense Secretary Pete Hegseth declared", 1),
    ("001", "He also ruled out that Kyiv could receive", 1),
    ("001", "On Tuesday, the Kremlin ordered the release", 1),
    ("001", "In exchange, the U.S. will release Russian Alexander Vinnik", 1),
    ("001", "“I want to thank President Putin for his time", 1),
    ("002", "Donald Trump recently expressed his agreement", 1),
    ("002", "“Personally, I don’t think it’s practical", 0),
    ("002", "Even before President Putin, they had made it clear", None),
    ("002", "This has been going on for many, many years.", 0),
    ("002", "They have been saying for a long time", None),
    ("002", "The phone call came after a 24-hour surge", 1),
    ("002", "Vladimir Putin and Donald Trump had a lengthy conversation", 1),
    ("002", "This sentiment was echoed by the Russian president", 0),
    ("002", "Immediately after, Trump called Volodymyr Zelensky", 1),
    ("002", "The conversation went “very well,” commented", 0),
    ("002", "“No one – Zelensky responded", 0),
    ("002", "Together with the United States, we are outlining", 0),
    ("002", "As President Trump said, let’s do it.", 0),
    ("002", "Trump announced that he and Putin have “agreed", 1),
    ("002", "In the evening, the American president further stated", 1),
    ("002", "For his part, the Kremlin leader invited the tycoon", 1),
    ("002", "The two presidents agreed to promptly initiate", 1),
    ("002", "The US team will include Secretary of State", 1),
    ("002", "Witkoff, previously known as the White House envoy", 1),
    ("002", "In exchange for his release, US authorities announced", 1),
    ("002", "During the visit to the Russian capital, Witkoff reportedly", 1),
    ("002", "This circumstance was neither confirmed nor denied", None),
    ("002", "The presidential office stated that Putin “supported", 0),
    ("002", "During the conversation, in addition to Ukraine, they also discussed", 1),
    ("002", "Between Witkoff’s mission to Moscow", 1),
    ("002", "The US also has no intention of participating", 1),
    ("002", "Zelensky and the European Union tried to counter", 0),
    ("002", "In an interview with The Economist, the Ukrainian president expressed", 0),
    ("002", "“Without consultations with us, I don’t think", 0),
    ("002", "“Europe must be present at the negotiation table", 0),
    ("002", "Zelensky also tried to propose a territory exchange", 1),
    ("002", "“This is impossible, Russia has never discussed", 1),
    ("003", "Moscow and Washington announced that Russian President", 1),
    ("003", "Kremlin spokesman Dmitry Peskov confirmed the call", 1),
    ("003", "He added that Putin expressed readiness", 1),
    ("003", "Trump shared his thoughts on the conversation via a post", 1),
    ("003", "The leaders focused on the situation in Ukraine", 0),
    ("003", "According to Peskov, Trump embraced a quick ceasefire", 1),
    ("003", "“We want to stop the millions of deaths", 1),
    ("003", "“We agreed to work together, very closely", 1),
    ("003", "We have also agreed to have our respective teams start negotiations immediately.”", 1),
    ("003", "Trump mentioned plans to contact", 0),
    ("003", "He also named U.S. officials to lead", 1),
    ("003", "“I feel strongly that the negotiations", 0),
    ("003", "The Kremlin described the conversation as", 1),
    ("003", "Peskov noted that both leaders agreed", 1),
    ("003", "Trump later told reporters they plan to meet in Saudi Arabia", 1),
    ("003", "Ukraine Unlikely to Join NATO", None),
    ("003", "Following the call with Putin, Trump spoke with", 1),
    ("003", "“I had a meaningful conversation with @POTUS", 0),
    ("003", "Trump expressed agreement with his Defense Secretary", 1),
    ("003", "“I think that’s probably true,” Trump said.", 0),
    ("003", "Hegseth indicated that the U.S. aims for Europe", 1),
    ("003", "The United Nations expressed support for efforts", 0),
    ("003", "“We welcome any efforts to resolve the war", 0),
    ("003", "He described the conversation between Putin and Trump", 0),
    ("003", "When asked about the UN’s potential role", 0),
    ("003", "The United Nations is willing to offer its good offices", 0),
    ("004", "Trump: Putin and Selensky want peace", None),
    ("004", "Donald Trump discussed the war in Ukraine in telephone calls", 1),
    ("004", "For the new US president, this was the first major", None),
    ("004", "In a post on his social media platform, Trump said", 1),
    ("004", "Zelensky's office said Trump and Zelensky spoke", 1),
    ("004", "The Kremlin said Putin and Trump had agreed to meet", 1),
    ("004", "Trump has long stated that he would end the war", 1),
    ("004", "Meanwhile, there is little in the press", 0),
    ("004", "Trump's Defense Secretary Pete Hegseth had previously stated", 1),
    ("004", "At a meeting of Ukraine's military allies at NATO headquarters", None),
    ("004", "We want, just like you, a sovereign", 0),
    ("004", "But we must first recognize that a return", 1),
    ("004", "“Pursuing this illusory goal", 0),
    ("004", "No peace talks have taken place since", 1),
    ("004", "Former US President Joe Biden and most Western leaders", 1),
    ("004", "In the first year of the war, Ukraine succeeded", 1),
    ("004", "But since a failed Ukrainian counteroffensive in 2023", 1),
    ("004", "Russia occupies around a fifth of Ukraine", 1),
    ("004", "Ukraine is demanding that Russia withdraw", 1),
    ("004", "In recent interviews, Kyiv seems to have accepted", 0),
    ("004", "If Ukraine is not in NATO, it means", 0),
    ("004", "That is why we need an army as big as", 0),
    ("004", "And for all this we need weapons and money.", 0),
    ("004", "And we will ask the US for it,", 0),
    ("004", "In his comments in Brussels, Hesgeth said", 1),
]


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def evaluate(threshold: float | None = None) -> dict[str, dict[str, float]]:
    """Precision/recall/F1 of the suggester and the named-entity baseline on DEV_SET."""
    nlp, _ = load_pipeline()
    counts = {"suggester": [0, 0, 0], "baseline": [0, 0, 0]}  # tp, fp, fn
    docs = {p: nlp(seed_text(p)) for p in sorted({p for p, _, _ in DEV_SET})}
    kwargs = {} if threshold is None else {"threshold": threshold}
    suggestions = {p: suggest_doc(doc, **kwargs) for p, doc in docs.items()}
    for prefix, head, gold in DEV_SET:
        if gold is None:
            continue
        doc = docs[prefix]
        pos = doc.text.index(head) + len(head) // 2
        sent = doc[doc.char_span(pos, pos + 1, alignment_mode="expand").start].sent
        predictions = {
            "suggester": any(s.start <= pos < s.end for s in suggestions[prefix]),
            "baseline": len(sent.ents) > 0,
        }
        for name, predicted in predictions.items():
            c = counts[name]
            if predicted and gold:
                c[0] += 1
            elif predicted:
                c[1] += 1
            elif gold:
                c[2] += 1
    out = {}
    for name, (tp, fp, fn) in counts.items():
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[name] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}
    return out


def test_dev_set_heads_are_unique() -> None:
    for prefix, head, gold in DEV_SET:
        count = seed_text(prefix).count(head)
        assert count == 1 or (gold is None and count > 1), (prefix, head)


def test_beats_named_entity_baseline() -> None:
    scores = evaluate()
    ours, base = scores["suggester"], scores["baseline"]
    # well above "any sentence with a named entity" in precision, and better in F1; the
    # threshold is chosen out of fold on CT24, which favours recall a little more
    assert ours["precision"] >= base["precision"] + 0.12, scores
    assert ours["recall"] >= 0.75, scores
    assert ours["f1"] > base["f1"], scores


if __name__ == "__main__":  # print the figures quoted in the issue notes
    for t in (0.4, 0.5, 0.6):
        print(t, evaluate(t))
