"""The background work of intake, run by the worker that `gcmreview serve` starts.

Reading comes before tagging: a received document is read and cut at a higher priority than
key messages are tagged, so when many documents arrive together (the end of a consultation
round) all of them are searchable within seconds of each other's reading, and the slower
tagging follows in the order the documents came.
"""

from django.tasks import task

from gcmreview.intake.ingest import read_and_cut, tag_key_messages
from gcmreview.intake.models import Document

READING_PRIORITY = 10
TAGGING_PRIORITY = 0


def _outcome(document: Document) -> dict:
    document.refresh_from_db()
    return {"status": document.status, "key_messages": document.key_messages.count()}


@task(priority=READING_PRIORITY)
def read_document(document_id: int) -> dict:
    """Read a received document and store its key messages (searchable at once), then queue
    their tagging."""
    document = Document.objects.get(pk=document_id)
    if read_and_cut(document):
        tag_document.enqueue(document_id)
    return _outcome(document)


@task(priority=TAGGING_PRIORITY)
def tag_document(document_id: int) -> dict:
    """Tag the key messages of a document that were read and await their tags."""
    document = Document.objects.get(pk=document_id)
    tag_key_messages(document)
    return _outcome(document)
