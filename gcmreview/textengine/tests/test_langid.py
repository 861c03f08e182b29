from gcmreview.textengine.langid import identify, identify_latin


def test_arabic_is_told_by_its_script():
    assert identify("تعزيز التعاون الدولي في مجال الهجرة").lang == "ar"


def test_english_and_french_are_told_apart_by_their_function_words():
    assert identify("Migrant workers should have access to social protection.").lang == "en"
    assert identify("Les travailleurs migrants doivent avoir accès à la protection sociale.",
                    ).lang == "fr"


def test_short_texts_use_spelling_cues():
    assert identify_latin("Réduction des coûts") == "fr"
    assert identify_latin("Fair recruitment") == "en"


def test_mixed_text_reports_proportions():
    guess = identify("نحتاج إلى بيانات أفضل. We need better data on migrant workers here.")
    assert guess.mixed
    assert set(guess.proportions) == {"ar", "en", "fr"}
    assert abs(sum(guess.proportions.values()) - 1) < 1e-9
    assert guess.proportions["ar"] > 0.2 and guess.proportions["en"] > 0.2
    assert "proportions" in guess.as_dict()


def test_a_single_language_text_is_not_mixed():
    guess = identify("La migration régulière doit être facilitée.")
    assert not guess.mixed and guess.proportions["fr"] == 1.0


def test_text_without_letters_defaults_to_english():
    assert identify("2024 — 17/39").lang == "en"
