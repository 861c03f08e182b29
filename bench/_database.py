"""The throwaway database a benchmark fills, and Django set up to use it.

    import _database                             # before anything imports Django

    DATA_DIR = _database.start_django("search")  # then Django's own imports
    ...
    with _database.throwaway_database(keep=args.keep):
        ...                                      # migrated, empty, yours

Without DATABASE_URL: SQLite in a fresh temporary data folder (which also holds the uploads
and the generated secret key), migrated. With DATABASE_URL: a separate PostgreSQL database
beside the one it names (Django's test database, "test_" and its name), created, migrated
and dropped at the end; the database DATABASE_URL names is never touched. The data folder
goes at the end too, unless `keep` asks to keep what was filled.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]

_data_dir: Path | None = None


def start_django(name: str) -> Path:
    """Point Django at a new temporary data folder and set it up; returns the folder.
    Call it once, before importing anything that needs Django's settings."""
    global _data_dir
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    _data_dir = Path(tempfile.mkdtemp(prefix=f"gcmreview-bench-{name}-"))
    os.environ["GCMREVIEW_DATA_DIR"] = str(_data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gcmreview.settings")
    os.environ.setdefault("GCMREVIEW_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    return _data_dir


def using_postgresql() -> bool:
    return bool(os.environ.get("DATABASE_URL"))


@contextmanager
def throwaway_database(*, keep: bool = False) -> Iterator[None]:
    """A migrated, empty database for the time of the block, removed after it (with the
    data folder) unless `keep`; then where it is kept is printed."""
    from django.core.management import call_command
    from django.db import connection

    if _data_dir is None:
        raise RuntimeError("start_django() first")
    old_name = None
    kept: str | None = None
    try:
        if using_postgresql():
            # Never the database DATABASE_URL names itself: a test database beside it.
            old_name = connection.settings_dict["NAME"]
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        else:
            call_command("migrate", verbosity=0)
        yield
    finally:
        if old_name is not None:
            if keep:
                kept = connection.settings_dict["NAME"]
            else:
                connection.creation.destroy_test_db(old_name, verbosity=0)
        elif keep:
            kept = str(_data_dir)
        connection.close()
        if kept != str(_data_dir):
            shutil.rmtree(_data_dir, ignore_errors=True)
        if kept:
            print(f"Database kept: {kept}")


def describe() -> str:
    """Which database the benchmark runs on, for the first line of its report."""
    from django.db import connection

    return f"{connection.vendor} ({connection.settings_dict['NAME']})"


def environment_for_subprocess() -> dict[str, str]:
    """The environment a subprocess (a task worker) needs to use the same throwaway
    database: the data folder, and on PostgreSQL a DATABASE_URL naming the test database
    in place of the one DATABASE_URL names."""
    from django.db import connection

    env = dict(os.environ)
    if using_postgresql():
        url = urlsplit(os.environ["DATABASE_URL"])
        name = quote(connection.settings_dict["NAME"])
        env["DATABASE_URL"] = urlunsplit(url._replace(path=f"/{name}"))
    return env
