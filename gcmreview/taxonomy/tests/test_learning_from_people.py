"""A tag a person confirms is kept and changes the next prediction for a similar text."""

import pytest

from gcmreview.audit.models import AuditEntry
from gcmreview.participation.operations import Refused
from gcmreview.taxonomy import engine
from gcmreview.taxonomy.models import LabelledExample
from gcmreview.taxonomy.operations import confirm_tags

# A text the package's lexicons place under decent work (6), which the secretariat of a
# review files under skills (18) in its own practice.
TEXT = "Bilateral agreements will certify the trades of construction workers before departure."
SIMILAR = "Agreements should certify the trades of construction workers before they depart."


def _score(classification, number):
    return dict((o["objective"], o["score"]) for o in classification.as_dict()["objectives"])[
        number
    ]


@pytest.fixture
def fresh_engine():
    engine.forget()
    yield
    engine.forget()


def test_a_confirmed_example_changes_the_next_prediction_for_a_similar_text(
    taxonomy, fresh_engine, django_capture_on_commit_callbacks
):
    before = _score(engine.classifier().classify(SIMILAR), 18)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_tags(None, TEXT, [18], rejected=[6], statement_type="pledge")
    after = _score(engine.classifier().classify(SIMILAR), 18)
    assert after > before


def test_confirmed_examples_are_reloaded_when_the_classifier_is_built_again(
    taxonomy, fresh_engine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        confirm_tags(None, TEXT, [18])
    taught = _score(engine.classifier().classify(SIMILAR), 18)
    engine.forget()
    assert _score(engine.classifier().classify(SIMILAR), 18) == pytest.approx(taught)


def test_a_confirmation_is_kept_and_audited(taxonomy, fresh_engine, django_user_model):
    person = django_user_model.objects.create_user("officer@example.org", password="x" * 14)
    example = confirm_tags(person, TEXT, [18, 5], statement_type="pledge", lang="en")
    assert LabelledExample.objects.get() == example
    assert example.objectives == [5, 18]
    entry = AuditEntry.objects.get(action="tags.confirmed")
    assert entry.actor == person and entry.after["objectives"] == [5, 18]


@pytest.mark.parametrize(
    ("text", "objectives", "statement_type"),
    [("   ", [18], None), (TEXT, [], None), (TEXT, [24], None), (TEXT, [18], "rumour")],
)
def test_a_bad_confirmation_is_refused_and_nothing_is_kept(
    taxonomy, text, objectives, statement_type
):
    with pytest.raises(Refused):
        confirm_tags(None, text, objectives, statement_type=statement_type)
    assert not LabelledExample.objects.exists()
