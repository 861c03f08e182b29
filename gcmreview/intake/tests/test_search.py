"""Search over key messages: Arabic, English and French forms meet, filters narrow, the
passage is highlighted and escaped, and nobody finds what they may not read."""

import pytest
from django.contrib.auth.models import AnonymousUser

from gcmreview.intake.models import Document, KeyMessage, KeyMessageCountry, KeyMessageObjective
from gcmreview.intake.search import query_terms, search, search_terms_for
from gcmreview.participation.access import Visibility, viewer_for


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    # review_world signs up seven people; Argon2 would spend seconds on each test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def add_key_message(document, text, lang, **fields):
    """A key message of `document` as ingestion will store it: its document's process, event
    and visibility, and its terms from search_terms_for."""
    position = KeyMessage.objects.filter(document=document).count() + 1
    values = {
        "process": document.process,
        "event": document.event,
        "visibility": document.visibility,
        "position": position,
        "paragraph": position,
        "page": 1,
        **fields,
    }
    return KeyMessage.objects.create(
        document=document, text=text, lang=lang, search_terms=search_terms_for(text, lang),
        **values,
    )  # fmt: skip


def viewer(world, role):
    user = world.people[role] or AnonymousUser()
    return viewer_for(user, world.process)


def found(results):
    return [hit.key_message.text for hit in results]


@pytest.fixture
def public_doc(review_world):
    return review_world.docs["public"]


# --- terms ------------------------------------------------------------------------------


def test_arabic_forms_with_article_conjunction_and_diacritics_give_one_term():
    terms = {search_terms_for(w, "ar") for w in ["مساواة", "المساواة", "وَالمُسَاوَاةُ",
                                                 "بالمساواة", "للمساواة", "مساواه"]}  # fmt: skip
    assert len(terms) == 1 and terms != {""}


def test_arabic_hamza_alef_and_tatweel_variants_give_one_term():
    assert search_terms_for("الإجراءات", "ar") == search_terms_for("الاجراءات", "ar")
    assert search_terms_for("مسؤولية", "ar") == search_terms_for("مسئولية", "ar")
    assert search_terms_for("الهجـــرة", "ar") == search_terms_for("الهجرة", "ar")


def test_english_and_french_inflections_give_one_term():
    assert search_terms_for("migrants", "en") == search_terms_for("migrant", "en")
    assert search_terms_for("workers'", "en") == search_terms_for("worker", "en")
    assert search_terms_for("travailleuses", "fr") == search_terms_for("travailleur", "fr")
    assert search_terms_for("directrices", "fr") == search_terms_for("directeur", "fr")
    assert search_terms_for("l'État", "fr") == search_terms_for("etats", "fr")


def test_stop_words_leave_no_term_and_a_query_of_them_has_no_words():
    assert search_terms_for("the of and", "en") == ""
    assert query_terms("the of and") == []
    assert query_terms("?!") == []


def test_a_latin_query_word_is_looked_up_in_english_and_french_unless_a_language_is_given():
    assert query_terms("migrants") == [("migr", "migrant")]
    assert query_terms("migrants", "fr") == [("migr",)]
    # "des" is a French stop word: a query may not require it of English texts either.
    assert query_terms("droits des migrants") == [("droit",), ("migr", "migrant")]


# --- matching -----------------------------------------------------------------------------


def test_arabic_search_for_musawat_finds_it_with_article_and_with_diacritics(review_world):
    doc = review_world.docs["public"]
    add_key_message(doc, "تعزيز المساواة بين الجنسين في سوق العمل", "ar")
    add_key_message(doc, "وَالمُسَاوَاةُ في الأجر للعمال المهاجرين", "ar")
    add_key_message(doc, "حماية حقوق الأطفال المهاجرين", "ar")
    results = search(viewer(review_world, "anonymous"), review_world.process, "مساواة")
    assert sorted(found(results)) == sorted(
        ["تعزيز المساواة بين الجنسين في سوق العمل", "وَالمُسَاوَاةُ في الأجر للعمال المهاجرين"]
    )
    assert results.total == 2
    # And the other way round: the query written with diacritics finds the bare word.
    assert search(viewer(review_world, "anonymous"), review_world.process, "المُسَاوَاة").total == 2


def test_english_search_matches_inflected_forms(review_world):
    doc = review_world.docs["public"]
    add_key_message(doc, "Every migrant worker should have access to justice.", "en")
    add_key_message(doc, "Remittances sent by workers cost too much.", "en")
    who = viewer(review_world, "anonymous")
    assert found(search(who, review_world.process, "migrants")) == [
        "Every migrant worker should have access to justice."
    ]
    assert search(who, review_world.process, "worker").total == 2


def test_french_search_matches_inflected_forms(review_world):
    doc = review_world.docs["public"]
    add_key_message(doc, "Les travailleuses domestiques migrantes doivent être protégées.", "fr")
    add_key_message(doc, "Chaque travailleur a droit à la sécurité sociale.", "fr")
    add_key_message(doc, "Les États doivent coopérer.", "fr")
    who = viewer(review_world, "anonymous")
    assert search(who, review_world.process, "travailleur").total == 2
    assert search(who, review_world.process, "travailleuses", lang="fr").total == 2
    assert found(search(who, review_world.process, "migrant")) == [
        "Les travailleuses domestiques migrantes doivent être protégées."
    ]
    assert found(search(who, review_world.process, "etat")) == ["Les États doivent coopérer."]


def test_every_word_of_the_query_must_be_there(review_world):
    doc = review_world.docs["public"]
    add_key_message(doc, "Migrant workers need social protection.", "en")
    add_key_message(doc, "Migrant children need schooling.", "en")
    results = search(viewer(review_world, "anonymous"), review_world.process, "migrants workers")
    assert found(results) == ["Migrant workers need social protection."]


def test_the_better_match_comes_first(review_world):
    doc = review_world.docs["public"]
    add_key_message(
        doc, "Ports, borders and airports were discussed at length, with remittances once, "
        "and the rest of the day went to data and labour markets.", "en"
    )  # fmt: skip
    add_key_message(doc, "Remittances: lower the cost of remittances.", "en")
    results = search(viewer(review_world, "anonymous"), review_world.process, "remittance")
    assert found(results)[0] == "Remittances: lower the cost of remittances."
    assert results.hits[0].score is not None


# --- filters --------------------------------------------------------------------------------


@pytest.fixture
def tagged(review_world):
    """Two public key messages on migrants that differ in every filter."""
    doc = review_world.docs["public"]
    other_doc = Document.objects.create(
        process=review_world.process, event=review_world.workshop, kind="other",
        title="Workshop notes", visibility=Visibility.PUBLIC,
    )  # fmt: skip
    first = add_key_message(
        doc, "Protect migrant domestic workers in Egypt.", "en", statement_type="recommendation",
        constituency="trade_unions", status=KeyMessage.Status.CONFIRMED,
    )  # fmt: skip
    second = add_key_message(
        other_doc, "Les migrants au Maroc ont besoin de papiers.", "fr",
        statement_type="challenge", constituency="civil_society",
    )  # fmt: skip
    KeyMessageObjective.objects.create(key_message=first, objective=6, score=0.9)
    KeyMessageObjective.objects.create(key_message=second, objective=4, score=0.8)
    KeyMessageCountry.objects.create(key_message=first, code="EG")
    KeyMessageCountry.objects.create(key_message=second, code="MA")
    return first, second


@pytest.mark.parametrize(
    ("name", "first_value", "second_value"),
    [
        ("objective", 6, 4),
        ("statement_type", "recommendation", "challenge"),
        ("country", "EG", "MA"),
        ("lang", "en", "fr"),
        ("constituency", "trade_unions", "civil_society"),
        ("confirmed", True, False),
    ],
)
def test_each_filter_keeps_only_the_key_messages_it_names(
    review_world, tagged, name, first_value, second_value
):
    first, second = tagged
    who = viewer(review_world, "anonymous")
    for query in ("migrants", ""):
        assert search(who, review_world.process, query).total == 2
        only_first = search(who, review_world.process, query, **{name: first_value})
        assert found(only_first) == [first.text], (name, query)
        only_second = search(who, review_world.process, query, **{name: second_value})
        assert found(only_second) == [second.text], (name, query)


def test_the_event_filter_keeps_only_that_events_key_messages(review_world, tagged):
    first, second = tagged
    who = viewer(review_world, "anonymous")
    assert found(search(who, review_world.process, "migrant", event=review_world.open_event)) == [
        first.text
    ]
    assert found(search(who, review_world.process, "", event=review_world.workshop.pk)) == [
        second.text
    ]
    assert search(who, review_world.process, "", event=review_world.elsewhere).total == 0


def test_filters_combine(review_world, tagged):
    first, _second = tagged
    who = viewer(review_world, "anonymous")
    assert found(search(who, review_world.process, "", country="eg", lang="en")) == [first.text]
    assert search(who, review_world.process, "", country="EG", lang="fr").total == 0


def test_an_empty_query_lists_the_newest_documents_first_in_reading_order(review_world):
    older = review_world.docs["public"]
    newer = Document.objects.create(
        process=review_world.process, kind="other", title="Newer", visibility=Visibility.PUBLIC
    )
    add_key_message(older, "Older first paragraph.", "en")
    add_key_message(older, "Older second paragraph.", "en")
    add_key_message(newer, "Newer first paragraph.", "en")
    add_key_message(newer, "Newer second paragraph.", "en")
    results = search(viewer(review_world, "anonymous"), review_world.process, "")
    assert found(results) == [
        "Newer first paragraph.", "Newer second paragraph.",
        "Older first paragraph.", "Older second paragraph.",
    ]  # fmt: skip
    assert results.total == 4 and all(hit.score is None for hit in results)


def test_results_come_in_pages_with_the_total_count(review_world):
    doc = review_world.docs["public"]
    for i in range(7):
        add_key_message(doc, f"Recommendation on labour migration number {'x' * (i + 1)}.", "en")
    who = viewer(review_world, "anonymous")
    pages = [search(who, review_world.process, "labour", limit=3, offset=o) for o in (0, 3, 6)]
    assert [len(p) for p in pages] == [3, 3, 1]
    assert {p.total for p in pages} == {7}
    assert len({hit.key_message.pk for p in pages for hit in p}) == 7
    assert pages[0].has_next and not pages[2].has_next


# --- highlighting ---------------------------------------------------------------------------


def test_the_passage_marks_the_matching_words_and_escapes_everything_else(review_world):
    text = 'Migrants <script>alert("x")</script> & <b>migrant</b> rights'
    add_key_message(review_world.docs["public"], text, "en")
    hit = search(viewer(review_world, "anonymous"), review_world.process, "migrant").hits[0]
    assert str(hit.passage) == (
        "<mark>Migrants</mark> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
        "&lt;b&gt;<mark>migrant</mark>&lt;/b&gt; rights"
    )


def test_the_passage_marks_the_original_arabic_word_with_its_diacritics(review_world):
    add_key_message(review_world.docs["public"], "نطالب وَالمُسَاوَاةُ التامة", "ar")
    hit = search(viewer(review_world, "anonymous"), review_world.process, "مساواة").hits[0]
    assert str(hit.passage) == "نطالب <mark>وَالمُسَاوَاةُ</mark> التامة"


def test_a_long_key_message_is_cut_around_its_first_match(review_world):
    text = "Introduction words. " * 40 + "The cost of remittances must fall. " + "More. " * 80
    add_key_message(review_world.docs["public"], text, "en")
    hit = search(viewer(review_world, "anonymous"), review_world.process, "remittances").hits[0]
    passage = str(hit.passage)
    assert "<mark>remittances</mark>" in passage
    assert passage.startswith("… ") and passage.endswith(" …")
    assert len(passage) < 450


# --- who sees what --------------------------------------------------------------------------


@pytest.fixture
def everywhere(review_world):
    """A key message with the word "detention" in each document of the review world."""
    return {
        name: add_key_message(doc, f"Alternatives to detention ({name}).", "en")
        for name, doc in review_world.docs.items()
    }


READERS = {
    "anonymous": {"public"},
    "stakeholder": {"public", "participants"},
    "non_invitee": {"public"},
    "focal_point": {"public", "member_states"},
    "workstream_lead": {"public"},
    "invitee": {"public", "closed"},
    "secretariat": {"public", "participants", "member_states", "secretariat", "closed"},
}


@pytest.mark.parametrize("role", sorted(READERS))
def test_nobody_finds_a_key_message_they_may_not_read(review_world, everywhere, role):
    who = viewer(review_world, role)
    for query in ("detention", "", "alternatives detention"):
        results = search(who, review_world.process, query)
        names = {name for name, km in everywhere.items() if km.text in found(results)}
        assert names == READERS[role], (role, query)
        assert results.total == len(READERS[role])
        # Filters never widen what is seen.
        for kwargs in ({"event": review_world.closed}, {"lang": "en"}, {"confirmed": False}):
            filtered = search(who, review_world.process, query, **kwargs)
            assert {hit.key_message.pk for hit in filtered} <= {
                everywhere[name].pk for name in READERS[role]
            }


def test_a_key_message_is_hidden_when_its_document_became_narrower(review_world, everywhere):
    Document.objects.filter(pk=review_world.docs["public"].pk).update(
        visibility=Visibility.SECRETARIAT
    )
    assert search(viewer(review_world, "anonymous"), review_world.process, "detention").total == 0
    assert search(viewer(review_world, "secretariat"), review_world.process, "detention").total == 5


def test_discarded_key_messages_are_never_found(review_world):
    km = add_key_message(review_world.docs["public"], "Discarded duplicate on detention.", "en")
    KeyMessage.objects.filter(pk=km.pk).update(status=KeyMessage.Status.DISCARDED)
    for role in ("anonymous", "secretariat"):
        assert search(viewer(review_world, role), review_world.process, "detention").total == 0
        assert search(viewer(review_world, role), review_world.process, "").total == 0


def test_key_messages_of_another_review_are_never_found(review_world):
    elsewhere = Document.objects.create(
        process=review_world.other, kind="other", title="Elsewhere", visibility=Visibility.PUBLIC
    )
    add_key_message(elsewhere, "Detention elsewhere.", "en")
    assert search(viewer(review_world, "secretariat"), review_world.process, "detention").total == 0


# --- hostile input ------------------------------------------------------------------------------

HOSTILE = [
    '"', '""', '"unterminated', "'", "*", "^", "-", "+", ":", "(", ")", ")(", "{}", "\\", "%", "_",
    "NEAR(migrant detention)", "migrant OR", "AND", "NOT migrant", "migrant*", "^migrant",
    "search_terms:migrant", "rowid:1", "col : x", "- migrant", '"migrant" "', "migr' OR '1'='1",
    "'; DROP TABLE intake_keymessage; --", "\x00", "migrant\x00detention", "!!!", "؟؟؟", "،",
    "🙂 migrants 🙂", "ـــ", "a" * 100_000, "migrant " * 5_000, "مساواة " * 2_000,
    "x:y:z & | ! <-> :*", "migrant & detention | !x", "\u202e\u200f", "1 2 3 2030",
]  # fmt: skip


def test_no_query_makes_the_database_raise(review_world, everywhere):
    for query in HOSTILE:
        for role in ("anonymous", "secretariat"):
            for lang in (None, "ar", "fr"):
                who = viewer(review_world, role)
                results = search(who, review_world.process, query, lang=lang)
                assert results.total >= 0, query[:40]
    # Operators are words like any other, "or" a common one that is left out.
    who = viewer(review_world, "secretariat")
    assert search(who, review_world.process, "alternatives OR detention*").total == 5
    assert search(who, review_world.process, '"detention').total == 5


def test_hostile_filter_values_find_nothing_instead_of_raising(review_world, everywhere):
    who = viewer(review_world, "secretariat")
    for kwargs in (
        {"country": "E\x00G"}, {"statement_type": "'\"\x00"}, {"constituency": "x" * 10_000},
        {"lang": "\x00"}, {"offset": 10**30}, {"limit": -5}, {"offset": -1},
    ):  # fmt: skip
        assert search(who, review_world.process, "detention", **kwargs).total >= 0


# --- very common words --------------------------------------------------------------------


def test_a_word_in_very_many_key_messages_is_ranked_among_the_newest_and_counted_at_least(
    review_world, monkeypatch
):
    from gcmreview.intake import search as search_module

    monkeypatch.setattr(search_module, "RANK_WINDOW", 3)
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 3)
    public, secret = review_world.docs["public"], review_world.docs["secretariat"]
    for i in range(10):
        add_key_message(public, f"Remittances, public note {i}.", "en")
    who = viewer(review_world, "anonymous")

    first = search(who, review_world.process, "remittances", limit=2)
    assert len(first) == 2 and not first.exact and first.total == 3 and first.has_next
    # A page past the window widens it until every match is ranked.
    later = search(who, review_world.process, "remittances", limit=2, offset=6)
    assert later.exact and later.total == 10 and len(later) == 2
    listing = search(who, review_world.process, "", limit=2)
    assert not listing.exact and listing.total == 3 and listing.has_next

    # Newer matches the reader may not see do not crowd out those they may.
    for i in range(10):
        add_key_message(secret, f"Remittances, internal note {i}.", "en")
    results = search(who, review_world.process, "remittances")
    assert results.exact and results.total == 10
    assert all("public" in text for text in found(results))
