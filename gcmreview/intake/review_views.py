"""The review queue: one key message at a time, confirmed, corrected, merged, split or
discarded with plain forms (review-queue.js adds the keyboard). Each view: find, check
permission, call an operation in gcmreview.intake.review, redirect."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gcmreview.audit.models import AuditEntry
from gcmreview.intake import review
from gcmreview.intake.models import Document, KeyMessage
from gcmreview.participation.access import viewer_for
from gcmreview.participation.operations import Refused
from gcmreview.process.models import Event, ReviewProcess
from gcmreview.taxonomy.models import Objective, StatementType

ANY_STATUS = "any"
STATUSES = [*KeyMessage.Status.choices, (ANY_STATUS, gettext_lazy("any status"))]
FILTERS = ("document", "event", "status")
# Objectives the engine scores at least this high start ticked; the reviewer corrects.
PRESELECT_SCORE = 0.5
# Key messages listed around the one in focus.
LISTED_BEFORE, LISTED_AFTER = 3, 8
ACTIONS = {
    "key_message.confirmed": gettext_lazy("confirmed"),
    "key_message.discarded": gettext_lazy("discarded"),
    "key_message.merged": gettext_lazy("merged with the next key message"),
    "key_message.split": gettext_lazy("split in two"),
    "key_message.edited": gettext_lazy("corrected the text"),
}


class QueueFilter(forms.Form):
    document = forms.TypedChoiceField(
        label=gettext_lazy("Document"), required=False, coerce=int, empty_value=None
    )
    event = forms.TypedChoiceField(
        label=gettext_lazy("Event"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False, choices=STATUSES)

    def __init__(self, data, *, reviewable):
        super().__init__(data)
        documents = Document.objects.filter(pk__in=reviewable.values("document_id"))
        self.fields["document"].choices = [("", _("any document"))] + [
            (d.pk, d.title) for d in documents.order_by("title", "pk")
        ]
        events = Event.objects.filter(pk__in=reviewable.values("event_id"))
        self.fields["event"].choices = [("", _("any event"))] + [
            (e.pk, e.title) for e in events.order_by("-date_start", "key")
        ]

    def values(self) -> dict:
        """The valid filters; a filter that does not validate is left out. The status is
        "to review" unless another is asked for."""
        self.is_valid()
        values = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}
        values.setdefault("status", KeyMessage.Status.CANDIDATE)
        return values


def _queue(reviewable, values: dict):
    queue = reviewable
    if values.get("document"):
        queue = queue.filter(document_id=values["document"])
    if values.get("event"):
        queue = queue.filter(event_id=values["event"])
    if values["status"] != ANY_STATUS:
        queue = queue.filter(status=values["status"])
    return queue


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _focus(queue, reviewable, at: int | None, after: int | None):
    """The key message to show: `at` if it is in the queue; otherwise the first one after
    `at` or `after` (the one just reviewed), else the first of the queue."""
    if at is not None and (found := queue.filter(pk=at).first()) is not None:
        return found
    reference = reviewable.filter(pk=after if after is not None else at).first()
    if reference is not None and (found := queue.filter(review.after_q(reference)).first()):
        return found
    return queue.first()


def _queue_url(slug: str, filters: dict, **focus) -> str:
    query = {k: v for k, v in filters.items() if k in FILTERS and v not in (None, "")}
    query.update({k: v for k, v in focus.items() if v is not None})
    url = reverse("review-queue", args=[slug])
    return f"{url}?{urlencode(query)}" if query else url


def _queue_filters(query: str):
    """The queue's filters from the form's hidden field, known names only."""
    return [(k, v) for k, v in parse_qsl(query)[:10] if k in FILTERS]


def _history(km: KeyMessage) -> list[dict]:
    """Who did what to this key message, newest first."""
    types = {t.key: t.label for t in StatementType.objects.all()}
    entries = AuditEntry.objects.filter(
        target_type=KeyMessage._meta.label_lower, target_id=str(km.pk)
    ).select_related("actor")
    rows = []
    for entry in entries:
        after = entry.after if isinstance(entry.after, dict) else {}
        chosen = [o["objective"] for o in after.get("objectives", []) if o.get("confirmed")]
        rows.append(
            {
                "entry": entry,
                "action": ACTIONS.get(entry.action, entry.action),
                "objectives": chosen if entry.action == "key_message.confirmed" else [],
                "statement_type": types.get(after.get("statement_type"), ""),
            }
        )
    return rows


def _objective_rows(km: KeyMessage) -> tuple[list[dict], list[dict]]:
    """All 23 objectives, ticked as a starting point, and the engine's suggestions."""
    tags = list(km.tags.all())
    matched = km.explanation.get("matched", {}) if isinstance(km.explanation, dict) else {}
    confirmed = {t.objective for t in tags if t.confirmed}
    if confirmed:
        ticked = confirmed
    else:
        likely = [t for t in tags if t.score >= PRESELECT_SCORE]
        best = max(tags, key=lambda t: t.score, default=None)
        ticked = {t.objective for t in likely} or ({best.objective} if best else set())
    scores = {t.objective: t.score for t in tags if t.score > 0}
    objectives = list(Objective.objects.all())
    labels = {o.number: o for o in objectives}
    rows = [
        {"objective": o, "ticked": o.number in ticked, "score": scores.get(o.number)}
        for o in objectives
    ]
    suggestions = [
        {
            "objective": labels.get(n),
            "number": n,
            "score": score,
            "terms": [t.get("term") for t in matched.get(str(n), []) if isinstance(t, dict)],
        }
        for n, score in sorted(scores.items(), key=lambda item: -item[1])
    ]
    return rows, suggestions


def _statement_types(km: KeyMessage) -> list[dict]:
    explanation = km.explanation if isinstance(km.explanation, dict) else {}
    scores = (explanation.get("statement_type") or {}).get("scores") or {}
    return [
        {"type": t, "checked": t.key == km.statement_type, "score": scores.get(t.key)}
        for t in StatementType.objects.all()
    ]


@login_required
def review_queue(request, slug):
    process = get_object_or_404(ReviewProcess, slug=slug)
    viewer = viewer_for(request.user, process)
    if not review.may_use_review_queue(viewer):
        raise PermissionDenied(_("The review queue is for the secretariat and workstream leads."))
    reviewable = review.reviewable_key_messages(viewer, process).select_related("reviewed_by")
    form = QueueFilter(request.GET, reviewable=reviewable)
    filters = form.values()
    queue = _queue(reviewable, filters)
    km = _focus(queue, reviewable, _int(request.GET.get("at")), _int(request.GET.get("after")))
    context = {"process": process, "form": form, "filters": filters, "km": km}
    context["total"] = queue.count()
    if km is not None:
        km = (
            KeyMessage.objects.select_related("document", "event", "reviewed_by")
            .prefetch_related("tags", "countries")
            .get(pk=km.pk)
        )
        earlier = queue.filter(review.before_q(km))
        later = queue.filter(review.after_q(km))
        objectives, suggestions = _objective_rows(km)
        previous_ones = list(earlier.reverse()[:LISTED_BEFORE])[::-1]
        context.update(
            km=km,
            place=earlier.count() + 1,
            previous=previous_ones[-1] if previous_ones else None,
            next=later.first(),
            listed=[*previous_ones, km, *later[:LISTED_AFTER]],
            following=review.following_key_message(km),
            objectives=objectives,
            suggestions=suggestions,
            statement_types=_statement_types(km),
            history=_history(km),
            queue_query=urlencode({k: v for k, v in filters.items() if k in FILTERS}),
            explanation_mode=km.explanation.get("mode", "")
            if isinstance(km.explanation, dict)
            else "",
        )
    return render(request, "intake/review_queue.html", context)


def _posted_text(request) -> tuple[str | None, int]:
    """The text as posted (None when the form sent none), its line breaks as the browser's
    text field counts them, and how many characters of white space lead it (which the
    stored text does not have)."""
    raw = request.POST.get("text")
    if raw is None:
        return None, 0
    raw = raw.replace("\r\n", "\n")
    return raw, len(raw) - len(raw.lstrip())


def _refused(request, exc: Exception, status: int):
    return render(request, "participation/refused.html", {"reason": str(exc)}, status=status)


@require_POST
@login_required
def review_key_message(request, slug, pk):
    """One decision about one key message: the button pressed (`action`) says which. A text
    corrected in the same form is saved first; all of it happens, or none of it."""
    process = get_object_or_404(ReviewProcess, slug=slug)
    viewer = viewer_for(request.user, process)
    if not review.may_use_review_queue(viewer):
        return _refused(
            request, Refused(_("The review queue is for the secretariat and workstream leads.")),
            status=403,
        )  # fmt: skip
    km = review.reviewable_key_messages(viewer, process).filter(pk=pk).first()
    if km is None:
        return _refused(
            request, Refused(_("No such key message, or not one you may review.")), status=404
        )
    filters = dict(_queue_filters(request.POST.get("queue", "")))
    action = request.POST.get("action", "")
    text, leading = _posted_text(request)
    try:
        with transaction.atomic():
            if text is not None and action != "discard":
                km = review.edit_key_message_text(request.user, km, text)
            match action:
                case "confirm":
                    review.confirm_key_message(
                        request.user, km, request.POST.getlist("objectives"),
                        request.POST.get("statement_type", ""),
                    )  # fmt: skip
                    messages.success(request, _("Key message confirmed."))
                    return redirect(_queue_url(slug, filters, after=km.pk))
                case "discard":
                    review.discard_key_message(request.user, km)
                    messages.success(request, _("Key message discarded."))
                    return redirect(_queue_url(slug, filters, after=km.pk))
                case "merge":
                    following = review.following_key_message(km)
                    if following is None:
                        raise Refused(_("No key message follows this one in its document."))
                    km = review.merge_key_messages(request.user, km, following)
                    messages.success(request, _("Merged with the next key message."))
                case "split":
                    at = _int(request.POST.get("at"))
                    at = at - leading if at is not None else request.POST.get("at")
                    km, _second = review.split_key_message(request.user, km, at)
                    messages.success(request, _("Key message split in two."))
                case "save":
                    messages.success(request, _("Text saved."))
                case _:
                    raise Refused(_("Unknown action."))
    except Refused as exc:
        # Back to the same key message, with the reason where the reviewer is looking.
        messages.error(request, str(exc))
        return redirect(_queue_url(slug, filters, at=km.pk))
    return redirect(_queue_url(slug, filters, at=km.pk))
