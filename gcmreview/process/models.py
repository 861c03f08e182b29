"""The review process, its phases, events, organizers, workstreams, milestones and the
calendar revisions it has published.

Texts people read are kept in three columns (`*_en`, `*_ar`, `*_fr`); `localized()` picks
the active language and falls back to English. Dates are kept as a span plus the precision
the source gave (docs/decisions/0002-date-precision.md).
"""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gcmreview.lib.date_spans import DateSpan, Precision

LANGS = ("en", "ar", "fr")


def localized(obj: object, field: str, lang: str | None = None) -> str:
    """The text of `field` in `lang` (default: the active language), else in English."""
    lang = (lang or translation.get_language() or "en")[:2]
    return getattr(obj, f"{field}_{lang}", "") or getattr(obj, f"{field}_en", "")


def translated_fields(name: str, verbose: Promise, *, blank_en: bool = False, text: bool = False):
    """The three columns of one translated text, for use in a model body:
    `locals().update(translated_fields("title", _("title")))`."""
    field = models.TextField if text else models.CharField
    extra = {} if text else {"max_length": 400}
    return {
        f"{name}_{lang}": field(
            format_lazy("{} ({})", verbose, lang), blank=blank_en or lang != "en", **extra
        )
        for lang in LANGS
    }


class Localized:
    """`title = Localized()` reads `title_<active language>`, falling back to English."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: object, owner: type | None = None):
        return self if obj is None else localized(obj, self.name)


class DatedModel(models.Model):
    """A date span with its precision; see gcmreview.lib.date_spans."""

    date_start = models.DateField(_("first possible day"), db_index=True)
    date_end = models.DateField(_("last possible day"), db_index=True)
    date_precision = models.CharField(
        _("date precision"),
        max_length=8,
        choices=[
            (Precision.DAY.value, _("a day")),
            (Precision.DAYS.value, _("a range of days")),
            (Precision.MONTH.value, _("a month")),
            (Precision.QUARTER.value, _("a quarter")),
            (Precision.HALF.value, _("a half-year")),
            (Precision.YEAR.value, _("a year")),
        ],
    )

    class Meta:
        abstract = True

    @property
    def span(self) -> DateSpan:
        return DateSpan(self.date_start, self.date_end, Precision(self.date_precision))

    def set_span(self, span: DateSpan) -> None:
        self.date_start, self.date_end, self.date_precision = (
            span.start,
            span.end,
            span.precision.value,
        )


class Constituency(models.TextChoices):
    """The stakeholder constituencies a review hears from."""

    CIVIL_SOCIETY = "civil_society", _("Civil society")
    MIGRANT_DIASPORA = "migrant_diaspora", _("Migrant and diaspora organizations")
    TRADE_UNIONS = "trade_unions", _("Trade unions")
    EMPLOYERS = "employers", _("Employers and the private sector")
    ACADEMIA = "academia", _("Academia")
    LOCAL_AUTHORITIES = "local_authorities", _("Local authorities")
    NHRI = "nhri", _("National human rights institutions")
    YOUTH = "youth", _("Youth")
    WOMEN = "women", _("Women's organizations")
    FAITH = "faith", _("Faith-based organizations")
    MEDIA = "media", _("Media")
    PARLIAMENTARIANS = "parliamentarians", _("Parliamentarians")


class Organization(models.Model):
    class Kind(models.TextChoices):
        MEMBER_STATE = "member_state", _("Member State")
        UN_ENTITY = "un_entity", _("UN entity")
        RCP = "rcp", _("Regional consultative process")
        REGIONAL_ORGANIZATION = "regional_organization", _("Regional organization")
        STAKEHOLDER_GROUP = "stakeholder_group", _("Stakeholder group")
        STAKEHOLDER_ORGANIZATION = "stakeholder_organization", _("Stakeholder organization")
        OTHER_STATE = "other_state", _("State outside the region")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    locals().update(translated_fields("name", _("name")))
    locals().update(translated_fields("acronym", _("acronym"), blank_en=True))
    constituency = models.CharField(
        _("stakeholder constituency"), max_length=40, blank=True, choices=Constituency.choices
    )
    las_member = models.BooleanField(_("member of the League of Arab States"), default=False)
    gcm_champion = models.BooleanField(_("GCM Champion country"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return localized(self, "acronym") or localized(self, "name")

    name = Localized()
    acronym = Localized()

    @property
    def short_name(self) -> str:
        return str(self)


class ReviewProcess(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        ONGOING = "ongoing", _("ongoing")
        CONCLUDED = "concluded", _("concluded")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    locals().update(translated_fields("title", _("title")))
    title = Localized()
    locals().update(translated_fields("region", _("region")))
    region = Localized()
    round = models.PositiveSmallIntegerField(_("round"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    locals().update(translated_fields("summary", _("summary"), blank_en=True, text=True))
    summary = Localized()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("review process")
        verbose_name_plural = _("review processes")

    def __str__(self) -> str:
        return localized(self, "title")


class CoOrganizer(models.Model):
    process = models.ForeignKey(
        ReviewProcess, on_delete=models.CASCADE, related_name="co_organizers"
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["process", "organization"], name="one_co_organizer_row")
        ]
        verbose_name = _("co-organizer")
        verbose_name_plural = _("co-organizers")

    def __str__(self) -> str:
        return f"{self.position + 1}. {self.organization}"


class MandateReference(models.Model):
    process = models.ForeignKey(ReviewProcess, on_delete=models.CASCADE, related_name="mandates")
    position = models.PositiveSmallIntegerField(_("position"))
    symbol = models.CharField(_("resolution symbol"), max_length=40)
    paragraph = models.CharField(_("paragraph"), max_length=20)
    locals().update(translated_fields("note", _("note"), blank_en=True, text=True))
    note = Localized()

    class Meta:
        ordering = ["position"]
        verbose_name = _("mandate reference")
        verbose_name_plural = _("mandate references")

    def __str__(self) -> str:
        return f"{self.symbol}, para. {self.paragraph}"


class Phase(DatedModel):
    process = models.ForeignKey(ReviewProcess, on_delete=models.CASCADE, related_name="phases")
    code = models.SlugField(_("code"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"))
    locals().update(translated_fields("title", _("title")))
    title = Localized()
    locals().update(translated_fields("description", _("description"), blank_en=True, text=True))
    description = Localized()
    # A phase's dates are optional; DatedModel's columns are then null.
    date_start = models.DateField(_("first possible day"), null=True, blank=True)
    date_end = models.DateField(_("last possible day"), null=True, blank=True)
    date_precision = models.CharField(_("date precision"), max_length=8, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["process", "code"], name="unique_phase_code")
        ]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self) -> str:
        return localized(self, "title")

    @property
    def span(self) -> DateSpan | None:
        return super().span if self.date_start else None


class Workstream(models.Model):
    process = models.ForeignKey(ReviewProcess, on_delete=models.CASCADE, related_name="workstreams")
    code = models.SlugField(_("code"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"))
    locals().update(translated_fields("title", _("title")))
    title = Localized()
    leads = models.ManyToManyField(Organization, blank=True, related_name="led_workstreams")

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["process", "code"], name="unique_workstream_code")
        ]
        verbose_name = _("workstream")
        verbose_name_plural = _("workstreams")

    def __str__(self) -> str:
        return localized(self, "title")


class Milestone(DatedModel):
    process = models.ForeignKey(ReviewProcess, on_delete=models.CASCADE, related_name="milestones")
    key = models.SlugField(_("key"), max_length=60)
    locals().update(translated_fields("title", _("title")))
    title = Localized()
    locals().update(translated_fields("description", _("description"), blank_en=True, text=True))
    description = Localized()

    class Meta:
        ordering = ["date_end", "-date_start", "key"]
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="unique_milestone_key")
        ]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return localized(self, "title")


class Event(DatedModel):
    class Kind(models.TextChoices):
        GCM_TALK = "gcm_talk", _("GCM Talk")
        CHAMPIONS_INITIATIVE = "champions_initiative", _("Champion countries initiative")
        RCP_MEETING = "rcp_meeting", _("RCP meeting")
        NATIONAL_CONSULTATION = "national_consultation", _("National consultation")
        THEMATIC_CONSULTATION = "thematic_consultation", _("Thematic consultation")
        MULTI_STAKEHOLDER_CONSULTATION = (
            "multi_stakeholder_consultation",
            _("Multi-stakeholder consultation"),
        )
        STAKEHOLDER_HEARING = "stakeholder_hearing", _("Stakeholder hearing")
        REVIEW_CONFERENCE = "review_conference", _("Review conference")
        SUBMISSION = "submission", _("Submission")
        GENERAL_ASSEMBLY = "general_assembly", _("General Assembly plenary")
        REVIEW_FORUM = "review_forum", _("International Migration Review Forum")
        CONTINENTAL_REVIEW = "continental_review", _("Continental review")
        WORKSHOP = "workshop", _("Workshop")
        TRAINING = "training", _("Training")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    process = models.ForeignKey(ReviewProcess, on_delete=models.CASCADE, related_name="events")
    key = models.SlugField(_("key"), max_length=80)
    phase = models.ForeignKey(
        Phase, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, db_index=True)
    locals().update(translated_fields("title", _("title")))
    title = Localized()
    locals().update(translated_fields("description", _("description"), blank_en=True, text=True))
    description = Localized()
    locals().update(translated_fields("place", _("place"), blank_en=True))
    place = Localized()
    online = models.BooleanField(_("online"), default=False)
    closed = models.BooleanField(
        _("closed"), default=False, help_text=_("Invitation only; the public sees title and date.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    workstream = models.ForeignKey(
        Workstream, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )

    class Registration(models.TextChoices):
        NONE = "none", _("no registration")
        OPEN = "open", _("open to all")
        APPROVAL = "approval", _("on approval")
        INVITATION = "invitation", _("by invitation only")

    registration = models.CharField(
        _("registration"), max_length=12, choices=Registration.choices, default=Registration.NONE
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True
    )
    chatham_house = models.BooleanField(
        _("Chatham House rule"),
        default=False,
        help_text=_(
            "Key messages may feed the Outcome Document, but are cited without speaker or "
            "organization to anyone without access."
        ),
    )
    organizers = models.ManyToManyField(
        Organization, through="EventOrganizer", related_name="organized_events"
    )
    feeds_into = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="fed_by", verbose_name=_("feeds into")
    )
    feeds_milestones = models.ManyToManyField(
        Milestone, blank=True, related_name="fed_by", verbose_name=_("feeds milestones")
    )

    class Meta:
        ordering = ["date_end", "-date_start", "key"]
        constraints = [models.UniqueConstraint(fields=["process", "key"], name="unique_event_key")]
        indexes = [models.Index(fields=["process", "date_end", "date_start"])]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return localized(self, "title")


class EventOrganizer(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organizer_rows")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organization"], name="one_organizer_row")
        ]
        verbose_name = _("organizer")
        verbose_name_plural = _("organizers")

    def __str__(self) -> str:
        return f"{self.position + 1}. {self.organization}"


class CalendarRevision(models.Model):
    """A published state of the calendar, kept as it was, so that two can be compared."""

    process = models.ForeignKey(
        ReviewProcess, on_delete=models.CASCADE, related_name="calendar_revisions"
    )
    number = models.PositiveIntegerField(_("number"))
    locals().update(translated_fields("label", _("label")))
    label = Localized()
    published_at = models.DateTimeField(_("published at"))
    # [{key, title, date, status, closed}], ordered as the calendar was.
    snapshot = models.JSONField(_("events as published"))

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["process", "number"], name="unique_revision_number")
        ]
        verbose_name = _("calendar revision")
        verbose_name_plural = _("calendar revisions")

    def __str__(self) -> str:
        return localized(self, "label")
