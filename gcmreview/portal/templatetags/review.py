"""Template filters for dates of known precision and texts in three languages."""

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gcmreview.lib.date_spans import DateSpan, Precision
from gcmreview.process.models import Event

register = template.Library()


@register.filter
def span_label(span: DateSpan | None) -> str:
    """A date as precisely as it is known, in the active language: "3–4 July 2024",
    "July 2023", "second half of 2024"."""
    if span is None:
        return ""
    s, e = span.start, span.end
    match span.precision:
        case Precision.DAY:
            return date_format(s, "j F Y")
        case Precision.DAYS:
            if span.is_whole_months:
                return _("%(start)s – %(end)s") % {
                    "start": date_format(s, "F Y"),
                    "end": date_format(e, "F Y"),
                }
            if (s.year, s.month) == (e.year, e.month):
                start = date_format(s, "j")
            elif s.year == e.year:
                start = date_format(s, "j F")
            else:
                start = date_format(s, "j F Y")
            return _("%(start)s – %(end)s") % {"start": start, "end": date_format(e, "j F Y")}
        case Precision.MONTH:
            return date_format(s, "F Y")
        case Precision.QUARTER:
            return _("quarter %(quarter)s of %(year)s") % {
                "quarter": (s.month + 2) // 3,
                "year": s.year,
            }
        case Precision.HALF:
            if s.month == 1:
                return _("first half of %(year)s") % {"year": s.year}
            return _("second half of %(year)s") % {"year": s.year}
        case Precision.YEAR:
            return str(s.year)
    return str(span)


@register.filter
def status_label(value: str) -> str:
    """The translated name of an event status kept in a calendar revision."""
    try:
        return Event.Status(value).label
    except ValueError:
        return value
