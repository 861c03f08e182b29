"""Tokens, stems and phrase matching for Arabic, English and French.

Guarantees:

- ``analyze(text, lang)`` returns every word of ``text`` as a :class:`Token` with its
  character offsets in the original text, its normalised form, its stem and whether it is a
  stop word. Arabic-script words are always treated as Arabic and Latin-script words as
  English or French, so text that mixes scripts is stemmed word by word in the right language.
- ``terms(text, lang)`` is the list of stems of the words that are not stop words, in order.
- The same string always gives the same stems, whatever the surrounding text; a lexicon entry
  and a key message that contain the same words therefore meet on the same stems.
- :class:`PhraseMatcher` finds multi-word lexicon entries on the stem sequence, allowing one
  extra word inside a phrase ("recognition of foreign qualifications" matches "recognition
  qualifications").

Stems come from the Snowball stemmers of PyStemmer. Arabic gets help first: clitics are
removed by :func:`normalize.strip_arabic_clitics`, possessive suffixes are removed, and the
word is stemmed as if it carried the article, which makes Snowball remove plural and feminine
endings consistently (بيانات and البيانات both give بيان).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from .normalize import (
    is_arabic_char,
    normalize_arabic,
    normalize_latin_token,
    normalize_unicode,
    strip_arabic_clitics,
)
from .stopwords import STOP_WORDS

__all__ = ["LANGS", "PhraseMatcher", "Token", "analyze", "arabic_alternatives", "stem_word",
           "terms"]

LANGS = ("ar", "en", "fr")

_STEMMER_NAMES = {"ar": "arabic", "en": "english", "fr": "french"}

# A word: letters, with inner apostrophes (l'État, country's). Hyphens and digits split words.
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*'?")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: where it is, its language, normalised form and stem."""

    start: int
    end: int
    text: str
    lang: str
    norm: str
    stem: str
    stop: bool


@lru_cache(maxsize=3)
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_STEMMER_NAMES[lang])


_AR_POSSESSIVE = ("هم", "هن", "كم", "ها")
_AR_IRREGULAR = {"اليه": "اليه", "اليات": "اليه"}  # آلية/آليات: Snowball reads ال as the article
_AR_OUT = str.maketrans({"ة": "ه", "ى": "ي", "أ": "ا", "إ": "ا", "آ": "ا"})


@lru_cache(maxsize=65536)
def _stem_arabic(word: str) -> str:
    if word in _AR_IRREGULAR:
        return _AR_IRREGULAR[word]
    w = word
    for suffix in _AR_POSSESSIVE:
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            # هجرتهم: the taa marbuta is written ت before a suffix.
            if w.endswith("ت") and not w.endswith("ات"):
                w = w[:-1] + "ة"
            break
    if w.endswith("ه"):
        w = w[:-1] + "ة"  # normalisation wrote ة as ه; Snowball removes ة as an ending
    stemmer = _stemmer("ar")
    stem = stemmer.stemWord("ال" + w) if len(w) >= 4 else stemmer.stemWord(w)
    if stem.startswith("ال"):  # Snowball kept the article it was given: use the bare word
        stem = stemmer.stemWord(w)
    return stem.translate(_AR_OUT)


@lru_cache(maxsize=65536)
def _analyze_word(raw: str, lang: str) -> tuple[str, str, bool]:
    """(normalised form, stem, is stop word) of one word in one language."""
    stops = STOP_WORDS[lang]
    if lang == "ar":
        folded = normalize_arabic(raw)
        if folded in stops:
            return folded, folded, True
        norm = strip_arabic_clitics(folded)
        if norm in stops:
            return norm, norm, True
        if norm[:1] in ("و", "ف") and norm[1:] in stops:  # وعن, ولا, فقد: a stop word after all
            return norm[1:], norm[1:], True
        return norm, _stem_arabic(norm), False
    norm = normalize_latin_token(raw, lang)
    if norm in stops or len(norm) < 2:
        return norm, norm, True
    return norm, _stemmer(lang).stemWord(norm), False


@lru_cache(maxsize=65536)
def arabic_alternatives(raw: str) -> tuple[str, ...]:
    """Other stems an Arabic word may have when its clitics were read wrongly.

    :func:`normalize.strip_arabic_clitics` leaves a one-letter proclitic on a short word
    (بعقد, وضعف) and, rarely, takes one from a word that starts with that letter (فقدان). A
    caller with a vocabulary tries these stems, in order, when the first one is unknown.
    """
    folded = normalize_arabic(raw)
    norm = strip_arabic_clitics(folded)
    out: list[str] = []
    if len(norm) >= 4 and norm[0] in "وفبكل":
        out.append(_stem_arabic(norm[1:]))
    if folded != norm:
        out.append(_stem_arabic(folded))
        if folded.startswith("ال") and len(folded) > 4:
            out.append(_stem_arabic(folded[2:]))
    main = _stem_arabic(norm)
    return tuple(dict.fromkeys(a for a in out if a != main))


def stem_word(word: str, lang: str) -> str:
    """The stem of one word (normalised first), as :func:`analyze` would give it."""
    return _analyze_word(word, lang)[1]


def _latin_lang(lang: str | None, text: str) -> str:
    if lang in ("en", "fr"):
        return lang
    from .langid import identify_latin

    return identify_latin(text)


def analyze(text: str, lang: str | None = None) -> list[Token]:
    """Every word of ``text`` as a token, Arabic-script words in Arabic, others in ``lang``.

    ``lang`` is the main language of the text; when it is ``"ar"`` or ``None`` the Latin words
    (if any) are given English or French by :func:`langid.identify_latin`.
    """
    # NFKC and the digit/apostrophe folding keep string length for the text we meet except
    # for compatibility characters; offsets are taken on the folded text and are exact
    # whenever its length is unchanged, which we check.
    folded = normalize_unicode(text)
    if len(folded) != len(text):
        folded = text.replace("\u2019", "'")
    # Harakat are not word characters: remove them for tokenising but keep offsets by
    # replacing them with tatweel, which is a word character and is removed later.
    folded = _HARAKAT.sub("\u0640", folded)
    latin: str | None = None
    tokens: list[Token] = []
    for m in _WORD.finditer(folded):
        raw = m.group()
        if is_arabic_char(raw[0]):
            word_lang = "ar"
        else:
            if latin is None:
                latin = _latin_lang(lang, folded)
            word_lang = latin
        norm, stem, stop = _analyze_word(raw, word_lang)
        if not norm:
            continue
        tokens.append(Token(m.start(), m.end(), text[m.start():m.end()], word_lang, norm, stem,
                            stop))
    return tokens


_HARAKAT = re.compile("[\u064b-\u065f\u0670\u0610-\u061a\u06d6-\u06ed]")


def terms(text: str, lang: str | None = None) -> list[str]:
    """Stems of the words of ``text`` that are not stop words, in order."""
    return [t.stem for t in analyze(text, lang) if not t.stop]


def phrase_stems(phrase: str, lang: str) -> tuple[str, ...]:
    """A lexicon entry as the stem sequence it must match (stop words left out)."""
    return tuple(terms(phrase, lang))


class PhraseMatcher:
    """Finds lexicon entries of one or more words on a stem sequence.

    Entries are registered with a key (for instance an objective number); ``match`` yields
    ``(key, entry, first, last)`` for every occurrence, ``first``/``last`` being indexes into
    the stem sequence. Single-stem entries match exactly; a phrase of n stems matches when they
    occur in order within n + ``slack`` consecutive stems.
    """

    def __init__(self, slack: int = 1) -> None:
        self.slack = slack
        self._by_first: dict[str, list[tuple[tuple[str, ...], object, str]]] = {}

    def add(self, stems: Sequence[str], key: object, entry: str) -> None:
        if not stems:
            return
        self._by_first.setdefault(stems[0], []).append((tuple(stems), key, entry))

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_first.values())

    def match(self, stems: Sequence[str]) -> Iterable[tuple[object, str, int, int]]:
        n = len(stems)
        for i, first in enumerate(stems):
            for phrase, key, entry in self._by_first.get(first, ()):
                if len(phrase) == 1:
                    yield key, entry, i, i
                    continue
                j, k = i + 1, 1
                limit = min(n, i + len(phrase) + self.slack)
                while j < limit and k < len(phrase):
                    if stems[j] == phrase[k]:
                        k += 1
                    j += 1
                if k == len(phrase):
                    yield key, entry, i, j - 1
