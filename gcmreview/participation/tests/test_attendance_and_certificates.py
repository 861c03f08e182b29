"""Attendance is taken by the event's organizers only; a certificate of participation is a
real PDF, for an attended training or workshop, given to the participant (or organizers)."""

import ctypes
import io
import re

import pypdfium2
import pypdfium2.raw as pdfium
import pytest
from fontTools.ttLib import TTFont

from gcmreview.audit.models import AuditEntry
from gcmreview.participation import operations as ops
from gcmreview.participation.models import Registration
from gcmreview.participation.tests.helpers import state, url

ARABIC_TITLE = "ورشة عمل حول الهجرة"


def pdf_text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    return "\n".join(page.get_textpage().get_text_range() for page in document)


ARABIC = re.compile("[\u0600-\u06ff]")


def drawn_with(pdf: bytes) -> list[tuple[str, set[int]]]:
    """Each run of text on the first page, with the characters its embedded font maps."""
    page = pypdfium2.PdfDocument(io.BytesIO(pdf))[0]
    textpage = page.get_textpage()
    runs = []
    for obj in page.get_objects(filter=[pdfium.FPDF_PAGEOBJ_TEXT]):
        length = pdfium.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
        text = (ctypes.c_ushort * (length // 2))()
        pdfium.FPDFTextObj_GetText(obj.raw, textpage.raw, text, length)
        font = pdfium.FPDFTextObj_GetFont(obj.raw)
        size = ctypes.c_size_t()
        pdfium.FPDFFont_GetFontData(font, None, 0, ctypes.byref(size))
        data = (ctypes.c_uint8 * size.value)()
        pdfium.FPDFFont_GetFontData(font, data, size.value, ctypes.byref(size))
        cmap = TTFont(io.BytesIO(bytes(data))).getBestCmap() or {}
        runs.append((bytes(text).decode("utf-16-le").rstrip("\x00"), set(cmap)))
    return runs


def mark(client, actor, registration, attended="yes"):
    client.force_login(actor)
    return client.post(
        url("record-attendance", registration.event.process.slug, registration.pk),
        {"attended": attended},
    )


@pytest.fixture
def seat(w, make_event):
    """A confirmed, not yet attended seat at a workshop of the closed event's workstream."""
    event = make_event("drafting-workshop", workstream=w.workstream)
    return ops.register_participant(w.people["non_invitee"], event, w.process)


# --- attendance ------------------------------------------------------------------------


def test_the_secretariat_marks_a_participant_present(client, w, seat):
    response = mark(client, w.people["secretariat"], seat)
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.attended is True
    entry = AuditEntry.objects.get(action="registration.attendance", target_id=str(seat.pk))
    assert (entry.before["attended"], entry.after["attended"]) == (False, True)


def test_the_lead_of_the_events_workstream_marks_attendance(client, w, seat):
    assert mark(client, w.people["workstream_lead"], seat).status_code == 302
    seat.refresh_from_db()
    assert seat.attended is True


def test_a_mark_of_presence_can_be_taken_back(client, w, seat):
    mark(client, w.people["secretariat"], seat)
    mark(client, w.people["secretariat"], seat, attended="no")
    seat.refresh_from_db()
    assert seat.attended is False


@pytest.mark.parametrize("role", ["stakeholder", "focal_point", "invitee", "non_invitee"])
def test_people_who_do_not_organize_the_event_cannot_mark_attendance(role, client, w, seat):
    before = state()
    response = mark(client, w.people[role], seat)
    assert response.status_code == 403
    assert "Only the event&#x27;s organizers can take attendance." in response.content.decode()
    assert state() == before


def test_a_workstream_lead_cannot_mark_attendance_at_a_closed_event_of_their_workstream(client, w):
    invitee_seat = Registration.objects.get(user=w.people["invitee"], event=w.closed)
    before = state()
    assert mark(client, w.people["workstream_lead"], invitee_seat).status_code == 403
    assert state() == before


def test_a_workstream_lead_cannot_mark_attendance_at_an_event_of_another_workstream(client, w):
    assert w.open_event.workstream != w.workstream
    stakeholder_seat = Registration.objects.get(user=w.people["stakeholder"], event=w.open_event)
    before = state()
    assert mark(client, w.people["workstream_lead"], stakeholder_seat).status_code == 403
    assert state() == before


def test_only_confirmed_participants_can_be_marked_present(w, make_person):
    pending = ops.register_participant(make_person("Waiting"), w.open_event, w.process)
    before = state()
    with pytest.raises(ops.Refused, match="Only confirmed participants"):
        ops.record_attendance(w.people["secretariat"], pending, attended=True)
    assert state() == before


# --- certificates ----------------------------------------------------------------------


def certificate(client, person, registration, lang="en"):
    client.force_login(person)
    slug = registration.event.process.slug
    return client.get(url("certificate", slug, registration.pk, lang=lang))


def test_the_certificate_of_an_attended_workshop_is_a_pdf_with_the_name_and_the_title(client, w):
    person = w.people["stakeholder"]
    person.first_name, person.last_name = "Leila", "Haddad"
    person.save()
    w.workshop.title_en = "Workshop on labour migration statistics"
    w.workshop.save()
    response = certificate(client, person, w.workshop_registration)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert "Leila Haddad" in text
    assert "Workshop on labour migration statistics" in text
    assert "Certificate of participation" in text


def test_the_organizers_may_print_a_participants_certificate(client, w):
    response = certificate(client, w.people["secretariat"], w.workshop_registration)
    assert response.status_code == 200
    assert "stakeholder" in pdf_text(response.content)


def test_the_arabic_certificate_gives_the_name_and_the_title_in_reading_order(client, w):
    person = w.people["stakeholder"]
    person.first_name, person.last_name = "ليلى", "حداد"
    person.save()
    w.workshop.title_ar = ARABIC_TITLE
    w.workshop.save()
    response = certificate(client, person, w.workshop_registration, lang="ar")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert "ليلى حداد" in text
    assert ARABIC_TITLE in text
    assert "1 – 2 مارس 2099" in text  # the date, in Arabic and in reading order
    assert w.process.title_ar in text


def test_the_arabic_certificate_draws_arabic_with_an_arabic_font(client, w):
    # The text read back can be right while the shapes drawn are another font's glyphs:
    # look at the font each run of text is drawn with.
    w.workshop.title_ar = ARABIC_TITLE
    w.workshop.save()
    response = certificate(client, w.people["stakeholder"], w.workshop_registration, lang="ar")
    runs = drawn_with(response.content)
    arabic = [(text, cmap) for text, cmap in runs if ARABIC.search(text)]
    latin = [(text, cmap) for text, cmap in runs if re.search("[A-Za-z]", text)]
    assert arabic and latin
    for text, cmap in arabic:
        assert any(ARABIC.match(chr(c)) for c in cmap), text
    for text, cmap in latin:
        assert any(chr(c).isascii() and chr(c).isalpha() for c in cmap), text
        assert not any(ARABIC.match(chr(c)) for c in cmap), text


def test_a_latin_name_stays_whole_on_the_arabic_certificate(client, w):
    person = w.people["stakeholder"]
    person.first_name, person.last_name = "Leila", "Haddad"
    person.save()
    response = certificate(client, person, w.workshop_registration, lang="ar")
    assert "Leila Haddad" in pdf_text(response.content)


def test_no_certificate_before_attendance_is_recorded(client, w, seat):
    response = certificate(client, w.people["non_invitee"], seat)
    assert response.status_code == 404
    assert response["Content-Type"] != "application/pdf"


def test_no_certificate_for_a_conference(client, w, make_event):
    conference = make_event("regional-conference", kind="review_conference")
    seat = ops.register_participant(w.people["non_invitee"], conference, w.process)
    ops.record_attendance(w.people["secretariat"], seat, attended=True)
    response = certificate(client, w.people["non_invitee"], seat)
    assert response.status_code == 404
    assert response["Content-Type"] != "application/pdf"


def test_a_training_gives_a_certificate_too(client, w, make_event):
    training = make_event("data-training", kind="training", title_en="Data training")
    seat = ops.register_participant(w.people["non_invitee"], training, w.process)
    ops.record_attendance(w.people["secretariat"], seat, attended=True)
    response = certificate(client, w.people["non_invitee"], seat)
    assert response.status_code == 200
    assert "Data training" in pdf_text(response.content)


@pytest.mark.parametrize("role", ["non_invitee", "focal_point", "workstream_lead"])
def test_nobody_gets_another_persons_certificate(role, client, w):
    response = certificate(client, w.people[role], w.workshop_registration)
    assert response.status_code == 403
    assert response["Content-Type"] != "application/pdf"
