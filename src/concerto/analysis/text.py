"""French text helpers: normalisation, stop words, stems, TF-IDF, meaningless answers.

Everything here is lexical and cheap; it complements the sentence embeddings (which know
meaning but not the exact words an analyst will want to see in a label).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

import numpy as np
import snowballstemmer
from sklearn.feature_extraction.text import TfidfVectorizer

# French function words and the fillers of consultation answers. Kept short and explicit:
# a word missing here only costs a slightly noisier term list.
STOP_WORDS = frozenset(
    [
        "a",
        "à",
        "afin",
        "ai",
        "aie",
        "aient",
        "aies",
        "ait",
        "al",
        "alors",
        "as",
        "au",
        "aujourd",
        "aujourdhui",
        "auquel",
        "aura",
        "aurai",
        "auraient",
        "aurais",
        "aurait",
        "auras",
        "aurez",
        "auriez",
        "aurions",
        "aurons",
        "auront",
        "aussi",
        "autre",
        "autres",
        "aux",
        "auxquelles",
        "auxquels",
        "avaient",
        "avais",
        "avait",
        "avant",
        "avec",
        "avez",
        "aviez",
        "avions",
        "avoir",
        "avons",
        "ayant",
        "ayez",
        "ayons",
        "bah",
        "beaucoup",
        "bien",
        "bon",
        "c",
        "ça",
        "ca",
        "car",
        "ce",
        "ceci",
        "cela",
        "celle",
        "celles",
        "celui",
        "cependant",
        "certain",
        "certaine",
        "certaines",
        "certains",
        "ces",
        "cet",
        "cette",
        "ceux",
        "chaque",
        "chez",
        "ci",
        "comme",
        "comment",
        "contre",
        "d",
        "dans",
        "de",
        "dela",
        "depuis",
        "des",
        "desquelles",
        "desquels",
        "dessus",
        "donc",
        "dont",
        "du",
        "duquel",
        "déjà",
        "e",
        "elle",
        "elles",
        "en",
        "encore",
        "entre",
        "es",
        "est",
        "et",
        "etc",
        "été",
        "étaient",
        "étais",
        "était",
        "étant",
        "êtes",
        "étiez",
        "étions",
        "être",
        "eu",
        "eue",
        "eues",
        "eûmes",
        "eurent",
        "eus",
        "eusse",
        "eut",
        "eux",
        "f",
        "faire",
        "fais",
        "fait",
        "faite",
        "faites",
        "faut",
        "g",
        "h",
        "i",
        "ici",
        "il",
        "ils",
        "j",
        "je",
        "jusqu",
        "jusque",
        "l",
        "la",
        "là",
        "laquelle",
        "le",
        "lequel",
        "les",
        "lesquelles",
        "lesquels",
        "leur",
        "leurs",
        "lors",
        "lorsque",
        "lui",
        "m",
        "ma",
        "mais",
        "me",
        "même",
        "mêmes",
        "mes",
        "mien",
        "moi",
        "moins",
        "mon",
        "n",
        "na",
        "ne",
        "ni",
        "nos",
        "notre",
        "nous",
        "o",
        "on",
        "ont",
        "ou",
        "où",
        "p",
        "par",
        "parce",
        "pas",
        "pense",
        "peu",
        "peut",
        "peuvent",
        "plus",
        "plusieurs",
        "pour",
        "pourquoi",
        "pourrait",
        "puis",
        "q",
        "qu",
        "quand",
        "que",
        "quel",
        "quelle",
        "quelles",
        "quels",
        "qui",
        "quoi",
        "r",
        "s",
        "sa",
        "sans",
        "se",
        "selon",
        "sera",
        "serai",
        "seraient",
        "serais",
        "serait",
        "seras",
        "serez",
        "seriez",
        "serions",
        "serons",
        "seront",
        "ses",
        "si",
        "sien",
        "soi",
        "soient",
        "sois",
        "soit",
        "sommes",
        "son",
        "sont",
        "sous",
        "suis",
        "sur",
        "t",
        "ta",
        "tant",
        "te",
        "tel",
        "telle",
        "telles",
        "tels",
        "tes",
        "toi",
        "ton",
        "toujours",
        "tous",
        "tout",
        "toute",
        "toutes",
        "très",
        "trop",
        "tu",
        "u",
        "un",
        "une",
        "unes",
        "uns",
        "v",
        "va",
        "vers",
        "veux",
        "via",
        "voici",
        "voilà",
        "vont",
        "vos",
        "votre",
        "vous",
        "vu",
        "doit",
        "doivent",
        "devrait",
        "devraient",
        "faudrait",
        "peux",
        "pourrait",
        "pourraient",
        "chose",
        "choses",
        "w",
        "x",
        "y",
        "z",
        "d'",
        "l'",
        "qu'",
        "n'",
        "s'",
        "c'",
        "j'",
        "m'",
        "t'",
    ]
)

# Answers that say nothing about the question, matched on the whole normalised answer.
# « Aucun », « rien », « non » are answers (« pour quelle politique payer plus ? — Aucune »).
_NON_ANSWERS = re.compile(
    r"^(?:ras|r\.a\.s|nsp|ne sais pas|je ne sais pas|sans avis|"
    r"pas d'avis|pas d avis|sans opinion|aucune idée|aucune idee|pas de réponse|"
    r"pas de reponse|néant|neant|idem|test|\?+|\.+|-+|x+|n/a|na|ok|voir plus haut|"
    r"voir ci-dessus|cf\.? ci-dessus|cf\.? plus haut)[\s.!?…]*$"
)
_WORD = re.compile(r"[a-zàâäéèêëîïôöùûüÿçœæ]+(?:-[a-zàâäéèêëîïôöùûüÿçœæ]+)*")

_stemmer = snowballstemmer.stemmer("french")


def normalise(text: str) -> str:
    """Lower case, typographic apostrophes made plain, white space collapsed."""
    text = unicodedata.normalize("NFC", text).lower().replace("’", "'").replace("`", "'")
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """The words of a text, lower case, elisions split off (« l'impôt » → « impôt »)."""
    return _WORD.findall(normalise(text).replace("'", " "))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOP_WORDS and len(w) > 1]


def analyse(text: str) -> list[str]:
    """Stems of the content words: the tokens of the lexical similarity."""
    return [stem(w) for w in content_words(text)]


_SEGMENT = re.compile(r"(?:[.;!?\n•·*]+|\s[-–—]\s|^\s*[-–—]|\s\d+[).]\s|,\s)")


def segments(text: str) -> list[str]:
    """The sentences and list items of an answer (« santé, éducation ; et l'écologie »):
    an answer that lists several ideas matches each code on its own part."""
    parts = [part.strip() for part in _SEGMENT.split(text) if part and len(part.strip()) > 2]
    return parts or [text]


def is_meaningless(text: str) -> bool:
    """True for an empty answer, a refusal to answer, or one with no content word."""
    norm = normalise(text)
    if not norm or _NON_ANSWERS.match(norm):
        return True
    return len(content_words(norm)) == 0


def tfidf(texts: list[str], **kwargs) -> TfidfVectorizer:
    """A TF-IDF vectoriser over French stems, fitted on texts."""
    options = {"analyzer": analyse, "sublinear_tf": True, "dtype": np.float32}
    options.update(kwargs)
    return TfidfVectorizer(**options).fit(texts)


def surface_forms(texts: list[str]) -> dict[str, str]:
    """For each stem, the word most often written for it, to show terms as people wrote them."""
    counts: dict[str, Counter[str]] = {}
    for text in texts:
        for w in content_words(text):
            counts.setdefault(stem(w), Counter())[w] += 1
    return {s: c.most_common(1)[0][0] for s, c in counts.items()}
