"""Registration, invitations, participant lists, attendance, certificates, delegations and
the audit log. Each view: find, check permission, call an operation, answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gcmreview.audit.models import AuditEntry
from gcmreview.participation import exports, operations
from gcmreview.participation.access import viewer_for
from gcmreview.participation.models import Registration
from gcmreview.participation.queries import participants_of
from gcmreview.process.models import Event, ReviewProcess


def _event(slug: str, key: str) -> tuple[ReviewProcess, Event]:
    process = get_object_or_404(ReviewProcess, slug=slug)
    event = Event.objects.filter(process=process, key=key).first()
    if event is None:
        raise Http404(_("This review process has no such event."))
    return process, event


def _registration(slug: str, pk: int) -> Registration:
    registration = (
        Registration.objects.select_related("event__process", "user")
        .filter(pk=pk, event__process__slug=slug)
        .first()
    )
    if registration is None:
        raise Http404(_("No such registration in this review process."))
    return registration


def _refused(request, exc: operations.Refused, status: int = 400):
    return render(request, "participation/refused.html", {"reason": str(exc)}, status=status)


@require_POST
@login_required
def register(request, slug, key):
    try:
        process, event = _event(slug, key)
    except Http404 as exc:
        # Say why (such as an event of another process), not just "Not Found".
        return _refused(request, exc, status=404)
    try:
        registration = operations.register_participant(request.user, event, process)
    except operations.Refused as exc:
        return _refused(request, exc, status=409)
    status = registration.get_status_display()
    messages.success(request, _("Registration received: %(status)s.") % {"status": status})
    return redirect("event", slug, key)


@require_POST
@login_required
def cancel(request, slug, pk):
    registration = _registration(slug, pk)
    try:
        operations.cancel_registration(request.user, registration)
    except operations.Refused as exc:
        return _refused(request, exc, status=403)
    messages.success(request, _("The registration is cancelled."))
    if request.POST.get("back") == "participants":
        return redirect("participants", slug, registration.event.key)
    return redirect("my-registrations")


@login_required
def my_registrations(request):
    registrations = (
        Registration.objects.filter(user=request.user)
        .select_related("event__process")
        .order_by("-event__date_end")
    )
    return render(
        request, "participation/my_registrations.html", {"registrations": registrations}
    )


def accept_invitation(request, token):
    try:
        invitation = operations.find_invitation(token)
    except operations.Refused as exc:
        return _refused(request, exc, status=404)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{redirect('login').url}?next={request.path}")
        try:
            operations.accept_invitation(request.user, token)
        except operations.Refused as exc:
            return _refused(request, exc, status=403)
        messages.success(request, _("You are registered."))
        return redirect("event", invitation.event.process.slug, invitation.event.key)
    return render(request, "participation/invitation.html", {"invitation": invitation})


def _managed_event(request, slug, key):
    process, event = _event(slug, key)
    if not viewer_for(request.user, process).manages_event(event):
        raise PermissionDenied(_("Only the event's organizers can see its participants."))
    return process, event


@login_required
def participants(request, slug, key):
    process, event = _managed_event(request, slug, key)
    return render(
        request,
        "participation/participants.html",
        {
            "process": process,
            "event": event,
            "registrations": participants_of(event),
            "invitations": event.invitations.order_by("email"),
            "statuses": Registration.Status,
        },
    )


@login_required
def participants_export(request, slug, key, fmt):
    _process, event = _managed_event(request, slug, key)
    registrations = participants_of(event)
    if fmt == "csv":
        body, content_type = exports.participants_csv(registrations), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = exports.participants_xlsx(registrations, event.title)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404(_("Participant lists come as .csv or .xlsx."))
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{event.key}-participants.{fmt}"'
    return response


@require_POST
@login_required
def invite(request, slug, key):
    _process, event = _event(slug, key)
    email = request.POST.get("email", "").strip()
    if "@" not in email:
        return _refused(request, operations.Refused(_("Give a valid e-mail address.")))
    try:
        operations.invite_participant(request.user, event, email)
    except operations.Refused as exc:
        return _refused(request, exc, status=403)
    messages.success(request, _("Invitation sent to %(email)s.") % {"email": email})
    return redirect("participants", slug, key)


@require_POST
@login_required
def decide(request, slug, pk):
    registration = _registration(slug, pk)
    try:
        operations.decide_registration(
            request.user, registration, approve=request.POST.get("decision") == "approve"
        )
    except operations.Refused as exc:
        return _refused(request, exc, status=403)
    if request.POST.get("back") == "delegations":
        return redirect("delegations", slug)
    return redirect("participants", slug, registration.event.key)


@require_POST
@login_required
def attendance(request, slug, pk):
    registration = _registration(slug, pk)
    try:
        operations.record_attendance(
            request.user, registration, attended=request.POST.get("attended") == "yes"
        )
    except operations.Refused as exc:
        return _refused(request, exc, status=403)
    return redirect("participants", slug, registration.event.key)


@login_required
def certificate(request, slug, pk):
    registration = _registration(slug, pk)
    viewer = viewer_for(request.user, registration.event.process)
    if registration.user_id != request.user.pk and not viewer.manages_event(registration.event):
        raise PermissionDenied(_("This certificate is not yours."))
    if registration.event.kind not in (Event.Kind.TRAINING, Event.Kind.WORKSHOP):
        raise Http404(_("Certificates are given for trainings and workshops."))
    if not registration.attended:
        raise Http404(_("A certificate is given once attendance is recorded."))
    pdf = exports.certificate_pdf(registration)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{registration.pk}.pdf"'
    return response


@login_required
def delegations(request, slug):
    """A focal point's queue: registrations made on behalf of their Member State."""
    process = get_object_or_404(ReviewProcess, slug=slug)
    viewer = viewer_for(request.user, process)
    states = viewer.focal_point_for()
    if not states and not viewer.is_secretariat:
        raise PermissionDenied(_("This page is for Member State focal points."))
    registrations = (
        Registration.objects.filter(event__process=process)
        .select_related("event", "user", "organization")
        .order_by("status", "registered_at")
    )
    if not viewer.is_secretariat:
        registrations = registrations.filter(organization_id__in=states)
    return render(
        request,
        "participation/delegations.html",
        {"process": process, "registrations": registrations},
    )


@login_required
def audit_log(request, slug):
    process = get_object_or_404(ReviewProcess, slug=slug)
    if not viewer_for(request.user, process).is_secretariat:
        raise PermissionDenied(_("The audit log is for the secretariat."))
    entries = AuditEntry.objects.filter(process=process).select_related("actor")
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(request, "participation/audit_log.html", {"process": process, "page": page})
