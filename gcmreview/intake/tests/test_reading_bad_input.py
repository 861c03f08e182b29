"""Each kind of bad file gets a clear refusal (or, for a scan, a flag), never a silently
empty or half-read text."""

import io
import zipfile

import pytest

from gcmreview.intake.reading import (
    UnreadableFile,
    check_upload,
    check_zip_limits,
    read_document,
    safe_file_name,
)
from gcmreview.intake.tests.files import (
    encrypted_pdf,
    pdf_from_html,
    png_of_a_scanned_page,
    sample_docx,
    scanned_pdf,
    zip_bomb_docx,
)

MB = 1_000_000


def refusal(call, *args, **kwargs) -> UnreadableFile:
    with pytest.raises(UnreadableFile) as caught:
        call(*args, **kwargs)
    return caught.value


def small_pdf() -> bytes:
    return pdf_from_html("<p>Participants called for safer pathways for migrant workers.</p>")


def test_a_corrupt_pdf_is_refused_as_corrupt():
    data = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\n" + bytes(range(256)) * 20
    assert check_upload("report.pdf", data, max_bytes=MB) == ("report.pdf", "pdf")
    error = refusal(read_document, data, "pdf")
    assert error.code == "corrupt"
    assert "damaged" in str(error)


def test_a_truncated_pdf_is_refused_as_corrupt():
    data = small_pdf()
    assert refusal(read_document, data[: len(data) // 2], "pdf").code == "corrupt"


def test_an_encrypted_pdf_is_refused_and_asked_for_without_protection():
    data = encrypted_pdf(small_pdf())
    assert read_document(small_pdf(), "pdf").paragraph_count == 1  # the same PDF, unlocked
    error = refusal(read_document, data, "pdf")
    assert error.code == "encrypted"
    assert "password" in str(error)


def test_a_scanned_pdf_without_text_layer_is_flagged_for_ocr_with_its_pages_kept():
    extracted = read_document(scanned_pdf(pages=2), "pdf")
    assert extracted.needs_ocr
    assert [page.number for page in extracted.pages] == [1, 2]
    assert extracted.paragraph_count == 0
    assert extracted.text == ""


def test_a_pdf_with_a_text_layer_is_not_flagged_for_ocr():
    assert not read_document(small_pdf(), "pdf").needs_ocr


def test_a_docx_zip_bomb_is_refused_before_anything_parses_it():
    data = zip_bomb_docx(unpacked_mib=16)
    assert len(data) < 100_000
    assert refusal(check_upload, "report.docx", data, max_bytes=MB).code == "zip_bomb"
    error = refusal(read_document, data, "docx")
    assert error.code == "zip_bomb"
    assert "unpacks" in str(error)


def test_a_zip_with_too_many_entries_or_too_much_data_is_a_zip_bomb():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(30):
            archive.writestr(f"word/part{n}.xml", "<x/>" * 1000)
    data = out.getvalue()
    check_zip_limits(data)  # within the default limits
    assert refusal(check_zip_limits, data, max_entries=20).code == "zip_bomb"
    assert refusal(check_zip_limits, data, max_unpacked_bytes=50_000).code == "zip_bomb"


def test_an_ordinary_docx_passes_the_zip_bomb_limits():
    check_zip_limits(sample_docx("en"))


def test_a_damaged_docx_is_refused_as_corrupt():
    data = sample_docx("en")
    error = refusal(check_upload, "report.docx", data[:2000], max_bytes=MB)
    assert error.code == "corrupt"
    assert refusal(read_document, data[:2000], "docx").code == "corrupt"


def test_a_docx_with_broken_xml_is_refused_as_corrupt():
    out = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(sample_docx("en")))
    with source, zipfile.ZipFile(out, "w") as copy:
        for item in source.infolist():
            body = source.read(item)
            copy.writestr(item, body[:500] if item.filename == "word/document.xml" else body)
    assert refusal(read_document, out.getvalue(), "docx").code == "corrupt"


def test_a_file_over_the_size_limit_is_refused_with_both_sizes():
    error = refusal(check_upload, "report.pdf", small_pdf() + b" " * 3 * MB, max_bytes=2 * MB)
    assert error.code == "too_large"
    assert "2.0 MB" in str(error)


def test_an_empty_file_is_refused():
    assert refusal(check_upload, "notes.txt", b"", max_bytes=MB).code == "empty"
    assert refusal(check_upload, "notes.txt", b" \n\n ", max_bytes=MB).code == "empty"


def test_pdf_bytes_named_docx_are_refused_as_a_type_mismatch():
    error = refusal(check_upload, "report.docx", small_pdf(), max_bytes=MB)
    assert error.code == "type_mismatch"
    assert ".docx" in str(error) and "PDF" in str(error)


def test_a_png_named_pdf_is_refused_as_a_type_mismatch():
    error = refusal(check_upload, "report.pdf", png_of_a_scanned_page(), max_bytes=MB)
    assert error.code == "type_mismatch"
    assert "PNG" in str(error)


def test_binary_data_named_txt_is_refused_as_a_type_mismatch():
    data = bytes(range(256)) * 10
    assert refusal(check_upload, "notes.txt", data, max_bytes=MB).code == "type_mismatch"
    assert refusal(check_upload, "notes.md", small_pdf(), max_bytes=MB).code == "type_mismatch"
    assert refusal(read_document, data, "txt").code == "type_mismatch"


def test_a_zip_without_a_word_document_is_refused_as_a_type_mismatch():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    error = refusal(check_upload, "report.docx", out.getvalue(), max_bytes=MB)
    assert error.code == "type_mismatch"


def test_an_unsupported_extension_is_refused_with_the_accepted_ones():
    error = refusal(check_upload, "slides.pptx", b"PK\x03\x04 whatever", max_bytes=MB)
    assert error.code == "unsupported"
    assert "PDF, DOCX" in str(error)
    assert refusal(check_upload, "README", b"text", max_bytes=MB).code == "unsupported"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("/var/www/report.pdf", "report.pdf"),
        ("C:\\x\\y.docx", "y.docx"),
        ("a\x00b.txt", "ab.txt"),
        ("notes\r\n.txt", "notes.txt"),
        ("..\\..\\boot.ini.txt", "boot.ini.txt"),
        ("تقرير المشاورة الوطنية.pdf", "تقرير_المشاورة_الوطنية.pdf"),
        ("Synthèse <script>.md", "Synthèse_script.md"),
        ("." * 3 + "hidden.txt", "hidden.txt"),
    ],
)
def test_file_names_keep_only_a_safe_base_name(name, safe):
    assert safe_file_name(name) == safe


@pytest.mark.parametrize("name", ["../../", "C:\\", "\x00", "..", ".pdf", "<>.txt", "   "])
def test_file_names_with_nothing_usable_left_are_refused(name):
    error = refusal(check_upload, name, b"Some text.", max_bytes=MB)
    assert error.code == "bad_name"


def test_a_long_file_name_is_shortened_and_keeps_its_extension():
    name = safe_file_name("a" * 400 + ".docx")
    assert len(name) <= 150
    assert name.endswith(".docx")


def test_a_path_trick_upload_gets_its_safe_name_and_type():
    assert check_upload("../../etc/passwd.pdf", small_pdf(), max_bytes=MB) == ("passwd.pdf", "pdf")
    assert check_upload("C:\\x\\y.docx", sample_docx("fr"), max_bytes=MB) == ("y.docx", "docx")
    assert check_upload("a\x00b.txt", b"Key messages.", max_bytes=MB) == ("ab.txt", "txt")


def test_an_unknown_file_type_is_refused_by_the_reader():
    assert refusal(read_document, b"whatever", "exe").code == "unsupported"


def test_refusal_messages_are_lazy_so_they_are_translated_when_shown():
    from django.utils import translation

    error = refusal(check_upload, "slides.pptx", b"x", max_bytes=MB)
    with translation.override("fr"):
        shown = str(error)
    assert ".pptx" in shown
    assert error.params == {"ext": "pptx"}
