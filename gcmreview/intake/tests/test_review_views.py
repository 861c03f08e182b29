"""The review queue through the test client: plain forms that post and redirect, one key
message in focus, filters, who confirmed what, and the same refusals as the operations."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from gcmreview.audit.models import AuditEntry
from gcmreview.intake import review
from gcmreview.intake.models import KeyMessage
from gcmreview.intake.tests.test_review_operations import (
    FIRST,
    SECOND,
    THIRD,
    add,
    add_document,
    led_event,
    state,
    tags_of,
)
from gcmreview.participation.access import Visibility
from gcmreview.taxonomy.models import Objective


@pytest.fixture
def doc(review_world, taxonomy):
    return add_document(review_world, led_event(review_world))


@pytest.fixture
def three(doc):
    return [add(doc, FIRST), add(doc, SECOND, tags=((7, 0.9), (6, 0.4))), add(doc, THIRD)]


def queue_url(world, lang="en", **query):
    with translation.override(lang):
        url = reverse("review-queue", args=[world.process.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def action_url(world, km, lang="en"):
    with translation.override(lang):
        return reverse("review-key-message", args=[world.process.slug, km.pk])


def signed_in(client, world, role="secretariat"):
    client.force_login(world.people[role])
    return client


def focused_text(response) -> str:
    match = re.search(r'<textarea id="review-text"[^>]*>(.*?)</textarea>', response.text, re.S)
    return match.group(1).strip() if match else ""


# --- the page ------------------------------------------------------------------------------


def test_the_page_shows_the_first_candidate_with_its_source_suggestions_and_all_objectives(
    client, review_world, three
):
    response = signed_in(client, review_world).get(queue_url(review_world))
    assert response.status_code == 200
    html = response.text
    assert focused_text(response) == FIRST
    assert 'name="text" dir="auto" lang="en"' in html
    assert "Talk summary" in html and "page 1, paragraph 1" in html
    assert "Labour mobility talk" in html
    assert len(re.findall(r'type="checkbox" name="objectives"', html)) == 23
    assert str(Objective.objects.get(number=6).label) in html
    # The engine's suggestions with their scores and the terms it matched.
    assert "score 0.80" in html and "term6" in html and "term18" in html
    # Objective 6 scores high enough to start ticked; 18 does not.
    assert re.search(r'value="6" checked', html) and not re.search(r'value="18" checked', html)
    assert re.search(r'value="recommendation" checked', html)
    assert "Key message 1 of 3 in this list." in html
    assert 'id="review-next"' in html and 'id="review-previous"' not in html
    assert "review-queue.js" in html and 'id="review-keys"' in html


def test_j_and_k_have_links_to_follow_and_at_focuses_one_message(client, review_world, three):
    response = signed_in(client, review_world).get(queue_url(review_world, at=three[1].pk))
    assert focused_text(response) == SECOND
    assert f'at={three[2].pk}" rel="next"' in response.text
    assert f'at={three[0].pk}" rel="prev"' in response.text
    assert "Key message 2 of 3 in this list." in response.text


def test_the_queue_shows_candidates_by_default_and_filters_by_status_document_and_event(
    client, review_world, doc, three
):
    w = review_world
    review.confirm_key_message(w.people["secretariat"], three[0], [6], "recommendation")
    other = add(add_document(w, w.open_event, title="Open talk report"), "Open talk words here.")
    client = signed_in(client, w)

    assert focused_text(client.get(queue_url(w))) == SECOND
    confirmed = client.get(queue_url(w, status="confirmed"))
    assert focused_text(confirmed) == FIRST
    assert "confirmed</strong>, by secretariat on" in confirmed.text
    assert "Key message 1 of 1 in this list." in confirmed.text
    assert focused_text(client.get(queue_url(w, document=other.document_id))) == other.text
    assert focused_text(client.get(queue_url(w, event=w.open_event.pk))) == other.text
    assert "Key message 1 of 4" in client.get(queue_url(w, status="any")).text
    assert (
        "Nothing left to review here."
        in client.get(queue_url(w, document=other.document_id, event=doc.event_id)).text
    )


def test_the_history_shows_who_confirmed_what(client, review_world, three):
    w = review_world
    review.confirm_key_message(w.people["workstream_lead"], three[0], [6, 18], "pledge")
    html = signed_in(client, w).get(queue_url(w, status="any", at=three[0].pk)).text
    assert re.search(r"workstream_lead</span> · confirmed: objectives 6, 18 \(Pledge\)", html)


@pytest.mark.parametrize(("role", "status"), [
    ("stakeholder", 403), ("focal_point", 403), ("invitee", 403), ("non_invitee", 403),
])  # fmt: skip
def test_the_page_is_refused_to_people_who_do_not_review(client, review_world, three, role,
                                                         status):  # fmt: skip
    response = signed_in(client, review_world, role).get(queue_url(review_world))
    assert response.status_code == status
    assert FIRST not in response.text


def test_the_public_is_sent_to_sign_in(client, review_world, three):
    response = client.get(queue_url(review_world))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_a_workstream_lead_sees_only_key_messages_they_may_review(client, review_world, three):
    w = review_world
    secret = add(add_document(w, w.closed, title="Closed talk notes"), "Closed talk words here.")
    hidden = add(add_document(w, three[0].event, visibility=Visibility.SECRETARIAT,
                              title="Internal notes"), "Internal words here.")  # fmt: skip
    response = signed_in(client, w, "workstream_lead").get(queue_url(w, status="any"))
    assert response.status_code == 200
    assert "Key message 1 of 3 in this list." in response.text
    for km in (secret, hidden):
        assert km.text not in response.text and km.document.title not in response.text
        page = client.get(queue_url(w, at=km.pk, document=km.document_id))
        assert km.text not in page.text


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_page_speaks_the_active_language_and_runs_right_to_left_in_arabic(
    client, review_world, three, lang
):
    response = signed_in(client, review_world).get(queue_url(review_world, lang))
    html = response.text
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html
    objective = Objective.objects.get(number=6)
    assert getattr(objective, f"label_{lang}") in html


# --- the forms -----------------------------------------------------------------------------


def test_confirm_saves_the_choice_and_goes_to_the_next_candidate(client, review_world, three):
    w = review_world
    client = signed_in(client, w)
    response = client.post(
        action_url(w, three[0]),
        {"action": "confirm", "objectives": ["6", "18"], "statement_type": "pledge",
         "text": FIRST, "queue": "status=candidate"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == queue_url(w, status="candidate", after=three[0].pk)
    km = KeyMessage.objects.get(pk=three[0].pk)
    assert km.status == "confirmed" and km.reviewed_by == w.people["secretariat"]
    assert tags_of(km) == {6: (0.8, True), 18: (0.3, True)}
    page = client.get(response["Location"])
    assert focused_text(page) == SECOND
    assert "Key message confirmed." in page.text


def test_confirm_with_a_corrected_text_saves_both(client, review_world, three):
    client = signed_in(client, review_world)
    client.post(action_url(review_world, three[0]), {
        "action": "confirm", "objectives": ["6"], "statement_type": "pledge",
        "text": "Egypt will certify the skills of builders.",
    })  # fmt: skip
    km = KeyMessage.objects.get(pk=three[0].pk)
    assert (km.text, km.status) == ("Egypt will certify the skills of builders.", "confirmed")
    assert AuditEntry.objects.filter(action="key_message.edited").count() == 1


def test_a_bad_confirmation_comes_back_to_the_same_message_with_the_reason_and_changes_nothing(
    client, review_world, three
):
    client = signed_in(client, review_world)
    before = state()
    response = client.post(action_url(review_world, three[0]), {
        "action": "confirm", "objectives": ["24"], "statement_type": "pledge",
        "text": "A changed text that must not be kept.",
    }, follow=True)  # fmt: skip
    assert state() == before
    assert "Objectives are numbered 1 to 23." in response.text
    assert focused_text(response) == FIRST


def test_discard_merge_split_and_save_through_the_forms(client, review_world, three):
    w = review_world
    client = signed_in(client, w)

    response = client.post(action_url(w, three[2]), {"action": "discard"})
    assert response["Location"] == queue_url(w, after=three[2].pk)
    assert KeyMessage.objects.get(pk=three[2].pk).status == "discarded"

    response = client.post(action_url(w, three[0]), {"action": "merge", "text": FIRST})
    assert response["Location"] == queue_url(w, at=three[0].pk)
    assert KeyMessage.objects.get(pk=three[0].pk).text == f"{FIRST} {SECOND}"

    # The browser's text field counts from its own first character, spaces included.
    posted = f"  {FIRST} {SECOND}"
    client.post(action_url(w, three[0]), {
        "action": "split", "text": posted, "at": str(posted.index("Recruitment")),
    })  # fmt: skip
    first, second = KeyMessage.objects.filter(document=three[0].document).exclude(
        status="discarded"
    )
    assert (first.text, second.text) == (FIRST, SECOND)

    # Without JavaScript the split form sends no text, only the character.
    client.post(action_url(w, second), {"action": "split", "at": str(SECOND.index("should"))})
    assert KeyMessage.objects.filter(document=three[0].document).count() == 4

    client.post(action_url(w, first), {"action": "save", "text": "Egypt certifies skills."})
    assert KeyMessage.objects.get(pk=first.pk).text == "Egypt certifies skills."


def test_merge_of_the_last_message_of_a_document_is_refused_with_a_reason(
    client, review_world, three
):
    response = signed_in(client, review_world).post(
        action_url(review_world, three[2]), {"action": "merge"}, follow=True
    )
    assert "No key message follows this one in its document." in response.text
    assert KeyMessage.objects.count() == 3


@pytest.mark.parametrize("role", ["stakeholder", "focal_point", "invitee"])
def test_posts_by_people_who_do_not_review_are_refused_and_change_nothing(
    client, review_world, three, role
):
    before = state()
    response = signed_in(client, review_world, role).post(
        action_url(review_world, three[0]),
        {"action": "confirm", "objectives": ["6"], "statement_type": "pledge"},
    )
    assert response.status_code == 403
    assert state() == before


def test_a_post_from_the_public_is_sent_to_sign_in(client, review_world, three):
    before = state()
    response = client.post(action_url(review_world, three[0]), {"action": "discard"})
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert state() == before


def test_a_workstream_lead_cannot_post_about_a_message_they_may_not_review(
    client, review_world, three
):
    w = review_world
    secret = add(add_document(w, w.closed, title="Closed talk notes"), "Closed talk words here.")
    before = state()
    response = signed_in(client, w, "workstream_lead").post(
        action_url(w, secret), {"action": "discard"}
    )
    assert response.status_code == 404
    assert state() == before


def test_an_unknown_action_is_refused_and_get_is_not_allowed(client, review_world, three):
    client = signed_in(client, review_world)
    before = state()
    response = client.post(action_url(review_world, three[0]), {"action": "delete"}, follow=True)
    assert "Unknown action." in response.text
    assert state() == before
    assert client.get(action_url(review_world, three[0])).status_code == 405
