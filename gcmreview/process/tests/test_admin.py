"""The secretariat's event admin refuses what the manifest loader would refuse: an
impossible date and feeds-into links that run backwards, leave the process or loop."""

import pytest
from django.contrib.auth.models import User

from gcmreview.process.admin import EventForm
from gcmreview.process.models import Event, ReviewProcess
from gcmreview.process.tests.builders import event, load, manifest


@pytest.fixture
def events(db):
    """a -> b -> c in one process; x in another; early before them all."""
    load(
        manifest(
            event("early", "2024-06"),
            event("a", "2024-07", feeds_into=["b"]),
            event("b", "2024-07", feeds_into=["c"]),
            event("c", "2024-07"),
        )
    )
    load(manifest(event("x", "2024-12"), slug="other-review"))
    return {e.key: e for e in Event.objects.all()}


def form_data(instance: Event | None = None, **changes) -> dict:
    """What the admin form would post back unchanged, with `changes` applied."""
    form = EventForm(instance=instance)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            value = [getattr(v, "pk", v) for v in value]
        if value is not None:
            data[name] = value
    data.update(changes)
    return data


def links() -> set[tuple[str, str]]:
    return set(Event.feeds_into.through.objects.values_list("from_event__key", "to_event__key"))


# --- the form ---------------------------------------------------------------------


def test_the_form_shows_the_date_as_it_was_given(events):
    assert EventForm(instance=events["a"])["date"].value() == "2024-07"


def test_the_form_saves_a_new_date_with_its_precision(events):
    form = EventForm(form_data(events["c"], date="2024-07-03/2024-07-04"), instance=events["c"])
    assert form.is_valid(), form.errors
    form.save()
    c = Event.objects.get(pk=events["c"].pk)
    assert (str(c.span), c.date_precision) == ("2024-07-03/2024-07-04", "days")


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2024-02-30", "impossible date '2024-02-30'"),
        ("2024-13", "impossible month '2024-13'"),
        ("2024-Q5", "impossible quarter '2024-Q5'"),
        ("0000-Q1", "impossible quarter '0000-Q1'"),
        ("2024-07-04/2024-07-03", "range '2024-07-04/2024-07-03' ends before it starts"),
        ("soon", "'soon' is not a date"),
    ],
)
def test_the_form_refuses_an_impossible_date_expression(events, date, message):
    form = EventForm(form_data(events["c"], date=date), instance=events["c"])
    assert not form.is_valid()
    assert message in form.errors["date"][0]
    assert str(Event.objects.get(pk=events["c"].pk).span) == "2024-07"


def test_the_form_refuses_a_link_that_closes_a_cycle(events):
    before = links()
    form = EventForm(form_data(events["c"], feeds_into=[events["a"].pk]), instance=events["c"])
    assert not form.is_valid()
    assert "cycle" in form.errors["feeds_into"][0]
    assert links() == before


def test_the_form_refuses_a_link_to_an_event_of_another_process(events):
    form = EventForm(form_data(events["c"], feeds_into=[events["x"].pk]), instance=events["c"])
    assert not form.is_valid()
    assert "belongs to another review process" in form.errors["feeds_into"][0]


def test_the_form_refuses_a_link_to_an_event_that_ends_before_this_one_starts(events):
    form = EventForm(form_data(events["c"], feeds_into=[events["early"].pk]), instance=events["c"])
    assert not form.is_valid()
    assert "“early” ends before “c” starts." in form.errors["feeds_into"]


def test_the_form_checks_links_against_the_new_date(events):
    # Moving a to 2024-08 leaves its link to b (July) running backwards.
    form = EventForm(form_data(events["a"], date="2024-08"), instance=events["a"])
    assert not form.is_valid()
    assert "“b” ends before “a” starts." in form.errors["feeds_into"]


def test_the_form_refuses_a_date_before_an_event_that_feeds_into_this_one(events):
    # Moving b to June would put it before a, which feeds into it.
    form = EventForm(form_data(events["b"], date="2024-06"), instance=events["b"])
    assert not form.is_valid()
    assert form.errors["date"] == ["“b” ends before “a” starts."]
    assert str(Event.objects.get(pk=events["b"].pk).span) == "2024-07"


def test_the_form_accepts_sound_links(events):
    form = EventForm(
        form_data(events["early"], feeds_into=[events["a"].pk, events["c"].pk]),
        instance=events["early"],
    )
    assert form.is_valid(), form.errors
    form.save()
    assert {("early", "a"), ("early", "c")} <= links()


def test_the_add_form_refuses_a_link_to_an_event_that_ends_before_the_new_one(events):
    process = ReviewProcess.objects.get(slug="test-review")
    data = form_data(
        None,
        process=process.pk,
        key="late",
        kind="other",
        status="planned",
        title_en="Late",
        date="2024-09",
        feeds_into=[events["a"].pk],
    )
    form = EventForm(data)
    assert not form.is_valid()
    assert "“a” ends before “late” starts." in form.errors["feeds_into"]


def test_the_add_form_refuses_a_link_to_an_event_of_another_process(events):
    process = ReviewProcess.objects.get(slug="test-review")
    data = form_data(
        None,
        process=process.pk,
        key="new",
        kind="other",
        status="planned",
        title_en="New",
        date="2024-07",
        feeds_into=[events["x"].pk],
    )
    form = EventForm(data)
    assert not form.is_valid()
    assert "belongs to another review process" in form.errors["feeds_into"][0]


def test_the_add_form_accepts_a_new_event_with_sound_links(events):
    process = ReviewProcess.objects.get(slug="test-review")
    data = form_data(
        None,
        process=process.pk,
        key="new",
        kind="other",
        status="planned",
        title_en="New",
        date="2024-07-02",
        feeds_into=[events["c"].pk],
    )
    form = EventForm(data)
    assert form.is_valid(), form.errors
    new = form.save()
    assert str(new.span) == "2024-07-02"
    assert list(new.feeds_into.values_list("key", flat=True)) == ["c"]


# --- through the admin pages ------------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser("admin", "admin@example.org", "x" * 16)
    client.force_login(user)
    return client


def change_url(e: Event) -> str:
    return f"/en/admin/process/event/{e.pk}/change/"


def admin_post(e: Event, **changes) -> dict:
    data = form_data(e, **changes)
    data |= {
        "organizer_rows-TOTAL_FORMS": "0",
        "organizer_rows-INITIAL_FORMS": "0",
        "organizer_rows-MIN_NUM_FORMS": "0",
        "organizer_rows-MAX_NUM_FORMS": "1000",
    }
    return {k: v for k, v in data.items() if v is not False}


def test_the_admin_change_page_shows_the_date_expression(events, admin_client):
    response = admin_client.get(change_url(events["a"]))
    assert response.status_code == 200
    assert 'value="2024-07"' in response.content.decode()


def test_the_admin_refuses_an_impossible_date_and_changes_nothing(events, admin_client):
    response = admin_client.post(
        change_url(events["c"]), admin_post(events["c"], date="2024-02-30")
    )
    assert response.status_code == 200  # the form again, with the error
    assert "impossible date &#x27;2024-02-30&#x27;" in response.content.decode()
    assert str(Event.objects.get(pk=events["c"].pk).span) == "2024-07"


def test_the_admin_refuses_a_feeds_into_cycle_and_keeps_the_links(events, admin_client):
    before = links()
    response = admin_client.post(
        change_url(events["c"]), admin_post(events["c"], feeds_into=[events["a"].pk])
    )
    assert response.status_code == 200
    assert "These links would form a cycle" in response.content.decode()
    assert links() == before


def test_the_admin_saves_a_sound_change(events, admin_client):
    response = admin_client.post(
        change_url(events["c"]), admin_post(events["c"], date="2024-07-03/2024-07-04")
    )
    assert response.status_code == 302
    assert str(Event.objects.get(pk=events["c"].pk).span) == "2024-07-03/2024-07-04"
