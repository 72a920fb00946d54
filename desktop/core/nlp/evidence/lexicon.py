"""Hand-made word lists for news reports: synonyms of key verbs and nouns, roles, charges.

Paraphrases in news reporting reuse a small vocabulary ("call", "talk", "spoke",
"conversation"), so a table of concept keys catches most of them without a model. Keep
the groups narrow: a word in the wrong group makes unrelated sentences look alike.
"""

from __future__ import annotations

from desktop.core.nlp.lexicon import MONTHS, WEEKDAYS  # noqa: F401  (re-exported: lx.MONTHS)

# concept key -> surface forms (lower case, inflections spelled out: no lemmatizer needed)
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "talk": (
        "call",
        "calls",
        "called",
        "calling",
        "phone",
        "phoned",
        "telephone",
        "telephoned",
        "conversation",
        "conversations",
        "converse",
        "conversed",
        "spoke",
        "speak",
        "speaks",
        "speaking",
        "spoken",
        "talk",
        "talked",
        "talking",
        "dialogue",
        "dialog",
        "chat",
        "chatted",
        "discuss",
        "discussed",
        "discussing",
        "discussion",
        "discussions",
        "contact",
        "contacted",
    ),
    "exclude": ("exclude", "excludes", "excluded", "excluding", "exclusion", "rule_out"),
    "inform": ("inform", "informed", "informing", "brief", "briefed", "briefing", "update"),
    "negotiate": (
        "negotiation",
        "negotiations",
        "negotiate",
        "negotiated",
        "negotiating",
        "talks",
        "negotiators",
        "negotiator",
    ),
    "agree": ("agree", "agreed", "agrees", "agreeing", "agreement", "accord", "consented"),
    "meet": ("meet", "meets", "met", "meeting", "meetings", "summit", "face-to-face", "in-person"),
    "visit": ("visit", "visits", "visited", "visiting", "travel", "trip"),
    "invite": ("invite", "invites", "invited", "inviting", "invitation"),
    "start": (
        "start",
        "starts",
        "started",
        "begin",
        "begins",
        "began",
        "begun",
        "initiate",
        "initiated",
        "launch",
        "launched",
        "commence",
        "commenced",
        "open",
        "opened",
    ),
    "end": ("end", "ends", "ended", "ending", "stop", "stopped", "stopping", "halt", "finish"),
    "release": (
        "release",
        "released",
        "releases",
        "releasing",
        "free",
        "freed",
        "freeing",
    ),
    "exchange": ("exchange", "exchanged", "swap", "swapped", "trade", "traded"),
    "sentence": ("sentence", "sentenced", "jailed", "imprisoned", "convicted"),
    "prison": ("prison", "jail", "imprisonment", "detention", "detained", "custody"),
    "war": ("war", "wars", "conflict", "hostilities", "fighting", "invasion"),
    "peace": ("peace", "peaceful", "ceasefire", "truce"),
    "long": ("long", "lengthy", "extensive", "extended"),
    "productive": ("productive", "fruitful", "constructive", "positive", "substantive"),
    "confirm": ("confirm", "confirmed", "confirms", "acknowledged"),
    "teacher": ("teacher", "educator", "schoolteacher"),
    "drug": ("drug", "drugs", "marijuana", "cannabis", "narcotics"),
    "membership": ("membership", "join", "joins", "joining", "joined", "accession", "entry"),
    "border": ("border", "borders", "frontier", "frontiers", "territory", "territories"),
    "regain": ("regain", "reclaim", "reclaiming", "recapture", "recapturing", "return", "restore"),
    "death": ("death", "deaths", "killed", "dead", "lives"),
    "immediately": ("immediately", "promptly", "quickly", "swiftly", "speedy"),
    "team": ("team", "teams", "delegation"),
    "unrealistic": ("unrealistic", "illusory", "impossible", "impractical"),
    # Places, their adjectives and their seats of government (metonymy is the norm in news).
    "us": (
        "us",
        "u.s.",
        "usa",
        "u.s.a.",
        "america",
        "american",
        "americans",
        "washington",
        "united_states",
    ),
    "russia": ("russia", "russian", "russians", "moscow", "kremlin"),
    "ukraine": ("ukraine", "ukrainian", "ukrainians", "kyiv", "kiev"),
    "eu": ("eu", "european_union", "europe", "european", "brussels"),
    "nato": ("nato", "alliance"),
    "saudi": ("saudi", "riyadh"),
}

SYNONYMS: dict[str, str] = {form: key for key, forms in _SYNONYMS.items() for form in forms}

# Multi-word forms joined with "_" before lookup.
PHRASES: dict[tuple[str, ...], str] = {
    ("united", "states"): "united_states",
    ("european", "union"): "european_union",
    ("white", "house"): "us",
    ("right", "now"): "immediately",
    ("rule", "out"): "rule_out",
    ("rules", "out"): "rule_out",
    ("ruled", "out"): "rule_out",
    ("ruling", "out"): "rule_out",
    ("right", "away"): "immediately",
    ("at", "once"): "immediately",
}

# Words that carry no fact: reporting verbs ("X said"), function words, generic nouns.
STOPWORDS: frozenset[str] = frozenset(
    """
    a an the and or but if then than so as of in on at to for from by with about into over
    after before during between through without within against among per via up down out
    off again further once here there when where why how all any both each few more most
    other some such no nor not only own same too very can will just should would could may
    might must shall is are was were be been being have has had having do does did doing
    i me my we our ours you your he him his she her it its they them their theirs what
    which who whom this that these those am also even still yet already ever never just
    said say says saying told tell tells stated state states added add adds noted wrote
    writes posted post announced announce declared claimed commented reported report
    reports revealed according stating mr mrs ms one two s t don doesn didn won isn aren wasn
    well like get got make made take took go went come came time times way thing things
    many much several other others another new first last year years day days week
    weeks month months hour hours minute minutes second seconds half held hold holds
    holding have
    """.split()
)

# Titles that attach to a person ("former U.S. President Donald Trump").
TITLES: dict[str, str] = {
    "president": "president",
    "vice": "vice",
    "prime": "prime minister",
    "minister": "minister",
    "secretary": "secretary",
    "director": "director",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson",
    "envoy": "envoy",
    "advisor": "adviser",
    "adviser": "adviser",
    "ambassador": "ambassador",
    "chancellor": "chancellor",
    "senator": "senator",
    "governor": "governor",
    "chairman": "chair",
    "chair": "chair",
    "ceo": "ceo",
    "king": "king",
    "queen": "queen",
    "pope": "pope",
    "general": "general",
    "judge": "judge",
    "mayor": "mayor",
}
# Modifiers that change who holds the title; a report that adds or drops one is a discrepancy.
ROLE_MODIFIERS: dict[str, str] = {
    "former": "former",
    "ex": "former",
    "late": "late",
    "acting": "acting",
    "interim": "acting",
    "deputy": "deputy",
    "vice": "vice",
    "elect": "elect",
    "outgoing": "outgoing",
    "incoming": "incoming",
}

# Criminal charges: two reports of one case naming different charges disagree.
CHARGES: dict[str, str] = {
    "trafficking": "trafficking",
    "smuggling": "smuggling",
    "possession": "possession",
    "possessing": "possession",
    "laundering": "money laundering",
    "fraud": "fraud",
    "espionage": "espionage",
    "spying": "espionage",
    "treason": "treason",
    "murder": "murder",
    "manslaughter": "manslaughter",
    "theft": "theft",
    "corruption": "corruption",
    "bribery": "bribery",
    "embezzlement": "embezzlement",
    "terrorism": "terrorism",
    "extremism": "extremism",
    "assault": "assault",
    "hooliganism": "hooliganism",
    "sabotage": "sabotage",
    "extortion": "extortion",
}

# Verbs whose subject is the source of a statement, not part of the fact reported.
REPORTING_VERBS: frozenset[str] = frozenset(
    """
    said says say stated states told tells added adds wrote writes noted notes confirmed
    confirms announced announces declared declares posted commented claimed claims insisted
    stressed explained reported tweeted revealed acknowledged denied argued warned
    """.split()
)
