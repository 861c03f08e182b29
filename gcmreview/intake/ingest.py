"""Taking a file in and turning it into key messages: the one path for uploads in the web
interface, `gcmreview ingest` and the background task.

1. `receive_file` checks the file, keeps the original with its checksum (never changed
   afterwards), recognises a re-upload of the same file, and queues the reading.
2. `read_and_tag` reads the text (a new DocumentText version), cuts it into candidate key
   messages that remember their page and paragraph, and tags each with the text engine
   (objectives, statement type), the countries it names and its author's constituency,
   reporting progress as it goes. A file that cannot be read is kept and flagged.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from gcmreview.audit.log import record, snapshot
from gcmreview.audit.models import AuditEntry
from gcmreview.intake import reading
from gcmreview.intake.gazetteer import countries_named
from gcmreview.intake.models import (
    Document,
    DocumentText,
    KeyMessage,
    KeyMessageCountry,
    KeyMessageObjective,
)
from gcmreview.intake.operations import DOCUMENT_FIELDS, check_can_submit
from gcmreview.intake.search import search_terms_for
from gcmreview.participation.access import Visibility
from gcmreview.participation.operations import Refused
from gcmreview.process.models import Event, ReviewProcess
from gcmreview.textengine.segment import segment

log = logging.getLogger(__name__)

# A paragraph longer than this many words is cut into its sentences: a key message is a
# statement a person can confirm at a glance.
LONGEST_KEY_MESSAGE_WORDS = 90
# Paragraphs shorter than this are headings or page furniture, not key messages.
SHORTEST_KEY_MESSAGE_WORDS = 5
# Objectives kept as suggestions for each key message: the top ones and any scoring above
# the threshold.
SUGGESTED_OBJECTIVES = 3
SUGGESTION_THRESHOLD = 0.2
BATCH = 64

Progress = Callable[[int, str], None]


@dataclass
class Received:
    document: Document
    new: bool


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@transaction.atomic
def receive_file(
    actor,
    process: ReviewProcess,
    *,
    name: str,
    data: bytes,
    kind: str,
    visibility: str = Visibility.SECRETARIAT,
    event: Event | None = None,
    authors: Iterable = (),
    title: str = "",
    queue: bool = True,
) -> Received:
    """Keep an uploaded file as a new document, or recognise it as one already received
    (same checksum in the same process). Refuses bad files with a clear reason; nothing
    is written then."""
    check_can_submit(actor, process, event)
    if kind not in Document.Kind.values:
        raise Refused(_("Unknown kind of document."))
    if visibility not in Visibility.values:
        raise Refused(_("Unknown visibility level."))
    try:
        safe_name, file_type = reading.check_upload(name, data, max_bytes=settings.MAX_UPLOAD_BYTES)
    except reading.UnreadableFile as exc:
        raise Refused(str(exc)) from None
    checksum = _sha256(data)
    if existing := Document.objects.filter(process=process, checksum=checksum).first():
        return Received(existing, new=False)
    document = Document(
        process=process,
        event=event,
        kind=kind,
        title=(title or safe_name.rsplit(".", 1)[0].replace("_", " "))[:400],
        visibility=visibility,
        original_name=safe_name,
        file_type=file_type,
        size=len(data),
        checksum=checksum,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    document.file.save(safe_name, ContentFile(data), save=False)
    document.save()
    document.authors.set(authors)
    record(
        actor,
        "document.received",
        document,
        after=snapshot(document, [*DOCUMENT_FIELDS, "checksum", "original_name"]),
        process=process,
    )
    if queue:
        from gcmreview.intake.tasks import read_and_tag_document

        transaction.on_commit(lambda: read_and_tag_document.enqueue(document.pk))
    return Received(document, new=True)


def _set_status(document: Document, status: str, progress: int, problem: str = "") -> None:
    document.status, document.progress, document.problem = status, progress, problem
    Document.objects.filter(pk=document.pk).update(
        status=status, progress=progress, problem=problem
    )


def cut_key_messages(extracted: reading.ExtractedText) -> list[tuple[int | None, int, str]]:
    """(page, paragraph number, text) of each candidate key message, in order. Paragraphs
    and list items are kept whole; a long paragraph is cut into its sentences."""
    out = []
    paragraph_number = 0
    for page in extracted.pages:
        for paragraph in page.paragraphs:
            paragraph_number += 1
            words = len(paragraph.split())
            if words < SHORTEST_KEY_MESSAGE_WORDS:
                continue
            if words <= LONGEST_KEY_MESSAGE_WORDS:
                out.append((page.number, paragraph_number, paragraph.strip()))
                continue
            for piece in segment(paragraph):
                if len(piece.text.split()) >= SHORTEST_KEY_MESSAGE_WORDS:
                    out.append((page.number, paragraph_number, piece.text.strip()))
    return out


def read_and_tag(document: Document, progress: Progress | None = None) -> Document:
    """Read the document's file, keep the text as a new version and replace its candidate
    key messages with freshly tagged ones. Never raises for a bad file: the document is
    kept, marked "could not be read" or "needs OCR", with the reason."""
    from gcmreview.taxonomy.engine import classifier

    def report(percent: int, what: str) -> None:
        Document.objects.filter(pk=document.pk).update(progress=percent)
        if progress is not None:
            progress(percent, what)

    _set_status(document, Document.Status.READING, 5)
    report(5, "reading")
    try:
        with document.file.open("rb") as handle:
            extracted = reading.read_document(handle.read(), document.file_type)
    except reading.UnreadableFile as exc:
        _set_status(document, Document.Status.FAILED, 100, str(exc))
        return document
    except Exception as exc:  # a reader's own bug must not lose the document
        log.exception("reading document %s failed", document.pk)
        _set_status(document, Document.Status.FAILED, 100, f"{type(exc).__name__}: {exc}")
        return document

    version = (
        document.texts.order_by("-version").values_list("version", flat=True).first() or 0
    ) + 1
    DocumentText.objects.create(
        document=document,
        version=version,
        extractor=extracted.extractor,
        pages=[{"page": p.number, "paragraphs": p.paragraphs} for p in extracted.pages],
    )
    Document.objects.filter(pk=document.pk).update(text=extracted.text)
    if extracted.needs_ocr:
        _set_status(
            document,
            Document.Status.NEEDS_OCR,
            100,
            _("The file has no text layer (a scan?). It is kept; its text needs OCR."),
        )
        return document

    _set_status(document, Document.Status.TAGGING, 20)
    report(20, "tagging")
    pieces = cut_key_messages(extracted)
    constituency = next((a.constituency for a in document.authors.all() if a.constituency), "")
    engine = classifier()
    with transaction.atomic():
        # Candidates nobody has touched are replaced; anything a person confirmed,
        # discarded, edited, merged or split stays, and new ones come after it.
        candidates = [
            str(pk)
            for pk in document.key_messages.filter(status=KeyMessage.Status.CANDIDATE).values_list(
                "pk", flat=True
            )
        ]
        touched = set(
            AuditEntry.objects.filter(
                target_type="intake.keymessage", target_id__in=candidates
            ).values_list("target_id", flat=True)
        )
        KeyMessage.objects.filter(
            pk__in=[int(pk) for pk in candidates if pk not in touched]
        ).delete()
        position = document.key_messages.aggregate(last=Max("position"))["last"] or 0
        for start in range(0, len(pieces), BATCH):
            batch = pieces[start : start + BATCH]
            results = engine.classify_many([text for _p, _n, text in batch])
            for (page, paragraph, text), result in zip(batch, results, strict=True):
                position += 1
                _store_key_message(
                    document, version, position, page, paragraph, text, result, constituency
                )
            report(20 + int(79 * min(len(pieces), start + BATCH) / max(len(pieces), 1)), "tagging")
    _set_status(document, Document.Status.READY, 100)
    report(100, "ready")
    return document


def _store_key_message(document, version, position, page, paragraph, text, result, constituency):
    data = result.as_dict()
    lang = data.get("lang", "")
    km = KeyMessage.objects.create(
        document=document,
        text_version=version,
        process_id=document.process_id,
        event_id=document.event_id,
        visibility=document.visibility,
        position=position,
        page=page,
        paragraph=paragraph,
        text=text,
        search_terms=search_terms_for(text, lang),
        lang=lang,
        statement_type=data.get("statement_type") or "",
        constituency=constituency,
        explanation=data.get("explanation") or {},
    )
    ranked = data["objectives"]
    suggested = [
        o
        for i, o in enumerate(ranked)
        if i < SUGGESTED_OBJECTIVES or o["score"] >= SUGGESTION_THRESHOLD
    ]
    KeyMessageObjective.objects.bulk_create(
        [
            KeyMessageObjective(key_message=km, objective=o["objective"], score=o["score"])
            for o in suggested
        ]
    )
    KeyMessageCountry.objects.bulk_create(
        [KeyMessageCountry(key_message=km, code=code) for code in countries_named(text, lang)]
    )
    return km
