"""Text normalisation for Arabic, English and French key messages.

Guarantees:

- ``normalize_unicode`` returns NFKC text with one apostrophe (``'``), no zero-width or
  bidirectional control characters and Arabic-Indic / Persian digits as ASCII digits. It never
  changes letters' meaning, so it is safe for display as well as for matching.
- ``normalize_arabic`` additionally removes harakat, Quranic marks and tatweel and folds the
  letter variants that writers use interchangeably (alef forms, alef maqsura, taa marbuta,
  hamza seats, Persian kaf/yeh). Its output is for matching only.
- ``strip_arabic_clitics`` removes the conjunctions و/ف, the prepositions ب/ك/ل and the article
  ال from one normalised Arabic word, but never leaves fewer than two letters after an article
  nor fewer than four after a bare proclitic, and leaves alone the common words that only look
  as if they start with a clitic (وزاره, بيانات, لاجيين, اليات ...).
- ``normalize_latin_token`` casefolds an English or French word and removes French elision
  (l', d', qu', jusqu' ...) and the English possessive.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ARABIC_LETTERS",
    "fold_digits",
    "is_arabic_char",
    "normalize_arabic",
    "normalize_latin_token",
    "normalize_token",
    "normalize_unicode",
    "strip_arabic_clitics",
]

# Digits: Arabic-Indic U+0660-0669 and Extended (Persian/Urdu) U+06F0-06F9.
_DIGITS = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}

# Quotes that stand for an apostrophe in running text (the typographic one is the usual case
# in French: l’État).
_APOSTROPHES = {ord(c): "'" for c in "\u2019\u2018\u02bc\u02bb\u00b4\u0060\u2032\uff07"}

# Characters with no visible meaning that break matching: ZWSP, ZWNJ, ZWJ, LRM, RLM, the
# embedding and isolate controls, Arabic letter mark, BOM, soft hyphen.
_INVISIBLE = dict.fromkeys(
    [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF, 0x00AD,
     *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)

_UNICODE_TABLE: dict[int, str | None] = {**_DIGITS, **_APOSTROPHES, **_INVISIBLE}

# Harakat and other combining marks used with Arabic: U+064B-065F (tanwin, fatha ... sukun,
# and the rarer marks), U+0670 superscript alef, U+0610-061A, Quranic annotation U+06D6-06ED.
_ARABIC_MARKS = [*range(0x064B, 0x0660), 0x0670, *range(0x0610, 0x061B), *range(0x06D6, 0x06EE)]
_TATWEEL = 0x0640

_ARABIC_TABLE: dict[int, str | None] = {
    **dict.fromkeys(_ARABIC_MARKS),
    _TATWEEL: None,
    ord("أ"): "ا", ord("إ"): "ا", ord("آ"): "ا", ord("ٱ"): "ا",  # alef variants
    ord("ى"): "ي",  # alef maqsura, often written for final yaa and vice versa
    ord("ة"): "ه",  # taa marbuta, often written as haa
    ord("ؤ"): "و", ord("ئ"): "ي",  # hamza seats: spelling varies (مسؤول / مسئول)
    ord("ی"): "ي", ord("ې"): "ي", ord("ک"): "ك", ord("ڪ"): "ك",  # Persian/Urdu letter forms
}

ARABIC_LETTERS = "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def is_arabic_char(ch: str) -> bool:
    """True for a character of the Arabic script blocks (letters, marks, digits, punctuation)."""
    cp = ord(ch)
    return (
        0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0x08A0 <= cp <= 0x08FF
        or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF
    )


def fold_digits(text: str) -> str:
    """Arabic-Indic and Persian digits as ASCII digits; nothing else changes."""
    return text.translate(_DIGITS)


def normalize_unicode(text: str) -> str:
    """NFKC, one apostrophe, no invisible controls, ASCII digits.

    NFKC already maps Arabic presentation forms (ﻻ, ﺍﻟﻤﻬﺎﺟﺮﻳﻦ) to ordinary letters and
    ligatures such as ﬁ to their letters; it leaves digits and typographic quotes alone, which
    is why those are folded here.
    """
    return unicodedata.normalize("NFKC", text).translate(_UNICODE_TABLE)


def normalize_arabic(text: str) -> str:
    """Arabic text folded for matching: no diacritics or tatweel, letter variants unified."""
    return normalize_unicode(text).translate(_ARABIC_TABLE)


# Words (already normalised) that begin with a letter that could be a clitic but is part of the
# word. The list is short on purpose: it covers words that are frequent in migration texts and
# that the length rules below would otherwise cut.
_ARABIC_KEEP = frozenset(
    """
    اليه اليات الي الا الان الف الاف الذي التي الذين اللذان اللتان اللاتي اللواتي الله الهي
    وزاره وزارات وزير وزراء وطن وطني وطنيه اوطان وثيقه وثايق وصول وضع اوضاع وظيفه وظايف
    وافد وافدين وافدون وكاله وكالات وسايل وسيله وعي وفاه وفيات ورشه ورش وحده وحدات ولايه
    وجهه وجهات وسطاء وسيط وقايه واقع وقت وفود وفد والدين ولاده ولادات ودايع
    فرص فرصه فقر فعال فعاله فعاليه فريق فرق فجوه فجوات فيات فيه فتره فكره فحص فرد افراد فني
    فنيه فهم فضلا فيها فيما فوري فلسطين فلسطيني
    بيانات بيان برامج برنامج بلد بلدان بلديه بلديات بحر بحري بحريه بري بريه بنك بنوك بطاله
    بطاقه بطاقات بيت بيوت بيئه بييه بدايل بديل بشر بشري بشريه بعثه بعثات بحث بحوث بنيه بوابه
    لاجي لاجيين لاجيون لاجيات لجوء لجنه لجان لغه لغات ليبيا لبنان لوايح لايحه لقاء لقاءات
    كفاله كرامه كلفه كلفه كوارث كارثه كفاءه كفاءات كويت
    """.split()
)

# Article forms with their proclitics, longest first. لل is ل + ال with the alef dropped.
_ARTICLE_PREFIXES = (
    "وبال", "وكال", "فبال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال",
)
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ك", "ل")


def strip_arabic_clitics(word: str) -> str:
    """One normalised Arabic word without its proclitics (و/ف, ب/ك/ل, ال).

    وبالمهاجرين → مهاجرين, للعمال → عمال, فالدول → دول, والتعاون → تعاون, وتعزيز → تعزيز.
    Short words are left alone: an article is stripped only if two letters remain, a bare
    conjunction or preposition only if four remain, and never from a word in the keep list
    (وزاره, بيانات, لاجيين ...). Suffixes are left to the stemmer.
    """
    if len(word) < 4 or word in _ARABIC_KEEP:
        return word
    # A conjunction in front of a word we keep whole (واليات, وبيانات): drop only the conjunction.
    if word[0] in _CONJUNCTIONS and word[1:] in _ARABIC_KEEP:
        return word[1:]
    for prefix in _ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            rest = word[len(prefix):]
            # "لل" + a word that itself begins with ل (لللجنه is never written; "للاجيين" is
            # ل + اللاجيين with one lam dropped): keep the keep-list word if there is one.
            if prefix.endswith("لل") and ("ل" + rest) in _ARABIC_KEEP:
                return "ل" + rest
            # The article prefix may have been a keep-list word with a conjunction (واليات).
            return rest
    rest = word
    if rest[0] in _CONJUNCTIONS and len(rest) - 1 >= 4:
        rest = rest[1:]
        if rest in _ARABIC_KEEP:
            return rest
    if rest[0] in _PREPOSITIONS and len(rest) - 1 >= 4 and rest not in _ARABIC_KEEP:
        rest = rest[1:]
    return rest


_FRENCH_ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu|presqu)'", re.I)
_ENGLISH_POSSESSIVE = re.compile(r"'s?$")


def normalize_latin_token(token: str, lang: str) -> str:
    """Casefolded English or French word; French elision and English possessive removed.

    ``l'État`` → ``état``, ``d'accès`` → ``accès``, ``qu'ils`` → ``ils``,
    ``migrants'`` → ``migrants``, ``country's`` → ``country``.
    """
    word = normalize_unicode(token).casefold()
    if lang == "fr":
        word = _FRENCH_ELISION.sub("", word)
    elif lang == "en":
        word = _ENGLISH_POSSESSIVE.sub("", word)
    return word.strip("'")


def normalize_token(token: str, lang: str) -> str:
    """One word normalised for matching in its language (Arabic words also lose clitics)."""
    if lang == "ar":
        return strip_arabic_clitics(normalize_arabic(token))
    return normalize_latin_token(token, lang)
