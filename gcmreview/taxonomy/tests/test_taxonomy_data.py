"""The taxonomy tables hold the data file's objectives, principles and types, once."""

from django.urls import reverse
from django.utils import translation

from gcmreview.taxonomy.models import (
    GuidingPrinciple,
    Objective,
    StakeholderConstituency,
    StatementType,
    TaxonomyVersion,
)
from gcmreview.taxonomy.operations import load_taxonomy_data


def test_the_taxonomy_holds_23_objectives_10_principles_and_7_statement_types(taxonomy):
    assert Objective.objects.count() == 23
    assert GuidingPrinciple.objects.count() == 10
    assert set(StatementType.objects.values_list("key", flat=True)) == {
        "progress", "challenge", "gap", "good_practice", "recommendation", "pledge", "other",
    }  # fmt: skip
    assert StakeholderConstituency.objects.count() >= 10


def test_each_objective_has_its_paragraph_and_texts_in_three_languages(taxonomy):
    for objective in Objective.objects.all():
        assert objective.paragraph == objective.number + 16
        for lang in ("en", "ar", "fr"):
            assert getattr(objective, f"title_{lang}")
            assert getattr(objective, f"label_{lang}")
            assert getattr(objective, f"scope_{lang}")
    assert Objective.objects.get(number=20).label_en == "Remittances"


def test_uncertain_translations_are_marked_as_working_translations(taxonomy):
    assert all("ar" in o.title_working_translation for o in Objective.objects.all())


def test_loading_the_same_file_again_changes_nothing(taxonomy):
    before = TaxonomyVersion.objects.count()
    version = load_taxonomy_data()
    assert TaxonomyVersion.objects.count() == before
    assert version == TaxonomyVersion.objects.first()


def test_a_changed_file_is_loaded_as_a_new_version(taxonomy, tmp_path):
    from gcmreview.taxonomy.operations import TAXONOMY_FILE

    changed = tmp_path / "taxonomy.yaml"
    changed.write_text(
        TAXONOMY_FILE.read_text(encoding="utf-8").replace('en: "Data"', 'en: "Data and evidence"'),
        encoding="utf-8",
    )
    load_taxonomy_data(changed)
    assert TaxonomyVersion.objects.count() == 2
    assert Objective.objects.get(number=1).label_en == "Data and evidence"


def test_the_objectives_page_reads_in_arabic_right_to_left(client, taxonomy):
    with translation.override("ar"):
        url = reverse("objectives")
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html
    assert Objective.objects.get(number=20).label_ar in html
