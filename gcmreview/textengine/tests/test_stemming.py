from gcmreview.textengine.stemming import PhraseMatcher, analyze, phrase_stems, stem_word, terms


def test_arabic_inflections_meet_on_one_stem():
    assert stem_word("البيانات", "ar") == stem_word("بيانات", "ar")
    assert stem_word("المهاجرين", "ar") == stem_word("مهاجرون", "ar") == stem_word("مهاجر", "ar")
    assert stem_word("التحويلات", "ar") == stem_word("تحويل", "ar")
    assert stem_word("وبالمهاجرين", "ar") == stem_word("المهاجرين", "ar")
    assert stem_word("هجرتهم", "ar") == stem_word("الهجرة", "ar")


def test_english_and_french_words_are_stemmed_and_stop_words_dropped():
    assert terms("The remittances of migrant workers", "en") == ["remitt", "migrant", "worker"]
    assert terms("L'accès des travailleurs migrants", "fr") == ["acces", "travailleur", "migr"]
    assert "لل" not in " ".join(terms("على الدول أن تعمل", "ar"))


def test_tokens_keep_their_offsets_in_the_original_text():
    text = "Les migrants — وبالمهاجرين — d’accès."
    for token in analyze(text, "fr"):
        assert text[token.start:token.end] == token.text


def test_mixed_text_is_stemmed_word_by_word_in_each_language():
    tokens = analyze("تحسين data collection في المنطقة", "ar")
    assert [t.lang for t in tokens if not t.stop] == ["ar", "en", "en", "ar"]


def test_phrases_match_on_stems_with_one_word_of_slack():
    matcher = PhraseMatcher(slack=1)
    matcher.add(phrase_stems("recognition of qualifications", "en"), 18, "recognition")
    matcher.add(phrase_stems("recruitment fees", "en"), 6, "fees")
    found = {key for key, *_ in matcher.match(terms(
        "Recognising foreign qualifications is slow; recruitment agencies charge fees", "en"))}
    assert found == set()  # "recognising" is not "recognition", agencies sit between
    found = {key for key, *_ in matcher.match(terms(
        "The recognition of foreign qualifications and recruitment fees", "en"))}
    assert found == {18, 6}
