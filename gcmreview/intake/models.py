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

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        READING = "reading", _("reading the text")
        # Reading stores every key message, searchable at once; tagging follows.
        TAGGING = "tagging", _("tagging key messages (already searchable)")
        READY = "ready", _("ready for review")
        NEEDS_OCR = "needs_ocr", _("needs OCR: no text layer")
        FAILED = "failed", _("could not be read")

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
    # The text as last extracted (the newest DocumentText); kept here for quick reading.
    text = models.TextField(_("text"), blank=True)
    # The original file, never changed after upload.
    file = models.FileField(_("original file"), upload_to="documents/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_type = models.CharField(_("file type"), max_length=10, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    problem = models.TextField(_("problem"), blank=True)
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


class DocumentText(models.Model):
    """One extraction of a document's text. A better extractor later adds a version; the
    key messages name the version they were cut from."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="texts")
    version = models.PositiveIntegerField()
    extractor = models.CharField(max_length=60)
    # [{"page": 1, "paragraphs": ["...", ...]}, ...]; page is null for formats without pages.
    pages = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["document", "version"], name="one_text_version")
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.version}"


class KeyMessage(models.Model):
    """A candidate key message cut from a document, quotable back to its page and
    paragraph, with the engine's tags and, once a person has looked, their decision."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("to review")
        CONFIRMED = "confirmed", _("confirmed")
        DISCARDED = "discarded", _("discarded")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="key_messages")
    text_version = models.PositiveIntegerField(default=1)
    # Copied from the document so that search and filters need no join.
    process = models.ForeignKey(ReviewProcess, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="key_messages")  # fmt: skip
    visibility = models.CharField(max_length=16, choices=Visibility.choices, db_index=True)
    position = models.PositiveIntegerField(_("position in the document"))
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    paragraph = models.PositiveIntegerField(_("paragraph"))
    text = models.TextField(_("text"))
    # Normalised and stemmed terms, the column full-text search indexes.
    search_terms = models.TextField(blank=True)
    lang = models.CharField(_("language"), max_length=8, blank=True, db_index=True)
    statement_type = models.CharField(_("statement type"), max_length=20, blank=True,
                                      db_index=True)  # fmt: skip
    constituency = models.CharField(_("stakeholder constituency"), max_length=40, blank=True,
                                    db_index=True)  # fmt: skip
    explanation = models.JSONField(default=dict, blank=True)
    # True from the moment reading stores the key message (searchable at once) until the
    # text engine has tagged it: until then it has no objectives or statement type. Key
    # messages made any other way (a person splitting one) never wait for the engine.
    awaiting_tags = models.BooleanField(_("not classified yet"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.CANDIDATE, db_index=True)  # fmt: skip
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document", "position"]
        indexes = [models.Index(fields=["process", "status"])]
        verbose_name = _("key message")
        verbose_name_plural = _("key messages")

    def __str__(self) -> str:
        return self.text[:80]


class KeyMessageObjective(models.Model):
    """An objective a key message is tagged with: by the engine (with its score) or
    confirmed by a person."""

    key_message = models.ForeignKey(KeyMessage, on_delete=models.CASCADE, related_name="tags")
    objective = models.PositiveSmallIntegerField(db_index=True)
    score = models.FloatField(default=0)
    confirmed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["key_message", "objective"], name="one_tag_each")
        ]

    def __str__(self) -> str:
        return f"{self.objective} ({self.score:.2f})"


class KeyMessageCountry(models.Model):
    key_message = models.ForeignKey(KeyMessage, on_delete=models.CASCADE,
                                    related_name="countries")  # fmt: skip
    code = models.CharField(max_length=2, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key_message", "code"], name="one_country_each")
        ]

    def __str__(self) -> str:
        return self.code
