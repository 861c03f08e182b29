"""A manifest with any error is refused as a whole: one message per problem, naming the
entry and the field, and nothing written."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gcmreview.process.manifest import ManifestError, check_manifest, read_manifest_file
from gcmreview.process.operations import load_manifest_file
from gcmreview.process.tests.builders import demo_data, event, load, manifest, row_counts, write


def refusal(data) -> list[str]:
    with pytest.raises(ManifestError) as refused:
        check_manifest(data)
    return refused.value.messages


def assert_refused_and_nothing_written(path: Path, expected: str) -> None:
    """Loading `path`, by function and by the `load` command, is refused with a message
    containing `expected`, and every table keeps the rows it had."""
    before = row_counts()
    with pytest.raises(ManifestError) as refused:
        load_manifest_file(path)
    assert any(expected in message for message in refused.value.messages), refused.value.messages
    assert row_counts() == before

    err = io.StringIO()
    with pytest.raises(CommandError, match="refused, nothing was written"):
        call_command("load", str(path), stdout=io.StringIO(), stderr=err)
    assert expected in err.getvalue()
    assert row_counts() == before


@pytest.fixture
def good():
    return manifest(
        event("talk", "2024-03", workstream="climate", phase="preparatory"),
        event("hearing", "2024-07-02", feeds_into=["conference"]),
        event("conference", "2024-07-03/2024-07-04", feeds_milestones=["outcome"]),
    )


def test_the_good_manifest_used_below_is_accepted(good):
    assert [e.key for e in check_manifest(good).events] == ["talk", "hearing", "conference"]


# --- the file as a whole ----------------------------------------------------------


def test_malformed_yaml_is_refused_naming_the_file(db, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("format: gcmreview/1\nprocess: {slug: [unclosed\n", encoding="utf-8")
    with pytest.raises(ManifestError) as refused:
        read_manifest_file(path)
    assert refused.value.messages[0].startswith(f"{path}: not valid YAML")
    assert_refused_and_nothing_written(path, "not valid YAML")


def test_malformed_json_is_refused_naming_the_file(db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "gcmreview/1",', encoding="utf-8")
    assert_refused_and_nothing_written(path, f"{path}: not valid JSON")


def test_a_file_that_is_not_utf8_is_refused(db, tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("format: gcmreview/1\nname: Égypte\n".encode("latin-1"))
    assert_refused_and_nothing_written(path, "not UTF-8 text")


def test_a_missing_file_is_refused(db, tmp_path):
    assert_refused_and_nothing_written(tmp_path / "nowhere.yaml", "no such file")


def test_a_file_that_is_a_list_is_refused(db, tmp_path):
    path = write(tmp_path / "list.yaml", ["format", "process"])
    assert_refused_and_nothing_written(path, "the file must be a mapping")


def test_a_wrong_format_value_is_refused(db, tmp_path, good):
    good["format"] = "gcmreview/2"
    assert refusal(good) == ["format: 'gcmreview/2' is not allowed; input should be 'gcmreview/1'"]
    assert_refused_and_nothing_written(write(tmp_path / "m.yaml", good), "format: 'gcmreview/2'")


def test_a_missing_format_is_refused(good):
    del good["format"]
    assert refusal(good) == ["format: Field required"]


# --- entries and fields -----------------------------------------------------------


def test_an_unknown_organizer_is_refused_naming_the_event_and_field(db, tmp_path, good):
    good["events"][1]["organizers"] = ["IOM", "UNDSEA"]
    message = "events[1] (key 'hearing'): organizers: unknown organization 'UNDSEA'"
    assert refusal(good) == [message]
    assert_refused_and_nothing_written(write(tmp_path / "m.yaml", good), message)


def test_an_unknown_co_organizer_is_refused(good):
    good["process"]["co_organizers"] = ["IOM", "XYZ"]
    assert refusal(good) == ["process: co_organizers: unknown organization 'XYZ'"]


def test_an_unknown_workstream_lead_is_refused(good):
    good["workstreams"][0]["leads"] = ["XYZ"]
    assert refusal(good) == ["workstreams[0] (code 'climate'): leads: unknown organization 'XYZ'"]


def test_a_co_organizer_listed_twice_is_refused_before_anything_is_written(db, tmp_path, good):
    good["process"]["co_organizers"] = ["IOM", "ESCWA", "IOM"]
    message = "process: co_organizers: listed twice: IOM"
    assert refusal(good) == [message]
    assert_refused_and_nothing_written(write(tmp_path / "m.yaml", good), message)


@pytest.mark.parametrize(
    ("section", "field", "value", "where"),
    [
        ("process", "round", 32768, "process: round: "),
        ("events", "capacity", 2**31, "events[0] (key 'talk'): capacity: "),
        ("calendar_revisions", "number", 2**31, "calendar_revisions[0] (number '2147483648'): "),
    ],
)
def test_a_number_too_large_for_the_database_is_refused_before_anything_is_written(
    db, tmp_path, good, section, field, value, where
):
    good["calendar_revisions"] = [
        {"number": 1, "label": {"en": "First"}, "published_at": "2024-03-31T00:00:00+00:00",
         "events": []}
    ]  # fmt: skip
    entry = good[section] if section == "process" else good[section][0]
    entry[field] = value
    [message] = refusal(good)
    assert message.startswith(where)
    assert "less than or equal to" in message
    assert_refused_and_nothing_written(write(tmp_path / "m.yaml", good), where)


def test_an_organizer_listed_twice_is_refused(good):
    good["events"][0]["organizers"] = ["IOM", "IOM"]
    assert refusal(good) == ["events[0] (key 'talk'): organizers: listed twice: IOM"]


def test_an_event_without_organizers_is_refused(good):
    good["events"][0]["organizers"] = []
    [message] = refusal(good)
    assert message.startswith("events[0] (key 'talk'): organizers: ")


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2024-02-30", "impossible date '2024-02-30'"),
        ("2023-02-29", "impossible date '2023-02-29'"),
        ("2024-13", "impossible month '2024-13'"),
        ("2024-Q5", "impossible quarter '2024-Q5'"),
        ("2024-H3", "impossible half-year '2024-H3'"),
        ("2024-07-04/2024-07-03", "range '2024-07-04/2024-07-03' ends before it starts"),
        ("next summer", "'next summer' is not a date"),
    ],
)
def test_an_impossible_date_is_refused_naming_the_event_and_field(
    db, tmp_path, good, date, message
):
    good["events"][2]["date"] = date
    expected = f"events[2] (key 'conference'): date: {message}"
    [only] = refusal(good)
    assert only.startswith(expected)
    assert_refused_and_nothing_written(write(tmp_path / "m.yaml", good), expected)


def test_an_impossible_milestone_deadline_is_refused(good):
    good["milestones"][0]["deadline"] = "2024-00"
    assert refusal(good) == ["milestones[0] (key 'outcome'): deadline: impossible month '2024-00'"]


def test_an_impossible_phase_date_is_refused(good):
    good["phases"][1]["date"] = "2024-12/2024-07"
    assert refusal(good) == [
        "phases[1] (code 'review'): date: range '2024-12/2024-07' ends before it starts"
    ]


def test_a_date_that_is_not_text_is_refused(good):
    good["events"][0]["date"] = ["2024", "03"]
    assert refusal(good) == [
        "events[0] (key 'talk'): date: a date must be written as text, such as 2024-07 or 2024-H2"
    ]


def test_a_duplicate_event_key_is_refused(db, tmp_path, good):
    good["events"].append(event("talk", "2024-11"))
    message = "events[3] (key 'talk'): key: duplicate of an earlier entry"
    assert refusal(good) == [message]
    assert_refused_and_nothing_written(write(tmp_path / "m.yaml", good), message)


def test_the_same_event_twice_under_two_keys_is_refused(db, tmp_path, good):
    good["events"].append(event("talk-again", "2024-03", title={"en": "TALK"}))
    message = (
        "events[3] (key 'talk-again'): title: same title and date as event 'talk' "
        "(a duplicate event?)"
    )
    assert refusal(good) == [message]
    assert_refused_and_nothing_written(write(tmp_path / "m.yaml", good), message)


def test_the_same_title_on_another_date_is_not_a_duplicate(good):
    good["events"].append(event("talk-again", "2024-04", title={"en": "Talk"}))
    check_manifest(good)


def test_duplicate_organization_phase_workstream_and_milestone_codes_are_refused(good):
    good["organizations"].append(dict(good["organizations"][0]))
    good["phases"].append(dict(good["phases"][0]))
    good["workstreams"].append(dict(good["workstreams"][1]))
    good["milestones"].append(dict(good["milestones"][0]))
    assert refusal(good) == [
        "organizations[3] (code 'IOM'): code: duplicate of an earlier entry",
        "phases[2] (code 'preparatory'): code: duplicate of an earlier entry",
        "workstreams[2] (code 'labour'): code: duplicate of an earlier entry",
        "milestones[1] (key 'outcome'): key: duplicate of an earlier entry",
    ]


def test_an_unknown_field_is_refused_naming_the_entry_and_field(db, tmp_path, good):
    good["events"][0]["venue"] = "Cairo"
    message = "events[0] (key 'talk'): venue: unknown field"
    assert refusal(good) == [message]
    assert_refused_and_nothing_written(write(tmp_path / "m.yaml", good), message)


def test_an_unknown_field_inside_a_text_is_refused_with_its_path(good):
    good["events"][0]["title"]["es"] = "Charla"
    assert refusal(good) == ["events[0] (key 'talk'): title.es: unknown field"]


def test_an_unknown_top_level_field_is_refused(good):
    good["venues"] = []
    assert refusal(good) == ["venues: unknown field"]


def test_an_unknown_phase_is_refused(db, tmp_path, good):
    good["events"][1]["phase"] = "follow-up"
    message = "events[1] (key 'hearing'): phase: unknown phase 'follow-up'"
    assert refusal(good) == [message]
    assert_refused_and_nothing_written(write(tmp_path / "m.yaml", good), message)


def test_an_unknown_workstream_is_refused(db, tmp_path, good):
    good["events"][1]["workstream"] = "health"
    message = "events[1] (key 'hearing'): workstream: unknown workstream 'health'"
    assert refusal(good) == [message]
    assert_refused_and_nothing_written(write(tmp_path / "m.yaml", good), message)


def test_an_unknown_milestone_is_refused(db, tmp_path, good):
    good["events"][2]["feeds_milestones"] = ["outcome", "imrf"]
    message = "events[2] (key 'conference'): feeds_milestones: unknown milestone 'imrf'"
    assert refusal(good) == [message]
    assert_refused_and_nothing_written(write(tmp_path / "m.yaml", good), message)


def test_an_unknown_feeds_into_target_is_refused(good):
    good["events"][0]["feeds_into"] = ["forum"]
    assert refusal(good) == ["events[0] (key 'talk'): feeds_into: unknown event 'forum'"]


def test_an_unknown_event_kind_is_refused_with_the_value_given(good):
    good["events"][0]["kind"] = "party"
    [message] = refusal(good)
    assert message.startswith("events[0] (key 'talk'): kind: 'party' is not allowed; ")
    assert "'gcm_talk'" in message


def test_an_unknown_organization_kind_is_refused(good):
    good["organizations"][2]["kind"] = "country"
    [message] = refusal(good)
    assert message.startswith("organizations[2] (code 'EG'): kind: 'country' is not allowed")


def test_a_key_with_capitals_or_spaces_is_refused(good):
    good["events"][0]["key"] = "Talk 1"
    [message] = refusal(good)
    assert message.startswith("events[0] (key 'Talk 1'): key: String should match pattern")


def test_an_event_without_an_english_title_is_refused(good):
    good["events"][0]["title"] = {"fr": "Causerie"}
    assert refusal(good) == ["events[0] (key 'talk'): title.en: Field required"]


def test_an_english_title_of_only_spaces_is_refused(good):
    good["events"][0]["title"] = {"en": "   "}
    [message] = refusal(good)
    assert message.startswith("events[0] (key 'talk'): title.en: ")


def test_a_title_too_long_for_the_database_is_refused_before_anything_is_written(
    db, tmp_path, good
):
    good["events"][0]["title"] = {"en": "A" * 401}
    [message] = refusal(good)
    assert message.startswith("events[0] (key 'talk'): title.en: ")
    assert "400" in message
    assert_refused_and_nothing_written(write(tmp_path / "m.yaml", good), "title.en")


def test_a_place_too_long_for_the_database_is_refused(good):
    good["events"][0]["place"] = {"fr": "Le Caire " * 50}
    [message] = refusal(good)
    assert message.startswith("events[0] (key 'talk'): place.fr: ")


def test_a_long_description_is_accepted(good):
    good["events"][0]["description"] = {"en": "Words. " * 500}
    check_manifest(good)


def test_a_revision_event_with_an_impossible_date_names_the_revision_and_path(good):
    good["calendar_revisions"] = [
        {
            "number": 1,
            "label": {"en": "First"},
            "published_at": "2024-03-31T00:00:00+00:00",
            "events": [{"key": "talk", "title": "Talk", "date": "2024-02-30", "status": "held"}],
        }
    ]
    assert refusal(good) == [
        "calendar_revisions[0] (number '1'): events.0.date: impossible date '2024-02-30'"
    ]


def test_every_problem_is_reported_at_once(good):
    good["events"][0]["organizers"] = ["UNDSEA"]
    good["events"][1]["phase"] = "nowhere"
    good["events"][2]["workstream"] = "nothing"
    assert refusal(good) == [
        "events[0] (key 'talk'): organizers: unknown organization 'UNDSEA'",
        "events[1] (key 'hearing'): phase: unknown phase 'nowhere'",
        "events[2] (key 'conference'): workstream: unknown workstream 'nothing'",
    ]


def test_structural_problems_are_all_reported_at_once(good):
    good["events"][0]["date"] = "2024-02-30"
    good["events"][1]["venue"] = "Cairo"
    good["process"]["round"] = 0
    messages = refusal(good)
    assert len(messages) == 3
    assert "process: round: Input should be greater than or equal to 1" in messages
    assert "events[0] (key 'talk'): date: impossible date '2024-02-30'" in messages
    assert "events[1] (key 'hearing'): venue: unknown field" in messages


# --- refusing writes nothing ------------------------------------------------------


def test_a_refused_manifest_leaves_a_loaded_process_exactly_as_it_was(demo_process, tmp_path):
    data = demo_data()
    data["events"][0]["title"]["en"] = "Renamed"
    data["events"] = data["events"][:-1]  # the 2026 Forum would be removed
    data["events"][7]["organizers"] = ["UNDSEA"]
    path = write(tmp_path / "demo.yaml", data)
    message = "events[7] (key 'add-ministerial-2024-02'): organizers: unknown organization 'UNDSEA'"
    assert_refused_and_nothing_written(path, message)
    assert demo_process.events.get(key="gulf-africa-dialogue-2022-09").title_en != "Renamed"
    assert demo_process.events.filter(key="review-forum-2026").exists()


def test_the_load_command_prints_every_message_on_stderr(db, tmp_path, good):
    good["events"][0]["organizers"] = ["UNDSEA"]
    good["events"][1]["phase"] = "nowhere"
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("load", str(write(tmp_path / "m.yaml", good)), stderr=err)
    assert "(2 problem(s))" in str(refused.value)
    lines = err.getvalue().splitlines()
    assert "events[1] (key 'hearing'): phase: unknown phase 'nowhere'" in lines
    assert "events[0] (key 'talk'): organizers: unknown organization 'UNDSEA'" in lines


def test_the_load_command_loads_a_good_file_and_reports_what_it_created(db, tmp_path, good):
    out = io.StringIO()
    call_command("load", str(write(tmp_path / "m.yaml", good)), stdout=out)
    assert "Loaded test-review:" in out.getvalue()
    assert "events: 3 created" in out.getvalue()
    load(good)  # and a second load through the function changes nothing
    assert not load(good).changed
