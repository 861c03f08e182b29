"""The search page in three languages: a GET form, highlighted results that link to their
document with page and paragraph, and nothing a reader may not see."""

import pytest
from django.urls import reverse
from django.utils import translation

from gcmreview.conftest import SECRETS
from gcmreview.intake.models import KeyMessage, KeyMessageCountry, KeyMessageObjective
from gcmreview.intake.tests.test_search import add_key_message


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def search_url(world, lang="en"):
    with translation.override(lang):
        return reverse("search", args=[world.process.slug])


@pytest.fixture
def messages(review_world):
    """A key message in each document of the review world, each naming its secret marker
    when it has one, all about migrants."""
    made = {}
    for name, doc in review_world.docs.items():
        marker = doc.text if doc.text in SECRETS else "open"
        made[name] = add_key_message(
            doc, f"Migrant workers and the {marker} <i>paper</i>.", "en", page=3
        )
    return made


def test_the_page_shows_highlighted_results_linking_to_their_document(
    client, review_world, messages
):
    response = client.get(search_url(review_world), {"q": "migrants"})
    assert response.status_code == 200
    html = response.content.decode()
    public = messages["public"]
    assert "<mark>Migrant</mark> workers and the open &lt;i&gt;paper&lt;/i&gt;." in html
    assert reverse("document", args=[review_world.process.slug, public.document_id]) in html
    assert "page 3, paragraph 1" in html
    assert 'class="passage" dir="auto"' in html
    assert "1 key message found." in html


@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_the_page_answers_in_each_language_with_its_direction(client, review_world, messages,
                                                              lang):  # fmt: skip
    response = client.get(search_url(review_world, lang), {"q": "migrant"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html
    assert "<mark>Migrant</mark>" in html


def test_the_form_filters_by_every_field(client, review_world, messages):
    km = messages["public"]
    KeyMessage.objects.filter(pk=km.pk).update(
        statement_type="recommendation", constituency="trade_unions", status="confirmed"
    )
    KeyMessageObjective.objects.create(key_message=km, objective=6, score=0.9)
    KeyMessageCountry.objects.create(key_message=km, code="EG")
    wanted = {
        "q": "migrant", "objective": "6", "type": "recommendation", "country": "EG",
        "event": str(review_world.open_event.pk), "lang": "en", "constituency": "trade_unions",
        "confirmed": "yes",
    }  # fmt: skip
    url = search_url(review_world)
    response = client.get(url, wanted)
    assert "1 key message found." in response.content.decode()
    assert "objectives: 6" in response.content.decode()
    for name, other in [("objective", "7"), ("country", "MA"), ("lang", "fr"),
                        ("confirmed", "no"), ("type", "challenge")]:  # fmt: skip
        response = client.get(url, {**wanted, name: other})
        assert "1 key message found." not in response.content.decode(), name


def test_an_empty_search_lists_what_the_reader_may_see(client, review_world, messages):
    response = client.get(search_url(review_world))
    html = response.content.decode()
    assert "1 key message found." in html and "Newest documents first." in html


def test_a_query_of_common_words_says_so(client, review_world, messages):
    response = client.get(search_url(review_world), {"q": "the of"})
    assert "has no word to look for" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "migrant\x00"}, {"q": '"NEAR(*'}, {"q": "x" * 50_000}, {"objective": "abc"},
        {"objective": "99"}, {"event": "999999999999999999999"}, {"page": "-3"},
        {"page": "10000000"}, {"lang": "xx"}, {"confirmed": "maybe"}, {"country": "'--"},
    ],
    ids=lambda p: next(iter(p)),
)  # fmt: skip
def test_odd_parameters_get_an_answer_not_an_error(client, review_world, messages, params):
    response = client.get(search_url(review_world), params)
    assert response.status_code == 200


def test_results_come_in_pages(client, review_world):
    for i in range(25):
        add_key_message(review_world.docs["public"], f"Remittance corridor {'x' * i}.", "en")
    url = search_url(review_world)
    first = client.get(url, {"q": "remittances"}).content.decode()
    assert "25 key messages found." in first and 'rel="next"' in first
    second = client.get(url, {"q": "remittances", "page": "2"}).content.decode()
    assert second.count('class="card search-hit"') == 5 and 'rel="prev"' in second


@pytest.mark.parametrize("role", ["anonymous", "stakeholder", "focal_point", "invitee",
                                  "non_invitee", "workstream_lead", "secretariat"])  # fmt: skip
def test_the_page_never_shows_restricted_text(client, review_world, messages, role):
    if review_world.people[role] is not None:
        client.force_login(review_world.people[role])
    forbidden = {marker for marker, readers in SECRETS.items() if role not in readers}
    allowed = {marker for marker, readers in SECRETS.items() if role in readers}
    for params in ({}, {"q": "migrant"}, {"q": "secret"}, {"event": review_world.closed.pk}):
        html = client.get(search_url(review_world), params).content.decode()
        assert not [m for m in forbidden if m in html], (role, params)
    html = client.get(search_url(review_world), {"q": "migrant"}).content.decode()
    shown = {m for m in allowed if m in html and m.endswith("-DOC")}
    assert shown == {m for m in allowed if m.endswith("-DOC")}, role
