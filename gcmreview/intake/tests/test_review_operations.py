"""Reviewing key messages: confirm, discard, merge, split and correct. Each change is made
by a reviewer only, audited with its before and after, refused whole on bad input, and a
confirmation teaches the classifier."""

import pytest
from django.contrib.auth.models import AnonymousUser

from gcmreview.audit.models import AuditEntry
from gcmreview.intake import operations as intake
from gcmreview.intake import review
from gcmreview.intake.gazetteer import countries_named
from gcmreview.intake.models import KeyMessage, KeyMessageCountry, KeyMessageObjective
from gcmreview.intake.search import search, search_terms_for
from gcmreview.intake.tests.test_search import add_key_message
from gcmreview.participation.access import Visibility, viewer_for
from gcmreview.participation.operations import Refused
from gcmreview.process.models import Event
from gcmreview.taxonomy import engine
from gcmreview.taxonomy.models import LabelledExample

FIRST = "Egypt will certify the skills of construction workers before they leave."
SECOND = "Recruitment fees charged to workers should be abolished across the region."
THIRD = "Morocco opened two new consular offices for its nationals abroad."


def add(document, text, lang="en", tags=((6, 0.8), (18, 0.3)), **fields):
    km = add_key_message(
        document, text, lang, statement_type="recommendation",
        explanation={"mode": "lexical-only", "matched": {
            str(n): [{"term": f"term{n}", "lang": lang, "count": 1}] for n, _s in tags
        }},
        **fields,
    )  # fmt: skip
    KeyMessageObjective.objects.bulk_create(
        [KeyMessageObjective(key_message=km, objective=n, score=s) for n, s in tags]
    )
    KeyMessageCountry.objects.bulk_create(
        [KeyMessageCountry(key_message=km, code=c) for c in countries_named(text, lang)]
    )
    return km


def led_event(world, **fields):
    """An open meeting of the workstream the world's workstream lead leads."""
    values = {
        "process": world.process, "key": "review-labour-talk", "kind": "gcm_talk",
        "title_en": "Labour mobility talk", "date_start": "2099-05-01",
        "date_end": "2099-05-01", "date_precision": "day", "workstream": world.workstream,
    }  # fmt: skip
    return Event.objects.create(**{**values, **fields})


def add_document(world, event=None, visibility=Visibility.PUBLIC, title="Talk summary"):
    return intake.add_document(
        world.people["secretariat"], world.process, kind="summary_report", title=title,
        text="", event=event, visibility=visibility,
    )  # fmt: skip


@pytest.fixture
def doc(review_world, taxonomy):
    return add_document(review_world, led_event(review_world))


@pytest.fixture
def three(doc):
    return [add(doc, FIRST), add(doc, SECOND, tags=((7, 0.9), (6, 0.4))), add(doc, THIRD)]


def person(world, role):
    return world.people[role] or AnonymousUser()


def tags_of(km):
    rows = KeyMessageObjective.objects.filter(key_message=km)
    return {t.objective: (t.score, t.confirmed) for t in rows}


def countries_of(km):
    return sorted(KeyMessageCountry.objects.filter(key_message=km).values_list("code", flat=True))


def state():
    """Everything a review operation may touch."""
    return (
        [review.key_message_state(km) for km in KeyMessage.objects.order_by("pk")],
        [km.search_terms for km in KeyMessage.objects.order_by("pk")],
        AuditEntry.objects.count(),
        LabelledExample.objects.count(),
    )


def entry(action):
    return AuditEntry.objects.get(action=action)


# --- confirming ----------------------------------------------------------------------------


def test_confirming_keeps_the_chosen_objectives_removes_the_others_and_audits(review_world, three):
    km = three[0]
    secretariat = review_world.people["secretariat"]

    review.confirm_key_message(secretariat, km, [6, "10"], "good_practice")

    km.refresh_from_db()
    assert km.status == KeyMessage.Status.CONFIRMED
    assert km.statement_type == "good_practice"
    assert km.reviewed_by == secretariat and km.reviewed_at is not None
    assert tags_of(km) == {6: (0.8, True), 10: (0, True)}
    audit = entry("key_message.confirmed")
    assert audit.actor == secretariat and audit.process == review_world.process
    assert audit.target_id == str(km.pk) and audit.at is not None
    assert audit.before["status"] == "candidate" and audit.after["status"] == "confirmed"
    assert [o["objective"] for o in audit.before["objectives"]] == [6, 18]
    assert audit.after["objectives"] == [
        {"objective": 6, "score": 0.8, "confirmed": True},
        {"objective": 10, "score": 0, "confirmed": True},
    ]
    assert audit.before["statement_type"] == "recommendation"
    assert audit.after["reviewed_by"] == secretariat.pk


def test_confirming_teaches_the_classifier_what_was_chosen_and_what_was_removed(
    review_world, three, django_capture_on_commit_callbacks
):
    engine.forget()
    try:
        classifier = engine.classifier()
        with django_capture_on_commit_callbacks(execute=True):
            review.confirm_key_message(review_world.people["secretariat"], three[0], [18], "pledge")
        example = LabelledExample.objects.get()
        assert example.text == FIRST and example.lang == "en"
        assert example.objectives == [18] and example.rejected == [6]
        assert example.statement_type == "pledge"
        assert example.confirmed_by == review_world.people["secretariat"]
        assert [e.text for e in classifier.learned_examples()] == [FIRST]
    finally:
        engine.forget()


def test_confirming_again_corrects_the_earlier_confirmation(review_world, three):
    secretariat = review_world.people["secretariat"]
    review.confirm_key_message(secretariat, three[0], [6], "recommendation")
    review.confirm_key_message(secretariat, three[0], [18], "recommendation")
    assert tags_of(three[0]) == {18: (0, True)}
    assert LabelledExample.objects.order_by("id").last().rejected == [6]
    assert AuditEntry.objects.filter(action="key_message.confirmed").count() == 2


# --- who may review ------------------------------------------------------------------------


def test_a_workstream_lead_reviews_key_messages_of_the_open_events_of_their_workstream(
    review_world, three
):
    lead = review_world.people["workstream_lead"]
    review.confirm_key_message(lead, three[0], [6], "recommendation")
    review.discard_key_message(lead, three[2])
    assert entry("key_message.confirmed").actor == lead
    assert entry("key_message.discarded").actor == lead
    assert set(review.reviewable_key_messages(viewer_for(lead, review_world.process),
                                              review_world.process)) == set(three)  # fmt: skip


def test_a_workstream_lead_may_not_review_a_closed_event_another_workstream_or_what_they_may_not_read(  # noqa: E501
    review_world,
):
    w = review_world
    lead = w.people["workstream_lead"]
    closed = add(add_document(w, w.closed), FIRST)
    other = led_event(w, key="review-other-talk", workstream=None)
    elsewhere = add(add_document(w, other), FIRST)
    secret = add(add_document(w, led_event(w), visibility=Visibility.SECRETARIAT), FIRST)
    for km in (closed, elsewhere, secret):
        before = state()
        with pytest.raises(Refused, match="You may not review this key message"):
            review.confirm_key_message(lead, km, [6], "recommendation")
        assert state() == before
    viewer = viewer_for(lead, w.process)
    assert not review.reviewable_key_messages(viewer, w.process).exists()


OPERATIONS = {
    "confirm": lambda actor, kms: review.confirm_key_message(actor, kms[0], [6], "pledge"),
    "discard": lambda actor, kms: review.discard_key_message(actor, kms[0]),
    "merge": lambda actor, kms: review.merge_key_messages(actor, kms[0], kms[1]),
    "split": lambda actor, kms: review.split_key_message(actor, kms[0], 10),
    "edit": lambda actor, kms: review.edit_key_message_text(actor, kms[0], "New words."),
}


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("role", ["anonymous", "stakeholder", "focal_point", "invitee"])
def test_people_who_do_not_review_are_refused_and_nothing_changes(
    review_world, three, role, operation
):
    before = state()
    with pytest.raises(Refused, match="You may not review this key message"):
        OPERATIONS[operation](person(review_world, role), three)
    assert state() == before


def test_a_reviewer_of_another_process_is_refused(review_world, three, django_user_model):
    from gcmreview.participation import operations as ops
    from gcmreview.participation.models import Role

    outsider = django_user_model.objects.create_user("other.secretariat@example.org")
    ops.assign_role(review_world.root, outsider, review_world.other, Role.SECRETARIAT)
    before = state()
    with pytest.raises(Refused):
        review.confirm_key_message(outsider, three[0], [6], "pledge")
    assert state() == before


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("objectives", "statement_type", "reason"),
    [
        ([0], "pledge", "numbered 1 to 23"),
        ([24], "pledge", "numbered 1 to 23"),
        ([6, -3], "pledge", "numbered 1 to 23"),
        (["six"], "pledge", "numbered 1 to 23"),
        ([None], "pledge", "numbered 1 to 23"),
        ([], "pledge", "at least one objective"),
        ([6], "rumour", "Unknown statement type"),
        ([6], "", "Choose a statement type"),
    ],
)
def test_a_bad_confirmation_is_refused_and_nothing_changes(
    review_world, three, objectives, statement_type, reason
):
    before = state()
    with pytest.raises(Refused, match=reason):
        review.confirm_key_message(
            review_world.people["secretariat"], three[0], objectives, statement_type
        )
    assert state() == before


def test_merging_messages_of_different_documents_itself_or_not_neighbours_is_refused(
    review_world, doc, three
):
    secretariat = review_world.people["secretariat"]
    elsewhere = add(add_document(review_world, doc.event, title="Another report"), SECOND)
    before = state()
    for first, second, reason in [
        (three[0], elsewhere, "same document"),
        (three[0], three[0], "with itself"),
        (three[0], three[2], "neighbouring"),
        (three[2], three[0], "neighbouring"),
    ]:
        with pytest.raises(Refused, match=reason):
            review.merge_key_messages(secretariat, first, second)
        assert state() == before


@pytest.mark.parametrize("at", [0, len(FIRST), len(FIRST) + 5, -4, "", "middle", None])
def test_splitting_at_the_start_the_end_or_nowhere_is_refused(review_world, three, at):
    before = state()
    with pytest.raises(Refused):
        review.split_key_message(review_world.people["secretariat"], three[0], at)
    assert state() == before


def test_splitting_where_one_part_would_be_only_spaces_is_refused(review_world, doc):
    km = add(doc, "Migrants     ")
    before = state()
    with pytest.raises(Refused, match="inside its text"):
        review.split_key_message(review_world.people["secretariat"], km, 9)
    assert state() == before


@pytest.mark.parametrize("text", ["", "   \n  ", None, "x" * (review.LONGEST_TEXT + 1)])
def test_an_empty_or_huge_text_is_refused(review_world, three, text):
    before = state()
    with pytest.raises(Refused):
        review.edit_key_message_text(review_world.people["secretariat"], three[0], text)
    assert state() == before


def test_discarding_twice_is_refused(review_world, three):
    secretariat = review_world.people["secretariat"]
    review.discard_key_message(secretariat, three[0])
    before = state()
    with pytest.raises(Refused, match="already discarded"):
        review.discard_key_message(secretariat, three[0])
    assert state() == before


def test_a_key_message_merged_away_is_refused_with_a_reason(review_world, three):
    secretariat = review_world.people["secretariat"]
    review.merge_key_messages(secretariat, three[0], three[1])
    with pytest.raises(Refused, match="no longer exists"):
        review.confirm_key_message(secretariat, three[1], [6], "pledge")


# --- discarding, merging, splitting, editing -----------------------------------------------


def test_discarding_takes_the_message_out_of_review_and_audits(review_world, three):
    secretariat = review_world.people["secretariat"]
    review.discard_key_message(secretariat, three[1])
    km = KeyMessage.objects.get(pk=three[1].pk)
    assert km.status == KeyMessage.Status.DISCARDED and km.reviewed_by == secretariat
    audit = entry("key_message.discarded")
    assert (audit.before["status"], audit.after["status"]) == ("candidate", "discarded")
    assert not LabelledExample.objects.exists()


def test_merging_joins_texts_and_tags_deletes_the_second_and_renumbers(review_world, three):
    secretariat = review_world.people["secretariat"]
    first, second, third = three
    review.confirm_key_message(secretariat, first, [6], "recommendation")

    merged = review.merge_key_messages(secretariat, second, first)  # either order

    assert merged.pk == first.pk
    assert merged.text == f"{FIRST} {SECOND}"
    assert merged.search_terms == search_terms_for(merged.text, "en")
    assert merged.status == KeyMessage.Status.CANDIDATE and merged.reviewed_by is None
    assert tags_of(merged) == {6: (0.8, True), 7: (0.9, False)}
    assert sorted(merged.explanation["matched"]) == ["18", "6", "7"]
    assert not KeyMessage.objects.filter(pk=second.pk).exists()
    assert [(k.pk, k.position) for k in KeyMessage.objects.filter(document=first.document)] == [
        (first.pk, 1), (third.pk, 2),
    ]  # fmt: skip
    audit = entry("key_message.merged")
    assert audit.before["first"]["text"] == FIRST and audit.before["second"]["text"] == SECOND
    assert audit.before["second"]["id"] == second.pk
    assert audit.after["text"] == merged.text and audit.after["status"] == "candidate"


def test_splitting_makes_two_messages_in_reading_order_with_their_own_countries(
    review_world, three
):
    secretariat = review_world.people["secretariat"]
    km = add(three[0].document, f"{FIRST} {THIRD}")  # fourth in the document
    KeyMessage.objects.filter(pk=km.pk).update(position=1)  # now between the first two
    km.refresh_from_db()

    first, second = review.split_key_message(secretariat, km, len(FIRST))

    assert (first.text, second.text) == (FIRST, THIRD)
    assert countries_of(first) == ["EG"] and countries_of(second) == ["MA"]
    assert second.search_terms == search_terms_for(THIRD, "en")
    assert (second.page, second.paragraph) == (km.page, km.paragraph)
    assert tags_of(second) == tags_of(first) == {6: (0.8, False), 18: (0.3, False)}
    assert first.status == second.status == KeyMessage.Status.CANDIDATE
    order = [k.pk for k in KeyMessage.objects.filter(document=km.document)]
    assert order == [three[0].pk, first.pk, second.pk, three[1].pk, three[2].pk]
    positions = KeyMessage.objects.filter(document=km.document).values_list("position", flat=True)
    assert list(positions) == [1, 2, 3, 4, 5]
    audit = entry("key_message.split")
    assert audit.before["text"] == f"{FIRST} {THIRD}"
    assert (audit.after["first"]["text"], audit.after["second"]["text"]) == (FIRST, THIRD)


def test_splitting_counts_characters_in_arabic_text(review_world, doc):
    text = "يجب حماية حقوق العمال المهاجرين في مصر. وافتتح المغرب مكتبين قنصليين جديدين."
    km = add(doc, text, "ar")
    at = text.index("وافتتح")
    first, second = review.split_key_message(review_world.people["secretariat"], km, at)
    assert first.text == "يجب حماية حقوق العمال المهاجرين في مصر."
    assert second.text == "وافتتح المغرب مكتبين قنصليين جديدين."
    assert countries_of(first) == ["EG"] and countries_of(second) == ["MA"]


def test_editing_the_text_keeps_the_decision_and_updates_terms_countries_and_search(
    review_world, three
):
    secretariat = review_world.people["secretariat"]
    review.confirm_key_message(secretariat, three[2], [23], "progress")

    km = review.edit_key_message_text(secretariat, three[2], "  Jordan opened a consulate.\r\n")

    assert km.text == "Jordan opened a consulate."
    assert km.status == KeyMessage.Status.CONFIRMED
    assert countries_of(km) == ["JO"]
    audit = entry("key_message.edited")
    assert (audit.before["text"], audit.after["text"]) == (THIRD, km.text)
    assert (audit.before["countries"], audit.after["countries"]) == (["MA"], ["JO"])
    viewer = viewer_for(secretariat, review_world.process)
    assert [h.key_message.pk for h in search(viewer, review_world.process, "consulate")] == [km.pk]
    assert not list(search(viewer, review_world.process, "Morocco"))


def test_editing_to_the_same_text_records_nothing(review_world, three):
    before = state()
    review.edit_key_message_text(review_world.people["secretariat"], three[0], f" {FIRST} ")
    assert state() == before
