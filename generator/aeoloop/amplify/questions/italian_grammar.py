"""Italian number, gender and articles from suffix heuristics (no lexicon, no model).

Why: an Italian question needs the right article and preposition ("l'analisi", "gli errori",
"nella manutenzione predittiva"), which depend on the head noun's gender and number; word
endings plus a few exception lists get that right for the vocabulary headings actually use.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .text import _EDGE_PUNCT, _bare, _is_acronym, _strip_end, _topic_name_like


_IT_VOWELS = "aeiouàèéìíòóùúh"
_IT_LO_START = re.compile(r"^(?:s[^aeiouàèéìòù]|z|gn|ps|pn|x|y|i[aeiou])")
_IT_MASC_A = frozenset(
    "sistema problema schema programma tema clima diagramma dilemma panorama enigma teorema sintomo".split()
)
_IT_FEM_O = frozenset("mano foto radio moto auto eco dinamo".split())
_IT_MASC_ICE = frozenset("indice codice pollice vertice apice".split())
_IT_E_SINGULAR = frozenset(
    """chiave rete parte fase classe fonte mente gente base nome mese pane fine sede legge nave
    torre voce luce carne valle pelle notte arte fronte dote sorte morte sete fame febbre pace
    croce neve serie specie superficie carattere fiume ponte dente pesce cane latte""".split()
)
_IT_FEM_I_PLURAL = frozenset("chiavi reti parti fasi classi fonti basi menti leggi sedi navi torri voci luci".split())
_IT_SI_PLURAL = frozenset("mesi paesi pesi casi usi processi".split())
_IT_E_MASC = frozenset("nome mese pane fiume ponte dente pesce cane latte carattere".split())
_IT_ACRONYM_VOWEL_LETTERS = "AEFHILMNORSX"
# English loanwords ending in -e: singular, masculine unless listed as feminine.
_IT_LOAN_MASC = frozenset(
    """software hardware firmware middleware malware database device service edge machine update
    upgrade feature engine file template timeline roadmap""".split()
)
_IT_LOAN_FEM = frozenset("performance compliance governance supply chain".split())
_IT_PRENOMINAL = frozenset(
    """principali principale nuovi nuove nuovo nuova migliori migliore buone buoni buona buon
    grandi grande piccoli piccole primi prime primo prima ultimi ultime diversi diverse vari varie
    alcuni alcune veri vere falsi false tanti tante pochi poche""".split()
)
_IT_ARTICLES = frozenset({"il", "lo", "la", "i", "gli", "le", "un", "uno", "una"})


def _it_is_plural(word: str) -> bool:
    word = word.lower()
    if word.endswith(("isi", "esi", "osi")) and not word.endswith("ssi"):
        return word in _IT_SI_PLURAL
    if word.endswith("i"):
        return True
    if word.endswith("e"):
        if word in _IT_E_SINGULAR:
            return False
        if word in _IT_LOAN_MASC or word in _IT_LOAN_FEM:
            return False
        return not word.endswith(
            ("ione", "ore", "ale", "ile", "ente", "ante", "ice", "ume", "ame", "ere", "ese", "are", "ware")
        )
    return False


def _it_is_feminine(word: str, plural: bool) -> bool:
    word = word.lower()
    if plural:
        if word.endswith("e"):
            return True
        if word in _IT_FEM_I_PLURAL or word.endswith(("ioni", "tà")):
            return True
        return False
    if word.endswith("a"):
        return word not in _IT_MASC_A
    if word.endswith(("à", "ù")):
        return True
    if word.endswith("o"):
        return word in _IT_FEM_O
    if word.endswith(("isi", "esi", "osi")):
        return True
    if word.endswith("e"):
        if word.endswith("ione"):
            return True
        if word.endswith("ice"):
            return word not in _IT_MASC_ICE
        if word in _IT_LOAN_FEM:
            return True
        if (
            word in _IT_E_MASC
            or word in _IT_LOAN_MASC
            or word.endswith(("ore", "ale", "ile", "ente", "ante", "one", "ere", "ume", "ame", "are", "ware"))
        ):
            return False
        return True
    return False


def _it_article(first: str, plural: bool, feminine: bool) -> str:
    """Definite article for a noun phrase starting with `first` ('l'' is returned without space)."""
    bare = first.strip(_EDGE_PUNCT)
    if _is_acronym(bare):
        vowel = bare[:1].upper() in _IT_ACRONYM_VOWEL_LETTERS
        if plural:
            return "le" if feminine else ("gli" if vowel else "i")
        return "l'" if vowel else ("la" if feminine else "il")
    low = bare.lower()
    vowel = low[:1] in _IT_VOWELS
    if plural:
        if feminine:
            return "le"
        return "gli" if vowel or _IT_LO_START.match(low) else "i"
    if vowel:
        return "l'"
    if feminine:
        return "la"
    return "lo" if _IT_LO_START.match(low) else "il"


_IT_MERGE = {
    "di": {"il": "del", "lo": "dello", "la": "della", "l'": "dell'", "i": "dei", "gli": "degli", "le": "delle"},
    "a": {"il": "al", "lo": "allo", "la": "alla", "l'": "all'", "i": "ai", "gli": "agli", "le": "alle"},
    "da": {"il": "dal", "lo": "dallo", "la": "dalla", "l'": "dall'", "i": "dai", "gli": "dagli", "le": "dalle"},
    "in": {"il": "nel", "lo": "nello", "la": "nella", "l'": "nell'", "i": "nei", "gli": "negli", "le": "nelle"},
    "su": {"il": "sul", "lo": "sullo", "la": "sulla", "l'": "sull'", "i": "sui", "gli": "sugli", "le": "sulle"},
}


def _glue(article: str, phrase: str) -> str:
    return f"{article}{phrase}" if article.endswith("'") else f"{article} {phrase}"


def _it_head(words: Sequence[str]) -> str:
    for word in words:
        if _bare(word) not in _IT_PRENOMINAL:
            return word
    return words[0]


def _it_indefinite(first: str, feminine: bool) -> str:
    low = first.strip(_EDGE_PUNCT).lower()
    vowel = low[:1] in _IT_VOWELS
    if feminine:
        return "un'" if vowel else "una"
    return "uno" if _IT_LO_START.match(low) else "un"


def _it_np(words: Sequence[str]) -> tuple[str, bool]:
    """('l'analisi delle vibrazioni', plural?) — the phrase with its definite article."""
    first = words[0]
    if _bare(first) in _IT_ARTICLES or _bare(first).startswith(("l'", "un'")):
        head = _bare(words[1]) if len(words) > 1 else _bare(first)
        return " ".join(words), _bare(first) in {"i", "gli", "le"} or _it_is_plural(head)
    head_token = _it_head(words)
    head = _bare(head_token)
    plural = _it_is_plural(head) and not _is_acronym(head_token)
    feminine = _it_is_feminine(head, plural)
    article = _it_article(first, plural, feminine)
    return _glue(article, " ".join(words)), plural


def _it_topic(topic: str) -> tuple[str, str, bool]:
    """(topic with article, article, plural) — names get no article: ('Acme', '', False)."""
    topic = _strip_end(topic)
    if not topic:
        return "", "", False
    if _topic_name_like(topic) and not _IT_TOPIC_COMMON.match(topic):
        return topic, "", False
    words = topic.split()
    if not _is_acronym(words[0]):
        words[0] = words[0].lower()
    phrase, plural = _it_np(words)
    article = phrase[: len(phrase) - len(" ".join(words))].strip()
    return phrase, article, plural


_IT_TOPIC_COMMON = re.compile(r"^(?:Manutenzione|Analisi|Monitoraggio|Sensori|Gestione)\b")


def _it_with_prep(prep: str, topic: str) -> str:
    """'in' + 'la manutenzione predittiva' -> 'nella manutenzione predittiva'; names: 'con Acme'."""
    phrase, article, _ = _it_topic(topic)
    if not article:
        if prep == "in":
            prep = "con"
        if prep == "a" and phrase[:1].lower() == "a":
            prep = "ad"
        return f"{prep} {phrase}"
    merged = _IT_MERGE.get(prep, {}).get(article)
    rest = phrase[len(article) :].lstrip()
    if merged:
        return _glue(merged, rest)
    return f"{prep} {phrase}"


def _it_participle(plural: bool, feminine: bool) -> str:
    return "gestit" + ("e" if feminine else "i") if plural else "gestit" + ("a" if feminine else "o")
