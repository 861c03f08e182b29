"""The search page: key messages found by their words and tags, as far as the reader may see."""

from __future__ import annotations

from django import forms
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from gcmreview.intake import search
from gcmreview.participation.access import viewer_for
from gcmreview.process.models import Organization, ReviewProcess
from gcmreview.taxonomy.models import Objective, StakeholderConstituency, StatementType

PER_PAGE = 20
LANGUAGES = [("ar", _("Arabic")), ("en", _("English")), ("fr", _("French"))]


class SearchForm(forms.Form):
    # No maximum length: a long query is cut by search(), not refused.
    q = forms.CharField(label=_("Words"), required=False)
    objective = forms.TypedChoiceField(
        label=_("Objective"), required=False, coerce=int, empty_value=None
    )
    type = forms.ChoiceField(label=_("Statement type"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    event = forms.TypedChoiceField(label=_("Event"), required=False, coerce=int, empty_value=None)
    lang = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("any language")), *LANGUAGES]
    )
    constituency = forms.ChoiceField(label=_("Stakeholder constituency"), required=False)
    confirmed = forms.TypedChoiceField(
        label=_("Review"),
        required=False,
        choices=[("", _("confirmed or not")), ("yes", _("confirmed")), ("no", _("to review"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=search.MAX_OFFSET // PER_PAGE)

    def __init__(self, data, *, process, viewer):
        super().__init__(data)
        self.fields["objective"].choices = [("", _("any objective"))] + [
            (o.number, f"{o.number}. {o.label}") for o in Objective.objects.all()
        ]
        self.fields["type"].choices = [("", _("any statement type"))] + [
            (t.key, t.label) for t in StatementType.objects.all()
        ]
        states = Organization.objects.filter(
            kind__in=[Organization.Kind.MEMBER_STATE, Organization.Kind.OTHER_STATE]
        )
        countries = sorted(
            ((o.code, o.short_name) for o in states if len(o.code) == 2), key=lambda c: c[1]
        )
        self.fields["country"].choices = [("", _("any country")), *countries]
        # Only events whose details the reader may see: material of the others never shows.
        events = process.events.filter(viewer.event_filter()).order_by("-date_start", "key")
        self.fields["event"].choices = [("", _("any event"))] + [(e.pk, e.title) for e in events]
        self.fields["constituency"].choices = [("", _("any constituency"))] + [
            (c.key, c.label) for c in StakeholderConstituency.objects.all()
        ]


def search_page(request, slug):
    """Find key messages by their words and filters; every result is one the reader may see."""
    process = get_object_or_404(ReviewProcess, slug=slug)
    viewer = viewer_for(request.user, process)
    form = SearchForm(request.GET, process=process, viewer=viewer)
    form.is_valid()  # a field that does not validate is shown with its error and left out
    values = form.cleaned_data
    page = values.get("page") or 1
    results = search.search(
        viewer,
        process,
        values.get("q") or "",
        objective=values.get("objective"),
        statement_type=values.get("type") or None,
        country=values.get("country") or None,
        event=values.get("event"),
        lang=values.get("lang") or None,
        constituency=values.get("constituency") or None,
        confirmed=values.get("confirmed"),
        limit=PER_PAGE,
        offset=(page - 1) * PER_PAGE,
    )
    base_query = request.GET.copy()
    base_query.pop("page", None)
    return render(
        request,
        "intake/search.html",
        {
            "process": process,
            "form": form,
            "results": results,
            "page_number": page,
            "previous_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if results.has_next else None,
            "base_query": base_query.urlencode(),
        },
    )
