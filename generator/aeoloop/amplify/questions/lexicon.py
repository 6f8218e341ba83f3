"""English word lists read by more than one module: closed-class words, contractions and the
generic plural heads ("benefits", "best practices") that both the generic-plural rule and the
noun-phrase rules recognise.

Why: the rules decide by looking words up, so the lists *are* the grammar; keeping the shared
ones in one place means "is 'which' a determiner?" has one answer everywhere. Tables only one
rule reads (pricing headings, imperative verbs, noun-phrase heads, skip lists) live next to
that rule instead, so a rule and its table are edited together. Data only (plus one look-up
over the generic heads), so every other module can import it.
"""

# Over 400 lines on purpose: data: the English word lists the rules share (one look-up aside), so a word has one answer everywhere.
from __future__ import annotations

from collections.abc import Sequence


_EN_ARTICLES = frozenset({"the", "a", "an"})
_EN_POSSESSIVES = frozenset({"your", "our", "their", "its", "his", "her", "my"})
_EN_DETERMINERS = (
    _EN_ARTICLES
    | _EN_POSSESSIVES
    | frozenset(
        {
            "this",
            "that",
            "these",
            "those",
            "some",
            "any",
            "all",
            "most",
            "many",
            "each",
            "every",
            "no",
            "several",
            "both",
            "either",
            "neither",
            "such",
            "another",
            "other",
            "much",
            "few",
            "fewer",
        }
    )
)
_EN_SUBJECT_PRONOUNS = frozenset({"i", "you", "we", "they", "he", "she", "it"})
_EN_PRONOUNS = _EN_SUBJECT_PRONOUNS | frozenset(
    {
        "me",
        "us",
        "them",
        "him",
        "everything",
        "something",
        "nothing",
        "anything",
        "everyone",
        "someone",
        "anyone",
        "nobody",
        "itself",
        "themselves",
        "yourself",
        "yourselves",
        "ourselves",
        "myself",
        "one",
    }
)
_EN_PREPOSITIONS = frozenset(
    {
        "of",
        "for",
        "to",
        "in",
        "on",
        "with",
        "without",
        "at",
        "by",
        "from",
        "into",
        "onto",
        "about",
        "across",
        "after",
        "before",
        "between",
        "through",
        "under",
        "than",
        "as",
        "like",
        "via",
        "per",
        "vs",
        "versus",
        "against",
        "during",
        "within",
        "beyond",
        "toward",
        "towards",
        "instead",
        "among",
        "around",
        "behind",
        "beside",
        "despite",
        "except",
        "inside",
        "outside",
        "over",
        "past",
        "since",
        "throughout",
        "until",
        "upon",
    }
)
_EN_PARTICLES = frozenset({"up", "down", "out", "off", "away", "back", "apart", "together", "forward"})
_EN_CONJUNCTIONS = frozenset(
    {
        "and",
        "or",
        "but",
        "nor",
        "because",
        "if",
        "unless",
        "while",
        "whereas",
        "although",
        "though",
        "when",
        "where",
        "whether",
        "that",
        "which",
        "who",
        "whom",
        "so",
    }
)
_EN_STOPS = _EN_PREPOSITIONS | _EN_PARTICLES | _EN_CONJUNCTIONS
_EN_WH = frozenset({"what", "why", "how", "when", "where", "who", "which", "whose"})
_EN_COPULA_MODAL = frozenset(
    {
        "is",
        "are",
        "was",
        "were",
        "am",
        "can",
        "could",
        "should",
        "would",
        "will",
        "may",
        "might",
        "must",
        "shall",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "can't",
        "cannot",
        "couldn't",
        "shouldn't",
        "wouldn't",
        "won't",
        "mustn't",
    }
)
_EN_DO = frozenset({"do", "does", "did", "don't", "doesn't", "didn't"})
_EN_HAVE = frozenset({"has", "have", "had", "hasn't", "haven't", "hadn't"})
_EN_MAIN_DO_HAVE = frozenset({"do", "does", "did", "has", "have", "had"})
_EN_AUX = _EN_COPULA_MODAL | _EN_DO | _EN_HAVE | frozenset({"be", "been", "being"})
_EN_ADVERBS = frozenset(
    {
        "not",
        "now",
        "really",
        "always",
        "never",
        "still",
        "already",
        "just",
        "too",
        "very",
        "more",
        "less",
        "so",
        "even",
        "also",
        "here",
        "there",
        "then",
        "why",
        "how",
        "what",
        "when",
        "where",
        "ever",
        "often",
        "again",
        "only",
        "soon",
    }
)
_EN_CLOSED = (
    _EN_DETERMINERS
    | _EN_PRONOUNS
    | _EN_STOPS
    | _EN_WH
    | _EN_AUX
    | _EN_ADVERBS
    | frozenset({"let's", "it's", "what's", "who's", "how's", "that's", "there's", "i"})
)
_EN_CONTRACTIONS = {
    "it's": ("it", "is"),
    "that's": ("that", "is"),
    "there's": ("there", "is"),
    "he's": ("he", "is"),
    "she's": ("she", "is"),
    "you're": ("you", "are"),
    "we're": ("we", "are"),
    "they're": ("they", "are"),
    "you've": ("you", "have"),
    "we've": ("we", "have"),
    "they've": ("they", "have"),
    "i'm": ("I", "am"),
}
# Words after "how" that belong to the wh-phrase: "how long", "how much", "how accurate".
_EN_HOW_MODIFIERS = frozenset(
    {
        "much",
        "many",
        "long",
        "often",
        "far",
        "soon",
        "quickly",
        "fast",
        "big",
        "large",
        "small",
        "accurate",
        "reliable",
        "secure",
        "safe",
        "well",
        "early",
        "frequently",
        "expensive",
        "hard",
        "easy",
        "difficult",
        "good",
        "important",
        "effective",
        "different",
        "exactly",
        "precisely",
        "close",
        "likely",
        "sure",
        "old",
        "high",
        "low",
        "cheap",
        "quick",
        "sensitive",
        "precise",
    }
)
# Base verbs that usually end a clause ("why sales teams struggle"): prefer them as the verb.
_EN_INTRANSITIVE = frozenset(
    {
        "matter",
        "work",
        "fail",
        "break",
        "struggle",
        "succeed",
        "differ",
        "compare",
        "happen",
        "change",
        "apply",
        "fit",
        "scale",
        "win",
        "lose",
        "evolve",
        "exist",
        "wear",
        "last",
        "drift",
        "degrade",
        "stall",
        "churn",
        "convert",
        "rank",
        "trend",
        "vary",
        "count",
        "help",
        "pay",
        "improve",
        "grow",
        "leak",
        "overheat",
        "vibrate",
        "age",
        "die",
        "go",
        "come",
        "stop",
        "start",
    }
)
_EN_PLURAL_IRREGULAR = frozenset(
    {
        "people",
        "children",
        "men",
        "women",
        "criteria",
        "phenomena",
        "feet",
        "teeth",
        "mice",
        "spectra",
        "media",
        "analyses",
        "indices",
        "matrices",
        "stats",
    }
)
_EN_MASS_S = frozenset(
    {
        "analytics",
        "logistics",
        "economics",
        "news",
        "physics",
        "electronics",
        "mechanics",
        "diagnostics",
        "ergonomics",
        "series",
        "species",
        "means",
        "basics",
        "ethics",
        "mathematics",
    }
)


_EN_JARGON = frozenset(
    """webinar webinars ebook ebooks opex capex saas b2b b2c kpi roi seo aeo geo faq faqs
    analytics onboarding offboarding tech fintech martech adtech proptech admin plugin plugins stats
    pageview pageviews dashboard dashboards""".split()
)


_EN_COMMON_SUFFIXES = (
    "graphy",
    "ology",
    "ation",
    "ition",
    "ment",
    "ness",
    "ity",
    "ics",
    "ism",
    "ance",
    "ence",
    "able",
    "ible",
    "ive",
    "ship",
    "ware",
    "isation",
    "ization",
    "ometer",
    "ometry",
    "scopy",
)


# head -> (preposition before the topic, default article); multi-word heads are matched first.
_EN_GENERIC_HEADS: dict[str, tuple[str, str]] = {
    "benefits": ("of", "the"),
    "advantages": ("of", "the"),
    "disadvantages": ("of", "the"),
    "drawbacks": ("of", "the"),
    "downsides": ("of", "the"),
    "limitations": ("of", "the"),
    "challenges": ("of", "the"),
    "risks": ("of", "the"),
    "features": ("of", "the"),
    "capabilities": ("of", "the"),
    "components": ("of", "the"),
    "types": ("of", "the"),
    "applications": ("of", "the"),
    "examples": ("of", "some"),
    "use cases": ("for", "the"),
    "best practices": ("for", "the"),
    "practices": ("for", "the"),
    "tips": ("for", "some"),
    "requirements": ("for", "the"),
    "prerequisites": ("for", "the"),
    "mistakes": ("with", "the"),
    "pitfalls": ("with", "the"),
    "errors": ("with", "the"),
    "alternatives": ("to", "the"),
    "metrics": ("for", "the"),
    "kpis": ("for", "the"),
    "options": ("for", "the"),
    "tools": ("for", "the"),
    "trends": ("in", "the"),
    "statistics": ("about", "the"),
    "stats": ("about", "the"),
    "myths": ("about", "the"),
    "misconceptions": ("about", "the"),
    "costs": ("of", "the"),
    "considerations": ("for", "the"),
    "pros and cons": ("of", "the"),
    "dos and don'ts": ("of", "the"),
    "steps": ("for", "the"),
    "specifications": ("of", "the"),
    "specs": ("of", "the"),
    "differences": ("between", "the"),
    "success factors": ("for", "the"),
    "principles": ("of", "the"),
    "stages": ("of", "the"),
    "certifications": ("of", "the"),
    "results": ("of", "the"),
    "outcomes": ("of", "the"),
}
_EN_GENERIC_MODS = frozenset(
    {
        "key",
        "common",
        "main",
        "top",
        "core",
        "major",
        "typical",
        "hidden",
        "potential",
        "practical",
        "real-world",
        "essential",
        "important",
        "biggest",
        "frequent",
        "most",
        "system",
        "hardware",
        "software",
        "technical",
        "business",
        "operational",
        "financial",
        "security",
        "implementation",
        "deployment",
        "advanced",
        "basic",
        "minimum",
        "recommended",
        "proven",
        "general",
        "additional",
        "other",
        "unique",
        "standout",
        "notable",
        "primary",
        "critical",
        "expected",
        "upfront",
        "up-front",
        "ongoing",
        "long-term",
        "short-term",
        "total",
        "annual",
        "monthly",
        "standard",
        "optional",
        "new",
        "latest",
        "future",
        "current",
        "emerging",
        "big",
        "many",
        "various",
        "different",
        "possible",
        "real",
        "measurable",
        "tangible",
        "environmental",
    }
)
_EN_NO_ARTICLE_MODS = frozenset({"common", "typical", "frequent", "most", "many", "various", "some"})
_EN_THE_MODS = frozenset({"top", "key", "main", "core", "best", "biggest", "major", "primary"})
_EN_AVOID_HEADS = frozenset({"mistakes", "pitfalls", "errors", "traps"})


def _generic_split(lower: Sequence[str]) -> tuple[int, str] | None:
    """Index where a generic head ('benefits', 'best practices') starts, if the heading ends with one."""
    for head in sorted(_EN_GENERIC_HEADS, key=lambda x: -len(x.split())):
        words = head.split()
        if len(lower) >= len(words) and list(lower[-len(words) :]) == words:
            return len(lower) - len(words), head
    return None


_EN_MASS_SUFFIXES = (
    "tion",
    "sion",
    "ment",
    "ing",
    "ity",
    "ness",
    "ance",
    "ence",
    "cy",
    "ship",
    "ics",
    "ism",
    "ware",
    "sis",
    "ogy",
    "graphy",
    "try",
    "age",
    "ure",
)
_EN_MASS_WORDS = frozenset(
    """data maintenance security research software hardware downtime uptime content feedback
    knowledge information equipment traffic access quality value power search retention
    compliance voice vibration wear noise heat friction""".split()
)


# Verbs headings use as orders ('Choose the right sensors'): the imperative rule reads them as
# verbs, and a page name spelled like one of them ('Enable', 'Add') is not kept capitalised.
_EN_IMPERATIVES = frozenset(
    """choose build measure set start avoid plan track pick define create write use run install
    calibrate review train prioritise prioritize select compare monitor identify reduce improve
    increase cut prevent detect analyse analyze optimise optimize automate connect integrate
    configure deploy test validate document estimate calculate collect gather prepare schedule map
    align assess evaluate audit benchmark launch scale get make find keep stop fix replace upgrade
    migrate secure protect design implement establish involve report share check inspect mount
    place size budget justify earn capture convert grow boost lower minimise minimize maximise
    maximize focus interpret visualise visualize label tag present link combine apply adopt
    tune adjust record log""".split()
)

# Verbs documentation uses as imperatives even where the word can also be a noun ('Track
# checkouts', 'Group pages', 'List commits'): with a bare noun after them they are read as verbs.
_EN_DOC_IMPERATIVES = frozenset(
    """add edit delete remove enable disable exclude include import export invite share pin block
    filter switch transfer verify insert paste embed send trigger attach narrow customize customise
    allow require generate clone list duplicate dump override parse render toggle count display grab
    reach repeat specify update upgrade downgrade cancel pay explore access opt sort group search
    change reset restore rename move copy merge split sync push pull fetch stash squash rebase revert
    undo redo show hide open close load save print format convert sign wrap turn enforce cast query
    rollback disambiguate determine evaluate execute compute lint mock salt hash wipe kill jump skip
    tell pause resume stop restart refresh reload watch enumerate forward expect prevent avoid
    resolve reference mark highlight untrack ignore capture write read clean clear empty go return
    proxy tag source spread union authorize annotate dedent override resurface focus provide
    retrieve schedule select set start submit support throttle type lighten darken obtain purge
    manage migrate define access break connect round limit output dedent diff treat leverage extract checkout trim""".split()
)
