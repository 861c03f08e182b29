"""Taking a file in and turning it into key messages: the one path for uploads in the web
interface, `gcmreview ingest` and the background task.

1. `receive_file` checks the file, keeps the original with its checksum (never changed
   afterwards), recognises a re-upload of the same file, and queues the reading.
2. `read_and_tag` reads the text (a new DocumentText version) and cuts it into candidate key
   messages that remember their page and paragraph, with their language, search terms, the
   countries they name and their author's constituency, all stored at once: the document
   can be searched as soon as it is read. Then the text engine tags them (objectives,
   statement type) batch by batch, reporting progress as it goes; until then a key message
   says it is not classified yet (`KeyMessage.awaiting_tags`). A file that cannot be read
   is kept and flagged.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

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
from gcmreview.textengine.langid import identify
from gcmreview.textengine.segment import segment

if TYPE_CHECKING:
    from gcmreview.textengine.classify import Classification, Classifier

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
        from gcmreview.intake.tasks import read_document

        transaction.on_commit(lambda: read_document.enqueue(document.pk))
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
    """Read the document's file and make its key messages, in two phases:

    1. reading and cutting (`read_and_cut`): the text is kept as a new version, cut into
       candidate key messages, and these are stored at once, with their page, paragraph,
       language, search terms and the countries they name, in place of the candidates of
       an earlier reading that nobody touched. The document is then "tagging" and every
       one of its key messages can be found by search;
    2. tagging (`tag_key_messages`): the text engine tags them batch by batch (objectives,
       statement type, explanation), progress reported after each batch; the document is
       then "ready".

    Never raises for a bad file: the document is kept, marked "could not be read" or
    "needs OCR", with the reason, and nothing is cut or tagged."""
    if read_and_cut(document, progress):
        tag_key_messages(document, progress)
    return document


def _reporter(document: Document, progress: Progress | None) -> Progress:
    """Progress kept on the document (the document page polls it) and passed on."""

    def report(percent: int, what: str) -> None:
        document.progress = percent
        Document.objects.filter(pk=document.pk).update(progress=percent)
        if progress is not None:
            progress(percent, what)

    return report


def read_and_cut(document: Document, progress: Progress | None = None) -> bool:
    """Phase 1 of `read_and_tag`. Returns whether there are key messages to tag: False when
    the file could not be read or has no text layer (the document says so).

    All of it is written in one transaction: the text version, the new candidates, the
    removal of the untouched old ones and the status "tagging" appear together, so a
    document that is "tagging" can be searched in full."""
    report = _reporter(document, progress)
    _set_status(document, Document.Status.READING, 5)
    report(5, "reading")
    try:
        with document.file.open("rb") as handle:
            extracted = reading.read_document(handle.read(), document.file_type)
    except reading.UnreadableFile as exc:
        _set_status(document, Document.Status.FAILED, 100, str(exc))
        return False
    except Exception as exc:  # a reader's own bug must not lose the document
        log.exception("reading document %s failed", document.pk)
        _set_status(document, Document.Status.FAILED, 100, f"{type(exc).__name__}: {exc}")
        return False

    if extracted.needs_ocr:
        with transaction.atomic():
            _keep_text_version(document, extracted)
            _set_status(
                document,
                Document.Status.NEEDS_OCR,
                100,
                _("The file has no text layer (a scan?). It is kept; its text needs OCR."),
            )
        return False

    report(10, "cutting")
    constituency = next((a.constituency for a in document.authors.all() if a.constituency), "")
    # Worked out before the transaction: on SQLite it holds the one write lock, which the
    # web server and the other workers wait for.
    cut = [
        _candidate(page, paragraph, text) for page, paragraph, text in cut_key_messages(extracted)
    ]
    with transaction.atomic():
        version = _keep_text_version(document, extracted)
        position = _drop_untouched_candidates(document)
        stored = KeyMessage.objects.bulk_create(
            KeyMessage(
                document=document,
                text_version=version,
                process_id=document.process_id,
                event_id=document.event_id,
                visibility=document.visibility,
                position=position + i,
                page=c.page,
                paragraph=c.paragraph,
                text=c.text,
                lang=c.lang,
                search_terms=c.search_terms,
                constituency=constituency,
                awaiting_tags=True,
            )
            for i, c in enumerate(cut, start=1)
        )
        KeyMessageCountry.objects.bulk_create(
            KeyMessageCountry(key_message=km, code=code)
            for km, c in zip(stored, cut, strict=True)
            for code in c.countries
        )
        _set_status(document, Document.Status.TAGGING, 20)
    report(20, "tagging")
    return True


class Candidate(NamedTuple):
    """A candidate key message as reading stores it, before the engine has tagged it."""

    page: int | None
    paragraph: int
    text: str
    lang: str
    search_terms: str
    countries: list[str]


def _candidate(page: int | None, paragraph: int, text: str) -> Candidate:
    # The text engine's language identification is cheap, and the engine reads the language
    # the same way when it tags: search terms and countries need not wait for the tags.
    lang = identify(text).lang
    return Candidate(
        page, paragraph, text, lang, search_terms_for(text, lang), countries_named(text, lang)
    )


def _keep_text_version(document: Document, extracted: reading.ExtractedText) -> int:
    """Keep the extracted text as the document's next text version; returns its number."""
    version = (
        document.texts.order_by("-version").values_list("version", flat=True).first() or 0
    ) + 1
    DocumentText.objects.create(
        document=document,
        version=version,
        extractor=extracted.extractor,
        pages=[{"page": p.number, "paragraphs": p.paragraphs} for p in extracted.pages],
    )
    document.text = extracted.text
    Document.objects.filter(pk=document.pk).update(text=extracted.text)
    return version


def _drop_untouched_candidates(document: Document) -> int:
    """Delete the candidates of an earlier reading that nobody has touched; anything a
    person confirmed, discarded, edited, merged or split stays. Returns the last position
    still taken, after which new key messages go."""
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
    KeyMessage.objects.filter(pk__in=[int(pk) for pk in candidates if pk not in touched]).delete()
    return document.key_messages.aggregate(last=Max("position"))["last"] or 0


def tag_key_messages(document: Document, progress: Progress | None = None) -> int:
    """Phase 2 of `read_and_tag`: tag every key message of `document` that awaits its tags,
    BATCH at a time, each batch in its own transaction, then mark the document "ready".
    Returns how many key messages were tagged.

    People may review key messages while this runs: one confirmed or discarded meanwhile
    keeps that decision and gets no suggestions; one whose words changed (edited, merged)
    is tagged for its new words, and objectives it already has are kept."""
    from gcmreview.taxonomy.engine import classifier

    report = _reporter(document, progress)
    engine = classifier()
    waiting = document.key_messages.filter(awaiting_tags=True).order_by("position", "pk")
    total = waiting.count()
    done = tagged = 0
    # Asked afresh each time: a merge or split meanwhile may add a key message to tag.
    while batch := list(waiting.values_list("pk", "text")[:BATCH]):
        results = engine.classify_many([text for _pk, text in batch])
        classified = {pk: (text, result) for (pk, text), result in zip(batch, results, strict=True)}
        tagged += _store_tags(engine, classified)
        done += len(batch)
        report(20 + int(79 * min(done, total) / max(total, 1)), "tagging")
    _set_status(document, Document.Status.READY, 100)
    report(100, "ready")
    return tagged


def _suggested(objectives: list[dict]) -> list[dict]:
    """The objectives kept as suggestions: the top ones and any scoring above the threshold
    (`objectives` ranked, highest first, as the engine gives them)."""
    return [
        o
        for i, o in enumerate(objectives)
        if i < SUGGESTED_OBJECTIVES or o["score"] >= SUGGESTION_THRESHOLD
    ]


@transaction.atomic
def _store_tags(engine: Classifier, classified: dict[int, tuple[str, Classification]]) -> int:
    """Store the engine's tags for one batch ({key message id: (text classified, result)})
    on the key messages still awaiting them, read again under lock. Returns how many got
    the engine's tags."""
    rows = list(
        KeyMessage.objects.select_for_update()
        .filter(pk__in=list(classified), awaiting_tags=True)
        .only("pk", "text", "lang", "status")
        .order_by("pk")
    )
    # A person decided meanwhile: the decision stands and the engine adds nothing to it.
    decided = [km.pk for km in rows if km.status != KeyMessage.Status.CANDIDATE]
    KeyMessage.objects.filter(pk__in=decided).update(awaiting_tags=False)
    open_rows = [km for km in rows if km.status == KeyMessage.Status.CANDIDATE]
    reworded = [km for km in open_rows if km.text != classified[km.pk][0]]
    if reworded:
        results = engine.classify_many([km.text for km in reworded])
        for km, result in zip(reworded, results, strict=True):
            classified[km.pk] = (km.text, result)
    suggestions: list[KeyMessageObjective] = []
    for km in open_rows:
        data = classified[km.pk][1].as_dict()
        changes = {
            "awaiting_tags": False,
            "statement_type": data.get("statement_type") or "",
            "explanation": data.get("explanation") or {},
        }
        # The engine reads the language as reading did; should it read another, the terms
        # and countries follow it, as they would have had it been read so from the start.
        if (lang := data.get("lang") or km.lang) != km.lang:
            changes.update(lang=lang, search_terms=search_terms_for(km.text, lang))
            KeyMessageCountry.objects.filter(key_message=km).delete()
            KeyMessageCountry.objects.bulk_create(
                KeyMessageCountry(key_message=km, code=code)
                for code in countries_named(km.text, lang)
            )
        # One UPDATE each: on SQLite, twice as quick as bulk_update's CASE over the batch
        # (12 against 28 ms for 20 key messages).
        KeyMessage.objects.filter(pk=km.pk).update(**changes)
        suggestions.extend(
            KeyMessageObjective(key_message=km, objective=o["objective"], score=o["score"])
            for o in _suggested(data["objectives"])
        )
    # A merged key message may already hold some of these objectives: those it keeps.
    KeyMessageObjective.objects.bulk_create(suggestions, ignore_conflicts=True)
    return len(open_rows)
