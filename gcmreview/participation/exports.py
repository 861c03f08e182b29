"""Participant lists as CSV and XLSX, and certificates of participation as PDF."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from gcmreview.participation.models import Registration


def _rows(registrations) -> tuple[list[str], list[list[str]]]:
    header = [
        _("Name"), _("E-mail address"), _("Organization"), _("Status"), _("Attended"),
        _("Registered at"),
    ]  # fmt: skip
    rows = [
        [
            r.user.get_full_name() or r.user.username,
            r.user.email,
            r.organization.name if r.organization else "",
            r.get_status_display(),
            _("yes") if r.attended else _("no"),
            r.registered_at.strftime("%Y-%m-%d %H:%M"),
        ]
        for r in registrations
    ]
    return header, rows


# A cell starting so is run as a formula by spreadsheet programs; participants choose
# their own names, so such a cell is written as text ("CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def participants_csv(registrations) -> bytes:
    header, rows = _rows(registrations)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(
        [["'" + v if v.startswith(FORMULA_STARTS) else v for v in row] for row in rows]
    )
    # The byte-order mark lets spreadsheet programs read Arabic names correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def participants_xlsx(registrations, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, rows = _rows(registrations)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Participants")[:31]
    sheet.sheet_view.rightToLeft = translation.get_language_bidi()
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            if cell.data_type == "f":  # openpyxl takes "=..." for a formula
                cell.data_type = "s"
    for column, width in zip("ABCDEF", (30, 32, 36, 20, 10, 18), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def shipped_font(weight: int, script: str = "arabic") -> str:
    """A file URL of the font shipped in the package, for WeasyPrint: documents never
    borrow fonts from the machine or fetch them over HTTP."""
    path = finders.find(f"gcmreview/fonts/amiri-{script}-{weight}-normal.woff2")
    return Path(path).as_uri()


def certificate_pdf(registration: Registration) -> bytes:
    """A one-page certificate in the active language, set in the shipped Arabic font."""
    from weasyprint import HTML

    html = render_to_string(
        "participation/certificate.html",
        {
            "r": registration,
            "event": registration.event,
            "process": registration.event.process,
            "font_regular": shipped_font(400),
            "font_bold": shipped_font(700),
            "font_latin": shipped_font(400, "latin"),
            "font_latin_bold": shipped_font(700, "latin"),
        },
    )
    return HTML(string=html).write_pdf()
