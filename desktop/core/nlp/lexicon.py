"""Word lists the suggester's rules match against (lower-cased surface forms).

Surface forms rather than lemmas so the pipeline can run without its lemmatizer.
"""

from __future__ import annotations


def _inflect(*stems: str) -> frozenset[str]:
    """Each entry is "base past [third-person] [-ing]" or just forms separated by '/'."""
    return frozenset(w for stem in stems for w in stem.split("/"))


REPORTING_VERBS = _inflect(
    "say/says/said/saying",
    "state/states/stated/stating",
    "confirm/confirms/confirmed/confirming",
    "announce/announces/announced/announcing",
    "tell/tells/told/telling",
    "report/reports/reported/reporting",
    "declare/declares/declared/declaring",
    "claim/claims/claimed/claiming",
    "add/adds/added",
    "note/notes/noted",
    "write/writes/wrote/written",
    "post/posts/posted",
    "reveal/reveals/revealed",
    "insist/insists/insisted",
    "stress/stresses/stressed",
    "deny/denies/denied",
    "acknowledge/acknowledges/acknowledged",
    "admit/admits/admitted",
    "warn/warns/warned",
    "estimate/estimates/estimated",
    "show/shows/showed/shown",
    "disclose/discloses/disclosed",
    "accuse/accuses/accused",
    "allege/alleges/alleged",
    "testify/testifies/testified",
    "explain/explains/explained",
    "indicate/indicates/indicated",
    "clarify/clarifies/clarified",
)

# First-person mental and attitude verbs: "I think", "we hope" mark opinion, not fact.
MENTAL_VERBS = _inflect(
    "think/thinks/thought",
    "believe/believes/believed",
    "hope/hopes/hoped",
    "feel/feels/felt",
    "guess/suppose/imagine/wish/wonder",
    "want/wants/love/like/prefer/need/needs",
    "expect/doubt/fear",
    "hopeful/confident/convinced/sure",  # "I am hopeful that": attitude, not a fact
)

# A claim whose verb is one of these reports a stance, not a checkable fact:
# "Putin stressed the need ...", "the UN welcomed ...", "Kyiv seems to have accepted".
STANCE_VERBS = _inflect(
    "want/wants/wanted/wish/wishes/wished/desire/desires/desired",
    "hope/hopes/hoped/believe/believes/believed/think/thinks/thought/feel/feels/felt",
    "need/needs/welcome/welcomes/welcomed/thank/thanks/thanked/praise/praised",
    "stress/stresses/stressed/insist/insists/insisted/urge/urges/urged",
    "express/expresses/expressed/emphasize/emphasizes/emphasized/emphasise/emphasised",
    "highlight/highlights/highlighted/focus/focuses/focused/underline/underlined",
    "support/supports/supported/seem/seems/seemed/appear/appears/appeared",
    "try/tries/tried/like/likes/love/loves",
)

FIRST_PERSON = frozenset({"i", "we", "me", "my", "our", "us", "i'm", "we're"})

AUXILIARIES = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "'s",
        "'re",
        "'ve",
        "'d",
        "'ll",
        "ca",
        "wo",
    ]
)

# A small list so the rule-based fallback can tell a clause from a title.
COMMON_VERBS = frozenset(
    [
        "go",
        "goes",
        "went",
        "gone",
        "get",
        "gets",
        "got",
        "make",
        "makes",
        "made",
        "take",
        "takes",
        "took",
        "taken",
        "come",
        "comes",
        "came",
        "give",
        "gives",
        "gave",
        "given",
        "find",
        "finds",
        "found",
        "know",
        "knows",
        "knew",
        "known",
        "see",
        "sees",
        "saw",
        "seen",
        "call",
        "calls",
        "called",
        "meet",
        "meets",
        "met",
        "spoke",
        "speak",
        "speaks",
        "agree",
        "agrees",
        "agreed",
        "lead",
        "leads",
        "led",
        "win",
        "wins",
        "won",
        "lose",
        "loses",
        "lost",
        "kill",
        "kills",
        "killed",
        "rise",
        "rises",
        "rose",
        "fall",
        "falls",
        "fell",
        "pay",
        "pays",
        "paid",
        "hold",
        "holds",
        "held",
        "run",
        "runs",
        "ran",
        "seek",
        "seeks",
        "sought",
        "plan",
        "plans",
        "planned",
        "want",
        "wants",
        "need",
        "needs",
        "begin",
        "begins",
        "began",
        "begun",
        "end",
        "ends",
        "ended",
        "occupy",
        "occupies",
        "occupied",
        "remain",
        "remains",
        "remained",
        "become",
        "becomes",
        "became",
    ]
)

# "since" and "led" are left out: in news they are mostly temporal / "led the talks".
CAUSAL_MARKERS = frozenset(
    {"because", "therefore", "thus", "consequently", "hence", "caused", "causes", "owing"}
)
# Multi-word causal markers, matched on the lower-cased sentence text.
CAUSAL_PHRASES = (
    "due to", "as a result", "led to", "leads to", "lead to", "resulted in",
    "in response to", "thanks to", "in exchange",
)  # fmt: skip

PREDICTION_MARKERS = frozenset({"will", "'ll", "wo", "going", "expected", "forecast", "predicts"})

# "could"/"may" are left out: in reported speech they are mostly neutral.
HEDGES = frozenset({"might", "perhaps", "maybe", "possibly", "probably", "reportedly"})

# Non-English function words (es, fr, de, it, pt). Lines where these outnumber English
# stopwords are treated as another language: cheap and good enough for banners.
FOREIGN_STOPWORDS = frozenset(
    [
        "el",
        "la",
        "los",
        "las",
        "del",
        "que",
        "y",
        "en",
        "un",
        "una",
        "por",
        "con",
        "para",
        "su",
        "sus",
        "es",
        "está",
        "esta",
        "este",
        "lo",
        "al",
        "se",
        "como",
        "más",
        "pero",
        "tu",
        "te",
        "otro",
        "otra",
        "puedes",
        "quieres",
        "aquí",
        "le",
        "les",
        "des",
        "et",
        "est",
        "une",
        "pour",
        "dans",
        "qui",
        "avec",
        "pas",
        "sur",
        "der",
        "die",
        "das",
        "und",
        "ist",
        "nicht",
        "mit",
        "von",
        "zu",
        "den",
        "ein",
        "eine",
        "auf",
        "für",
        "sich",
        "il",
        "di",
        "che",
        "non",
        "della",
        "per",
        "sono",
        "nel",
        "alla",
        "gli",
        "della",
        "não",
        "com",
        "uma",
        "os",
        "ao",
    ]
)

# Calendar words, shared by the rule-based fallback and the evidence features.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")  # fmt: skip
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                       "nov", "dec")  # fmt: skip
