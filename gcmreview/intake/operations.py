"""Taking documents in. Only this module creates or changes a Document."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from gcmreview.audit.log import record, snapshot
from gcmreview.intake.models import Document
from gcmreview.participation.access import Visibility, viewer_for
from gcmreview.participation.models import Role
from gcmreview.participation.operations import Refused
from gcmreview.process.models import Event, ReviewProcess

DOCUMENT_FIELDS = ["kind", "title", "visibility", "event"]


def check_can_submit(actor, process: ReviewProcess, event: Event | None) -> None:
    """Who may submit: the secretariat and anyone with a role in the process. `actor` None
    is the operator at the command line, who runs the platform itself."""
    if event is not None and event.process_id != process.pk:
        raise Refused(_("This event belongs to another review process."))
    if actor is None:
        return
    viewer = viewer_for(actor, process)
    if viewer.is_secretariat:
        return
    if viewer.roles & {Role.FOCAL_POINT, Role.UN_ENTITY, Role.STAKEHOLDER, Role.ADVISORY_GROUP}:
        return
    if Role.WORKSTREAM_LEAD in viewer.roles:
        return
    raise Refused(_("You may not submit documents to this review."))


@transaction.atomic
def add_document(
    actor,
    process: ReviewProcess,
    *,
    kind: str,
    title: str,
    text: str,
    visibility: str = Visibility.SECRETARIAT,
    event: Event | None = None,
    language: str = "",
    authors=(),
) -> Document:
    """Keep a document's text with its visibility; the secretariat may publish it wider."""
    check_can_submit(actor, process, event)
    if visibility not in Visibility.values:
        raise Refused(_("Unknown visibility level."))
    document = Document.objects.create(
        process=process,
        event=event,
        kind=kind,
        title=title,
        text=text,
        visibility=visibility,
        language=language,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    document.authors.set(authors)
    record(
        actor, "document.added", document, after=snapshot(document, DOCUMENT_FIELDS),
        process=process,
    )  # fmt: skip
    return document


@transaction.atomic
def set_document_visibility(actor, document: Document, visibility: str) -> Document:
    if not viewer_for(actor, document.process).is_secretariat:
        raise Refused(_("Only the secretariat can change who sees a document."))
    if visibility not in Visibility.values:
        raise Refused(_("Unknown visibility level."))
    before = snapshot(document, DOCUMENT_FIELDS)
    document.visibility = visibility
    document.save(update_fields=["visibility"])
    # Key messages carry their document's level so that search and listings can filter
    # on it without a join.
    document.key_messages.update(visibility=visibility)
    record(
        actor, "document.visibility", document, before=before,
        after=snapshot(document, DOCUMENT_FIELDS), process=document.process,
    )  # fmt: skip
    return document
