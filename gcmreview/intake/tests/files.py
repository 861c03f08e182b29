"""Real files made inside the tests: PDFs set by WeasyPrint in the shipped Amiri font, Word
files written by python-docx, and the broken files people send by mistake.

The sample texts are short key messages in the style of a consultation summary, written
for these tests."""

from __future__ import annotations

import base64
import difflib
import html
import io
import re
import zipfile
from pathlib import Path

import docx
import pypdf
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from PIL import Image, ImageDraw

from gcmreview.textengine.normalize import normalize_arabic

FONTS = Path(__file__).resolve().parents[2] / "portal" / "static" / "gcmreview" / "fonts"

SAMPLES: dict[str, dict[str, object]] = {
    "ar": {
        "title": "ملخص المشاورة الإقليمية بشأن الهجرة",
        "paragraphs": [
            "أكد المشاركون أن حماية حقوق العمال المهاجرين وأسرهم مسؤولية مشتركة بين بلدان "
            "المنشأ والعبور والمقصد، وأن التعاون الإقليمي شرط لنجاح أي إصلاح في هذا المجال.",
            "وأشارت الوفود إلى أن نسبة العمال المهاجرين في العمل المنزلي تجاوزت 40 في المائة "
            "في بعض البلدان خلال عام 2023، وأن أغلبهم من النساء.",
            "ودعت منظمات المجتمع المدني إلى إشراك المهاجرين أنفسهم في تصميم السياسات "
            "ومتابعة تنفيذها على المستوى المحلي (الهدف 16).",
        ],
        "bullets": [
            "تيسير الوصول إلى العدالة وسبل الانتصاف دون خوف من الترحيل.",
            "خفض تكاليف التحويلات المالية وتشجيع الشمول المالي للأسر.",
        ],
        "recommendations": [
            "توسيع المسارات النظامية للهجرة الدائرية والموسمية.",
            "إنهاء احتجاز الأطفال لأسباب تتعلق بالهجرة.",
            "تعزيز جمع البيانات المصنفة حسب الجنس والعمر والوضع من حيث الهجرة.",
        ],
        "second_page": [
            "وفي الجلسة الختامية، اتفق المشاركون على عرض هذه الرسائل الرئيسية في الاجتماع "
            "الإقليمي المقبل، مع متابعة التقدم المحرز كل سنتين.",
        ],
    },
    "en": {
        "title": "Summary of the regional consultation on migration",
        "paragraphs": [
            "Participants agreed that protecting the rights of migrant workers and their "
            "families is a shared responsibility of countries of origin, transit and "
            "destination, and that regional cooperation is a condition for any reform.",
            "Delegations noted that migrant women make up more than 40 per cent of domestic "
            "workers in several countries in 2023, often without labour protection.",
            "Civil society organizations called for migrants themselves to take part in "
            "designing policies and in following their implementation locally (Objective 16).",
        ],
        "bullets": [
            "Ease access to justice and remedies without fear of deportation.",
            "Lower the cost of remittances and widen financial inclusion for families.",
        ],
        "recommendations": [
            "Expand regular pathways for circular and seasonal migration.",
            "End the immigration detention of children.",
            "Strengthen data disaggregated by sex, age and migration status.",
        ],
        "second_page": [
            "In the closing session, participants agreed to present these key messages at the "
            "next regional meeting and to follow progress every two years.",
        ],
    },
    "fr": {
        "title": "Synthèse de la consultation régionale sur les migrations",
        "paragraphs": [
            "Les participants ont souligné que la protection des droits des travailleurs "
            "migrants et de leur famille est une responsabilité partagée entre pays d’origine, "
            "de transit et de destination, et que la coopération régionale en est la condition.",
            "Les délégations ont relevé qu’en 2023 les femmes représentaient plus de 40 % des "
            "travailleurs domestiques migrants dans plusieurs pays, souvent sans protection.",
            "Les organisations de la société civile ont demandé que les migrants participent "
            "eux-mêmes à l’élaboration des politiques et au suivi de leur mise en œuvre "
            "(objectif 16).",
        ],
        "bullets": [
            "Faciliter l’accès à la justice et aux voies de recours sans crainte d’expulsion.",
            "Réduire le coût des transferts de fonds et élargir l’inclusion financière.",
        ],
        "recommendations": [
            "Élargir les voies de migration régulière, circulaire et saisonnière.",
            "Mettre fin à la rétention administrative des enfants.",
            "Renforcer les données ventilées par sexe, âge et statut migratoire.",
        ],
        "second_page": [
            "Lors de la séance de clôture, les participants sont convenus de présenter ces "
            "messages clés à la prochaine réunion régionale et d’en suivre les progrès.",
        ],
    },
}


def sample_text(lang: str, *, second_page: bool = True) -> str:
    """Every sentence of a sample in reading order, as a reader should get it back."""
    s = SAMPLES[lang]
    parts = [s["title"], *s["paragraphs"], *s["bullets"], *s["recommendations"]]
    if second_page:
        parts += s["second_page"]
    return "\n\n".join(parts)


def words(text: str) -> list[str]:
    """The words of a text, folded so that only their letters and order count."""
    return re.findall(r"\w+", normalize_arabic(text).casefold())


def share_of_words_in_order(expected: str, got: str) -> float:
    """Share of the expected words that come back in the same order (0 to 1)."""
    want, have = words(expected), words(got)
    matcher = difflib.SequenceMatcher(None, want, have, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(len(want), 1)


# --- PDF -----------------------------------------------------------------------------------


def _font_css() -> str:
    # One family per font file: WeasyPrint merges faces that share a family into one PDF
    # font, which then draws digits with Arabic glyphs.
    arabic = (FONTS / "amiri-arabic-400-normal.woff2").as_uri()
    latin = (FONTS / "amiri-latin-400-normal.woff2").as_uri()
    return (
        f'@font-face {{ font-family: "Test Arabic"; src: url("{arabic}"); }}\n'
        f'@font-face {{ font-family: "Test Latin"; src: url("{latin}"); }}\n'
        'body { font-family: "Test Arabic", "Test Latin"; font-size: 12pt; }\n'
        "@page { size: A4; margin: 2cm; }\n"
    )


def pdf_from_html(body: str, *, lang: str = "en") -> bytes:
    """A PDF set by WeasyPrint from an HTML body, right to left for Arabic."""
    from weasyprint import HTML

    direction = "rtl" if lang == "ar" else "ltr"
    page = (
        f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
        f"<style>{_font_css()}</style></head><body>{body}</body></html>"
    )
    return HTML(string=page).write_pdf()


def sample_pdf(lang: str) -> bytes:
    """The sample as a two-page PDF: title, paragraphs, a bulleted list and numbered
    recommendations on page 1, the closing paragraph on page 2."""
    s = SAMPLES[lang]
    e = html.escape
    body = (
        f"<h1>{e(s['title'])}</h1>"
        + "".join(f"<p>{e(p)}</p>" for p in s["paragraphs"])
        + "<ul>" + "".join(f"<li>{e(i)}</li>" for i in s["bullets"]) + "</ul>"
        + "<ol>" + "".join(f"<li>{e(i)}</li>" for i in s["recommendations"]) + "</ol>"
        + '<div style="break-before: page">'
        + "".join(f"<p>{e(p)}</p>" for p in s["second_page"])
        + "</div>"
    )  # fmt: skip
    return pdf_from_html(body, lang=lang)


def encrypted_pdf(pdf: bytes, password: str = "secret") -> bytes:
    """The same PDF, locked with a user password."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_of_a_scanned_page() -> bytes:
    """A PNG that looks like a scanned page: grey lines of 'text', but only pixels."""
    image = Image.new("L", (620, 877), 255)
    draw = ImageDraw.Draw(image)
    for y in range(60, 820, 24):
        draw.rectangle((50, y, 570 - (y * 7) % 120, y + 9), fill=60)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def scanned_pdf(pages: int = 2) -> bytes:
    """A PDF whose pages hold an image of the page and, as text, only a page number (as
    scanning software stamps it)."""
    src = "data:image/png;base64," + base64.b64encode(png_of_a_scanned_page()).decode()
    body = "".join(
        f'<div style="break-before: page"><img src="{src}" style="width: 90%"><p>{n}</p></div>'
        for n in range(1, pages + 1)
    )
    return pdf_from_html(body)


# --- DOCX ----------------------------------------------------------------------------------


def _set_rtl(paragraph) -> None:
    """Mark a paragraph right-to-left as Word does: w:bidi on the paragraph, w:rtl on runs."""
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(p_pr.makeelement(qn("w:bidi"), {}))
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in paragraph.runs:
        r_pr = run._r.get_or_add_rPr()
        r_pr.append(r_pr.makeelement(qn("w:rtl"), {}))


def docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def sample_docx(lang: str, *, table: bool = True) -> bytes:
    """The sample as a Word file: heading, paragraphs, a bulleted and a numbered list, and
    (at the end) a table of two recommendations; Arabic paragraphs are right to left."""
    s = SAMPLES[lang]
    document = docx.Document()
    added = [document.add_heading(s["title"], level=1)]
    added += [document.add_paragraph(p) for p in s["paragraphs"]]
    added += [document.add_paragraph(i, style="List Bullet") for i in s["bullets"]]
    added += [document.add_paragraph(i, style="List Number") for i in s["recommendations"]]
    added += [document.add_paragraph(p) for p in s["second_page"]]
    if lang == "ar":
        for paragraph in added:
            _set_rtl(paragraph)
    if table:
        grid = document.add_table(rows=2, cols=2)
        for row, (left, right) in zip(grid.rows, TABLE_CELLS[lang], strict=True):
            row.cells[0].text = left
            row.cells[1].text = right
            if lang == "ar":
                for cell in row.cells:
                    _set_rtl(cell.paragraphs[0])
    return docx_bytes(document)


TABLE_CELLS = {
    "ar": [("الهدف 5", "توسيع المسارات النظامية"), ("الهدف 13", "بدائل الاحتجاز")],
    "en": [("Objective 5", "Regular pathways"), ("Objective 13", "Alternatives to detention")],
    "fr": [("Objectif 5", "Voies régulières"), ("Objectif 13", "Alternatives à la rétention")],
}


def zip_bomb_docx(unpacked_mib: int = 16) -> bytes:
    """A 'Word file' whose word/document.xml is small packed and huge unpacked."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = b" " * (1024 * 1024)
            for _ in range(unpacked_mib):
                entry.write(chunk)
    return out.getvalue()
