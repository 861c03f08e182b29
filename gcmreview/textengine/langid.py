"""Language identification for Arabic, English, French and text that mixes them.

Guarantees:

- ``identify(text)`` returns a :class:`LanguageGuess` whose ``lang`` is one of ``"ar"``,
  ``"en"``, ``"fr"`` (``"en"`` for text with no letters at all), whose ``proportions`` add up to 1
  over the three languages, and whose ``mixed`` flag is set when a second language has at
  least :data:`MIXED_THRESHOLD` of the letters.
- Arabic is told from the others by script: Arabic letters against Latin letters.
- English and French are told apart sentence by sentence, by their most frequent function
  words, French elision (l', d', qu') and letters with accents that English does not use; a
  sentence with no evidence either way takes the language of the text around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalize import is_arabic_char, normalize_unicode

__all__ = ["MIXED_THRESHOLD", "LanguageGuess", "identify", "identify_latin"]

MIXED_THRESHOLD = 0.2

# Frequent function words that the other language rarely writes. Words shared by both
# ("a", "on", "en", "plus") are left out on purpose.
_EN_MARKERS = frozenset(
    """the and of to is are for with that this these those be been by should must will would
    their its from which who has have was were not it as at into on an or all such our we
    they them can between through other also more most""".split()
)
_FR_MARKERS = frozenset(
    """le la les des du de et est sont pour dans une un sur que qui par au aux pas ces leur
    leurs avec doit doivent être été ainsi entre nous ils elles cette afin selon dont ou où
    notamment également plus très sa son ses""".split()
)
# Letters that occur in French words and (almost) never in English ones.
_FR_LETTERS = frozenset("éèêëàâîïôûùüçœæÉÈÊÀÂÎÔÛÇŒ")
_ELISION = re.compile(r"\b(?:l|d|qu|n|s|c|j)'[^\W\d_]", re.I)
_LATIN_WORD = re.compile(r"[^\W\d_]+", re.U)
_SENTENCE_END = re.compile(r"(?<=[.!?;:\n])\s+")


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """The main language of a text and, for mixed text, the share of each language."""

    lang: str
    proportions: dict[str, float] = field(default_factory=dict)
    mixed: bool = False

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"lang": self.lang, "mixed": self.mixed}
        if self.mixed:
            out["proportions"] = {k: round(v, 3) for k, v in self.proportions.items() if v}
        return out


def _latin_score(text: str) -> float:
    """Evidence for French (> 0) or English (< 0) in a piece of Latin-script text."""
    words = [w.casefold() for w in _LATIN_WORD.findall(text) if not is_arabic_char(w[0])]
    en = sum(1 for w in words if w in _EN_MARKERS)
    fr = sum(1 for w in words if w in _FR_MARKERS)
    fr += 1.5 * len(_ELISION.findall(text))
    fr += 0.5 * sum(1 for ch in text if ch in _FR_LETTERS)
    # Word endings that are common in one language only.
    # Spellings common in one language only, for short texts with no function word.
    for w in words:
        if w.endswith(("ing", "ness", "ship", "ity", "ies", "ed", "y")) or "th" in w or "w" in w:
            en += 0.3
        if w.endswith(("ité", "eux", "euse", "aux", "eurs", "ées", "és", "ez", "ique")) or (
            "eau" in w or "oi" in w or "qu" in w
        ):
            fr += 0.3
    return fr - en


def identify_latin(text: str) -> str:
    """``"fr"`` or ``"en"`` for Latin-script text (``"en"`` when nothing tells them apart)."""
    return "fr" if _latin_score(normalize_unicode(text)) > 0 else "en"


_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f"
                            "\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
_LETTER = re.compile(r"[^\W\d_]")


def _counts(text: str) -> tuple[int, int]:
    """(Arabic letters, other letters) in ``text``."""
    letters = len(_LETTER.findall(text))
    arabic = len(_ARABIC_LETTER.findall(text))
    return arabic, letters - arabic


def identify(text: str) -> LanguageGuess:
    """The main language of ``text`` and, when it mixes languages, their proportions."""
    text = normalize_unicode(text)
    arabic, latin = _counts(text)
    total = arabic + latin
    if total == 0:
        return LanguageGuess("en", {"ar": 0.0, "en": 1.0, "fr": 0.0})
    counts = {"ar": float(arabic), "en": 0.0, "fr": 0.0}
    if latin:
        whole = _latin_score(text)
        sentences = _SENTENCE_END.split(text)
        for sentence in sentences:
            letters = latin if len(sentences) == 1 else _counts(sentence)[1]
            if not letters:
                continue
            score = whole if len(sentences) == 1 else _latin_score(sentence)
            if score == 0:
                score = whole
            counts["fr" if score > 0 else "en"] += letters
    proportions = {k: v / total for k, v in counts.items()}
    ranked = sorted(proportions, key=lambda k: proportions[k], reverse=True)
    mixed = proportions[ranked[1]] >= MIXED_THRESHOLD
    return LanguageGuess(ranked[0], proportions, mixed)
