"""Reviewing key messages: a person confirms, corrects, merges, splits or discards what the
engine cut and tagged. Every change to a key message after ingestion happens here.

Guarantees, for each operation:

- Only a reviewer of the key message may make it: the secretariat, or a workstream lead for
  key messages of the open events of their workstream that the lead may read (a closed
  event is the secretariat's alone, as everywhere else). Anyone else gets `Refused`.
- Bad input is refused with a reason before anything changes; a refusal, or any error,
  leaves the database as it was (one transaction).
- Each change writes one audit entry with who, when, and the key message's state before
  and after: its text, place, status, statement type, objectives and countries.
- The search terms and the countries named follow the text whenever it changes.
- Confirming teaches the classifier: the chosen objectives, and those the person removed
  from what was there before, become a labelled example (`taxonomy.operations.confirm_tags`).
- Merging and splitting keep a document's key messages numbered 1, 2, 3... in reading
  order, and put the result back in the queue: its text changed, so earlier decisions about
  it no longer hold (the objectives people chose are kept as a starting point).
- A key message still waiting for the engine's tags (`awaiting_tags`) may be reviewed like
  any other: the tagging that follows leaves a decision made meanwhile alone and tags new
  words afresh (`ingest.tag_key_messages`). A merge or split keeps it waiting.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmreview.audit.log import record, snapshot
from gcmreview.intake.gazetteer import countries_named
from gcmreview.intake.models import Document, KeyMessage, KeyMessageCountry, KeyMessageObjective
from gcmreview.intake.search import search_terms_for
from gcmreview.participation.access import Viewer, viewer_for
from gcmreview.participation.models import Role
from gcmreview.participation.operations import Refused
from gcmreview.process.models import ReviewProcess
from gcmreview.taxonomy.models import StatementType
from gcmreview.taxonomy.operations import confirm_tags

OBJECTIVES = range(1, 24)
# A key message is a paragraph or two; this bounds what an edit or a merge may make of it.
LONGEST_TEXT = 20_000
KEY_MESSAGE_FIELDS = [
    "document",
    "position",
    "page",
    "paragraph",
    "text",
    "statement_type",
    "status",
    "reviewed_by",
    "reviewed_at",
]


# --- who may review ------------------------------------------------------------------------


def may_use_review_queue(viewer: Viewer) -> bool:
    """Whether the review queue is for this viewer at all."""
    return viewer.is_secretariat or viewer.has_role(Role.WORKSTREAM_LEAD)


def may_review(viewer: Viewer, km: KeyMessage) -> bool:
    if viewer.process is None or km.process_id != viewer.process.pk:
        return False
    if viewer.is_secretariat:
        return True
    event = km.event
    document = km.document
    return (
        event is not None
        and viewer.manages_event(event)
        and viewer.can_see(km.visibility, event)
        and viewer.can_see(document.visibility, document.event)
    )


def reviewable_key_messages(viewer: Viewer, process: ReviewProcess) -> QuerySet[KeyMessage]:
    """`may_review` as a query: every key message of `process` this viewer may review,
    whatever its status, in reading order (document, then position)."""
    messages = KeyMessage.objects.filter(process=process).order_by("document_id", "position", "pk")
    if viewer.is_secretariat:
        return messages
    led = viewer.led_workstreams()
    if not led:
        return messages.none()
    readable = Document.objects.filter(process=process).filter(viewer.material_filter())
    return messages.filter(
        viewer.material_filter(),
        event__workstream_id__in=led,
        event__closed=False,
        document__in=readable.values("pk"),
    )


def _check(actor, km: KeyMessage) -> None:
    if not may_review(viewer_for(actor, km.process), km):
        raise Refused(_("You may not review this key message."))


# --- reading order -------------------------------------------------------------------------


def after_q(km: KeyMessage) -> Q:
    """Key messages after `km` in reading order (document, position, id)."""
    d, p = km.document_id, km.position
    return (
        Q(document_id__gt=d)
        | Q(document_id=d, position__gt=p)
        | Q(document_id=d, position=p, pk__gt=km.pk)
    )


def before_q(km: KeyMessage) -> Q:
    """Key messages before `km` in reading order."""
    d, p = km.document_id, km.position
    return (
        Q(document_id__lt=d)
        | Q(document_id=d, position__lt=p)
        | Q(document_id=d, position=p, pk__lt=km.pk)
    )


def following_key_message(km: KeyMessage) -> KeyMessage | None:
    """The next key message of the same document, whatever its status."""
    return (
        KeyMessage.objects.filter(document_id=km.document_id)
        .filter(after_q(km))
        .order_by("position", "pk")
        .first()
    )


def _ordered_ids(document_id: int) -> list[int]:
    return list(
        KeyMessage.objects.filter(document_id=document_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )


def _renumber(ids: list[int]) -> None:
    """Positions 1, 2, 3... in the order of `ids` (one document's key messages)."""
    wanted = {pk: i for i, pk in enumerate(ids, start=1)}
    changed = []
    for row in KeyMessage.objects.filter(pk__in=ids).only("pk", "position"):
        if row.position != wanted[row.pk]:
            row.position = wanted[row.pk]
            changed.append(row)
    KeyMessage.objects.bulk_update(changed, ["position"])


# --- state and checks ----------------------------------------------------------------------


def key_message_state(km: KeyMessage) -> dict[str, Any]:
    """What an audit entry keeps of a key message."""
    state = {"id": km.pk, **snapshot(km, KEY_MESSAGE_FIELDS)}
    state["objectives"] = [
        {"objective": t.objective, "score": round(t.score, 4), "confirmed": t.confirmed}
        for t in KeyMessageObjective.objects.filter(key_message=km).order_by("objective")
    ]
    state["countries"] = sorted(
        KeyMessageCountry.objects.filter(key_message=km).values_list("code", flat=True)
    )
    return state


def _locked(km: KeyMessage) -> KeyMessage:
    """The key message as it is now, its row held until the transaction ends, so that two
    people acting on it at once act one after the other."""
    fresh = KeyMessage.objects.select_for_update().filter(pk=km.pk).first()
    if fresh is None:
        raise Refused(
            _("This key message no longer exists: it was merged into another or read again.")
        )
    return fresh


def _objective_numbers(objectives: Iterable) -> list[int]:
    try:
        chosen = sorted({int(str(n).strip()) for n in objectives})
    except (TypeError, ValueError):
        raise Refused(_("Objectives are numbered 1 to 23.")) from None
    if any(n not in OBJECTIVES for n in chosen):
        raise Refused(_("Objectives are numbered 1 to 23."))
    if not chosen:
        raise Refused(_("Choose at least one objective, or discard the key message."))
    return chosen


def _statement_type(key) -> str:
    key = str(key or "").strip()
    if not key:
        raise Refused(_("Choose a statement type."))
    if not StatementType.objects.filter(key=key).exists():
        raise Refused(_("Unknown statement type."))
    return key


def _clean_text(text) -> str:
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
    if not text:
        raise Refused(_("A key message needs some text; discard it rather than empty it."))
    if len(text) > LONGEST_TEXT:
        raise Refused(
            _("A key message may have at most %(count)d characters.") % {"count": LONGEST_TEXT}
        )
    return text


def _set_text(km: KeyMessage, text: str) -> None:
    """New words for `km`: its search terms and the countries it names follow."""
    km.text = text
    km.search_terms = search_terms_for(text, km.lang or None)
    km.save()
    KeyMessageCountry.objects.filter(key_message=km).delete()
    KeyMessageCountry.objects.bulk_create(
        [KeyMessageCountry(key_message=km, code=c) for c in countries_named(text, km.lang)]
    )


def _back_to_review(km: KeyMessage) -> None:
    km.status = KeyMessage.Status.CANDIDATE
    km.reviewed_by = None
    km.reviewed_at = None


def _merged_explanation(first: dict, second: dict) -> dict:
    """The first message's explanation, with the terms matched in the second added."""
    merged = dict(first) if isinstance(first, dict) else {}
    matched: dict[str, list] = {}
    for source in (first, second):
        found = source.get("matched") if isinstance(source, dict) else None
        for objective, terms in (found or {}).items():
            have = matched.setdefault(str(objective), [])
            for term in terms if isinstance(terms, list) else []:
                if term not in have:
                    have.append(term)
    if matched:
        merged["matched"] = matched
    return merged


# --- operations ----------------------------------------------------------------------------


@transaction.atomic
def confirm_key_message(actor, km: KeyMessage, objectives: Iterable, statement_type: str):
    """Confirm `km` with exactly these objectives (1-23, at least one) and this statement
    type: the chosen objectives are kept and marked confirmed, every other tag removed; the
    message is confirmed by `actor` now. The objectives it had before and the person left
    out are taught to the classifier as rejected."""
    km = _locked(km)
    _check(actor, km)
    chosen = _objective_numbers(objectives)
    statement_type = _statement_type(statement_type)
    before = key_message_state(km)
    previous = set(km.tags.values_list("objective", flat=True))
    km.tags.exclude(objective__in=chosen).delete()
    for number in chosen:
        KeyMessageObjective.objects.update_or_create(
            key_message=km, objective=number, defaults={"confirmed": True}
        )
    km.status = KeyMessage.Status.CONFIRMED
    km.statement_type = statement_type
    km.reviewed_by = actor
    km.reviewed_at = timezone.now()
    km.save(update_fields=["status", "statement_type", "reviewed_by", "reviewed_at"])
    confirm_tags(
        actor,
        km.text,
        chosen,
        statement_type=statement_type,
        rejected=sorted(previous - set(chosen)),
        lang=km.lang or None,
    )
    record(
        actor, "key_message.confirmed", km, before=before, after=key_message_state(km),
        process=km.process,
    )  # fmt: skip
    return km


@transaction.atomic
def discard_key_message(actor, km: KeyMessage) -> KeyMessage:
    """Take `km` out of the review: not a key message (a heading, a list of participants...).
    Its tags stay, for the record; it teaches the classifier nothing. Confirming it later
    brings it back."""
    km = _locked(km)
    _check(actor, km)
    if km.status == KeyMessage.Status.DISCARDED:
        raise Refused(_("This key message is already discarded."))
    before = key_message_state(km)
    km.status = KeyMessage.Status.DISCARDED
    km.reviewed_by = actor
    km.reviewed_at = timezone.now()
    km.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    record(
        actor, "key_message.discarded", km, before=before, after=key_message_state(km),
        process=km.process,
    )  # fmt: skip
    return km


@transaction.atomic
def merge_key_messages(actor, first: KeyMessage, second: KeyMessage) -> KeyMessage:
    """Join two neighbouring key messages of one document (given in either order) into the
    earlier one: texts joined by a space, objectives joined (the higher score, confirmed
    if either was), countries found again. The later one is deleted; the result is to
    review again."""
    first, second = _locked(first), _locked(second)
    _check(actor, first)
    _check(actor, second)
    if first.pk == second.pk:
        raise Refused(_("A key message cannot be merged with itself."))
    if first.document_id != second.document_id:
        raise Refused(_("Only key messages of the same document can be merged."))
    if (second.position, second.pk) < (first.position, first.pk):
        first, second = second, first
    if following_key_message(first).pk != second.pk:
        raise Refused(_("Only neighbouring key messages can be merged: another stands between."))
    text = f"{first.text.rstrip()} {second.text.lstrip()}"
    if len(text) > LONGEST_TEXT:
        raise Refused(
            _("A key message may have at most %(count)d characters.") % {"count": LONGEST_TEXT}
        )
    before = {"first": key_message_state(first), "second": key_message_state(second)}

    mine = {t.objective: t for t in first.tags.all()}
    for tag in second.tags.all():
        if (kept := mine.get(tag.objective)) is not None:
            kept.score = max(kept.score, tag.score)
            kept.confirmed = kept.confirmed or tag.confirmed
            kept.save(update_fields=["score", "confirmed"])
        else:
            KeyMessageObjective.objects.create(
                key_message=first, objective=tag.objective, score=tag.score,
                confirmed=tag.confirmed,
            )  # fmt: skip
    first.explanation = _merged_explanation(first.explanation, second.explanation)
    # Words the engine has not read yet are in the result: it still waits for its tags.
    first.awaiting_tags = first.awaiting_tags or second.awaiting_tags
    _back_to_review(first)
    second.delete()
    _set_text(first, text)
    _renumber(_ordered_ids(first.document_id))
    first.refresh_from_db()
    record(
        actor, "key_message.merged", first, before=before, after=key_message_state(first),
        process=first.process,
    )  # fmt: skip
    return first


@transaction.atomic
def split_key_message(actor, km: KeyMessage, at: int) -> tuple[KeyMessage, KeyMessage]:
    """Cut `km` in two at character `at` (0 < at < length; counted in characters, as Python
    counts them). The first part stays `km`; the second becomes the next key message of the
    document, on the same page and paragraph, with the same tags as a starting point. Both
    are to review again."""
    km = _locked(km)
    _check(actor, km)
    try:
        at = int(str(at).strip())
    except (TypeError, ValueError):
        raise Refused(_("Say where to split: a character position inside the text.")) from None
    head, tail = km.text[:at].rstrip(), km.text[at:].lstrip()
    if not 0 < at < len(km.text) or not head or not tail:
        raise Refused(_("A key message is split inside its text, not at its start or its end."))
    before = key_message_state(km)
    order = _ordered_ids(km.document_id)

    second = KeyMessage.objects.create(
        document_id=km.document_id, text_version=km.text_version, process_id=km.process_id,
        event_id=km.event_id, visibility=km.visibility, position=km.position + 1,
        page=km.page, paragraph=km.paragraph, text=tail, lang=km.lang,
        search_terms=search_terms_for(tail, km.lang or None),
        statement_type=km.statement_type, constituency=km.constituency,
        explanation=km.explanation, awaiting_tags=km.awaiting_tags,
    )  # fmt: skip
    KeyMessageObjective.objects.bulk_create(
        [
            KeyMessageObjective(
                key_message=second, objective=t.objective, score=t.score, confirmed=t.confirmed
            )
            for t in km.tags.all()
        ]
    )
    KeyMessageCountry.objects.bulk_create(
        [KeyMessageCountry(key_message=second, code=c) for c in countries_named(tail, km.lang)]
    )
    _back_to_review(km)
    _set_text(km, head)
    order.insert(order.index(km.pk) + 1, second.pk)
    _renumber(order)
    km.refresh_from_db()
    second.refresh_from_db()
    record(
        actor, "key_message.split", km, before=before,
        after={"first": key_message_state(km), "second": key_message_state(second)},
        process=km.process,
    )  # fmt: skip
    return km, second


@transaction.atomic
def edit_key_message_text(actor, km: KeyMessage, text: str) -> KeyMessage:
    """Correct the words of `km` (a reading error, a cut-off word). Its decision stays; its
    search terms and countries follow the new words. The same text changes nothing and
    records nothing."""
    km = _locked(km)
    _check(actor, km)
    text = _clean_text(text)
    if text == km.text:
        return km
    before = key_message_state(km)
    _set_text(km, text)
    record(
        actor, "key_message.edited", km, before=before, after=key_message_state(km),
        process=km.process,
    )  # fmt: skip
    return km
