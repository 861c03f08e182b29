"""The iCalendar feeds, read back with the `icalendar` parser: dates as precise as they
are known, and closed events reduced to title and dates for the public."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from icalendar import Calendar

from gcmreview.participation import operations as participation
from gcmreview.participation.models import Role
from gcmreview.process.models import Event

D = dt.date
FEED = "/en/p/arab-region-2024/calendar.ics"
CLOSED_KEYS = {
    "gcm-talk-2023-07-labour-agreements",
    "gcm-talk-2023-09-detention-alternatives",
    "objective-21-dialogue-2023-09",
    "champions-narrative-talk-2024-02",
}
PUBLIC_OF_A_CLOSED_EVENT = {
    "UID",
    "DTSTAMP",
    "SUMMARY",
    "DTSTART",
    "DTEND",
    "X-GCMREVIEW-DATE-PRECISION",
    "TRANSP",
}


def feed(client, url: str = FEED) -> dict[str, object]:
    """The events of a feed by event key."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    by_key = {str(v["UID"]).split("@")[0].removeprefix("arab-region-2024."): v for v in events}
    assert len(by_key) == len(events), "UIDs must be unique"
    return by_key


@pytest.fixture
def staff_client(client, db):
    """Signed in as the secretariat (a superuser), who may read every detail."""
    user = User.objects.create_superuser("secretariat", "s@example.org", "x" * 16)
    client.force_login(user)
    return client


def test_the_public_feed_lists_every_event_of_the_process(demo_process, client):
    events = feed(client)
    assert set(events) == set(demo_process.events.values_list("key", flat=True))
    assert len(events) == 19


def test_the_feed_is_a_valid_calendar_named_after_the_process(demo_process, client):
    calendar = Calendar.from_ical(client.get(FEED).content)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "Second GCM Regional Review in the Arab region"
    assert str(calendar["PRODID"]).startswith("-//GCM Review//")


def test_uids_are_stable_between_two_reads(demo_process, client):
    first = {str(v["UID"]) for v in feed(client).values()}
    second = {str(v["UID"]) for v in feed(client).values()}
    assert first == second
    assert "arab-region-2024.conference-2024@testserver" in first


def test_a_range_of_days_is_all_day_with_an_exclusive_end(demo_process, client):
    conference = feed(client)["conference-2024"]
    start, end = conference.decoded("DTSTART"), conference.decoded("DTEND")
    assert type(start) is D and type(end) is D
    assert (start, end) == (D(2024, 7, 3), D(2024, 7, 5))
    assert conference["DTSTART"].params.get("VALUE") == "DATE"
    assert str(conference["X-GCMREVIEW-DATE-PRECISION"]) == "days"
    assert "TRANSP" not in conference  # it takes up those days


def test_a_single_day_ends_the_next_day(demo_process, client):
    hearing = feed(client)["stakeholder-hearings-2024"]
    assert (hearing.decoded("DTSTART"), hearing.decoded("DTEND")) == (
        D(2024, 7, 2),
        D(2024, 7, 3),
    )
    assert str(hearing["X-GCMREVIEW-DATE-PRECISION"]) == "day"


def test_a_month_event_spans_the_whole_month_and_blocks_no_time(demo_process, client):
    submission = feed(client)["outcome-submission-2024"]
    start, end = submission.decoded("DTSTART"), submission.decoded("DTEND")
    assert type(start) is D and type(end) is D
    assert (start, end) == (D(2024, 9, 1), D(2024, 10, 1))
    assert (end - start).days == 30  # not a one-day meeting on the first
    assert str(submission["TRANSP"]) == "TRANSPARENT"
    assert str(submission["X-GCMREVIEW-DATE-PRECISION"]) == "month"


def test_a_month_event_description_opens_with_the_month_as_known(demo_process, client):
    submission = feed(client)["outcome-submission-2024"]
    assert str(submission["DESCRIPTION"]).splitlines()[0] == "September 2024"
    assert str(submission["X-GCMREVIEW-DATE-NOTE"]) == "September 2024"


def test_february_of_a_leap_year_ends_on_the_first_of_march(demo_process, client):
    ministerial = feed(client)["add-ministerial-2024-02"]
    assert (ministerial.decoded("DTSTART"), ministerial.decoded("DTEND")) == (
        D(2024, 2, 1),
        D(2024, 3, 1),
    )


def test_a_half_year_event_spans_six_months(demo_process, client):
    plenary = feed(client)["general-assembly-2024"]
    assert (plenary.decoded("DTSTART"), plenary.decoded("DTEND")) == (
        D(2024, 7, 1),
        D(2025, 1, 1),
    )
    assert str(plenary["X-GCMREVIEW-DATE-PRECISION"]) == "half"
    assert str(plenary["TRANSP"]) == "TRANSPARENT"
    assert str(plenary["DESCRIPTION"]).startswith("second half of 2024")


def test_a_year_event_spans_the_year(demo_process, client):
    forum = feed(client)["review-forum-2026"]
    assert (forum.decoded("DTSTART"), forum.decoded("DTEND")) == (D(2026, 1, 1), D(2027, 1, 1))
    assert str(forum["X-GCMREVIEW-DATE-PRECISION"]) == "year"


def test_an_open_event_shows_its_details_to_the_public(demo_process, client):
    conference = feed(client)["conference-2024"]
    assert str(conference["SUMMARY"]) == "Second GCM Regional Review Conference in the Arab region"
    assert str(conference["LOCATION"]) == "League of Arab States headquarters, Cairo"
    assert "IOM, ESCWA, LAS" in str(conference["DESCRIPTION"])
    assert (
        str(conference["URL"]) == "http://testserver/en/p/arab-region-2024/events/conference-2024/"
    )
    assert str(conference["STATUS"]) == "CONFIRMED"
    assert "CLASS" not in conference


def test_a_closed_event_in_the_public_feed_is_only_its_title_and_dates(demo_process, client):
    events = feed(client)
    for key in CLOSED_KEYS:
        closed = events[key]
        assert set(closed.keys()) == PUBLIC_OF_A_CLOSED_EVENT, key
        for hidden in ("DESCRIPTION", "LOCATION", "URL", "CATEGORIES", "ORGANIZER", "CLASS"):
            assert hidden not in closed
    talk = events["gcm-talk-2023-07-labour-agreements"]
    assert str(talk["SUMMARY"]).startswith("GCM Talks: Good Practices and Challenges")
    assert (talk.decoded("DTSTART"), talk.decoded("DTEND")) == (D(2023, 7, 1), D(2023, 8, 1))


def test_the_public_feed_never_names_the_organizers_of_a_closed_event(demo_process, client):
    body = client.get(FEED).content.decode()
    closed_block = body.split("UID:arab-region-2024.champions-narrative-talk-2024-02@")[1]
    closed_block = closed_block.split("END:VEVENT")[0]
    assert "Morocco" not in closed_block and "MA" not in closed_block.replace("MARK", "")
    assert "SV" not in closed_block


def test_a_staff_feed_shows_the_details_of_a_closed_event(demo_process, staff_client):
    talk = feed(staff_client)["champions-narrative-talk-2024-02"]
    assert str(talk["DESCRIPTION"]).splitlines()[:2] == ["February 2024", "Morocco, El Salvador"]
    assert "URL" in talk
    assert str(talk["CLASS"]) == "CONFIDENTIAL"
    assert [str(c) for c in talk["CATEGORIES"].cats] == ["Champion countries initiative"]


def test_a_secretariat_role_in_the_process_shows_the_details_of_a_closed_event(
    demo_process, client
):
    root = User.objects.create_superuser("root", "root@example.org", "x" * 16)
    member = User.objects.create_user("member", "m@example.org", "x" * 16)
    participation.assign_role(root, member, demo_process, Role.SECRETARIAT)
    client.force_login(member)
    assert "DESCRIPTION" in feed(client)["champions-narrative-talk-2024-02"]


def test_a_signed_in_user_without_a_role_gets_the_public_feed(demo_process, client):
    client.force_login(User.objects.create_user("delegate", "d@example.org", "x" * 16))
    events = feed(client)
    assert set(events["champions-narrative-talk-2024-02"].keys()) == PUBLIC_OF_A_CLOSED_EVENT
    assert feed(client, organizer_feed("MA")) == {}


def test_a_cancelled_event_is_marked_cancelled(demo_process, client):
    demo_process.events.filter(key="conference-2024").update(status=Event.Status.CANCELLED)
    assert str(feed(client)["conference-2024"]["STATUS"]) == "CANCELLED"


# --- scoped feeds -----------------------------------------------------------------


def workstream_feed(code: str) -> str:
    return f"/en/p/arab-region-2024/workstreams/{code}/calendar.ics"


def organizer_feed(code: str) -> str:
    return f"/en/p/arab-region-2024/organizers/{code}/calendar.ics"


def test_a_workstream_feed_holds_only_that_workstreams_events(demo_process, client):
    assert set(feed(client, workstream_feed("climate-change"))) == {"gcm-talk-2023-10-climate"}
    assert set(feed(client, workstream_feed("missing-migrants"))) == {
        "missing-migrants-consultation-2024-02"
    }


def test_a_workstream_feed_leaves_closed_events_out_for_the_public(demo_process, client):
    assert feed(client, workstream_feed("labour-pathways")) == {}
    assert feed(client, workstream_feed("detention-alternatives")) == {}


def test_a_workstream_feed_for_staff_includes_closed_events(demo_process, staff_client):
    assert set(feed(staff_client, workstream_feed("labour-pathways"))) == {
        "gcm-talk-2023-07-labour-agreements"
    }


def test_an_organizer_feed_holds_only_the_events_it_organizes(demo_process, client):
    expected = set(
        demo_process.events.filter(organizers__code="ESCWA", closed=False).values_list(
            "key", flat=True
        )
    )
    assert expected == {"stakeholder-hearings-2024", "conference-2024", "outcome-submission-2024"}
    assert set(feed(client, organizer_feed("ESCWA"))) == expected


def test_an_organizer_feed_leaves_closed_events_out_for_the_public(demo_process, client):
    assert feed(client, organizer_feed("MA")) == {}
    assert set(feed(client, organizer_feed("IOM"))).isdisjoint(CLOSED_KEYS)
    assert set(feed(client, organizer_feed("EG"))) == set()


def test_an_organizer_feed_for_staff_includes_closed_events(demo_process, staff_client):
    assert set(feed(staff_client, organizer_feed("MA"))) == {
        "gcm-talk-2023-07-labour-agreements",
        "champions-narrative-talk-2024-02",
    }


def test_a_feed_for_an_unknown_workstream_or_organizer_is_not_found(demo_process, client):
    assert client.get(workstream_feed("health")).status_code == 404
    assert client.get(organizer_feed("UNDSEA")).status_code == 404
    assert client.get("/en/p/nowhere/calendar.ics").status_code == 404


def test_a_feed_in_french_gives_french_titles(demo_process, client):
    events = feed(client, FEED.replace("/en/", "/fr/"))
    assert str(events["conference-2024"]["SUMMARY"]) == (
        "Deuxième conférence d’examen régional du Pacte mondial dans la région arabe"
    )
