"""The full-text index follows every write to the key message table, whatever path it takes,
and can be put back and rebuilt."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from gcmreview.intake import search as search_module
from gcmreview.intake.models import KeyMessage
from gcmreview.intake.search import (
    ensure_search_index,
    ensure_search_index_after_migrate,
    rebuild_search_index,
    search,
    search_terms_for,
)
from gcmreview.intake.tests.test_search import add_key_message
from gcmreview.participation.access import viewer_for


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def total(world, query):
    return search(viewer_for(AnonymousUser(), world.process), world.process, query).total


def only_on(vendor):
    if connection.vendor != vendor:
        pytest.skip(f"checks the {vendor} index")


def test_the_index_follows_creates_updates_and_deletes(review_world):
    doc = review_world.docs["public"]
    km = add_key_message(doc, "Labour mobility partnerships.", "en")
    assert total(review_world, "mobility") == 1

    # A save() that leaves the terms alone, an update() that changes them, a bulk update.
    km.status = KeyMessage.Status.CONFIRMED
    km.save()
    assert total(review_world, "mobility") == 1
    KeyMessage.objects.filter(pk=km.pk).update(
        text="Skills partnerships.", search_terms=search_terms_for("Skills partnerships.", "en")
    )
    assert total(review_world, "mobility") == 0 and total(review_world, "skills") == 1
    km.refresh_from_db()
    km.text, km.search_terms = "Visa facilitation.", search_terms_for("Visa facilitation.", "en")
    KeyMessage.objects.bulk_update([km], ["text", "search_terms"])
    assert total(review_world, "skills") == 0 and total(review_world, "visa") == 1

    # bulk_create, then deletion through the ORM and through a cascade.
    KeyMessage.objects.bulk_create(
        KeyMessage(document=doc, process=doc.process, event=doc.event, visibility=doc.visibility,
                   position=10 + i, paragraph=10 + i, text=text, lang="en",
                   search_terms=search_terms_for(text, "en"))
        for i, text in enumerate(["Visa costs.", "Visa waivers."])
    )  # fmt: skip
    assert total(review_world, "visas") == 3
    KeyMessage.objects.filter(pk=km.pk).delete()
    assert total(review_world, "visas") == 2
    doc.delete()
    assert total(review_world, "visas") == 0


def test_raw_sql_writes_are_indexed_too(review_world):
    km = add_key_message(review_world.docs["public"], "Return and reintegration.", "en")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {KeyMessage._meta.db_table} SET search_terms = %s WHERE id = %s",
            [search_terms_for("Consular protection.", "en"), km.pk],
        )
    assert total(review_world, "reintegration") == 0
    assert total(review_world, "consular") == 1


def _normal(sql: str) -> str:
    return re.sub(r"\s+", " ", sql.replace("IF NOT EXISTS ", "")).strip()


def test_the_migration_and_search_module_define_the_same_sqlite_index(db):
    only_on("sqlite")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE name LIKE %s",
            [f"{search_module.FTS_TABLE}%"],
        )
        stored = {name: _normal(sql) for name, sql in cursor.fetchall() if sql}
    assert stored[search_module.FTS_TABLE] == _normal(search_module.SQLITE_CREATE_TABLE)
    for name, sql in search_module.SQLITE_TRIGGERS.items():
        assert stored[name] == _normal(sql), name


def test_missing_triggers_are_put_back_and_the_index_rebuilt(review_world):
    only_on("sqlite")
    add_key_message(review_world.docs["public"], "Climate displacement.", "en")
    assert ensure_search_index() is False  # nothing to do
    # As after a migration that rebuilt the table: triggers gone, writes unseen.
    with connection.cursor() as cursor:
        for name in search_module.SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    add_key_message(review_world.docs["public"], "Disaster displacement.", "en")
    assert total(review_world, "displacement") == 1
    # What the intake app runs after every migrate.
    ensure_search_index_after_migrate(sender=None, using="default")
    assert total(review_world, "displacement") == 2
    assert ensure_search_index() is False
    add_key_message(review_world.docs["public"], "Displacement data.", "en")
    assert total(review_world, "displacement") == 3


def test_rebuilding_recomputes_stale_terms(review_world):
    km = add_key_message(review_world.docs["public"], "Smuggling of migrants.", "en")
    KeyMessage.objects.filter(pk=km.pk).update(search_terms="")
    assert total(review_world, "smuggling") == 0
    assert rebuild_search_index() == 1
    assert total(review_world, "smuggling") == 1
    assert rebuild_search_index() == 0


def test_postgresql_answers_from_the_gin_index(review_world):
    only_on("postgresql")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [search_module.PG_INDEX]
        )
        (definition,) = cursor.fetchone()
        assert "gin (to_tsvector('simple'::regconfig, search_terms))" in definition
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT id FROM {KeyMessage._meta.db_table} "
            "WHERE to_tsvector('simple', search_terms) @@ plainto_tsquery('simple', %s)",
            ["migr"],
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert search_module.PG_INDEX in plan


def test_the_rebuild_command_says_what_it_did(review_world):
    from io import StringIO

    from django.core.management import call_command

    km = add_key_message(review_world.docs["public"], "Trafficking in persons.", "en")
    KeyMessage.objects.filter(pk=km.pk).update(search_terms="")
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Search terms changed for 1 key messages" in out.getvalue()
    assert total(review_world, "trafficking") == 1
