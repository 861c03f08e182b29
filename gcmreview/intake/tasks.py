from django.tasks import task

from gcmreview.intake.ingest import read_and_tag
from gcmreview.intake.models import Document


@task()
def read_and_tag_document(document_id: int) -> dict:
    """Read and tag one received document in the worker that `gcmreview serve` starts."""
    document = Document.objects.get(pk=document_id)
    read_and_tag(document)
    document.refresh_from_db()
    return {"status": document.status, "key_messages": document.key_messages.count()}
