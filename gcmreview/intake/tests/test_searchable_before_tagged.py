"""Reading a document stores all its key messages at once, searchable before the text
engine has tagged any; tagging follows, batch by batch, to the same end as tagging them
while they were stored; people may review meanwhile, and every page says which key
messages are not classified yet."""

import json

import pytest
from django.urls import reverse

from gcmreview.intake import ingest, review
from gcmreview.intake.gazetteer import countries_named
from gcmreview.intake.models import Document, KeyMessage, KeyMessageObjective
from gcmreview.intake.search import search, search_terms_for
from gcmreview.intake.tests.test_ingest import REPORT
from gcmreview.participation.access import viewer_for
from gcmreview.taxonomy.engine import classifier
from gcmreview.textengine.langid import LanguageGuess


@pytest.fixture
def secretariat(review_world):
    return review_world.people["secretariat"]


@pytest.fixture
def document(review_world, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return ingest.receive_file(
        secretariat, review_world.process, name="report.md", data=REPORT.encode(),
        kind="summary_report", event=review_world.open_event, authors=[review_world.union],
        queue=False,
    ).document  # fmt: skip


def found(world, actor, query):
    viewer = viewer_for(actor, world.process)
    return [hit.key_message.pk for hit in search(viewer, world.process, query)]


def objectives_of(document):
    return KeyMessageObjective.objects.filter(key_message__document=document)


def test_every_key_message_is_found_by_search_before_any_is_tagged(
    review_world, secretariat, document
):
    seen = {}

    def watch(percent, what):
        # The first report of the tagging phase: reading is done, no batch tagged yet.
        if what == "tagging" and not seen:
            document.refresh_from_db()
            seen["status"] = document.status
            seen["stored"] = list(document.key_messages.order_by("position"))
            seen["objectives"] = objectives_of(document).count()
            seen["detention"] = found(review_world, secretariat, "detention children")
            seen["remittances"] = found(review_world, secretariat, "remittances corridors")

    ingest.read_and_tag(document, progress=watch)
    stored = seen["stored"]
    assert seen["status"] == Document.Status.TAGGING
    assert len(stored) == 4 and seen["objectives"] == 0
    assert all(km.awaiting_tags and km.statement_type == "" for km in stored)
    assert seen["detention"] == [stored[1].pk] and seen["remittances"] == [stored[2].pk]
    document.refresh_from_db()
    assert document.status == Document.Status.READY
    assert not document.key_messages.filter(awaiting_tags=True).exists()


def test_reading_alone_stores_each_key_message_with_its_place_language_terms_and_countries(
    document,
):
    assert ingest.read_and_cut(document) is True
    document.refresh_from_db()
    assert (document.status, document.progress) == (Document.Status.TAGGING, 20)
    messages = list(document.key_messages.order_by("position"))
    assert [m.paragraph for m in messages] == [1, 2, 3, 4]
    for km in messages:
        assert km.lang == "en" and km.search_terms == search_terms_for(km.text, "en")
        assert sorted(km.countries.values_list("code", flat=True)) == sorted(
            countries_named(km.text, "en")
        )
        assert km.constituency == "trade_unions" and km.awaiting_tags
    assert objectives_of(document).count() == 0


def test_tagging_ends_where_tagging_each_key_message_as_it_was_stored_would(document):
    ingest.read_and_tag(document)
    messages = list(document.key_messages.order_by("position").prefetch_related("tags"))
    results = classifier().classify_many([km.text for km in messages])
    for km, result in zip(messages, results, strict=True):
        expected = result.as_dict()
        assert not km.awaiting_tags
        assert km.lang == expected["lang"] and km.statement_type == expected["statement_type"]
        assert km.explanation == json.loads(json.dumps(expected["explanation"]))
        assert km.search_terms == search_terms_for(km.text, km.lang)
        assert {(t.objective, t.score, t.confirmed) for t in km.tags.all()} == {
            (o["objective"], o["score"], False) for o in ingest._suggested(expected["objectives"])
        }


def test_a_key_message_confirmed_before_it_is_tagged_keeps_the_persons_decision(
    secretariat, document, taxonomy
):
    ingest.read_and_cut(document)
    detention = document.key_messages.get(position=2)
    review.confirm_key_message(secretariat, detention, [8], "challenge")
    assert ingest.tag_key_messages(document) == 3
    detention.refresh_from_db()
    assert detention.status == KeyMessage.Status.CONFIRMED and not detention.awaiting_tags
    assert detention.statement_type == "challenge" and detention.explanation == {}
    assert list(detention.tags.values_list("objective", "confirmed")) == [(8, True)]
    assert objectives_of(document).exclude(key_message=detention).count() >= 9


def test_a_key_message_reworded_before_it_is_tagged_is_tagged_for_its_new_words(
    secretariat, document, taxonomy
):
    ingest.read_and_cut(document)
    detention = document.key_messages.get(position=2)
    review.edit_key_message_text(
        secretariat, detention,
        "The cost of sending remittances must fall below three percent on every corridor.",
    )  # fmt: skip
    ingest.tag_key_messages(document)
    detention.refresh_from_db()
    assert detention.status == KeyMessage.Status.CANDIDATE and not detention.awaiting_tags
    assert detention.tags.order_by("-score").first().objective == 20


def test_both_parts_of_a_key_message_split_before_it_is_tagged_are_tagged(
    secretariat, document, taxonomy
):
    ingest.read_and_cut(document)
    recruitment = document.key_messages.get(position=4)
    at = recruitment.text.index(" and passports")
    head, tail = review.split_key_message(secretariat, recruitment, at)
    assert head.awaiting_tags and tail.awaiting_tags
    assert ingest.tag_key_messages(document) == 5
    assert not document.key_messages.filter(awaiting_tags=True).exists()
    assert head.tags.exists() and tail.tags.exists()


def test_two_key_messages_merged_before_they_are_tagged_are_tagged_as_one(
    secretariat, document, taxonomy
):
    ingest.read_and_cut(document)
    detention, remittances = document.key_messages.filter(position__in=[2, 3])
    merged = review.merge_key_messages(secretariat, detention, remittances)
    assert merged.awaiting_tags
    assert ingest.tag_key_messages(document) == 3
    merged.refresh_from_db()
    assert not merged.awaiting_tags and merged.statement_type
    assert {13, 20} <= set(merged.tags.values_list("objective", flat=True))


def test_terms_and_countries_follow_the_engine_when_it_reads_another_language(
    document, monkeypatch
):
    # Reading's quick guess says French; the engine, reading the same text, says English.
    monkeypatch.setattr(ingest, "identify", lambda text: LanguageGuess("fr"))
    ingest.read_and_cut(document)
    detention = document.key_messages.get(position=2)
    assert detention.lang == "fr" and detention.search_terms == search_terms_for(
        detention.text, "fr"
    )
    ingest.tag_key_messages(document)
    detention.refresh_from_db()
    assert detention.lang == "en"
    assert detention.search_terms == search_terms_for(detention.text, "en")
    assert sorted(detention.countries.values_list("code", flat=True)) == ["JO", "LB"]


def test_reading_again_keeps_a_touched_key_message_still_waiting_and_tags_it(
    secretariat, document, taxonomy
):
    ingest.read_and_cut(document)  # the worker stopped before tagging
    detention = document.key_messages.get(position=2)
    review.edit_key_message_text(secretariat, detention, detention.text + " Jordan too.")
    ingest.read_and_tag(document)
    detention.refresh_from_db()
    assert not detention.awaiting_tags and detention.tags.exists()
    assert document.key_messages.count() == 5  # the edited one and four read again
    assert set(document.key_messages.values_list("text_version", flat=True)) == {1, 2}


def test_pages_say_which_key_messages_are_not_classified_yet(
    client, review_world, secretariat, document, taxonomy
):
    ingest.read_and_cut(document)
    client.force_login(secretariat)
    slug = review_world.process.slug
    page = client.get(reverse("document", args=[slug, document.pk])).text
    assert page.count("not classified yet") == 4
    assert "tagging key messages (already searchable)" in page
    results = client.get(reverse("search", args=[slug]), {"q": "remittances"}).text
    assert "1 key message found." in results and "not classified yet" in results
    queue = client.get(reverse("review-queue", args=[slug]), {"document": document.pk}).text
    assert "The engine has not classified this key message yet" in queue
    assert "No suggestion: choose the objectives yourself." not in queue

    ingest.tag_key_messages(document)
    for url, query in [
        (reverse("document", args=[slug, document.pk]), {}),
        (reverse("search", args=[slug]), {"q": "remittances"}),
        (reverse("review-queue", args=[slug]), {"document": document.pk}),
    ]:
        assert "not classified yet" not in client.get(url, query).text


def test_the_document_page_reloads_when_its_key_messages_appear_and_when_they_are_tagged(
    client, review_world, secretariat, document
):
    client.force_login(secretariat)
    progress = reverse("document-progress", args=[review_world.process.slug, document.pk])
    assert "HX-Refresh" not in client.get(progress, {"shown": "received"})
    ingest.read_and_cut(document)
    tagging = client.get(progress, {"shown": "received"})
    assert tagging["HX-Refresh"] == "true"
    assert 'shown=tagging"' in tagging.text and 'hx-trigger="every 1s"' in tagging.text
    assert "HX-Refresh" not in client.get(progress, {"shown": "tagging"})
    ingest.tag_key_messages(document)
    assert client.get(progress, {"shown": "tagging"})["HX-Refresh"] == "true"
    assert "HX-Refresh" not in client.get(progress, {"shown": "ready"})
