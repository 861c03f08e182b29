"""Taking files in: kept as sent, recognised when sent again, refused when bad, read and
cut into tagged key messages that remember their page and paragraph."""

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from gcmreview.audit.models import AuditEntry
from gcmreview.intake import ingest
from gcmreview.intake.models import Document, DocumentText, KeyMessage
from gcmreview.intake.tasks import read_document, tag_document
from gcmreview.intake.tests.files import sample_docx, sample_pdf, scanned_pdf
from gcmreview.participation.operations import Refused

REPORT = "\n".join([
    "# Key messages of the consultation",
    "",
    "1. Participants from Jordan and Lebanon described community placements for migrant "
    "children that replaced immigration detention.",
    "2. Member States recommended lowering the cost of sending remittances, which still "
    "exceeds five percent on the main corridors from the Gulf to Egypt.",
    "- Trade unions asked that recruitment fees paid by workers be abolished and passports "
    "never be confiscated.",
])  # fmt: skip


@pytest.fixture
def secretariat(review_world):
    return review_world.people["secretariat"]


def _receive(world, actor, data: bytes, name="report.md", **kwargs):
    return ingest.receive_file(
        actor, world.process, name=name, data=data, kind="summary_report",
        event=world.open_event, queue=False, **kwargs,
    )  # fmt: skip


def test_a_file_is_kept_unchanged_with_its_checksum(review_world, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = REPORT.encode()
    document = _receive(review_world, secretariat, data).document
    assert document.checksum == hashlib.sha256(data).hexdigest()
    with document.file.open("rb") as handle:
        assert handle.read() == data
    assert document.status == Document.Status.RECEIVED
    assert AuditEntry.objects.filter(action="document.received", target_id=str(document.pk))


def test_the_same_file_sent_again_is_recognised(review_world, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first = _receive(review_world, secretariat, REPORT.encode())
    again = _receive(review_world, secretariat, REPORT.encode(), name="copy.md")
    assert first.new and not again.new
    assert again.document == first.document
    assert Document.objects.filter(checksum=first.document.checksum).count() == 1


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("report.docx", b"%PDF-1.7 not a word file", ".docx"),
        ("../../etc/passwd.txt", b"", "empty"),
        ("report.exe", b"MZ\x90\x00", "exe"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_written(
    review_world, secretariat, settings, tmp_path, name, data, reason
):
    settings.MEDIA_ROOT = tmp_path
    before = (Document.objects.count(), AuditEntry.objects.count())
    with pytest.raises(Refused):
        _receive(review_world, secretariat, data, name=name)
    assert (Document.objects.count(), AuditEntry.objects.count()) == before
    assert not list(tmp_path.rglob("*.*"))


def test_a_person_without_a_role_may_not_send_documents(review_world, django_user_model):
    outsider = django_user_model.objects.create_user("outsider@example.org", password="x" * 14)
    with pytest.raises(Refused):
        _receive(review_world, outsider, REPORT.encode())


def test_reading_cuts_tagged_key_messages_with_paragraphs_and_countries(
    review_world, secretariat, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    document = _receive(review_world, secretariat, REPORT.encode(),
                        authors=[review_world.union]).document  # fmt: skip
    seen = []
    ingest.read_and_tag(document, progress=lambda percent, what: seen.append(percent))
    document.refresh_from_db()
    assert document.status == Document.Status.READY and document.progress == 100
    assert seen[-1] == 100 and seen == sorted(seen)
    messages = list(document.key_messages.order_by("position"))
    assert len(messages) == 4  # the heading and three points
    detention, remittances, recruitment = messages[1:]
    assert {c.code for c in detention.countries.all()} == {"JO", "LB"}
    assert detention.tags.order_by("-score").first().objective == 13
    assert remittances.tags.order_by("-score").first().objective == 20
    assert recruitment.tags.order_by("-score").first().objective == 6
    assert [m.paragraph for m in messages] == [1, 2, 3, 4]
    assert all(m.constituency == "trade_unions" and m.lang == "en" for m in messages)
    assert all(m.visibility == document.visibility and m.search_terms for m in messages)
    assert DocumentText.objects.get(document=document).version == 1


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_key_messages_of_a_pdf_remember_their_page(lang, review_world, secretariat, settings,
                                                   tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    document = _receive(review_world, secretariat, sample_pdf(lang), name="report.pdf").document
    ingest.read_and_tag(document)
    pages = set(document.key_messages.values_list("page", flat=True))
    assert pages == {1, 2}
    assert set(document.key_messages.values_list("lang", flat=True)) == {lang}


def test_a_word_file_in_arabic_is_read_and_tagged(review_world, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = _receive(review_world, secretariat, sample_docx("ar"), name="تقرير.docx").document
    ingest.read_and_tag(document)
    document.refresh_from_db()
    assert document.status == Document.Status.READY
    assert document.key_messages.filter(lang="ar").exists()


def test_a_scan_without_text_is_kept_and_flagged_needs_ocr(review_world, secretariat, settings,
                                                          tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    document = _receive(review_world, secretariat, scanned_pdf(), name="scan.pdf").document
    ingest.read_and_tag(document)
    document.refresh_from_db()
    assert document.status == Document.Status.NEEDS_OCR
    assert "OCR" in document.problem
    assert document.file and not document.key_messages.exists()


def test_reading_again_keeps_the_old_text_version(review_world, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = _receive(review_world, secretariat, REPORT.encode()).document
    ingest.read_and_tag(document)
    ingest.read_and_tag(document)
    assert list(document.texts.values_list("version", flat=True)) == [2, 1]
    assert set(document.key_messages.values_list("text_version", flat=True)) == {2}


def test_an_upload_through_the_page_is_queued_and_read_as_a_task(
    client, review_world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(review_world.people["stakeholder"])
    upload = tmp_path / "contribution.md"
    upload.write_text(REPORT, encoding="utf-8")
    with upload.open("rb") as handle, django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("upload", args=[review_world.process.slug]),
            {"files": handle, "kind": "stakeholder_submission", "visibility": "public",
             "event": review_world.open_event.pk},
        )  # fmt: skip
    document = Document.objects.get(original_name="contribution.md")
    assert response.status_code == 302
    assert response["Location"] == reverse("document", args=[review_world.process.slug,
                                                             document.pk])  # fmt: skip
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page  # the page follows the reading
    # The upload queued the reading for the worker; run that task as the worker would (the
    # worker itself is started and stopped by `gcmreview serve`, see tests/test_serve.py).
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "gcmreview.intake.tasks.read_document"
    assert queued.args_kwargs["args"] == [document.pk]
    read_document.call(*queued.args_kwargs["args"])
    document.refresh_from_db()
    assert document.status == Document.Status.TAGGING
    assert KeyMessage.objects.filter(document=document, awaiting_tags=True).count() == 4
    # Reading queued the tagging, behind any other document's reading.
    tagging = DBTaskResult.objects.exclude(pk=queued.pk).get()
    assert tagging.task_path == "gcmreview.intake.tasks.tag_document"
    assert tagging.priority < queued.priority
    tag_document.call(*tagging.args_kwargs["args"])
    document.refresh_from_db()
    assert document.status == Document.Status.READY
    assert not KeyMessage.objects.filter(document=document, awaiting_tags=True).exists()
    assert KeyMessage.objects.filter(document=document).count() == 4
    progress_url = reverse("document-progress", args=[review_world.process.slug, document.pk])
    progress = client.get(progress_url).content.decode()
    assert "hx-trigger" not in progress and "100%" in progress


def test_the_ingest_command_prints_what_it_took_in(review_world, tmp_path, settings, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    good = tmp_path / "report.md"
    good.write_text(REPORT, encoding="utf-8")
    bad = tmp_path / "report.docx"
    bad.write_bytes(b"%PDF-1.7 not a word file")
    with pytest.raises(CommandError) as refused:
        call_command("ingest", str(good), str(bad), "--process", review_world.process.slug,
                     "--event", review_world.closed.key, "--kind", "summary_report")  # fmt: skip
    out, err = capsys.readouterr()
    assert "1 file(s) not taken in" in str(refused.value)
    assert "report.md: document" in out and "100%" in out and "4 key message(s)" in out
    assert "report.docx: refused" in err
