"""The secretariat's admin. Feeds-into links go through operations.check_feeds_into, so a
link the manifest loader would refuse is refused here too."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gcmreview.lib import date_spans
from gcmreview.process import operations
from gcmreview.process.models import (
    CalendarRevision,
    CoOrganizer,
    Event,
    EventOrganizer,
    MandateReference,
    Milestone,
    Organization,
    Phase,
    ReviewProcess,
    Workstream,
)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ar", "name_fr", "kind", "las_member", "gcm_champion"]
    list_filter = ["kind", "las_member", "gcm_champion"]
    search_fields = ["code", "name_en", "name_ar", "name_fr", "acronym_en"]


class CoOrganizerInline(admin.TabularInline):
    model = CoOrganizer
    extra = 0
    autocomplete_fields = ["organization"]


class MandateInline(admin.TabularInline):
    model = MandateReference
    extra = 0


class PhaseInline(admin.StackedInline):
    model = Phase
    extra = 0


class WorkstreamInline(admin.TabularInline):
    model = Workstream
    extra = 0
    fields = ["position", "code", "title_en", "title_ar", "title_fr"]


@admin.register(ReviewProcess)
class ReviewProcessAdmin(admin.ModelAdmin):
    list_display = ["slug", "title_en", "round", "status"]
    inlines = [CoOrganizerInline, MandateInline, PhaseInline, WorkstreamInline]


class EventOrganizerInline(admin.TabularInline):
    model = EventOrganizer
    extra = 0
    autocomplete_fields = ["organization"]


class EventForm(forms.ModelForm):
    """Takes the date as one expression so that a span and its precision always agree."""

    date = forms.CharField(
        label=_("Date"),
        help_text=_(
            "As precise as it is known: 2024-07-02, 2024-07-03/2024-07-04, 2024-07, "
            "2024-Q3, 2024-H2 or 2024."
        ),
    )

    class Meta:
        model = Event
        fields = [
            "process", "key", "phase", "kind", "status", "closed", "online", "workstream",
            "title_en", "title_ar", "title_fr",
            "description_en", "description_ar", "description_fr",
            "place_en", "place_ar", "place_fr",
            "feeds_into", "feeds_milestones",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["date"] = date_spans.to_expression(self.instance.span)

    def clean_date(self):
        try:
            return date_spans.parse(self.cleaned_data["date"])
        except date_spans.DateSpanError as exc:
            raise ValidationError(str(exc)) from None

    def clean(self):
        data = super().clean()
        if span := data.get("date"):
            self.instance.set_span(span)
            if not self.instance.pk and data.get("process"):
                # A new event: check its links against the process and key it is given.
                self.instance.process = data["process"]
                self.instance.key = data.get("key") or ""
            if self.instance.process_id:
                try:
                    operations.check_feeds_into(self.instance, list(data.get("feeds_into") or []))
                except ValidationError as exc:
                    self.add_error("feeds_into", exc)
            if self.instance.pk:
                # A new date must not put this event before an event that feeds into it.
                for source in self.instance.fed_by.all():
                    if span.end < source.date_start:
                        self.add_error(
                            "date",
                            _("“%(target)s” ends before “%(event)s” starts.")
                            % {"target": self.instance.key, "event": source.key},
                        )
        return data


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventForm
    list_display = [
        "key",
        "title_en",
        "date_start",
        "date_end",
        "date_precision",
        "kind",
        "closed",
        "status",
    ]
    list_filter = ["process", "kind", "closed", "status", "workstream"]
    search_fields = ["key", "title_en", "title_ar", "title_fr"]
    inlines = [EventOrganizerInline]
    filter_horizontal = ["feeds_into", "feeds_milestones"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "process",
                    "key",
                    "phase",
                    "kind",
                    "status",
                    "closed",
                    "online",
                    "workstream",
                ]
            },
        ),
        (_("Date"), {"fields": ["date"]}),
        (
            _("Texts"),
            {
                "fields": [
                    "title_en",
                    "title_ar",
                    "title_fr",
                    "description_en",
                    "description_ar",
                    "description_fr",
                    "place_en",
                    "place_ar",
                    "place_fr",
                ]
            },
        ),
        (_("Links"), {"fields": ["feeds_into", "feeds_milestones"]}),
    ]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["key", "title_en", "date_start", "date_end", "date_precision", "process"]


@admin.register(CalendarRevision)
class CalendarRevisionAdmin(admin.ModelAdmin):
    list_display = ["process", "number", "label_en", "published_at"]
    readonly_fields = ["process", "number", "published_at", "snapshot"]
    actions = None

    def has_add_permission(self, request):
        # Revisions are published with `gcmreview publish-calendar`, never edited by hand.
        return False
