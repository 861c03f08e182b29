"""An export loads back to the same state, in YAML and in JSON."""

import datetime as dt
import io
import json

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from gcmreview.process import operations
from gcmreview.process.manifest import check_manifest, dump_manifest
from gcmreview.process.models import Organization, ReviewProcess
from gcmreview.process.operations import export_manifest, load_manifest_file
from gcmreview.process.tests.builders import event, load, manifest


def delete_everything() -> None:
    ReviewProcess.objects.all().delete()
    Organization.objects.all().delete()


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_the_demo_exported_and_loaded_into_an_empty_database_exports_the_same(
    demo_process, tmp_path, suffix
):
    exported = export_manifest(demo_process)
    path = tmp_path / f"export{suffix}"
    dump_manifest(exported, path)

    delete_everything()
    assert not ReviewProcess.objects.exists()
    report = load_manifest_file(path)

    assert report.counts[("events", "created")] == 19
    assert export_manifest(ReviewProcess.objects.get()) == exported


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_the_demo_exported_and_loaded_as_a_second_process_exports_the_same(
    demo_process, tmp_path, suffix
):
    exported = export_manifest(demo_process)
    copy = json.loads(json.dumps(exported))
    copy["process"]["slug"] = "arab-region-2024-copy"
    path = tmp_path / f"copy{suffix}"
    dump_manifest(copy, path)

    load_manifest_file(path)

    again = export_manifest(ReviewProcess.objects.get(slug="arab-region-2024-copy"))
    again["process"]["slug"] = "arab-region-2024"
    assert again == exported


def test_an_export_loaded_over_its_own_process_changes_nothing(demo_process, tmp_path):
    path = tmp_path / "export.yaml"
    dump_manifest(export_manifest(demo_process), path)
    assert not load_manifest_file(path).changed


def test_the_yaml_and_json_exports_hold_the_same_manifest(demo_process, tmp_path):
    dump_manifest(export_manifest(demo_process), tmp_path / "export.yaml")
    dump_manifest(export_manifest(demo_process), tmp_path / "export.json")
    from_yaml = yaml.safe_load((tmp_path / "export.yaml").read_text(encoding="utf-8"))
    from_json = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    assert from_yaml == from_json
    check_manifest(from_yaml)


def test_an_export_keeps_arabic_and_french_texts_readable(demo_process, tmp_path):
    dump_manifest(export_manifest(demo_process), tmp_path / "export.yaml")
    text = (tmp_path / "export.yaml").read_text(encoding="utf-8")
    assert "المؤتمر الإقليمي الثاني لاستعراض الاتفاق العالمي في المنطقة العربية" in text
    assert "Deuxième conférence d’examen régional" in text


def test_an_export_writes_each_date_as_it_was_given(demo_process):
    exported = export_manifest(demo_process)
    dates = {e["key"]: e["date"] for e in exported["events"]}
    assert dates["conference-2024"] == "2024-07-03/2024-07-04"
    assert dates["stakeholder-hearings-2024"] == "2024-07-02"
    assert dates["general-assembly-2024"] == "2024-H2"
    assert dates["review-forum-2026"] == "2026"
    assert [p.get("date") for p in exported["phases"]] == [
        "2022-09/2024-05",
        "2024-07/2024-10",
        "2024-07/2026-12",
    ]
    assert exported["milestones"][0]["deadline"] == "2024-09"


def test_the_export_command_writes_a_file_that_loads_back(demo_process, tmp_path):
    path = tmp_path / "out.json"
    out = io.StringIO()
    call_command("export", str(path), stdout=out)
    assert f"Wrote arab-region-2024 to {path}" in out.getvalue()
    assert json.loads(path.read_text(encoding="utf-8")) == export_manifest(demo_process)
    call_command("load", str(path), stdout=(out := io.StringIO()))
    assert "nothing changed" in out.getvalue()


def test_the_export_command_needs_a_process_name_when_there_are_several(demo_process, tmp_path):
    load(manifest(event("talk", "2024-03")))
    with pytest.raises(CommandError, match="several review processes exist"):
        call_command("export", str(tmp_path / "out.yaml"))
    call_command("export", str(tmp_path / "out.yaml"), process="test-review", stdout=io.StringIO())
    written = yaml.safe_load((tmp_path / "out.yaml").read_text(encoding="utf-8"))
    assert written["process"]["slug"] == "test-review"


def test_the_export_command_refuses_when_there_is_no_such_process(db, tmp_path):
    with pytest.raises(CommandError, match="no review process nowhere"):
        call_command("export", str(tmp_path / "out.yaml"), process="nowhere")
    assert not (tmp_path / "out.yaml").exists()


def test_a_revision_published_now_survives_a_round_trip(demo_process, tmp_path):
    operations.publish_calendar_revision(
        demo_process,
        {"en": "Final calendar", "fr": "Calendrier final"},
        published_at=dt.datetime(2024, 11, 5, 14, 30, 15, 123456, tzinfo=dt.UTC),
    )
    exported = export_manifest(demo_process)
    path = tmp_path / "export.yaml"
    dump_manifest(exported, path)
    delete_everything()
    load_manifest_file(path)
    process = ReviewProcess.objects.get()
    assert export_manifest(process) == exported
    assert process.calendar_revisions.get(number=2).published_at == dt.datetime(
        2024, 11, 5, 14, 30, 15, 123456, tzinfo=dt.UTC
    )


def test_workstream_leads_online_and_places_survive_a_round_trip(db, tmp_path):
    data = manifest(
        event("talk", "2024-03", online=True, place={"en": "Online", "ar": "عبر الإنترنت"}),
        event("hearing", "2024-07-02", status="cancelled", closed=True, workstream="climate"),
    )
    data["workstreams"][0]["leads"] = ["IOM", "EG"]
    process = load(data).process
    exported = export_manifest(process)
    path = tmp_path / "export.yaml"
    dump_manifest(exported, path)
    delete_everything()
    load_manifest_file(path)
    assert export_manifest(ReviewProcess.objects.get()) == exported
    assert exported["workstreams"][0]["leads"] == ["EG", "IOM"]
    talk = next(e for e in exported["events"] if e["key"] == "talk")
    assert talk["online"] is True
    assert talk["place"] == {"en": "Online", "ar": "عبر الإنترنت"}
