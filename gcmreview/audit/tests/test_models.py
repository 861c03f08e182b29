"""The audit log is looked up by what an entry is about, through an index."""

import pytest
from django.db import connection

from gcmreview.audit.models import AuditEntry


@pytest.mark.django_db
def test_looking_up_the_history_of_one_thing_uses_the_target_index():
    AuditEntry.objects.bulk_create(
        AuditEntry(action="keymessage.confirmed", target_type="intake.keymessage",
                   target_id=str(n))
        for n in range(50)
    )  # fmt: skip
    history = AuditEntry.objects.filter(target_type="intake.keymessage", target_id__in=["7", "9"])
    assert history.count() == 2
    plan = history.explain()
    if connection.vendor == "postgresql":
        # On a table this small PostgreSQL may rightly prefer a scan: ask it not to.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # this test's transaction only
        plan = history.explain()
    assert "audit_target" in plan
