"""Published calendar revisions: numbered in turn, kept as they were, and compared."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from gcmreview.process.operations import (
    calendar_snapshot,
    compare_calendars,
    publish_calendar_revision,
)
from gcmreview.process.tests.builders import event, load, manifest


@pytest.fixture
def process(db):
    return load(
        manifest(
            event("talk", "2024-03"),
            event("hearing", "2024-07-02", closed=True),
            event("conference", "2024-07-03/2024-07-04"),
        )
    ).process


def test_the_first_revision_of_a_process_is_number_1_and_the_next_number_2(process):
    first = publish_calendar_revision(process, {"en": "Updated as of March 2024"})
    second = publish_calendar_revision(process, {"en": "Updated as of June 2024"})
    assert (first.number, second.number) == (1, 2)
    assert list(process.calendar_revisions.values_list("number", flat=True)) == [1, 2]


def test_numbers_are_counted_per_process(process):
    other = load(manifest(event("talk", "2024-03"), slug="other-review")).process
    publish_calendar_revision(process, {"en": "First"})
    publish_calendar_revision(process, {"en": "Second"})
    assert publish_calendar_revision(other, {"en": "First"}).number == 1


def test_the_demo_publishes_its_next_revision_as_number_2(demo_process):
    assert publish_calendar_revision(demo_process, {"en": "Final"}).number == 2


def test_a_revision_keeps_its_label_in_three_languages_and_the_time_it_was_published(process):
    before = timezone.now()
    revision = publish_calendar_revision(
        process, {"en": "Updated", "ar": "محدَّث", "fr": "Mis à jour"}
    )
    assert (revision.label_en, revision.label_ar, revision.label_fr) == (
        "Updated",
        "محدَّث",
        "Mis à jour",
    )
    assert before <= revision.published_at <= timezone.now()


def test_a_revision_keeps_the_calendar_in_order_as_it_stood(process):
    revision = publish_calendar_revision(
        process, {"en": "First"}, published_at=dt.datetime(2024, 3, 31, tzinfo=dt.UTC)
    )
    assert revision.snapshot == [
        {"key": "talk", "title": "Talk", "date": "2024-03", "status": "planned", "closed": False},
        {"key": "hearing", "title": "Hearing", "date": "2024-07-02", "status": "planned",
         "closed": True},
        {"key": "conference", "title": "Conference", "date": "2024-07-03/2024-07-04",
         "status": "planned", "closed": False},
    ]  # fmt: skip
    revision.refresh_from_db()
    assert revision.snapshot[2]["date"] == "2024-07-03/2024-07-04"


def test_a_revision_does_not_change_when_the_calendar_does(process):
    revision = publish_calendar_revision(process, {"en": "First"})
    process.events.filter(key="talk").update(title_en="Renamed")
    revision.refresh_from_db()
    assert revision.snapshot[0]["title"] == "Talk"
    assert calendar_snapshot(process)[0]["title"] == "Renamed"


# --- comparing --------------------------------------------------------------------


def row(key, date, status="planned", title=None, closed=False):
    return {"key": key, "title": title or key, "date": date, "status": status, "closed": closed}


def test_two_equal_calendars_have_no_changes():
    calendar = [row("a", "2024-03"), row("b", "2024-07-02")]
    changes = compare_calendars(calendar, list(calendar))
    assert changes.is_empty


def test_an_event_only_in_the_later_calendar_is_added():
    changes = compare_calendars([row("a", "2024-03")], [row("a", "2024-03"), row("b", "2024-09")])
    assert changes.added == [row("b", "2024-09")]
    assert not (changes.removed or changes.moved or changes.cancelled or changes.status_changed)


def test_an_event_only_in_the_earlier_calendar_is_removed():
    changes = compare_calendars([row("a", "2024-03"), row("b", "2024-09")], [row("a", "2024-03")])
    assert changes.removed == [row("b", "2024-09")]
    assert not (changes.added or changes.moved or changes.cancelled)


def test_an_event_with_another_date_has_moved():
    before, after = row("a", "2024-07"), row("a", "2024-07-03/2024-07-04")
    changes = compare_calendars([before], [after])
    assert changes.moved == [(before, after)]
    assert not (changes.added or changes.removed or changes.cancelled)


def test_an_event_whose_status_became_cancelled_is_cancelled():
    changes = compare_calendars([row("a", "2024-07")], [row("a", "2024-07", "cancelled")])
    assert changes.cancelled == [row("a", "2024-07", "cancelled")]
    assert not (changes.moved or changes.status_changed)


def test_an_event_held_as_planned_has_changed_status_but_is_not_cancelled():
    changes = compare_calendars([row("a", "2024-07")], [row("a", "2024-07", "held")])
    assert changes.status_changed == [(row("a", "2024-07"), row("a", "2024-07", "held"))]
    assert not changes.cancelled


def test_an_event_moved_and_cancelled_is_reported_as_both():
    changes = compare_calendars([row("a", "2024-07")], [row("a", "2024-08", "cancelled")])
    assert [after["key"] for _before, after in changes.moved] == ["a"]
    assert [e["key"] for e in changes.cancelled] == ["a"]


def test_a_renamed_event_at_the_same_date_is_not_a_change():
    changes = compare_calendars(
        [row("a", "2024-07", title="Old")], [row("a", "2024-07", title="New")]
    )
    assert changes.is_empty


def test_publishing_after_edits_records_every_kind_of_change(process):
    first = publish_calendar_revision(process, {"en": "First"})
    load(
        manifest(
            event("talk", "2024-03", status="held"),
            event("hearing", "2024-07-02", closed=True, status="cancelled"),
            event("conference", "2024-07-09/2024-07-10"),
            event("forum", "2026"),
        )
    )
    second = publish_calendar_revision(process, {"en": "Second"})
    changes = compare_calendars(first.snapshot, second.snapshot)
    assert [e["key"] for e in changes.added] == ["forum"]
    assert [(b["date"], a["date"]) for b, a in changes.moved] == [
        ("2024-07-03/2024-07-04", "2024-07-09/2024-07-10")
    ]
    assert [e["key"] for e in changes.cancelled] == ["hearing"]
    assert [a["key"] for _b, a in changes.status_changed] == ["talk"]
    assert changes.removed == []


def test_dropping_an_event_from_the_manifest_shows_it_removed_in_the_next_revision(process):
    first = publish_calendar_revision(process, {"en": "First"})
    load(manifest(event("talk", "2024-03"), event("conference", "2024-07-03/2024-07-04")))
    changes = compare_calendars(first.snapshot, calendar_snapshot(process))
    assert [e["key"] for e in changes.removed] == ["hearing"]


def test_the_demo_since_march_2024_added_the_forum_and_held_every_planned_meeting(demo_process):
    march = demo_process.calendar_revisions.get(number=1)
    changes = compare_calendars(march.snapshot, calendar_snapshot(demo_process))
    assert [e["key"] for e in changes.added] == ["review-forum-2026"]
    assert changes.removed == changes.moved == changes.cancelled == []
    assert {a["key"] for _b, a in changes.status_changed} == {
        "rsag-consultation-2024-04",
        "arcp-annual-meeting-2024-05",
        "stakeholder-hearings-2024",
        "conference-2024",
        "outcome-submission-2024",
        "africa-stakeholder-consultations-2024",
        "africa-continental-review-2024",
        "general-assembly-2024",
    }
    assert all(a["status"] == "held" for _b, a in changes.status_changed)


# --- the command ------------------------------------------------------------------


def test_the_publish_calendar_command_publishes_the_next_revision(process):
    out = io.StringIO()
    call_command(
        "publish_calendar", "test-review", label_en="Updated", label_fr="Mis à jour", stdout=out
    )
    call_command("publish_calendar", "test-review", label_en="Again", stdout=out)
    assert "Published revision 1 of test-review" in out.getvalue()
    assert "Published revision 2 of test-review" in out.getvalue()
    assert process.calendar_revisions.get(number=1).label_fr == "Mis à jour"


def test_the_publish_calendar_command_refuses_an_unknown_process(db):
    with pytest.raises(CommandError, match="no review process 'nowhere'"):
        call_command("publish_calendar", "nowhere", label_en="Updated")
