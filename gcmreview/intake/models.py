"""Documents that reach the review: summary reports, national consultation outcomes,
stakeholder submissions... Each carries a visibility level that every reader honours."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gcmreview.participation.access import Visibility
from gcmreview.process.models import Event, Organization, ReviewProcess


class Document(models.Model):
    class Kind(models.TextChoices):
        SUMMARY_REPORT = "summary_report", _("Summary report")
        NATIONAL_CONSULTATION = "national_consultation", _("National consultation outcome")
        VOLUNTARY_REVIEW = "voluntary_review", _("Voluntary review")
        STAKEHOLDER_SUBMISSION = "stakeholder_submission", _("Stakeholder submission")
        RCP_REPORT = "rcp_report", _("RCP report")
        CONCEPT_NOTE = "concept_note", _("Concept note")
        OTHER = "other", _("Other")

    process = models.ForeignKey(ReviewProcess, on_delete=models.CASCADE, related_name="documents")
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=400)
    language = models.CharField(_("language"), max_length=20, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.SECRETARIAT
    )
    authors = models.ManyToManyField(Organization, blank=True, related_name="documents")
    text = models.TextField(_("text"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title
