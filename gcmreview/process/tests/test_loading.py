"""Loading a manifest: the demo lands whole, a second load changes nothing, and the file
describes the whole process."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection

from gcmreview.process.management.commands.demo import DEMO_MANIFEST
from gcmreview.process.models import (
    CalendarRevision,
    Event,
    Milestone,
    Organization,
    Phase,
    ReviewProcess,
    Workstream,
)
from gcmreview.process.operations import load_manifest_file
from gcmreview.process.tests.builders import (
    database_state,
    demo_data,
    event,
    load,
    manifest,
    row_counts,
    write,
)

D = dt.date

# The calendar of the roadmap "Updated as of March 2024": key, title, start, end,
# precision, closed.
ROADMAP = [
    ("gulf-africa-dialogue-2022-09",
     "Cross-regional Dialogue between the Gulf and African countries",
     D(2022, 9, 1), D(2022, 9, 30), "month", False),
    ("gcm-talk-2023-07-labour-agreements",
     "GCM Talks: Good Practices and Challenges on Bilateral Labour Migration Agreements "
     "including Skills Mobility Partnerships",
     D(2023, 7, 1), D(2023, 7, 31), "month", True),
    ("gcm-talk-2023-07-indicators", "GCM Talks: GCM Indicators – Arab States",
     D(2023, 7, 1), D(2023, 7, 31), "month", False),
    ("gcm-talk-2023-09-detention-alternatives",
     "GCM Talks: Regional Workstream on Alternatives to Detention and Deprivation of Liberty",
     D(2023, 9, 1), D(2023, 9, 30), "month", True),
    ("objective-21-dialogue-2023-09",
     "Sub-regional Technical Dialogue with Stakeholders in North African Countries on GCM "
     "Objective 21 on Cooperation in Facilitating Safe and Dignified Return and Readmission, "
     "as well as Sustainable Reintegration",
     D(2023, 9, 1), D(2023, 9, 30), "month", True),
    ("gcm-talk-2023-10-climate",
     "GCM Talks: Regional Workstream on Climate Change, the GCM and the Paris Agreement",
     D(2023, 10, 1), D(2023, 10, 31), "month", False),
    ("global-stakeholder-consultation-2023-11",
     "Global Stakeholder Consultation for the Asia Pacific and Middle East-North Africa regions",
     D(2023, 11, 1), D(2023, 11, 30), "month", False),
    ("add-ministerial-2024-02", "Abu Dhabi Dialogue Annual Ministerial Meeting",
     D(2024, 2, 1), D(2024, 2, 29), "month", False),
    ("missing-migrants-consultation-2024-02",
     "Regional Consultation on Actionable Recommendations on Missing Migrants and Provision "
     "of Humanitarian Assistance to Migrants in Distress",
     D(2024, 2, 1), D(2024, 2, 29), "month", False),
    ("champions-narrative-talk-2024-02",
     "GCM Champions Countries' Initiative: GCM Talk on Building a Balanced/Evidence-Based "
     "Narrative around Migration and Migrants",
     D(2024, 2, 1), D(2024, 2, 29), "month", True),
    ("rsag-consultation-2024-04", "GCM Talks: Regional Stakeholder Consultation",
     D(2024, 4, 1), D(2024, 4, 30), "month", False),
    ("arcp-annual-meeting-2024-05", "Arab Regional Consultative Process Annual Meeting",
     D(2024, 5, 1), D(2024, 5, 31), "month", False),
    ("stakeholder-hearings-2024", "Regional Stakeholder Hearings",
     D(2024, 7, 2), D(2024, 7, 2), "day", False),
    ("conference-2024", "Second GCM Regional Review Conference in the Arab region",
     D(2024, 7, 3), D(2024, 7, 4), "days", False),
    ("outcome-submission-2024",
     "Submission of the Outcome document to the plenary meeting of the General Assembly",
     D(2024, 9, 1), D(2024, 9, 30), "month", False),
    ("africa-stakeholder-consultations-2024", "Africa Stakeholder Consultations",
     D(2024, 10, 1), D(2024, 10, 31), "month", False),
    ("africa-continental-review-2024", "Africa Continental Review on the GCM",
     D(2024, 10, 1), D(2024, 10, 31), "month", False),
    ("general-assembly-2024", "The plenary meeting of the General Assembly",
     D(2024, 7, 1), D(2024, 12, 31), "half", False),
]  # fmt: skip


# --- the demo ---------------------------------------------------------------------


def test_the_demo_holds_every_row_of_the_roadmap_calendar(demo_process):
    assert len(ROADMAP) == 18
    for key, title, start, end, precision, closed in ROADMAP:
        e = demo_process.events.get(key=key)
        assert (e.title_en, e.date_start, e.date_end, e.date_precision, e.closed) == (
            title,
            start,
            end,
            precision,
            closed,
        ), key


def test_the_demo_adds_only_the_2026_forum_to_the_roadmap_calendar(demo_process):
    keys = set(demo_process.events.values_list("key", flat=True))
    assert keys - {row[0] for row in ROADMAP} == {"review-forum-2026"}


def test_the_demo_has_exactly_the_four_closed_meetings_of_the_roadmap(demo_process):
    assert set(demo_process.events.filter(closed=True).values_list("key", flat=True)) == {
        "gcm-talk-2023-07-labour-agreements",
        "gcm-talk-2023-09-detention-alternatives",
        "objective-21-dialogue-2023-09",
        "champions-narrative-talk-2024-02",
    }


def test_the_demo_conference_runs_3_to_4_july_2024_in_cairo(demo_process):
    conference = demo_process.events.get(key="conference-2024")
    assert conference.span.precision == "days"
    assert (conference.date_start, conference.date_end) == (D(2024, 7, 3), D(2024, 7, 4))
    assert conference.kind == Event.Kind.REVIEW_CONFERENCE
    assert "Cairo" in conference.place_en
    assert [r.organization.code for r in conference.organizer_rows.order_by("position")] == [
        "IOM",
        "ESCWA",
        "LAS",
    ]
    assert list(conference.feeds_milestones.values_list("key", flat=True)) == ["outcome-document"]


def test_the_demo_general_assembly_plenary_is_known_only_to_the_second_half_of_2024(
    demo_process,
):
    plenary = demo_process.events.get(title_en="The plenary meeting of the General Assembly")
    assert plenary.date_precision == "half"
    assert str(plenary.span) == "2024-H2"
    assert not plenary.span.is_exact


def test_the_demo_has_the_22_members_of_the_league_of_arab_states(demo_process):
    members = Organization.objects.filter(las_member=True, kind="member_state")
    assert members.count() == 22
    assert {"EG", "MA", "IQ", "PS", "KM", "YE"} <= set(members.values_list("code", flat=True))


def test_three_members_of_the_league_are_gcm_champions(demo_process):
    champions = Organization.objects.filter(las_member=True, gcm_champion=True)
    assert sorted(champions.values_list("code", flat=True)) == ["EG", "IQ", "MA"]


def test_the_demo_has_five_workstreams_in_order(demo_process):
    assert list(demo_process.workstreams.values_list("code", flat=True)) == [
        "missing-migrants",
        "climate-change",
        "labour-pathways",
        "detention-alternatives",
        "public-health",
    ]


def test_the_outcome_document_milestone_is_due_in_september_2024(demo_process):
    milestone = demo_process.milestones.get(key="outcome-document")
    assert str(milestone.span) == "2024-09"
    assert milestone.date_precision == "month"
    assert (milestone.date_start, milestone.date_end) == (D(2024, 9, 1), D(2024, 9, 30))


def test_the_demo_phases_join_months_as_ranges_of_days(demo_process):
    preparatory = demo_process.phases.get(code="preparatory")
    assert (preparatory.date_start, preparatory.date_end) == (D(2022, 9, 1), D(2024, 5, 31))
    assert preparatory.date_precision == "days"
    assert list(demo_process.phases.values_list("code", flat=True)) == [
        "preparatory",
        "regional-reviews",
        "follow-up",
    ]


def test_the_demo_keeps_the_march_2024_calendar_as_revision_1(demo_process):
    revision = demo_process.calendar_revisions.get()
    assert revision.number == 1
    assert revision.label_en == "Updated as of March 2024"
    assert revision.published_at == dt.datetime(2024, 3, 31, tzinfo=dt.UTC)
    assert [row["key"] for row in revision.snapshot] == [row[0] for row in ROADMAP]


def test_the_demo_co_organizers_are_iom_escwa_and_las_in_that_order(demo_process):
    assert [r.organization.code for r in demo_process.co_organizers.all()] == [
        "IOM",
        "ESCWA",
        "LAS",
    ]
    assert [m.paragraph for m in demo_process.mandates.all()] == ["48", "50", "9", "77"]


def test_the_demo_command_loads_the_demo(db):
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert ReviewProcess.objects.get().slug == "arab-region-2024"
    assert "Loaded arab-region-2024" in out.getvalue()
    assert "events: 19 created" in out.getvalue()


# --- loading twice ----------------------------------------------------------------


def test_loading_the_demo_twice_reports_nothing_changed_and_leaves_every_row_as_it_was(
    demo_process,
):
    before = database_state()
    report = load_manifest_file(DEMO_MANIFEST)
    assert not report.changed
    assert all(outcome == "unchanged" for (_kind, outcome) in report.counts)
    assert database_state() == before


def test_the_load_command_says_nothing_changed_the_second_time(demo_process):
    out = io.StringIO()
    call_command("load", str(DEMO_MANIFEST), stdout=out)
    assert "nothing changed" in out.getvalue()
    assert "created" not in out.getvalue()


def test_a_changed_title_is_reported_as_one_event_updated(demo_process):
    data = demo_data()
    data["events"][0]["title"]["en"] = "A new title"
    report = load(data)
    assert report.counts[("events", "updated")] == 1
    assert report.counts[("events", "unchanged")] == 18
    assert demo_process.events.get(key=data["events"][0]["key"]).title_en == "A new title"


def test_changing_only_an_events_organizers_is_reported_as_a_change(demo_process):
    data = demo_data()
    conference = next(e for e in data["events"] if e["key"] == "conference-2024")
    conference["organizers"] = ["ESCWA", "IOM", "LAS"]
    report = load(data)
    assert report.changed
    assert report.counts[("events", "updated")] == 1
    rows = demo_process.events.get(key="conference-2024").organizer_rows.order_by("position")
    assert [r.organization.code for r in rows] == ["ESCWA", "IOM", "LAS"]


def test_changing_only_an_events_links_is_reported_as_a_change(demo_process):
    data = demo_data()
    talk = next(e for e in data["events"] if e["key"] == "gcm-talk-2023-07-indicators")
    talk["feeds_into"] = ["stakeholder-hearings-2024"]
    report = load(data)
    assert report.changed
    assert report.counts[("events", "updated")] == 1
    talk_row = demo_process.events.get(key="gcm-talk-2023-07-indicators")
    assert list(talk_row.feeds_into.values_list("key", flat=True)) == ["stakeholder-hearings-2024"]


def test_changing_only_the_co_organizers_is_reported_as_a_change(demo_process):
    data = demo_data()
    data["process"]["co_organizers"] = ["ESCWA", "IOM", "LAS"]
    report = load(data)
    assert report.changed
    assert report.counts[("process", "updated")] == 1


# --- the file describes the whole process ---------------------------------------


def test_an_event_missing_from_the_manifest_is_removed_with_its_links(demo_process):
    data = demo_data()
    data["events"] = [e for e in data["events"] if e["key"] != "stakeholder-hearings-2024"]
    for entry in data["events"]:
        if "stakeholder-hearings-2024" in entry.get("feeds_into", []):
            entry["feeds_into"].remove("stakeholder-hearings-2024")
    report = load(data)
    assert report.counts[("events", "removed")] == 1
    assert not demo_process.events.filter(key="stakeholder-hearings-2024").exists()
    assert demo_process.events.count() == 18
    assert not Event.feeds_into.through.objects.filter(
        to_event__key="stakeholder-hearings-2024"
    ).exists()


def test_phases_workstreams_and_milestones_missing_from_the_manifest_are_removed(db):
    load(
        manifest(
            event("talk", "2024-03", workstream="labour", phase="preparatory"),
            event("conference", "2024-07-03/2024-07-04", feeds_milestones=["outcome"]),
        )
    )
    data = manifest(event("talk", "2024-03"), event("conference", "2024-07-03/2024-07-04"))
    data["phases"] = data["phases"][1:]
    data["workstreams"] = data["workstreams"][:1]
    data["milestones"] = []
    report = load(data)
    assert report.counts[("phases", "removed")] == 1
    assert report.counts[("workstreams", "removed")] == 1
    assert report.counts[("milestones", "removed")] == 1
    assert list(Phase.objects.values_list("code", flat=True)) == ["review"]
    assert list(Workstream.objects.values_list("code", flat=True)) == ["climate"]
    assert not Milestone.objects.exists()
    talk = Event.objects.get(key="talk")
    assert talk.workstream is None and talk.phase is None


def test_an_organization_no_longer_in_the_manifest_is_kept_for_other_processes(db):
    load(manifest(event("talk", "2024-03", organizers=["EG"])))
    data = manifest(event("talk", "2024-03"))
    data["organizations"] = [o for o in data["organizations"] if o["code"] != "EG"]
    load(data)
    assert Organization.objects.filter(code="EG").exists()


def test_a_revision_missing_from_the_manifest_is_removed(demo_process):
    data = demo_data()
    data["calendar_revisions"] = []
    report = load(data)
    assert report.counts[("calendar revisions", "removed")] == 1
    assert not CalendarRevision.objects.exists()


def test_two_processes_keep_their_own_events_with_the_same_keys(db):
    load(manifest(event("talk", "2024-03"), slug="first"))
    load(manifest(event("talk", "2024-04"), slug="second"))
    assert Event.objects.count() == 2
    assert str(ReviewProcess.objects.get(slug="first").events.get(key="talk").span) == "2024-03"
    assert str(ReviewProcess.objects.get(slug="second").events.get(key="talk").span) == "2024-04"


def test_a_json_manifest_loads_like_a_yaml_one(db, tmp_path):
    data = manifest(event("talk", "2024-03"), event("conference", "2024-07-03/2024-07-04"))
    load_manifest_file(write(tmp_path / "review.json", data))
    json_state = database_state()
    ReviewProcess.objects.all().delete()
    Organization.objects.all().delete()
    load_manifest_file(write(tmp_path / "review.yaml", data))
    yaml_state = database_state()

    def without_ids(state):
        return {
            label: [{k: v for k, v in row.items() if k != "id" and not k.endswith("_id")}
                    for row in rows]
            for label, rows in state.items()
        }  # fmt: skip

    assert without_ids(json_state) == without_ids(yaml_state)


@pytest.mark.parametrize(
    ("written", "start", "end", "precision"),
    [
        ("2024-07-02", D(2024, 7, 2), D(2024, 7, 2), "day"),
        ("2024-09", D(2024, 9, 1), D(2024, 9, 30), "month"),
        ("2024-Q3", D(2024, 7, 1), D(2024, 9, 30), "quarter"),
        ("2024", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ],
)
def test_a_date_written_without_quotes_in_yaml_loads_at_its_precision(
    db, tmp_path, written, start, end, precision
):
    path = tmp_path / "review.yaml"
    path.write_text(
        "format: gcmreview/1\n"
        "organizations:\n"
        "  - {code: IOM, kind: un_entity, name: {en: IOM}}\n"
        "process:\n"
        "  slug: unquoted\n"
        "  title: {en: Unquoted}\n"
        "  region: {en: Somewhere}\n"
        "  round: 1\n"
        "  status: planned\n"
        "  co_organizers: [IOM]\n"
        "events:\n"
        "  - key: talk\n"
        "    kind: other\n"
        "    title: {en: Talk}\n"
        f"    date: {written}\n"
        "    organizers: [IOM]\n"
        "calendar_revisions:\n"
        "  - number: 1\n"
        "    label: {en: First}\n"
        "    published_at: 2024-03-31T00:00:00+00:00\n"
        "    events:\n"
        f"      - {{key: talk, title: Talk, date: {written}, status: planned}}\n",
        encoding="utf-8",
    )
    load_manifest_file(path)
    talk = Event.objects.get(key="talk")
    assert (talk.date_start, talk.date_end, talk.date_precision) == (start, end, precision)
    revision = CalendarRevision.objects.get()
    assert revision.published_at == dt.datetime(2024, 3, 31, tzinfo=dt.UTC)
    assert revision.snapshot[0]["date"] == written


# --- all or nothing ---------------------------------------------------------------


@pytest.fixture
def database_refuses_poison(db):
    """A real trigger that makes the database refuse to insert an event keyed 'poison',
    so that a load fails half-way through writing (undone with the test's transaction)."""
    table = Event._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_poison() RETURNS trigger AS $$ BEGIN "
                "IF NEW.key = 'poison' THEN RAISE EXCEPTION 'refused by the database'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER refuse_poison BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_poison()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER refuse_poison BEFORE INSERT ON {table} "
                "WHEN NEW.key = 'poison' BEGIN SELECT RAISE(ABORT, 'refused by the database'); END"
            )


def test_a_load_that_fails_while_writing_leaves_nothing_of_it_written(
    demo_process, database_refuses_poison
):
    data = demo_data()
    data["organizations"].append({"code": "NEW", "kind": "other", "name": {"en": "New"}})
    data["events"][0]["title"]["en"] = "Renamed"
    data["workstreams"][0]["leads"] = ["IOM"]
    data["events"].append(
        {"key": "poison", "kind": "other", "title": {"en": "Poison"}, "date": "2025",
         "organizers": ["IOM"]}
    )  # fmt: skip
    before = database_state()
    organizations = row_counts()["process.Organization"]

    with pytest.raises(DatabaseError, match="refused by the database"):
        load(data)

    assert database_state() == before
    assert row_counts()["process.Organization"] == organizations
    assert not Organization.objects.filter(code="NEW").exists()
