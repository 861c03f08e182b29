"""The calendar page, its filters, its feed, and what it shows of a closed meeting."""

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from gcmreview.portal.tests.markup import event_rows
from gcmreview.process.models import Event, Organization, ReviewProcess

SLUG = "arab-region-2024"
CLOSED_TALK = "champions-narrative-talk-2024-02"  # organized by Morocco and El Salvador
IMRF = "review-forum-2026"


def url(name: str, *args: str, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse(name, args=[SLUG, *args])


def calendar_url(lang: str = "en") -> str:
    return url("calendar", lang=lang)


def event_url(key: str) -> str:
    return url("event", key)


def listed_keys(get_page, **query) -> list[str]:
    return [row.key for row in event_rows(get_page(calendar_url(), **query))]


def keys_where(predicate) -> set[str]:
    """The demo events a predicate holds for, worked out in Python from the database,
    apart from the view's own queries."""
    events = Event.objects.prefetch_related("organizers").select_related("workstream")
    return {e.key for e in events if predicate(e)}


# --- what is listed ----------------------------------------------------------------


def test_all_eighteen_roadmap_rows_and_the_imrf_are_on_the_calendar(get_page, demo_process):
    roadmap = demo_process.calendar_revisions.get(number=1).snapshot
    assert len(roadmap) == 18

    page = get_page(calendar_url())
    rows = {row.key: row for row in event_rows(page)}

    assert page.find("p", cls="count").text == "19 events"
    assert len(rows) == 19
    assert set(rows) == {entry["key"] for entry in roadmap} | {IMRF}
    for entry in roadmap:
        assert rows[entry["key"]].title == entry["title"]
    assert rows[IMRF].title == "International Migration Review Forum 2026"
    assert rows[IMRF].date == "2026"


def test_the_calendar_lists_events_by_the_last_day_they_may_fall_on(get_page, demo_process):
    keys = listed_keys(get_page)

    # "2024-07-02", then "3-4 July 2024", then "September 2024", then "second half of 2024"
    assert keys.index("stakeholder-hearings-2024") < keys.index("conference-2024")
    assert keys.index("conference-2024") < keys.index("outcome-submission-2024")
    assert keys.index("africa-continental-review-2024") < keys.index("general-assembly-2024")
    assert keys[-1] == IMRF


def test_the_arabic_calendar_shows_arabic_titles(get_page, demo_process):
    rows = {row.key: row for row in event_rows(get_page(calendar_url("ar")))}

    assert rows["conference-2024"].title == Event.objects.get(key="conference-2024").title_ar


# --- the feed ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_the_calendar_page_announces_the_process_feed(client, get_page, demo_process, lang):
    page = get_page(calendar_url(lang))

    alternates = page.find("head").find_all("link", rel="alternate", type="text/calendar")
    assert [link.attrs["href"] for link in alternates] == [url("feed-process", lang=lang)]

    response = client.get(alternates[0].attrs["href"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    feed = Calendar.from_ical(response.content)
    assert len(feed.walk("VEVENT")) == 19


def test_a_filtered_calendar_also_announces_the_workstream_feed(get_page, demo_process):
    page = get_page(calendar_url(), workstream="missing-migrants")

    hrefs = [link.attrs["href"] for link in page.find_all("link", rel="alternate")]
    assert url("feed-workstream", "missing-migrants") in hrefs


def test_the_feed_gives_a_closed_meeting_only_its_title_and_dates(client, demo_process):
    feed = Calendar.from_ical(client.get(url("feed-process")).content)
    talk = next(
        v for v in feed.walk("VEVENT") if str(v["uid"]).startswith(f"{SLUG}.{CLOSED_TALK}@")
    )

    assert "summary" in talk and "dtstart" in talk
    for private in ("description", "location", "url", "categories"):
        assert private not in talk


# --- the filters -------------------------------------------------------------------


def test_the_kind_filter_keeps_only_the_open_events_of_that_kind(get_page, demo_process):
    keys = listed_keys(get_page, kind="gcm_talk")

    assert set(keys) == keys_where(lambda e: e.kind == "gcm_talk" and not e.closed)
    assert 0 < len(keys) < 19


def test_the_kind_filter_does_not_tell_the_public_the_kind_of_a_closed_meeting(
    get_page, demo_process
):
    closed_talks = keys_where(lambda e: e.kind == "gcm_talk" and e.closed)
    assert closed_talks
    assert not closed_talks & set(listed_keys(get_page, kind="gcm_talk"))


def test_the_organizer_filter_keeps_the_open_events_of_that_organizer(get_page, demo_process):
    keys = listed_keys(get_page, organizer="IOM")

    assert set(keys) == keys_where(
        lambda e: not e.closed and "IOM" in {o.code for o in e.organizers.all()}
    )
    assert "conference-2024" in keys
    assert 0 < len(keys) < 19


def test_the_organizer_filter_does_not_tell_who_organizes_closed_meetings(
    get_page, staff_client, demo_process
):
    # Morocco organizes two meetings of this review, both closed.
    assert listed_keys(get_page, organizer="MA") == []
    staff_view = event_rows(get_page(calendar_url(), as_client=staff_client, organizer="MA"))
    assert {row.key for row in staff_view} == {CLOSED_TALK, "gcm-talk-2023-07-labour-agreements"}


def test_the_workstream_filter_keeps_only_that_workstream(get_page, demo_process):
    keys = listed_keys(get_page, workstream="climate-change")

    assert keys == ["gcm-talk-2023-10-climate"]
    assert set(keys) == keys_where(lambda e: e.workstream and e.workstream.code == "climate-change")


def test_the_workstream_filter_does_not_list_closed_meetings_to_the_public(
    get_page, staff_client, demo_process
):
    # The labour-pathways workstream has one meeting, a closed one.
    assert listed_keys(get_page, workstream="labour-pathways") == []
    staff_view = event_rows(
        get_page(calendar_url(), as_client=staff_client, workstream="labour-pathways")
    )
    assert [row.key for row in staff_view] == ["gcm-talk-2023-07-labour-agreements"]


def test_the_month_filter_keeps_events_that_may_fall_in_that_month(get_page, demo_process):
    keys = listed_keys(get_page, month="2024-07")

    # Two meetings in Cairo that month, and the plenary known only as "second half of 2024".
    assert set(keys) == {"stakeholder-hearings-2024", "conference-2024", "general-assembly-2024"}


def test_the_month_filter_lists_an_event_known_to_the_year_under_each_month(get_page, demo_process):
    assert listed_keys(get_page, month="2026-03") == [IMRF]
    assert IMRF not in listed_keys(get_page, month="2025-12")


def test_the_access_filter_splits_open_and_closed_meetings(get_page, demo_process):
    closed = listed_keys(get_page, access="closed")
    open_ = listed_keys(get_page, access="open")

    assert set(closed) == keys_where(lambda e: e.closed)
    assert len(closed) == 4
    assert set(open_) == keys_where(lambda e: not e.closed)
    assert len(open_) + len(closed) == 19


def test_filters_combine(get_page, demo_process):
    keys = listed_keys(get_page, kind="gcm_talk", access="open")

    assert set(keys) == {"gcm-talk-2023-07-indicators", "gcm-talk-2023-10-climate"}


@pytest.mark.parametrize(
    "query",
    [{"kind": "no-such-kind"}, {"month": "2024-13"}, {"month": "July"}, {"access": "secret"}],
)
def test_a_filter_value_that_makes_no_sense_is_ignored(get_page, demo_process, query):
    assert len(listed_keys(get_page, **query)) == 19


def test_a_filter_that_matches_nothing_says_so(get_page, demo_process):
    page = get_page(calendar_url(), month="2025-03")

    assert event_rows(page) == []
    assert page.find("p", cls="count").text == "0 events"
    assert "No event matches these filters." in page.find("main").text


def test_the_organizer_menu_names_no_one_who_organizes_only_closed_meetings(
    get_page, staff_client, demo_process
):
    def menu(page):
        return {o.attrs["value"] for o in page.find("select", name="organizer").find_all("option")}

    public = menu(get_page(calendar_url()))
    staff = menu(get_page(calendar_url(), as_client=staff_client))

    assert "IOM" in public
    assert {"MA", "SV", "EG", "OHCHR", "UNICEF"} <= staff
    assert not {"MA", "SV", "EG", "OHCHR", "UNICEF"} & public


def test_an_open_meeting_in_another_review_does_not_reveal_a_closed_meetings_organizer(
    get_page, demo_process
):
    other = ReviewProcess.objects.create(
        slug="other-review",
        title_en="Another review",
        region_en="Elsewhere",
        round=1,
        status=ReviewProcess.Status.ONGOING,
    )
    meeting = Event.objects.create(
        process=other,
        key="open-meeting",
        kind="workshop",
        title_en="An open meeting",
        date_start="2024-01-10",
        date_end="2024-01-10",
        date_precision="day",
    )
    meeting.organizer_rows.create(organization=Organization.objects.get(code="MA"), position=0)

    menu = get_page(calendar_url()).find("select", name="organizer").find_all("option")

    assert "MA" not in {o.attrs["value"] for o in menu}


# --- closed meetings ---------------------------------------------------------------


def test_a_closed_meetings_row_shows_the_public_its_title_and_date_only(get_page, demo_process):
    row = next(r for r in event_rows(get_page(calendar_url())) if r.key == CLOSED_TALK)

    assert row.closed
    assert row.title.startswith("GCM Champions Countries' Initiative")
    assert row.date == "February 2024"
    assert row.organizers is None
    assert "Morocco" not in row.text and "El Salvador" not in row.text
    assert "Champion countries initiative" not in row.text  # its kind


def test_a_closed_meetings_row_shows_the_secretariat_its_organizers(
    staff_client, get_page, demo_process
):
    rows = event_rows(get_page(calendar_url(), as_client=staff_client))
    row = next(r for r in rows if r.key == CLOSED_TALK)

    assert row.date == "February 2024"
    assert row.organizers == "Morocco, El Salvador"


def test_an_open_meetings_row_shows_everyone_its_organizers(get_page, demo_process):
    row = next(r for r in event_rows(get_page(calendar_url())) if r.key == "conference-2024")

    assert row.organizers == "IOM, ESCWA, LAS"
    assert row.date == "3 – 4 July 2024"


@pytest.fixture
def closed_talk_with_place(demo_process):
    """The closed talk, given a place so that hiding it can be seen."""
    Event.objects.filter(key=CLOSED_TALK).update(place_en="Rabat", place_fr="Rabat")
    return Event.objects.get(key=CLOSED_TALK)


def test_a_closed_meetings_page_shows_the_public_no_organizer_description_or_place(
    get_page, closed_talk_with_place
):
    main = get_page(event_url(CLOSED_TALK)).find("main")
    terms = [dt.text for dt in main.find_all("dt")]

    assert main.find("h1").text == closed_talk_with_place.title_en
    assert "February 2024" in main.text
    assert "invitation only" in main.text
    assert "Organizers" not in terms and "Place" not in terms
    for private in ("Morocco", "El Salvador", "Rabat", closed_talk_with_place.description_en):
        assert private not in main.text


def test_a_closed_meetings_page_shows_the_secretariat_everything(
    get_page, staff_client, closed_talk_with_place
):
    main = get_page(event_url(CLOSED_TALK), as_client=staff_client).find("main")
    terms = [dt.text for dt in main.find_all("dt")]

    assert "Organizers" in terms and "Place" in terms
    assert [li.text for li in main.find("ul", cls="inline-list").find_all("li")] == [
        "Morocco",
        "El Salvador",
    ]
    assert "Rabat" in main.text
    assert closed_talk_with_place.description_en in main.text


def test_a_signed_in_account_that_is_not_staff_sees_what_the_public_sees(
    client, django_user_model, get_page, closed_talk_with_place
):
    client.force_login(django_user_model.objects.create_user("reader", password="x" * 16))

    main = get_page(event_url(CLOSED_TALK)).find("main")

    assert "Morocco" not in main.text and "Rabat" not in main.text


def test_an_unknown_event_is_not_found(client, demo_process):
    assert client.get(event_url("no-such-event")).status_code == 404
