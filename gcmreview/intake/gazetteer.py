"""Which countries a text names, in Arabic, English or French. Plain Python: the names are
normalised and stemmed like the text (gcmreview.textengine), so "لمصر", "والأردنية" and
"Égyptiennes" are found. "French" names France only in an English text, where it is not
the name of a language most of the time; such ambiguous words are left out of English."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from gcmreview.lib.yaml_files import load_yaml
from gcmreview.textengine.stemming import PhraseMatcher, phrase_stems, terms

DATA = Path(__file__).resolve().parent / "data" / "gazetteer.yaml"
# Words that are country adjectives but, in consultation texts, far more often mean a
# language or something else.
AMBIGUOUS = {"en": {"french", "german", "spanish", "italian", "turkish", "greek", "indian"}}


@cache
def _matchers() -> dict[str, PhraseMatcher]:
    data = load_yaml(DATA.read_text(encoding="utf-8"))["countries"]
    matchers = {lang: PhraseMatcher(slack=0) for lang in ("ar", "en", "fr")}
    for code, entry in data.items():
        for lang, matcher in matchers.items():
            for name in entry.get(lang, []):
                if name.lower() in AMBIGUOUS.get(lang, ()):
                    continue
                matcher.add(phrase_stems(name, lang), code, name)
    return matchers


def countries_named(text: str, lang: str) -> list[str]:
    """ISO codes of the countries named in `text`, in order of first mention."""
    matcher = _matchers().get(lang if lang in ("ar", "en", "fr") else "en")
    found: dict[str, None] = {}
    for code, _name, _first, _last in matcher.match(terms(text, lang)):
        found.setdefault(str(code), None)
    return list(found)


def las_members() -> set[str]:
    data = load_yaml(DATA.read_text(encoding="utf-8"))["countries"]
    return {code for code, entry in data.items() if entry.get("las")}
