"""The `gcmreview` console script, run as a user runs it, on a database of its own."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from gcmreview.process.tests.builders import event, manifest, write

GCMREVIEW = Path(sys.executable).parent / "gcmreview"


def environment(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "GCMREVIEW_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)  # SQLite in data_dir, never the suite's own database
    return env


def gcmreview(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(GCMREVIEW), *args],
        env=environment(data_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("migrated")
    result = gcmreview(data_dir, "migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    return data_dir


@pytest.fixture
def data_dir(migrated, tmp_path) -> Path:
    """A freshly migrated, empty database for one test."""
    copy = tmp_path / "data"
    shutil.copytree(migrated, copy)
    return copy


def test_loading_a_bad_manifest_exits_with_an_error_naming_the_entry_and_field(data_dir, tmp_path):
    bad = manifest(event("talk", "2024-03"), event("hearing", "2024-07-02", phase="hearings"))
    bad["events"][0]["organizers"] = ["UNDSEA"]
    result = gcmreview(data_dir, "load", str(write(tmp_path / "bad.yaml", bad)))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "events[0] (key 'talk'): organizers: unknown organization 'UNDSEA'" in lines
    assert "events[1] (key 'hearing'): phase: unknown phase 'hearings'" in lines
    assert "refused, nothing was written (2 problem(s))" in result.stderr
    assert "Loaded" not in result.stdout


def test_loading_a_manifest_with_an_unknown_organizer_prints_the_documented_message(
    data_dir, tmp_path
):
    bad = manifest(event("talk", "2024-03", organizers=["IOM", "UNDSEA"]))
    result = gcmreview(data_dir, "load", str(write(tmp_path / "bad.yaml", bad)))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "events[0] (key 'talk'): organizers: unknown organization 'UNDSEA'"
    )


def test_loading_a_manifest_with_an_impossible_date_prints_the_documented_message(
    data_dir, tmp_path
):
    bad = manifest(event("talk", "2024-03"), event("ministerial", "2024-02-30"))
    result = gcmreview(data_dir, "load", str(write(tmp_path / "bad.yaml", bad)))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "events[1] (key 'ministerial'): date: impossible date '2024-02-30'"
    )


def test_a_refused_load_leaves_the_database_empty(data_dir, tmp_path):
    bad = manifest(event("talk", "2024-03", feeds_into=["talk"]))
    assert gcmreview(data_dir, "load", str(write(tmp_path / "bad.yaml", bad))).returncode == 1
    result = gcmreview(data_dir, "export", str(tmp_path / "out.yaml"))
    assert result.returncode == 1
    assert "no review process" in result.stderr
    assert not (tmp_path / "out.yaml").exists()


def test_loading_a_good_manifest_twice_reports_nothing_changed_the_second_time(data_dir, tmp_path):
    path = write(tmp_path / "good.yaml", manifest(event("talk", "2024-03")))
    first = gcmreview(data_dir, "load", str(path))
    assert first.returncode == 0, first.stderr
    assert "Loaded test-review:" in first.stdout
    assert "events: 1 created" in first.stdout
    second = gcmreview(data_dir, "load", str(path))
    assert second.returncode == 0, second.stderr
    assert "nothing changed" in second.stdout


def test_the_demo_exported_from_the_command_line_loads_back_unchanged(data_dir, tmp_path):
    assert gcmreview(data_dir, "demo").returncode == 0
    out = tmp_path / "export.yaml"
    exported = gcmreview(data_dir, "export", str(out))
    assert exported.returncode == 0, exported.stderr
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["process"]["slug"] == (
        "arab-region-2024"
    )
    again = gcmreview(data_dir, "load", str(out))
    assert again.returncode == 0, again.stderr
    assert "nothing changed" in again.stdout
