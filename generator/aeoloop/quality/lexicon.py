"""Word lists the quality contract reads, per language.

Why a table and not a model: the contract must give the same verdict on every machine and be
explainable to a writer in one sentence ("it opens with 'These'"). A language without an entry
gets only the checks that need no words (length, punctuation, markup, duplicates).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lexicon:
    question_starts: frozenset[str]  # a typed question opens with one of these (wh-words, auxiliaries)
    inverted: bool  # English inverts ("Does X …?"); Italian may not ("Il CMMS funziona offline?")
    references: frozenset[str]  # an opening word that points back at text the reader has not seen
    reference_phrases: tuple[str, ...]  # opening phrases with the same effect
    connectors: frozenset[str]  # an opening word that continues an argument made elsewhere
    position: tuple[str, ...]  # regex alternatives: words that point at a place on the page
    stop: frozenset[str]  # words that carry no subject (for "shares key terms")
    copulas: frozenset[str]  # verbs that define: "X is …", "X means …"
    what_is: str  # regex of "What is/are X?" with a group named x
    count_words: dict[str, int]  # "three" → 3, for "N steps" announcements
    list_nouns: str  # regex alternatives: nouns that announce items ("steps", "ways")
    # Words one of which every match of ``position`` holds, in lower case: a text with none of them is
    # not searched (the search tries every alternative at every word; most sentences hold no mark).
    # Empty: every text is searched. Each alternative of ``position`` must name one (tests).
    position_marks: tuple[str, ...] = ()


_EN_STOP = frozenset(
    "a an the of to in on for and or with by at from into about as is are was were be been being am do does did "
    "doing done has have had having can could should would will shall may might must not no yes it its it's this "
    "that these those they them their there here i me my we us our you your he she his her what why how when "
    "where which who whom whose if then than so but also just only very more most less much many some any all "
    "each every both other another such own same too vs versus via per up down out over under again use used "
    "using uses get gets make makes work works need needs way ways thing things".split()
)

EN = Lexicon(
    question_starts=frozenset(
        "what what's whats why how how's when where which who whom whose is are was were am do does did can could "
        "should would will shall may might must has have had isn't aren't wasn't weren't don't doesn't didn't "
        "can't couldn't shouldn't wouldn't won't haven't hasn't".split()
    ),
    inverted=True,
    references=frozenset(
        "this these that that's those it its it's it'll it'd they they're they've they'll they'd them their theirs such "
        "here hereby thereby".split()
    ),
    reference_phrases=(
        "the above",
        "the following",
        "the former",
        "the latter",
        "as mentioned",
        "as noted",
        "as described",
        "as shown",
        "as explained",
        "as discussed",
        "as we saw",
        "as you can see",
        "like this",
        "in this case",
        "in that case",
        "in this example",
        "for this reason",
        "because of this",
        "to do this",
        "to do so",
        "once you've done that",
        "once done",
        "with that",
        "after that",
    ),
    connectors=frozenset(
        "also however but and so then instead otherwise therefore thus hence additionally furthermore moreover "
        "finally similarly likewise meanwhile besides still yet anyway plus or nor second secondly third thirdly "
        "next lastly alternatively conversely".split()
    ),
    position=(
        r"\b(?:shown|listed|described|mentioned|explained|outlined|given|noted|linked|seen|see|found|discussed|"
        r"example|table|list|steps|code|section|image|figure|diagram|screenshot|command|snippet|chart|links?|as|did|done)"
        r" (?:above|below)\b",
        r"\bthe (?:above|below)\b",
        # "go through the process above again", "The integrations below are …": a named thing placed
        # above/below, at the end of its clause (not "the value below 10", "drops below freezing").
        r"\bthe (?:[\w-]+ ){1,2}(?:above|below)(?=\s*(?:[.,;:!?)]|$|(?:again|are|is|and|to|will|can|should|for|"
        r"in|on|with|was|were|have|has|work|show|shows|help|let|lets|describe|describes|explain|explains)\b))",
        r"\bthe following\b(?![^.:]{0,30}:\s*\S)(?! (?:day|days|week|weeks|month|months|year|years|morning|evening|night|hour|hours|"
        r"minute|minutes|spring|summer|autumn|fall|winter|season|quarter|release|version)\b)",
        r"\bas follows\b",
        r"\bthis (?:page|article|guide|section|tutorial|post|doc|document|chapter|til|note|video)\b",
        r"\b(?:next|previous|following|last|earlier|later) (?:section|step|page|chapter|paragraph)\b",
        r"\b(?:click|see|look) here\b",
        r"\bhere's how\b",
        r"\bhere is how\b",
    ),
    position_marks=(
        "above",
        "below",
        "follow",
        "this ",
        "section",
        "step",
        "page",
        "chapter",
        "paragraph",
        " here",
        "here's how",
        "here is how",
    ),
    stop=_EN_STOP,
    copulas=frozenset(
        "is are was were means mean refers refer measures measure counts count describes describe represents "
        "represent stands stand defines define denotes denote equals equal shows show tells tell lets let helps "
        "help allows allow gives give includes include tracks track".split()
    ),
    what_is=r"^(?:what|what's|whats)\s+(?:is|are|'s)?\s*(?:an?\s+|the\s+)?(?P<x>[^?]{1,60})\?$",
    count_words={
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "several": 2,
        "a few": 2,
        "a couple of": 2,
    },
    list_nouns=(
        r"steps|ways|things|mechanisms|reasons|options|types|kinds|methods|tips|rules|parts|stages|phases"
        r"|categories|benefits|features|questions|principles|levels|factors|components|modes|tools|items"
        r"|approaches|strategies|pillars|criteria|requirements|conditions|cases|scenarios|groups|choices"
    ),
)

_IT_STOP = frozenset(
    "il lo la i gli le un una uno di a da in con su per tra fra e o che come perché quando cosa cos'è del della dei "
    "delle degli al alla ai alle nel nella nei nelle è sono si non ne ci questo questa questi queste quello quella "
    "quelli quelle chi dove quale quali quanto quanti quanta quante qual mi ti vi suo sua suoi sue loro nostro "
    "nostra vostro vostra anche solo più meno molto molti ogni tutto tutti altro altri essere avere fare può "
    "possono deve devono viene vengono".split()
)

IT = Lexicon(
    question_starts=frozenset(
        "cosa cos'è che come perché quando dove quale quali quanto quanti quanta quante chi qual qual'è è sono "
        "posso può possono si serve servono esiste esistono conviene bisogna devo deve ha hanno".split()
    ),
    inverted=False,
    references=frozenset(
        "questo questa questi queste quello quella quelli quelle ciò esso essa essi esse tale tali qui qua".split()
    ),
    reference_phrases=(
        "come detto",
        "come visto",
        "come indicato",
        "come descritto",
        "come mostrato",
        "in questo caso",
        "per questo motivo",
        "a tal fine",
        "per farlo",
        "fatto ciò",
    ),
    connectors=frozenset(
        "inoltre però ma e quindi anche invece altrimenti dunque infine poi perciò tuttavia comunque oppure".split()
    ),
    position=(
        r"(?:indicat[oaie]|descritt[oaie]|mostrat[oaie]|elencat[oaie]|vist[oaie]|riportat[oaie]) "
        r"(?:sopra|sotto|più avanti|in precedenza)",
        r"\b(?:qui|di) (?:sotto|sopra)\b",
        r"\bseguent[ei]\b",
        r"\bcome segue\b",
        r"\bquest[oa] (?:pagina|articolo|guida|sezione|capitolo)\b",
        r"\b(?:prossim[oa]|precedente) (?:sezione|passo|pagina|capitolo)\b",
    ),
    stop=_IT_STOP,
    copulas=frozenset(
        "è sono significa indica misura conta descrive rappresenta definisce consente permette aiuta mostra".split()
    ),
    what_is=r"^(?:che\s+)?(?:cos'è|cosa\s+(?:è|sono|significa)|che\s+cos'è)\s+(?:il\s+|lo\s+|la\s+|l'|i\s+|gli\s+|le\s+|un\s+|una\s+|uno\s+)?(?P<x>[^?]{1,60})\?$",
    count_words={
        "due": 2,
        "tre": 3,
        "quattro": 4,
        "cinque": 5,
        "sei": 6,
        "sette": 7,
        "otto": 8,
        "nove": 9,
        "dieci": 10,
    },
    list_nouns=r"passi|passaggi|modi|motivi|opzioni|tipi|metodi|consigli|regole|fasi|categorie|vantaggi|funzioni"
    r"|domande|principi|livelli|fattori|componenti|strumenti|criteri|requisiti|casi",
)

LEXICONS: dict[str, Lexicon] = {"en": EN, "it": IT}

# English only: base-form verbs that open instructions ("Import stats from …"). After "What is/are"
# they show that an imperative heading was forced into a definition question.
IMPERATIVE_VERBS = frozenset(
    "add allow apply assign attach avoid block build cancel change check choose click configure connect copy create "
    "customize define delete deploy disable display download edit embed enable exclude export filter find fix "
    "generate get give grant hide import include install integrate invite keep learn link make manage merge migrate "
    "monitor move open pass paste pause pick prevent read remove rename replace request reset restore run save "
    "schedule search see select send set setup share show sign skip sort start stop submit switch sync test track "
    "transfer try turn unlink update upgrade upload use validate verify view visit write specify insert go navigate "
    "enter ensure follow let limit".split()
)

# Verbs that are rarely nouns: after "What is/are (the)" they show an instruction heading was forced
# into a definition question ("What are the exclude specific segments …?").
UNAMBIGUOUS_VERBS = frozenset(
    "add allow apply assign attach avoid cancel choose click configure connect create customize define delete deploy "
    "disable embed enable ensure enter exclude follow generate get give go grant hide include insert install "
    "integrate invite keep learn let manage migrate navigate prevent remove rename replace select send specify "
    "submit unlink validate verify".split()
)

# Words after an "-ing" form that show a clause ("Plugin token showing as invalid", "Funnel showing no data").
CLAUSE_AFTER_ING = frozenset("as up in on no not to the a an zero wrong incorrect incorrectly twice nothing".split())

# Words that follow a verb, not a noun: "What is give your accounting team …?" is an instruction.
OBJECT_STARTERS = frozenset(
    "your my our their his her its the a an all this that these those every each some multiple any".split()
)

# English only: finite verbs that show a clause ("Funnel shows no data") sits where "What is X?"
# expects a noun phrase.
FINITE_VERBS = frozenset(
    "is are was were has have does do doesn't don't isn't aren't wasn't weren't can can't cannot will won't "
    "should shouldn't must shows returns fails works appears happens needs contains runs stops looks takes "
    "gets makes sends loads breaks changes says goes comes seems becomes keeps displays reports counts tracks "
    "misses drops differs".split()
)

# "Each requires a short setup step.", "Both work offline.": a quantifier standing for things named before.
QUANTIFIERS = frozenset("each both either neither another".split())

SINGULAR_DETERMINERS = frozenset("a an this that it one each every".split())
PLURAL_DETERMINERS = frozenset("these those they we you i both many several".split())
