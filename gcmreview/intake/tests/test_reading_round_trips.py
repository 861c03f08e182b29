"""PDFs set by WeasyPrint and Word files written by python-docx, in Arabic, English and
French, come back with their words in logical order, their pages and their list items."""

import io
from functools import cache

import docx
import pytest
from docx.oxml.ns import qn

from gcmreview.intake.reading import _logical_rtl, _unmirror_brackets, read_document
from gcmreview.intake.tests.files import (
    SAMPLES,
    TABLE_CELLS,
    docx_bytes,
    pdf_from_html,
    sample_docx,
    sample_pdf,
    sample_text,
    share_of_words_in_order,
    words,
)

LANGS = ["ar", "en", "fr"]

pdf = cache(sample_pdf)  # WeasyPrint takes a second a file: make each sample once


def expected_paragraphs(lang: str) -> list[str]:
    s = SAMPLES[lang]
    return [
        s["title"],
        *s["paragraphs"],
        *(f"• {item}" for item in s["bullets"]),
        *(f"{n}. {item}" for n, item in enumerate(s["recommendations"], start=1)),
        *s["second_page"],
    ]


def test_the_word_order_measure_catches_text_read_in_visual_order():
    text = sample_text("ar")
    visual = " ".join(reversed(words(text)))
    assert share_of_words_in_order(text, text) == 1.0
    assert share_of_words_in_order(text, visual) < 0.2


@pytest.mark.parametrize("lang", LANGS)
def test_a_pdf_comes_back_with_at_least_95_percent_of_its_words_in_order(lang):
    extracted = read_document(pdf(lang), "pdf")
    assert extracted.file_type == "pdf"
    assert not extracted.needs_ocr
    assert extracted.extractor.startswith("pypdfium2 ")
    assert share_of_words_in_order(sample_text(lang), extracted.text) >= 0.95


@pytest.mark.parametrize("lang", LANGS)
def test_a_two_page_pdf_puts_each_paragraph_on_its_page(lang):
    extracted = read_document(pdf(lang), "pdf")
    assert [page.number for page in extracted.pages] == [1, 2]
    assert extracted.pages[0].paragraphs[0] == SAMPLES[lang]["title"]
    assert extracted.pages[1].paragraphs == SAMPLES[lang]["second_page"]


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_list_items_and_numbered_recommendations_are_paragraphs_of_their_own(lang):
    extracted = read_document(pdf(lang), "pdf")
    paragraphs = extracted.pages[0].paragraphs + extracted.pages[1].paragraphs
    assert paragraphs == expected_paragraphs(lang)
    assert extracted.paragraph_count == len(expected_paragraphs(lang))


def test_an_arabic_pdf_line_keeps_its_tanwin_percentages_and_brackets_in_logical_order():
    lines = [
        "أولاً: تعزيز الحوار الإقليمي بين الدول.",
        "ارتفعت النسبة إلى 45.5% عام 2023 مقارنة بـ 30% عام 2020.",
        "انظر الأهداف 5 و6 و7 من الاتفاق [الفقرة 12] (الهدف 16).",
        "قال أحد المشاركين: «لا تنمية دون حماية».",
        "مَن يَحمي المُهاجِرين؟ سؤالٌ طُرِح مراراً.",
    ]
    data = pdf_from_html("".join(f"<p>{line}</p>" for line in lines), lang="ar")
    assert read_document(data, "pdf").pages[0].paragraphs == lines


def test_a_long_pdf_paragraph_is_one_paragraph_with_hyphenated_words_joined():
    text = " ".join(SAMPLES["en"]["paragraphs"])
    data = pdf_from_html(f'<p lang="en" style="hyphens: auto; width: 5cm">{text}</p>')
    assert read_document(data, "pdf").pages[0].paragraphs == [text]


def test_pdf_text_in_two_columns_is_read_column_after_column():
    paragraphs = SAMPLES["fr"]["paragraphs"]
    body = (
        '<div style="columns: 2; column-gap: 1cm">'
        + "".join(f"<p>{p}</p>" for p in paragraphs * 2)
        + "</div>"
    )
    extracted = read_document(pdf_from_html(body, lang="fr"), "pdf")
    assert share_of_words_in_order("\n".join(paragraphs * 2), extracted.text) >= 0.95


@pytest.mark.parametrize("lang", LANGS)
def test_a_docx_comes_back_with_at_least_95_percent_of_its_words_in_order(lang):
    extracted = read_document(sample_docx(lang), "docx")
    assert extracted.file_type == "docx"
    assert extracted.extractor.startswith("python-docx ")
    assert share_of_words_in_order(sample_text(lang), extracted.text) >= 0.95


@pytest.mark.parametrize("lang", LANGS)
def test_docx_list_items_numbers_and_table_cells_are_paragraphs_in_order(lang):
    extracted = read_document(sample_docx(lang), "docx")
    cells = [cell for row in TABLE_CELLS[lang] for cell in row]
    assert [page.number for page in extracted.pages] == [None]
    assert extracted.pages[0].paragraphs == expected_paragraphs(lang) + cells


def test_an_arabic_docx_is_really_right_to_left_and_reads_in_logical_order():
    data = sample_docx("ar", table=False)
    body = docx.Document(io.BytesIO(data)).element.body
    assert len(body.findall(f".//{qn('w:bidi')}")) >= 10
    assert read_document(data, "docx").pages[0].paragraphs == expected_paragraphs("ar")


def test_docx_numbering_follows_word_levels_and_restarts():
    document = docx.Document()
    document.add_paragraph("Expand regular pathways.", style="List Number")
    document.add_paragraph("For seasonal work.", style="List Number 2")
    document.add_paragraph("For students.", style="List Number 2")
    document.add_paragraph("End child detention.", style="List Number")
    document.add_paragraph("Gather better data.", style="List Number")
    paragraphs = read_document(docx_bytes(document), "docx").pages[0].paragraphs
    assert paragraphs[0] == "1. Expand regular pathways."
    assert paragraphs[3:] == ["2. End child detention.", "3. Gather better data."]
    assert paragraphs[1].endswith("For seasonal work.") and paragraphs[1] != "For seasonal work."


def test_docx_text_of_tracked_insertions_and_hyperlinks_is_read_but_deleted_text_is_not():
    document = docx.Document()
    paragraph = document.add_paragraph("Participants ")
    p = paragraph._p
    inserted = p.makeelement(qn("w:ins"), {qn("w:id"): "1", qn("w:author"): "A"})
    run = inserted.makeelement(qn("w:r"), {})
    t = run.makeelement(qn("w:t"), {})
    t.text = "strongly "
    run.append(t)
    inserted.append(run)
    p.append(inserted)
    deleted = p.makeelement(qn("w:del"), {qn("w:id"): "2", qn("w:author"): "A"})
    run = deleted.makeelement(qn("w:r"), {})
    t = run.makeelement(qn("w:delText"), {})
    t.text = "never "
    run.append(t)
    deleted.append(run)
    p.append(deleted)
    paragraph.add_run("agreed.")
    assert read_document(docx_bytes(document), "docx").text == "Participants strongly agreed."


def test_the_arabic_line_fixes_leave_text_already_in_logical_order_alone():
    logical = "أولاً: نسبة 45.5% عام 2024. (الهدف 16) «لا تنمية دون حماية»، مراراً."
    assert _logical_rtl(logical) == logical
    assert _unmirror_brackets(logical) == logical
    assert _unmirror_brackets(")الهدف 16( و]الفقرة 3[") == "(الهدف 16) و[الفقرة 3]"


def test_docx_merged_and_nested_table_cells_are_read_once_in_order():
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Objective 7"
    table.cell(0, 2).text = "Reduce vulnerabilities"
    table.cell(1, 0).text = "Objective 23"
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Inner left"
    inner.cell(0, 1).text = "Inner right"
    table.cell(1, 2).text = "Cooperation"
    paragraphs = read_document(docx_bytes(document), "docx").pages[0].paragraphs
    assert paragraphs == [
        "Objective 7",
        "Reduce vulnerabilities",
        "Objective 23",
        "Inner left",
        "Inner right",
        "Cooperation",
    ]


def test_a_docx_paragraph_with_line_breaks_before_numbers_becomes_one_paragraph_per_item():
    document = docx.Document()
    paragraph = document.add_paragraph("Recommendations:")
    for line in ("1. Expand regular pathways.", "2. End child detention."):
        run = paragraph.add_run()
        run.add_break()
        run.add_text(line)
    assert read_document(docx_bytes(document), "docx").pages[0].paragraphs == [
        "Recommendations:",
        "1. Expand regular pathways.",
        "2. End child detention.",
    ]
