"""Which countries a text names, in Arabic, English or French. Plain Python: the names are
normalised and stemmed like the text (gcmreview.textengine), so "لمصر", "والأردنية" and
"Égyptiennes" are found. "French" names France only in an English text, where it is not
the name of a language most of the time; such ambiguous words are left out of English."""

from __future__ import annotations

from functools import cache

from gcmreview.lib.yaml_files import load_yaml
from gcmreview.textengine.stemming import PhraseMatcher, phrase_stems, terms
from gcmreview.textengine.taxonomy import DATA_DIR

# The names live with the text engine, which also reads them (a country named in a message
# says where, not what about; see taxonomy.load_country_names).
DATA = DATA_DIR / "gazetteer.yaml"
# Words that are country adjectives but, in consultation texts, far more often mean a
# language or something else.
AMBIGUOUS = {
    "en": {"french", "german", "spanish", "italian", "turkish", "greek", "indian"},
    # مالي (Mali) stems like المالية (financial).
    "ar": {"مالي"},
}
# Arabic proclitics the stemmer leaves on short words (ومصر, لمصر, وبمصر).
_AR_PROCLITICS = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")


@cache
def _countries() -> dict:
    """The gazetteer's entries by ISO code, read once."""
    return load_yaml(DATA.read_text(encoding="utf-8"))["countries"]


@cache
def _known_stems() -> frozenset[str]:
    data = _countries()
    return frozenset(
        stem for entry in data.values() for name in entry.get("ar", [])
        for stem in phrase_stems(name, "ar")
    )  # fmt: skip


def _arabic_terms(text: str) -> list[str]:
    """The text's stems, with a proclitic removed where that turns a stem into part of a
    country name the stemmer would otherwise miss."""
    known = _known_stems()
    out = []
    for stem in terms(text, "ar"):
        if stem not in known:
            for clitic in _AR_PROCLITICS:
                if stem.startswith(clitic) and stem[len(clitic) :] in known:
                    stem = stem[len(clitic) :]
                    break
        out.append(stem)
    return out


@cache
def _matchers() -> dict[str, PhraseMatcher]:
    data = _countries()
    matchers = {lang: PhraseMatcher(slack=0) for lang in ("ar", "en", "fr")}
    for code, entry in data.items():
        for lang, matcher in matchers.items():
            for name in entry.get(lang, []):
                if name.lower() in AMBIGUOUS.get(lang, set()):
                    continue
                matcher.add(phrase_stems(name, lang), code, name)
    return matchers


def countries_named(text: str, lang: str) -> list[str]:
    """ISO codes of the countries named in `text`, in order of first mention."""
    matcher = _matchers().get(lang if lang in ("ar", "en", "fr") else "en")
    found: dict[str, None] = {}
    stems = _arabic_terms(text) if lang == "ar" else terms(text, lang)
    for code, _name, _first, _last in matcher.match(stems):
        found.setdefault(str(code), None)
    return list(found)


def las_members() -> set[str]:
    data = _countries()
    return {code for code, entry in data.items() if entry.get("las")}
