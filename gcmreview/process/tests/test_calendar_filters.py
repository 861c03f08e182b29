"""Reading the calendar from the database: order of events known to different precisions,
filters, and what a viewer who is not staff may see of closed events."""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.http import QueryDict

from gcmreview.participation import operations as participation
from gcmreview.participation.access import Viewer, viewer_for
from gcmreview.participation.models import Role
from gcmreview.process.calendar import CalendarFilter, calendar_events, months_with_events
from gcmreview.process.models import ReviewProcess
from gcmreview.process.tests.builders import event, load, manifest


@pytest.fixture
def process(db):
    load(
        manifest(
            event("forum-2026", "2026", kind="review_forum"),
            event("plenary-h2", "2024-H2", kind="general_assembly", organizers=["ESCWA"]),
            event("consultation-oct", "2024-10", workstream="climate"),
            event("submission-sep", "2024-09", kind="submission", organizers=["IOM", "ESCWA"]),
            event("conference", "2024-07-03/2024-07-04", kind="review_conference"),
            event("hearing", "2024-07-02", kind="stakeholder_hearing"),
            event("talk-jul", "2023-07", kind="gcm_talk", workstream="labour"),
            event(
                "closed-talk-jul",
                "2023-07",
                kind="gcm_talk",
                organizers=["EG"],
                workstream="labour",
                closed=True,
            ),
            event("talk-12-jul", "2023-07-12", kind="gcm_talk", organizers=["EG"]),
            event(
                "closed-climate",
                "2024-Q1",
                workstream="climate",
                organizers=["EG", "IOM"],
                closed=True,
            ),
        )
    )
    return ReviewProcess.objects.get(slug="test-review")


@pytest.fixture
def secretariat(db):
    """A member of the secretariat: here a superuser, who may see every detail."""
    return User.objects.create_superuser("root", "root@example.org", "x" * 16)


def keys(process, viewer=None, **filters) -> list[str]:
    """Event keys of the calendar as `viewer` (default: the anonymous public) reads it."""
    viewer = viewer or viewer_for(AnonymousUser(), process)
    return [e.key for e in calendar_events(process, CalendarFilter(**filters), viewer)]


def secretariat_keys(process, user, **filters) -> list[str]:
    return keys(process, viewer_for(user, process), **filters)


# --- order ------------------------------------------------------------------------


def test_events_of_mixed_precision_come_out_in_roadmap_order(process):
    assert keys(process) == [
        "talk-12-jul",
        "closed-talk-jul",
        "talk-jul",
        "closed-climate",
        "hearing",
        "conference",
        "submission-sep",
        "consultation-oct",
        "plenary-h2",
        "forum-2026",
    ]


def test_a_month_event_sorts_after_day_events_of_that_month(process):
    order = keys(process)
    assert order.index("talk-jul") > order.index("talk-12-jul")


def test_the_second_half_of_a_year_sorts_after_october_of_that_year(process):
    order = keys(process)
    assert order.index("plenary-h2") > order.index("consultation-oct")


def test_events_with_the_same_dates_are_ordered_by_key(process):
    order = keys(process)
    assert order.index("closed-talk-jul") < order.index("talk-jul")


def test_the_database_orders_events_as_their_spans_sort(db):
    process = load(
        manifest(
            *[event(f"e-{i}", date) for i, date in enumerate(
                ["2024-Q3", "2024-09", "2024-07", "2024-07-31", "2024-H2", "2024",
                 "2024-12-31", "2024-07-01/2024-12-31", "2024-01-01", "2024-Q1", "2024-H1"]
            )],
            slug="sorting",
        )
    ).process  # fmt: skip
    events = list(calendar_events(process, CalendarFilter(), Viewer(user=None, process=process)))
    assert [e.key for e in events] == [
        e.key for e in sorted(events, key=lambda e: (e.span.sort_key, e.key))
    ]
    assert len(events) == 11


def test_organizers_come_in_the_order_the_manifest_gives(process):
    submission = next(
        e
        for e in calendar_events(process, CalendarFilter(), Viewer(user=None, process=process))
        if e.key == "submission-sep"
    )
    assert [row.organization.code for row in submission.organizer_rows.all()] == [
        "IOM",
        "ESCWA",
    ]


def test_reading_the_calendar_takes_the_same_number_of_queries_for_many_events(
    process, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        seen = [
            ([row.organization.code for row in e.organizer_rows.all()], e.workstream, e.phase)
            for e in calendar_events(process, CalendarFilter(), Viewer(user=None, process=process))
        ]
    assert len(seen) == 10
    assert (["EG", "IOM"], "climate") in [(orgs, ws and ws.code) for orgs, ws, _ph in seen]


# --- the month filter -------------------------------------------------------------


@pytest.mark.parametrize("month", ["2024-07", "2024-08", "2024-09", "2024-10", "2024-11",
                                   "2024-12"])  # fmt: skip
def test_a_half_year_event_is_listed_under_every_month_it_covers(process, month):
    assert "plenary-h2" in keys(process, month=month)


@pytest.mark.parametrize("month", ["2024-06", "2025-01", "2023-12"])
def test_a_half_year_event_is_not_listed_under_months_outside_it(process, month):
    assert "plenary-h2" not in keys(process, month=month)


def test_a_day_event_is_listed_only_under_its_own_month(process):
    months = [f"{y}-{m:02d}" for y in (2023, 2024, 2025) for m in range(1, 13)]
    assert [m for m in months if "hearing" in keys(process, month=m)] == ["2024-07"]


def test_a_month_lists_day_month_and_longer_events_that_may_fall_in_it(process):
    assert keys(process, month="2024-07") == ["hearing", "conference", "plenary-h2"]
    assert keys(process, month="2023-07") == ["talk-12-jul", "closed-talk-jul", "talk-jul"]


def test_a_year_event_is_listed_under_every_month_of_its_year(process):
    assert "forum-2026" in keys(process, month="2026-01")
    assert "forum-2026" in keys(process, month="2026-12")
    assert "forum-2026" not in keys(process, month="2025-12")


def test_the_months_to_choose_from_are_every_month_an_event_may_fall_in(process):
    months = months_with_events(process)
    assert months[0] == "2023-07"
    assert "2024-08" in months  # only the half-year event covers it
    assert "2023-08" not in months
    assert months[-1] == "2026-12"
    assert months == sorted(set(months))


# --- other filters ----------------------------------------------------------------


def test_the_kind_filter_lists_only_events_of_that_kind(process, secretariat):
    assert secretariat_keys(process, secretariat, kind="gcm_talk") == [
        "talk-12-jul",
        "closed-talk-jul",
        "talk-jul",
    ]
    assert secretariat_keys(process, secretariat, kind="review_forum") == ["forum-2026"]


def test_the_organizer_filter_lists_events_with_that_organizer_among_others(process):
    assert keys(process, organizer="ESCWA") == ["submission-sep", "plenary-h2"]


def test_the_workstream_filter_lists_only_that_workstreams_events(process, secretariat):
    assert secretariat_keys(process, secretariat, workstream="climate") == [
        "closed-climate",
        "consultation-oct",
    ]


def test_the_open_filter_leaves_out_closed_events(process, secretariat):
    assert "closed-talk-jul" not in secretariat_keys(process, secretariat, access="open")
    assert len(secretariat_keys(process, secretariat, access="open")) == 8


def test_the_closed_filter_lists_only_closed_events(process, secretariat):
    assert secretariat_keys(process, secretariat, access="closed") == [
        "closed-talk-jul",
        "closed-climate",
    ]


def test_the_public_calendar_lists_closed_events_by_title_and_date(process):
    assert "closed-talk-jul" in keys(process)
    assert keys(process, access="closed") == ["closed-talk-jul", "closed-climate"]


def test_filters_combine(process, secretariat):
    assert secretariat_keys(
        process, secretariat, kind="gcm_talk", month="2023-07", organizer="EG"
    ) == [
        "talk-12-jul",
        "closed-talk-jul",
    ]


def test_an_unknown_organizer_or_workstream_lists_nothing(process, secretariat):
    assert secretariat_keys(process, secretariat, organizer="UNDSEA") == []
    assert secretariat_keys(process, secretariat, workstream="health") == []


def test_a_filter_read_from_a_query_string_ignores_values_it_does_not_know():
    filters = CalendarFilter.from_query(
        QueryDict("kind=party&month=2024-13&access=secret&organizer=EG&workstream=climate")
    )
    assert filters == CalendarFilter(organizer="EG", workstream="climate")
    assert filters.as_query() == {"organizer": "EG", "workstream": "climate"}


def test_a_filter_read_from_a_query_string_keeps_valid_values():
    filters = CalendarFilter.from_query(QueryDict("kind=gcm_talk&month=2024-07&access=closed"))
    assert filters == CalendarFilter(kind="gcm_talk", month="2024-07", access="closed")


# --- closed events and who may see their details -------------------------------


def test_a_public_viewer_filtering_by_organizer_never_sees_a_closed_event(process, secretariat):
    assert keys(process, organizer="EG") == ["talk-12-jul"]
    assert secretariat_keys(process, secretariat, organizer="EG") == [
        "talk-12-jul",
        "closed-talk-jul",
        "closed-climate",
    ]


def test_a_public_viewer_filtering_by_workstream_never_sees_a_closed_event(process, secretariat):
    assert keys(process, workstream="labour") == ["talk-jul"]
    assert secretariat_keys(process, secretariat, workstream="labour") == [
        "closed-talk-jul",
        "talk-jul",
    ]


def test_asking_for_closed_events_of_an_organizer_shows_the_public_nothing(process):
    assert keys(process, organizer="EG", access="closed") == []
    assert keys(process, workstream="climate", access="closed") == []


def test_in_the_demo_the_public_sees_no_event_of_morocco_and_staff_see_two(
    demo_process, secretariat
):
    assert keys(demo_process, organizer="MA") == []
    assert secretariat_keys(demo_process, secretariat, organizer="MA") == [
        "gcm-talk-2023-07-labour-agreements",
        "champions-narrative-talk-2024-02",
    ]


def test_in_the_demo_the_public_sees_no_event_of_the_labour_workstream(demo_process, secretariat):
    assert keys(demo_process, workstream="labour-pathways") == []
    assert secretariat_keys(demo_process, secretariat, workstream="labour-pathways") == [
        "gcm-talk-2023-07-labour-agreements"
    ]


def test_nobody_signed_in_sees_the_public_calendar(process):
    public = keys(process, viewer_for(None, process), organizer="EG")
    assert public == keys(process, organizer="EG") == ["talk-12-jul"]


def test_a_signed_in_user_without_a_role_sees_what_the_public_sees(process):
    user = User.objects.create_user("delegate", password="a long enough password")
    assert keys(process, viewer_for(user, process), organizer="EG") == ["talk-12-jul"]
    assert keys(process, viewer_for(user, process), workstream="labour") == ["talk-jul"]


def test_a_member_of_the_secretariat_sees_closed_events_in_scoped_lists(process, secretariat):
    member = User.objects.create_user("secretariat", password="a long enough password")
    participation.assign_role(secretariat, member, process, Role.SECRETARIAT)
    assert keys(process, viewer_for(member, process), organizer="EG") == [
        "talk-12-jul",
        "closed-talk-jul",
        "closed-climate",
    ]


def test_the_secretariat_of_another_process_sees_what_the_public_sees(process, secretariat):
    other = load(manifest(event("talk", "2024-03"), slug="other-review")).process
    member = User.objects.create_user("elsewhere", password="a long enough password")
    participation.assign_role(secretariat, member, other, Role.SECRETARIAT)
    assert keys(process, viewer_for(member, process), organizer="EG") == ["talk-12-jul"]


def test_an_invitee_of_a_closed_event_sees_that_event_in_scoped_lists_and_no_other(process):
    closed_talk = process.events.get(key="closed-talk-jul")
    invitee = Viewer(user=None, process=process, participant_of={closed_talk.pk})
    assert keys(process, invitee, organizer="EG") == ["talk-12-jul", "closed-talk-jul"]
