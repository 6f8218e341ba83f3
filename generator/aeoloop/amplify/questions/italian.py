"""The Italian rule table ``IT_RULES`` and its rules.

Why: Italian headings follow different patterns from English ones (bare "Come funziona",
infinitives "Configurare il sensore", "X e Y a confronto"), so they get their own ordered table;
articles and agreement come from ``italian_grammar``.
"""

from __future__ import annotations

import re
from typing import Final

from .detect import _IT_PREPOSITIONS, _rule_question
from .heading import NOT_FAQ, Heading, Rule, RuleResult, make_heading
from .italian_grammar import (
    _IT_ARTICLES,
    _glue,
    _it_article,
    _it_head,
    _it_indefinite,
    _it_is_feminine,
    _it_np,
    _it_participle,
    _it_topic,
    _it_with_prep,
)
from .skip import _rule_skip
from .text import _EDGE_PUNCT, _bare, _finish, _is_acronym, _join, _list_phrase, _split_versus, _strip_end


# Countable heads that take "un/una" in a definition question ("Che cos'è un sistema di allarme?").
_IT_COUNT = frozenset(
    """sistema sensore gateway piattaforma dashboard cruscotto progetto modello strumento
    dispositivo accelerometro algoritmo indicatore kpi contratto fornitore gemello programma
    processo metodo standard allarme""".split()
)
_IT_PROCESS = frozenset(
    """integrazione installazione calibrazione configurazione implementazione migrazione
    attivazione fatturazione sincronizzazione messa""".split()
)
_IT_SECURITY = frozenset("sicurezza privacy riservatezza conformità protezione".split())
_IT_ARTICULATED = frozenset("del dello della dell' dei degli delle al allo alla all' ai agli alle".split())


_IT_BARE_QUESTIONS = {
    "come funziona": "Come funziona {t}",
    "quanto costa": "Quanto costa {t}",
    "a cosa serve": "A cosa serve {t}",
    "perché conviene": "Perché conviene {t}",
    "cos'è": "Che cos'è {t}",
    "che cos'è": "Che cos'è {t}",
    "cosa è": "Che cos'è {t}",
    "come si installa": "Come si installa {t}",
    "come si configura": "Come si configura {t}",
}


def _rule_bare_question_it(h: Heading) -> RuleResult:
    """'Come funziona' under the heading of a page about X -> 'Come funziona X?' (self-contained)."""
    template = _IT_BARE_QUESTIONS.get(_strip_end(h.key))
    if template is None or not h.topic:
        return None
    phrase, _, plural = _it_topic(h.topic)
    question = template.format(t=phrase)
    if plural:
        question = (
            question.replace("funziona ", "funzionano ")
            .replace("costa ", "costano ")
            .replace("Che cos'è ", "Che cosa sono ")
        )
    return _finish(question)


def _rule_versus_it(h: Heading) -> RuleResult:
    """'X vs Y' / 'X e Y a confronto' -> 'Qual è la differenza tra X e Y?'."""
    spans = _split_versus(h.lower)
    if spans:
        items = [_join(h.cased[a:b]) for a, b in spans]
        return _finish(f"Qual è la differenza tra {_list_phrase(items, 'e')}")
    lower = h.lower
    if len(lower) >= 5 and lower[-2:] == ("a", "confronto") and "e" in lower[1:-2]:
        return _finish(f"Qual è la differenza tra {_join(h.cased[:-2])}")
    if len(lower) >= 4 and lower[0] == "confronto" and lower[1] in {"tra", "fra"}:
        return _finish(f"Qual è la differenza tra {_join(h.cased[2:])}")
    return None


_IT_PRICING = frozenset(
    {
        "prezzi",
        "prezzo",
        "costi",
        "costo",
        "listino",
        "listino prezzi",
        "tariffe",
        "piani e prezzi",
        "prezzi e piani",
        "piani tariffari",
        "costi e prezzi",
        "prezzi e costi",
        "abbonamenti",
    }
)


def _rule_pricing_it(h: Heading) -> RuleResult:
    """'Prezzi' / 'Costi' / 'Prezzo' -> 'Quanto costa <topic>?' (costano for plural topics)."""
    if h.key not in _IT_PRICING:
        return None
    phrase, _, plural = _it_topic(h.topic)
    if not phrase:
        return _finish("Quanto costa")
    return _finish(f"Quanto {'costano' if plural else 'costa'} {phrase}")


def _rule_topic_heading_it(h: Heading) -> RuleResult:
    """'Panoramica' -> 'Che cos'è <topic>?', 'Per iniziare' -> 'Come si inizia con <topic>?'."""
    key = h.key
    phrase, _, plural = _it_topic(h.topic)
    if key in {"panoramica", "definizione", "in poche parole", "spiegazione"}:
        if not phrase:
            return NOT_FAQ
        return _finish(f"Che cosa sono {phrase}" if plural else f"Che cos'è {phrase}")
    if key in {"per iniziare", "primi passi", "iniziare", "guida introduttiva", "come iniziare"}:
        return _finish(f"Come si inizia con {phrase}") if phrase else NOT_FAQ
    if key in {"funzionamento", "come funziona"}:
        if not phrase:
            return NOT_FAQ
        return _finish(f"Come {'funzionano' if plural else 'funziona'} {phrase}")
    if key in {"installazione", "configurazione"} and phrase and not _it_topic(h.topic)[1]:
        verb = "installa" if key == "installazione" else "configura"
        return _finish(f"Come si {verb} {phrase}")
    if key in {"integrazioni", "integrazione"}:
        if not phrase:
            return NOT_FAQ
        return _finish(f"Con quali sistemi si integra {phrase}")
    return None


# head -> preposition before the topic
_IT_GENERIC_HEADS: dict[str, tuple[str, bool, bool]] = {
    # head: (preposition, plural, feminine)
    "vantaggi": ("di", True, False),
    "svantaggi": ("di", True, False),
    "benefici": ("di", True, False),
    "limiti": ("di", True, False),
    "rischi": ("di", True, False),
    "sfide": ("di", True, True),
    "caratteristiche": ("di", True, True),
    "funzionalità": ("di", True, True),
    "esempi": ("di", True, False),
    "casi d'uso": ("di", True, False),
    "applicazioni": ("di", True, True),
    "tipologie": ("di", True, True),
    "tipi": ("di", True, False),
    "requisiti": ("per", True, False),
    "prerequisiti": ("per", True, False),
    "consigli": ("per", True, False),
    "suggerimenti": ("per", True, False),
    "best practice": ("per", True, True),
    "buone pratiche": ("per", True, True),
    "errori": ("in", True, False),
    "alternative": ("a", True, True),
    "pro e contro": ("di", True, False),
    "metriche": ("di", True, True),
    "strumenti": ("per", True, False),
    "costi": ("di", True, False),
    "componenti": ("di", True, False),
    "specifiche": ("di", True, True),
    "fasi": ("di", True, True),
    "vantaggi e svantaggi": ("di", True, False),
}


def _rule_generic_plural_it(h: Heading) -> RuleResult:
    """'Errori comuni' -> 'Quali sono gli errori comuni nella manutenzione predittiva?'."""
    lower = list(h.lower)
    offset = 1 if lower and lower[0] in {"i", "gli", "le"} else 0
    lower = lower[offset:]
    for head, (prep, _, feminine) in sorted(_IT_GENERIC_HEADS.items(), key=lambda kv: -len(kv[0].split())):
        words = head.split()
        m = len(words)
        for start in range(len(lower) - m + 1):
            if lower[start : start + m] == words:
                others = lower[:start] + lower[start + m :]
                bad = [
                    w
                    for w in others
                    if w in _IT_ARTICLES or "'" in w or (w in _IT_PREPOSITIONS and w not in {"di", "da"})
                ]
                if bad or any(w in _IT_ADVERBS for w in others):
                    return None
                cased = list(h.cased[offset:])
                article = _it_article(cased[0], True, feminine)
                phrase = _glue(article, " ".join(cased))
                if prep == "di" and "di" in others:
                    return _finish(f"Quali sono {phrase}")  # 'Tipi di manutenzione': already specific
                if not h.topic:
                    return NOT_FAQ
                return _finish(f"Quali sono {phrase} {_it_with_prep(prep, h.topic)}")
    return None


_IT_NOT_INFINITIVE = frozenset(
    """mare solare lunare polare popolare particolare molecolare modulare cellulare lineare nucleare
    familiare similare militare elementare complementare parlamentare affare altare collare
    esemplare scolare secolare carattere potere dovere piacere mestiere cantiere quartiere
    ingegnere genere corriere bicchiere cavaliere consigliere infermiere cameriere sedere
    share care compare prepare aware square spare rare flare declare hardware software firmware
    middleware malware desire empire sire emire ire fire""".split()
)
_IT_INFINITIVE = re.compile(r"[a-zàèéìòù]{2,}(?:(?:are|ere|ire|rre)|(?:ar|er|ir|rr)(?:si|lo|la|li|le|ne|ci|vi|glielo))")
_IT_IMPERATIVES: dict[str, str] = {
    "scegli": "scegliere",
    "definisci": "definire",
    "evita": "evitare",
    "pianifica": "pianificare",
    "inizia": "iniziare",
    "crea": "creare",
    "usa": "usare",
    "utilizza": "utilizzare",
    "installa": "installare",
    "calibra": "calibrare",
    "monitora": "monitorare",
    "imposta": "impostare",
    "configura": "configurare",
    "controlla": "controllare",
    "prepara": "preparare",
    "raccogli": "raccogliere",
    "analizza": "analizzare",
    "confronta": "confrontare",
    "stabilisci": "stabilire",
    "riduci": "ridurre",
    "migliora": "migliorare",
    "coinvolgi": "coinvolgere",
    "collega": "collegare",
    "registra": "registrare",
    "attiva": "attivare",
    "monta": "montare",
    "calcola": "calcolare",
    "valuta": "valutare",
    "costruisci": "costruire",
    "misura": "misurare",
    "traccia": "tracciare",
    "ottimizza": "ottimizzare",
    "automatizza": "automatizzare",
    "integra": "integrare",
    "proteggi": "proteggere",
    "scopri": "scoprire",
    "impara": "imparare",
    "aumenta": "aumentare",
    "previeni": "prevenire",
    "individua": "individuare",
    "documenta": "documentare",
}
_IT_IMPERATIVE_OBJECT = _IT_ARTICLES | {"i", "gli", "le", "un", "una", "uno", "il", "lo", "la"}


def _rule_infinitive_it(h: Heading) -> RuleResult:
    """'Configurare il sensore' -> 'Come configurare il sensore?'; 'Scegli il sensore' -> 'Come scegliere ...?'."""
    first = h.lower[0]
    cased = list(h.cased)
    if (
        len(h.lower) >= 2
        and _IT_INFINITIVE.fullmatch(first)
        and first not in _IT_NOT_INFINITIVE
        and not (first.endswith("ware") or (first.endswith("iere") and not first.endswith("gliere")))
    ):
        return _finish(_join("Come", cased))
    infinitive = _IT_IMPERATIVES.get(first)
    if (
        infinitive
        and len(h.lower) >= 2
        and (
            h.lower[1] in _IT_IMPERATIVE_OBJECT
            or h.lower[1].startswith(("l'", "un'"))
            or first not in {"misura", "traccia", "crea"}
        )
    ):
        return _finish(_join("Come", infinitive, cased[1:]))
    return None


_IT_FINITE = frozenset(
    """è sono ha hanno può possono deve devono serve servono conviene convengono funziona funzionano
    costa costano fa fanno cambia cambiano migliora migliorano riduce riducono aumenta aumentano
    permette permettono consente consentono offre offrono aiuta aiutano diventa diventano resta
    restano vale valgono era erano sarà saranno c'è""".split()
)
_IT_PRONOUNS = frozenset("io tu lui lei noi voi loro ti ci vi mi si ne".split())
_IT_ADVERBS = frozenset("solo soltanto sempre mai già ancora davvero troppo nessuna nessun nessuno".split())
_IT_POSSESSIVES = frozenset("nostro nostra nostri nostre tuo tua tuoi tue vostro vostra vostri vostre".split())
_IT_PROBLEM_MODS = frozenset(
    """male sbagliato sbagliata sbagliati sbagliate errato errata errati errate scorretto scorretta
    scorretti scorrette insufficiente insufficienti mancante mancanti falso falsa falsi false""".split()
)
_IT_RELATIONAL_HEADS = frozenset("costo prezzo durata impatto valore ruolo ritorno tempo roi tco".split())
_IT_SPLIT_ARTICULATED = {
    "del": "il",
    "dello": "lo",
    "della": "la",
    "dei": "i",
    "degli": "gli",
    "delle": "le",
}
_IT_RELATIONAL = (
    "roi",
    "durata",
    "costo",
    "prezzo",
    "impatto",
    "valore",
    "ritorno sull'investimento",
    "ritorno dell'investimento",
    "tempo di ritorno",
    "costo totale di possesso",
    "tco",
    "durata della batteria",
    "periodo di ammortamento",
)


def _rule_noun_phrase_it(h: Heading) -> RuleResult:
    """'Vantaggi della ...' -> 'Quali sono i vantaggi della ...?'; 'Analisi delle vibrazioni' ->
    'Che cos'è l'analisi delle vibrazioni?'; 'Sensori wireless' -> 'Che cosa sono i sensori wireless?'."""
    lower = h.lower
    if any(w in _IT_FINITE or w in _IT_PRONOUNS or w in _IT_ADVERBS for w in lower):
        return NOT_FAQ
    if lower[0] in _IT_POSSESSIVES or (len(lower) > 1 and lower[1] in _IT_POSSESSIVES):
        return NOT_FAQ
    if lower[0] in _IT_PREPOSITIONS:
        return NOT_FAQ
    cased = list(h.cased)
    for suffix in (("in", "breve"), ("in", "sintesi"), ("in", "pillole"), ("spiegato",), ("spiegata",)):
        if len(lower) > len(suffix) and tuple(lower[-len(suffix) :]) == suffix:
            inner = make_heading(" ".join(h.tokens[: -len(suffix)]), topic=h.topic, lang="it")
            return _rule_noun_phrase_it(inner)
    has_article = lower[0] in _IT_ARTICLES or lower[0].startswith(("l'", "un'"))
    body = lower[1:] if has_article and lower[0] in _IT_ARTICLES else lower
    head = _bare(_it_head(body)) if body else lower[0]
    if head.startswith("l'"):
        head = head[2:]
    topic_words = {w.strip(_EDGE_PUNCT).lower() for w in h.topic.split() if w[:1].isupper()}
    if len(lower) == 1 and lower[0] in topic_words and not _is_acronym(h.tokens[0]):
        return _finish(f"Che cos'è {h.tokens[0]}")
    phrase, plural = _it_np(cased)
    feminine = _it_is_feminine(head, plural)
    topic_phrase, _, _ = _it_topic(h.topic)
    if head == "importanza" and len(body) >= 3 and body[1] in _IT_SPLIT_ARTICULATED:
        rest = " ".join(cased[len(lower) - len(body) + 2 :])
        return _finish(f"Perché è importante {_glue(_IT_SPLIT_ARTICULATED[body[1]], rest)}")
    if head == "importanza" and len(body) >= 2 and body[1].startswith("dell'"):
        rest = " ".join(cased[len(lower) - len(body) + 1 :])
        return _finish(f"Perché è importante l'{rest[5:]}")
    if h.key in _IT_RELATIONAL or head in _IT_RELATIONAL_HEADS:
        complement = len(body) > 1
        if head == "ruolo":
            target = f" {_it_with_prep('in', h.topic)}" if h.topic and "in" not in lower else ""
        else:
            target = (
                f" {_it_with_prep('di', h.topic)}" if h.topic and (not complement or h.key in _IT_RELATIONAL) else ""
            )
        return _finish(f"Qual è {phrase}{target}")
    if any(w in _IT_PROBLEM_MODS for w in body[1:]):
        return _finish(f"Perché {phrase} {'sono' if plural else 'è'} un problema")
    if head in _IT_SECURITY:
        if not h.topic:
            return _finish(f"Come si gestisce {phrase}")
        if not _it_topic(h.topic)[1]:
            return _finish(f"Come gestisce {topic_phrase} {phrase}")
        verb = "vengono" if plural else "viene"
        return _finish(f"Come {verb} {_it_participle(plural, feminine)} {phrase} {_it_with_prep('in', h.topic)}")
    if head in _IT_PROCESS:
        return _finish(f"Come {'funzionano' if plural else 'funziona'} {phrase}")
    if plural:
        relational = (
            len(body) > 1
            and body[1] in _IT_ARTICULATED
            or any(w.startswith(("dell'", "all'", "nell'", "sull'")) for w in body[1:2])
        )
        return _finish(f"Quali sono {phrase}" if relational else f"Che cosa sono {phrase}")
    if not has_article and head in _IT_COUNT:
        article = _it_indefinite(cased[0], feminine)
        return _finish(f"Che cos'è {_glue(article, ' '.join(cased))}")
    return _finish(f"Che cos'è {phrase}")


IT_RULES: Final[tuple[tuple[str, Rule], ...]] = (
    ("skip", _rule_skip),
    ("bare_question", _rule_bare_question_it),
    ("question", _rule_question),
    ("versus", _rule_versus_it),
    ("pricing", _rule_pricing_it),
    ("topic_heading", _rule_topic_heading_it),
    ("generic_plural", _rule_generic_plural_it),
    ("infinitive", _rule_infinitive_it),
    ("noun_phrase", _rule_noun_phrase_it),
)
