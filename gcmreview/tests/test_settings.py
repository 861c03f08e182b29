"""Settings: SQLite as configured, and a production configuration that passes check --deploy."""

import os
import secrets
import subprocess
import sys

from django.db import connection


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(db):
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20000
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        **os.environ,
        "GCMREVIEW_DATA_DIR": str(tmp_path),
        "GCMREVIEW_SECRET_KEY": secrets.token_urlsafe(64),
        "GCMREVIEW_ALLOWED_HOSTS": "review.example.org",
        "GCMREVIEW_HTTPS": "true",
        "GCMREVIEW_DEBUG": "false",
        "GCMREVIEW_SMTP_HOST": "smtp.example.org",
    }
    result = subprocess.run(
        [sys.executable, "-m", "gcmreview.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout


def test_laptop_defaults_are_not_debug_and_keep_a_generated_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GCMREVIEW_")}
    env["GCMREVIEW_DATA_DIR"] = str(tmp_path)
    code = "from django.conf import settings; print(settings.DEBUG, len(settings.SECRET_KEY))"
    out = [
        subprocess.run(
            [sys.executable, "-c", f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
             f"'gcmreview.settings'; django.setup(); {code}"],
            env=env, capture_output=True, text=True, check=True,
        ).stdout
        for _ in range(2)
    ]  # fmt: skip
    assert out[0] == out[1] and out[0].startswith("False ")
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
