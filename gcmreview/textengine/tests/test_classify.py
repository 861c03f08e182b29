import io
import json

import pytest

from gcmreview.textengine import embeddings
from gcmreview.textengine.classify import HYBRID, LEXICAL_ONLY, Classifier
from gcmreview.textengine.taxonomy import LabelledText, load_taxonomy
from gcmreview.textengine.tests.conftest import SMALL_PROTOTYPES, SMALL_TAXONOMY

MESSAGES = [
    "Recruitment fees charged to migrant workers must be abolished.",
    "يجب خفض تكاليف التحويلات المالية للمهاجرين وتعزيز الشمول المالي.",
    "Les données sur les migrations restent rares et peu ventilées par sexe et par âge.",
    "Partnerships with civil society helped.",
    "نحتاج إلى data disaggregated by sex في المنطقة العربية.",
]


def _assert_valid(result, numbers):
    ranked = [n for n, _ in result.objectives]
    assert sorted(ranked) == sorted(numbers)
    scores = [s for _, s in result.objectives]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("fixture", ["package_lexical_classifier", "package_hybrid_classifier"])
def test_every_objective_comes_back_once_with_a_score_in_0_1_highest_first(fixture, request):
    classifier = request.getfixturevalue(fixture)
    assert len(classifier.taxonomy.objectives) == 23
    for result in classifier.classify_many(MESSAGES):
        _assert_valid(result, range(1, 24))
        data = result.as_dict()
        assert [o["objective"] for o in data["objectives"]] == [n for n, _ in result.objectives]
        assert data["lang"] in ("ar", "en", "fr")
        assert data["statement_type"] in (
            "progress", "challenge", "gap", "good_practice", "recommendation", "pledge", "other")
        json.dumps(data)


def test_the_explanation_names_matched_terms_and_nearest_examples(package_hybrid_classifier):
    result = package_hybrid_classifier.classify(MESSAGES[0])
    explanation = result.explanation
    assert explanation["mode"] == HYBRID
    top = str(result.objectives[0][0])
    assert explanation["matched"][top], "the top objective should show the terms it matched"
    nearest = explanation["nearest"]
    assert nearest and all(0 < n["similarity"] <= 1 for n in nearest)
    assert {"text", "objectives", "source", "lang"} <= set(nearest[0])


@pytest.mark.parametrize("fixture", ["small_lexical_classifier", "small_hybrid_classifier"])
def test_a_confirmed_example_changes_the_next_prediction_for_a_similar_text(fixture, request):
    classifier = request.getfixturevalue(fixture)
    before = classifier.classify("Domestic workers still have no legal protection in law.")
    assert before.objectives[0][0] != 20
    classifier.learn("Domestic workers have no legal protection in the law.", [20])
    after = classifier.classify("Domestic workers still have no legal protection in law.")
    assert after.objectives[0][0] == 20
    assert dict(after.objectives)[20] > dict(before.objectives)[20]
    assert any(n["source"] == "confirmed" for n in after.explanation["nearest"])


def test_a_correction_lowers_the_rejected_objective(small_hybrid_classifier):
    text = "Recruitment agencies charge workers illegal fees."
    before = dict(small_hybrid_classifier.classify(text).objectives)[6]
    small_hybrid_classifier.learn(text, [1], rejected=[6])
    after = dict(small_hybrid_classifier.classify(text).objectives)[6]
    assert after < before


def test_learning_does_not_move_unrelated_texts(small_hybrid_classifier):
    other = "Le coût des envois de fonds reste trop élevé."
    before = small_hybrid_classifier.classify(other).objectives
    small_hybrid_classifier.learn("Domestic workers have no legal protection.", [1])
    after = small_hybrid_classifier.classify(other).objectives
    assert before[0][0] == after[0][0] == 20


def test_learned_examples_round_trip_through_json_lines(small_lexical_classifier):
    small_lexical_classifier.learn("Visa fees are too high for students.", [6],
                                   statement_type="challenge", id="km-1")
    small_lexical_classifier.learn("ينبغي خفض رسوم التحويل", [20], rejected=[1])
    buffer = io.StringIO()
    assert small_lexical_classifier.save_learned(buffer) == 2
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert lines[0] == {"text": "Visa fees are too high for students.", "lang": "en",
                        "objectives": [6], "statement_type": "challenge",
                        "source": "confirmed", "id": "km-1"}
    assert lines[1]["rejected"] == [1] and lines[1]["lang"] == "ar"
    from gcmreview.textengine.classify import Classifier
    from gcmreview.textengine.taxonomy import load_taxonomy

    from .conftest import SMALL_PROTOTYPES, SMALL_TAXONOMY

    fresh = Classifier(load_taxonomy(SMALL_TAXONOMY), SMALL_PROTOTYPES)
    assert fresh.load_learned(buffer.getvalue().splitlines()) == 2
    assert [e.as_dict() for e in fresh.learned_examples()] == lines


def test_learning_an_unknown_objective_is_refused(small_lexical_classifier):
    with pytest.raises(ValueError):
        small_lexical_classifier.learn("Some text", [99])
    with pytest.raises(ValueError):
        small_lexical_classifier.learn("   ", [1])


def test_without_the_embedding_package_the_classifier_runs_lexical_only_and_says_so(
        monkeypatch):
    monkeypatch.setattr(embeddings, "model_files", lambda: None)
    classifier = Classifier.from_package()
    result = classifier.classify(MESSAGES[0])
    assert result.explanation["mode"] == LEXICAL_ONLY
    assert result.explanation["reason"] == "embedding package not installed"
    assert "model" not in result.explanation
    _assert_valid(result, range(1, 24))
    assert result.objectives[0][0] == 6


def test_turning_embeddings_off_is_reported_as_such(package_lexical_classifier):
    explanation = package_lexical_classifier.classify(MESSAGES[1]).explanation
    assert explanation["mode"] == LEXICAL_ONLY
    assert explanation["reason"] == "embeddings turned off"


def test_requiring_embeddings_when_missing_is_an_error(monkeypatch):
    monkeypatch.setattr(embeddings, "model_files", lambda: None)
    with pytest.raises(RuntimeError):
        Classifier.from_package(use_embeddings=True)


def test_mixed_language_text_reports_its_proportions(package_lexical_classifier):
    result = package_lexical_classifier.classify(MESSAGES[4])
    language = result.explanation["language"]
    assert language["mixed"] is True and set(language["proportions"]) == {"ar", "en"}


def test_statement_type_cues_decide_when_they_are_clear(small_lexical_classifier):
    result = small_lexical_classifier.classify("States should recommend remittance reforms.")
    assert result.statement_type == "recommendation"
    cues = result.explanation["statement_type"]["cues"]
    assert {"term": "should", "lang": "en", "type": "recommendation"} in cues


def test_a_text_with_nothing_to_go_on_is_typed_other_in_lexical_mode(package_lexical_classifier):
    for text in ("2024", "x", "!!!"):
        result = package_lexical_classifier.classify(text)
        assert result.statement_type == "other"
        _assert_valid(result, range(1, 24))


def test_who_speaks_and_where_is_not_evidence_of_what_a_message_is_about():
    # A seed text naming an organisation and a country teaches the naive Bayes nothing about
    # them: otherwise every message naming the ILO would lean to the objective whose seed
    # examples happen to name it most (international cooperation, in our data).
    taxonomy = load_taxonomy(SMALL_TAXONOMY | {"actors": {"en": ["ILO"], "fr": ["OIT"]}})
    seeds = [*SMALL_PROTOTYPES, LabelledText("The ILO in Jordan collects statistics", "en", (1,))]
    classifier = Classifier(taxonomy, seeds, embedder=None)
    known = classifier.objectives.lexical._log_likelihood
    assert "en:statist" in known
    assert not {"en:ilo", "fr:oit"} & set(known)
    only_actors = classifier.classify("The ILO, the OIT.", "en")
    assert only_actors.explanation["evidence"]["1"]["nb"] == pytest.approx(1 / 3, abs=1e-3)


def test_the_package_taxonomy_counts_every_gazetteer_country_among_the_actors():
    actors = load_taxonomy().actors
    assert "IOM" in actors["en"] and "Somalia" in actors["en"]
    assert "Somalie" in actors["fr"] and "الصومال" in actors["ar"]
    assert "المنظمة الدولية للهجرة" in actors["ar"]
