from gcmreview.textengine.normalize import (
    fold_digits,
    normalize_arabic,
    normalize_latin_token,
    normalize_token,
    normalize_unicode,
    strip_arabic_clitics,
)


def test_arabic_diacritics_and_tatweel_are_removed():
    assert normalize_arabic("المُهَاجِرِينَ") == "المهاجرين"
    assert normalize_arabic("الهجـــرة") == "الهجره"
    assert normalize_arabic("تَّ") == "ت"


def test_alef_variants_are_unified():
    assert normalize_arabic("أإآٱ") == "اااا"
    assert normalize_arabic("إدماج") == normalize_arabic("ادماج")


def test_hamza_seats_alef_maqsura_and_taa_marbuta_are_folded():
    assert normalize_arabic("مسؤول") == "مسوول"
    assert normalize_arabic("اللاجئين") == "اللاجيين"
    assert normalize_arabic("على") == "علي"
    assert normalize_arabic("الهجرة") == normalize_arabic("الهجره")


def test_arabic_indic_and_persian_digits_become_ascii():
    assert fold_digits("عام ٢٠٢٤") == "عام 2024"
    assert fold_digits("۱۲۳") == "123"
    assert normalize_unicode("الهدف ٢٣") == "الهدف 23"


def test_presentation_forms_are_read_as_letters():
    assert normalize_arabic("ﺍﻟﻤﻬﺎﺟﺮﻳﻦ") == "المهاجرين"
    assert normalize_unicode("ﻻ") == "لا"


def test_invisible_controls_are_dropped():
    assert normalize_unicode("mi\u200bgrant\u200f") == "migrant"


def test_article_and_prepositions_are_stripped_with_the_conjunction():
    assert normalize_token("وبالمهاجرين", "ar") == "مهاجرين"
    assert normalize_token("للعمال", "ar") == "عمال"
    assert normalize_token("فالدول", "ar") == "دول"
    assert normalize_token("والتعاون", "ar") == "تعاون"
    assert normalize_token("وتعزيز", "ar") == "تعزيز"


def test_words_that_only_look_like_clitics_are_kept():
    assert strip_arabic_clitics("وزاره") == "وزاره"
    assert strip_arabic_clitics("بيانات") == "بيانات"
    assert strip_arabic_clitics("لاجيين") == "لاجيين"
    assert strip_arabic_clitics("كفاله") == "كفاله"
    assert normalize_token("للاجئين", "ar") == "لاجيين"
    assert normalize_token("والآليات", "ar") == "اليات"


def test_short_arabic_words_are_not_cut():
    for word in ("ولد", "بلد", "فرص", "لكل", "دول"):
        assert strip_arabic_clitics(word) == word


def test_french_elision_is_removed_with_either_apostrophe():
    assert normalize_latin_token("l'État", "fr") == "état"
    assert normalize_latin_token("l’État", "fr") == "état"
    assert normalize_latin_token("d'accès", "fr") == "accès"
    assert normalize_latin_token("qu'ils", "fr") == "ils"
    assert normalize_latin_token("jusqu'à", "fr") == "à"


def test_english_is_casefolded_and_loses_the_possessive():
    assert normalize_latin_token("Country's", "en") == "country"
    assert normalize_latin_token("MIGRANTS'", "en") == "migrants"
    assert normalize_latin_token("Straße", "en") == "strasse"
