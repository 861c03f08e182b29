# Reading stores a document's key messages, searchable at once, before the text engine
# tags them (gcmreview/intake/ingest.py): a key message says whether it still waits for its
# tags, and the "tagging" status of a document says its key messages can be searched.
#
# Key messages already stored were tagged when they were stored: the default, False, is
# right for them. On SQLite, adding the column rebuilds the key message table, which drops
# the search index's triggers; the intake app's post_migrate puts them back
# (search.ensure_search_index).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0003_key_message_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="keymessage",
            name="awaiting_tags",
            field=models.BooleanField(default=False, verbose_name="not classified yet"),
        ),
        migrations.AlterField(
            model_name="document",
            name="status",
            field=models.CharField(
                choices=[
                    ("received", "received"),
                    ("reading", "reading the text"),
                    ("tagging", "tagging key messages (already searchable)"),
                    ("ready", "ready for review"),
                    ("needs_ocr", "needs OCR: no text layer"),
                    ("failed", "could not be read"),
                ],
                default="received",
                max_length=16,
                verbose_name="status",
            ),
        ),
    ]
