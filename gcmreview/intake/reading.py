"""Reading uploaded files: checking what arrives, then taking its text out, paragraph by
paragraph and page by page.

No database and no models here: the operations that keep documents call these functions
and decide what to store. Guarantees:

- ``check_upload`` either refuses a file with :class:`UnreadableFile` or returns a file name
  that is a bare, safe base name and a file type whose magic bytes match the content.
- ``read_document`` either refuses with :class:`UnreadableFile` or returns an
  :class:`ExtractedText` whose paragraphs are in reading (logical) order, Arabic included,
  each one line of text with white space collapsed, list items and numbered recommendations
  each in a paragraph of their own. A PDF with no text layer comes back with ``needs_ocr``
  set and no paragraphs, never as a silently empty text.
- Nothing executable survives: HTML goes through nh3 before its text is taken, and only
  text is returned.
"""

from __future__ import annotations

import io
import re
import threading
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib.metadata import version
from typing import NoReturn

import docx
import nh3
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from charset_normalizer import from_bytes
from django.core.exceptions import SuspiciousFileOperation
from django.utils.functional import Promise
from django.utils.text import format_lazy, get_valid_filename
from django.utils.translation import gettext_lazy as _
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree
from markdown_it import MarkdownIt

from gcmreview.textengine.segment import segment

__all__ = [
    "FILE_TYPES",
    "ExtractedText",
    "Page",
    "UnreadableFile",
    "check_upload",
    "check_zip_limits",
    "decode_text",
    "read_document",
    "safe_file_name",
    "sanitize_html",
    "split_block",
]

# Extension (lower case, no dot) to file type.
FILE_TYPES = {
    "pdf": "pdf",
    "docx": "docx",
    "txt": "txt",
    "text": "txt",
    "md": "md",
    "markdown": "md",
    "html": "html",
    "htm": "html",
}

# DOCX zip limits. A 300-page report with its pictures unpacks to well under 200 MiB; XML
# compresses about 10:1, rarely beyond 50:1, while a zip bomb reaches 1000:1.
MAX_ZIP_ENTRIES = 5000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ENTRY_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024  # small entries may compress hugely (empty XML parts)

# A PDF page with fewer visible characters than this carries no real text layer (a scan may
# still have a page number or a stamp as text).
MIN_CHARS_PER_PAGE = 20

# Encodings tried for text that is not UTF-8: the single-byte code pages of the review's
# languages. Left open, detection takes short French text for Central European cp1250.
LEGACY_ENCODINGS = ["cp1256", "iso8859_6", "cp1252", "latin_1"]

# Magic bytes of formats people send by mistake, to say what a file really is.
_MAGIC = [
    (b"%PDF-", _("a PDF document")),
    (b"PK\x03\x04", _("a zip archive")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", _("an old Office document (.doc)")),
    (b"\x89PNG\r\n\x1a\n", _("a PNG image")),
    (b"\xff\xd8\xff", _("a JPEG image")),
    (b"GIF8", _("a GIF image")),
    (b"{\\rtf", _("an RTF document")),
]

_pdfium_lock = threading.Lock()  # pdfium is not thread-safe


class UnreadableFile(Exception):
    """A file the review cannot take in; ``code`` says why, ``message`` says it to people."""

    def __init__(self, code: str, message: str | Promise, **params: object) -> None:
        self.code = code
        self.params = params
        # Lazy, so the message is translated when shown, not when the file was read.
        self.message = format_lazy(message, **params) if params else message
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)


@dataclass
class Page:
    """The paragraphs of one page; ``number`` is None for formats without pages."""

    number: int | None
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class ExtractedText:
    """The text taken out of a file, with what took it out and how it was decoded."""

    file_type: str
    pages: list[Page]
    needs_ocr: bool = False
    extractor: str = ""
    encoding: str | None = None

    @property
    def text(self) -> str:
        """All paragraphs in order, separated by blank lines."""
        return "\n\n".join(p for page in self.pages for p in page.paragraphs)

    @property
    def paragraph_count(self) -> int:
        return sum(len(page.paragraphs) for page in self.pages)


# --- Checking an upload ------------------------------------------------------------------


def safe_file_name(name: str) -> str:
    """The base name of ``name`` with no directory, drive, control character or leading dot,
    made of letters (any script), digits, ``-``, ``_`` and ``.``, at most 150 characters
    with its extension kept; "bad_name" when nothing usable is left."""
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    try:
        base = get_valid_filename(base)
    except SuspiciousFileOperation:
        base = ""
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = stem.lstrip(".")  # no hidden files, and ".pdf" has no name at all
    if not stem.strip("._-"):
        raise UnreadableFile(
            "bad_name", _("The file name “{name}” cannot be used."), name=name[:100]
        )
    if not ext:
        return stem[:150]
    return f"{stem[: 150 - len(ext) - 1]}.{ext}"


def _what_it_is(data: bytes) -> Promise | None:
    for magic, label in _MAGIC:
        if data.startswith(magic) or (magic == b"%PDF-" and magic in data[:1024]):
            return label
    return None


def check_upload(name: str, data: bytes, *, max_bytes: int) -> tuple[str, str]:
    """Return (safe file name, file type) for an upload, or raise :class:`UnreadableFile`.

    Refuses files over ``max_bytes`` ("too_large"), empty ones ("empty"), names that leave no
    usable base name ("bad_name"), extensions other than pdf, docx, txt, md and html
    ("unsupported"), and content that is not what the extension says ("type_mismatch"):
    a PDF must start with ``%PDF-``, a DOCX must be a zip holding ``word/document.xml``,
    text must decode as text and hold no binary data. A DOCX that would unpack like a zip
    bomb is refused here already ("zip_bomb"), before anything parses it.
    """
    if len(data) > max_bytes:
        raise UnreadableFile(
            "too_large", _("The file is {size} MB; the limit is {limit} MB."),
            size=_megabytes(len(data)), limit=_megabytes(max_bytes),
        )  # fmt: skip
    safe_name = safe_file_name(name)
    ext = safe_name.rpartition(".")[2].lower() if "." in safe_name else ""
    file_type = FILE_TYPES.get(ext)
    if not ext:
        raise UnreadableFile(
            "unsupported",
            _("The file name has no extension; send PDF, DOCX, TXT, Markdown or HTML."),
        )
    if file_type is None:
        raise UnreadableFile(
            "unsupported",
            _("Files ending in .{ext} are not taken; send PDF, DOCX, TXT, Markdown or HTML."),
            ext=ext,
        )
    if not data.strip():
        raise UnreadableFile("empty", _("The file is empty."))
    if file_type == "pdf":
        if b"%PDF-" not in data[:1024]:
            _mismatch(ext, data)
    elif file_type == "docx":
        if not data.startswith(b"PK"):
            _mismatch(ext, data)
        names = _zip_names(data)
        if "word/document.xml" not in names:
            raise UnreadableFile(
                "type_mismatch", _("The file is named .{ext} but is not a Word document."),
                ext=ext,
            )  # fmt: skip
        check_zip_limits(data)
    else:
        if _what_it_is(data) is not None:
            _mismatch(ext, data)
        decode_text(data, sniff_html=file_type == "html")
    return safe_name, file_type


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}"


def _mismatch(ext: str, data: bytes) -> NoReturn:
    what = _what_it_is(data)
    if what is None:
        raise UnreadableFile(
            "type_mismatch", _("The file is named .{ext} but its content is not of that type."),
            ext=ext,
        )  # fmt: skip
    raise UnreadableFile(
        "type_mismatch", _("The file is named .{ext} but its content is {what}."),
        ext=ext, what=what,
    )  # fmt: skip


def _damaged_word_file() -> UnreadableFile:
    return UnreadableFile("corrupt", _("The Word file is damaged and cannot be opened."))


def _zip_names(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _damaged_word_file() from exc


# --- Reading -------------------------------------------------------------------------------


def read_document(data: bytes, file_type: str) -> ExtractedText:
    """The text of a checked upload, or :class:`UnreadableFile` ("corrupt", "encrypted",
    "zip_bomb", "type_mismatch", "unsupported"). Paragraphs are in logical order; a PDF
    without a text layer returns ``needs_ocr=True`` and no paragraphs."""
    readers = {"pdf": read_pdf, "docx": read_docx, "txt": read_plain_text,
               "md": read_markdown, "html": read_html}  # fmt: skip
    reader = readers.get(file_type)
    if reader is None:
        raise UnreadableFile("unsupported", _("Unknown file type “{type}”."), type=file_type)
    return reader(data)


# Arabic presentation forms and Latin ligatures (ﻻ, ﺍﻟ, ﬁ) come out of some PDFs; NFKC on
# these alone gives the letters back without touching anything else.
_PRESENTATION_FORMS = re.compile("[\ufb00-\ufb06\ufb50-\ufdff\ufe70-\ufefc]+")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _clean(text: str) -> str:
    """One line: presentation forms as letters, no control characters, white space collapsed."""
    text = _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return " ".join(_CONTROLS.sub(" ", text).split())


def _starts_with_list_marker(line: str) -> bool:
    segments = segment(line)
    return bool(segments) and segments[0].kind == "item" and segments[0].start > 0


def split_block(block: str) -> list[str]:
    """Paragraphs of a block of plain text: split on blank lines, and before each line that
    starts with a list marker; the other lines of a paragraph are joined by spaces."""
    out: list[str] = []
    for chunk in re.split(r"\n[ \t\f\v]*\n|\f", block):
        current: list[str] = []
        for line in chunk.split("\n"):
            if current and _starts_with_list_marker(line):
                out.append(_clean(" ".join(current)))
                current = []
            if line.strip():
                current.append(line)
        if current:
            out.append(_clean(" ".join(current)))
    return [p for p in out if p]


# --- PDF -----------------------------------------------------------------------------------


@dataclass
class _Run:
    """Characters pdfium put on one line, in its (logical) order, with their box."""

    order: int
    text: str
    left: float
    bottom: float
    right: float
    top: float
    ends_with_hyphen: bool = False

    @property
    def height(self) -> float:
        return self.top - self.bottom


class _Line:
    """Runs that sit on one line, with the box around them all."""

    def __init__(self, run: _Run) -> None:
        self.runs = [run]
        self.left, self.bottom, self.right, self.top = run.left, run.bottom, run.right, run.top

    def add(self, run: _Run) -> None:
        self.runs.append(run)
        self.left, self.right = min(self.left, run.left), max(self.right, run.right)
        self.bottom, self.top = min(self.bottom, run.bottom), max(self.top, run.top)

    @property
    def height(self) -> float:
        return self.top - self.bottom


HYPHENS = "-\u00ad\u2010"
_RTL_SCRIPT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LTR_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
# pdfium turns right-to-left lines from visual into logical order but leaves a few things
# where the visual order put them; each fix below is safe only inside an Arabic line.
_ARABIC_MARK = "[\u064b-\u065f\u0670\u06d6-\u06ed]"
# A word never starts with a combining mark: a space before one is an artefact.
_SPACE_BEFORE_MARK = re.compile(rf"\s+(?={_ARABIC_MARK})")
# Tanwin after the full stop or colon that follows its letter: "أولا :ً" for "أولاً:".
_MARK_AFTER_PUNCT = re.compile(rf"([\u0620-\u064a])\s*([.:،؛؟!]+)({_ARABIC_MARK}+)")
# A full stop that ends a sentence after a number comes before it ("لعام .2024" for
# "لعام 2024."), as do list markers (".1") and the per cent sign ("%45" for "45%").
_PUNCT_BEFORE_NUMBER = re.compile(r"(?<!\S)([.,:;!؟،؛]+)(\d+(?:[.,]\d+)*)(?=\s|$)")
_PERCENT_BEFORE_NUMBER = re.compile(r"(?<![\w%])%(\d+(?:[.,]\d+)*)")
_BRACKET_PAIRS = ("()", "[]", "{}", "«»")


def _logical_rtl(text: str) -> str:
    """The visual-order artefacts of an Arabic line put right; logical text is left alone."""
    text = _SPACE_BEFORE_MARK.sub("", text)
    text = _MARK_AFTER_PUNCT.sub(r"\1\3\2", text)
    text = _PUNCT_BEFORE_NUMBER.sub(r"\2\1", text)
    return _PERCENT_BEFORE_NUMBER.sub(r"\1%", text)


def _unmirror_brackets(text: str) -> str:
    """Brackets and guillemets of an Arabic paragraph keep the shape they were drawn with,
    which is mirrored: ")الهدف 16(". A pair is swapped where the paragraph shows it: its
    first bracket closes or its last one opens. A paragraph read right is left alone."""
    for opening, closing in _BRACKET_PAIRS:
        found = [ch for ch in text if ch == opening or ch == closing]
        if found and (found[0] == closing or found[-1] == opening):
            text = text.translate(str.maketrans(opening + closing, closing + opening))
    return text


def _is_rtl(text: str) -> bool:
    return len(_RTL_SCRIPT.findall(text)) > len(_LTR_LETTER.findall(text))


def read_pdf(data: bytes) -> ExtractedText:
    """Text of each page of a PDF in reading order, paragraphs rebuilt from the lines'
    geometry. Encrypted → "encrypted", unreadable → "corrupt". When fewer than half the
    pages carry text (``MIN_CHARS_PER_PAGE`` visible characters), ``needs_ocr`` is set and
    no page has paragraphs; in a PDF that is mostly text, an image-only page comes back
    as a page without paragraphs."""
    with _pdfium_lock:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
                raise UnreadableFile(
                    "encrypted",
                    _("The PDF is protected by a password; send a copy without protection."),
                ) from exc
            raise UnreadableFile("corrupt", _("The PDF is damaged and cannot be read.")) from exc
        try:
            runs_by_page = []
            for index in range(len(document)):
                page = document[index]
                textpage = page.get_textpage()
                runs_by_page.append(_page_runs(textpage))
                textpage.close()
                page.close()
        except pdfium.PdfiumError as exc:
            raise UnreadableFile("corrupt", _("The PDF is damaged and cannot be read.")) from exc
        finally:
            document.close()

    extractor = f"pypdfium2 {version('pypdfium2')}"
    with_text = sum(
        1 for runs in runs_by_page
        if sum(len(r.text.replace(" ", "")) for r in runs) >= MIN_CHARS_PER_PAGE
    )  # fmt: skip
    if not runs_by_page or with_text * 2 < len(runs_by_page):
        # Mostly scanned: half a text layer would pass for the whole document.
        return ExtractedText(
            "pdf", [Page(n, []) for n in range(1, len(runs_by_page) + 1)], needs_ocr=True,
            extractor=extractor,
        )  # fmt: skip
    pages = [
        Page(number, _paragraphs_from_lines(_lines(runs)))
        for number, runs in enumerate(runs_by_page, start=1)
    ]
    return ExtractedText("pdf", pages, extractor=extractor)


def _page_runs(textpage: pdfium.PdfTextPage) -> list[_Run]:
    """Split pdfium's character list at the line breaks it generates; keep each piece's box
    (the loose, font-sized box, so that the lines of one paragraph touch)."""
    runs: list[_Run] = []
    chars: list[tuple[str, tuple[float, float, float, float] | None, bool]] = []

    def flush() -> None:
        text = "".join(c[0] for c in chars).strip()
        boxes = [c[1] for c in chars if c[1] is not None]
        if text and boxes:
            last = next(c for c in reversed(chars) if not c[0].isspace())
            runs.append(_Run(
                order=len(runs), text=text,
                left=min(b[0] for b in boxes), bottom=min(b[1] for b in boxes),
                right=max(b[2] for b in boxes), top=max(b[3] for b in boxes),
                ends_with_hyphen=last[2],
            ))  # fmt: skip
        chars.clear()

    count = textpage.count_chars()
    rect = pdfium_c.FS_RECTF()
    i = 0
    while i < count:
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        if code in (0x0D, 0x0A):
            flush()
            i += 1
            continue
        if 0xD800 <= code < 0xDC00 and i + 1 < count:  # a surrogate pair: one character
            low = pdfium_c.FPDFText_GetUnicode(textpage, i + 1)
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        ch = chr(code) if 0 < code < 0x110000 else ""
        if ch == "\x02":  # pdfium's mark for a hyphen that breaks a word at the line's end
            ch = "-"
        box = None
        if ch and not ch.isspace() and pdfium_c.FPDFText_GetLooseCharBox(textpage, i, rect):
            if rect.right > rect.left or rect.top > rect.bottom:
                box = (rect.left, rect.bottom, rect.right, rect.top)
        # pdfium flags a hyphen that breaks a word at a line's end; typesetters that
        # hyphenate (WeasyPrint, Word) use U+2010 or the soft hyphen, which only break words.
        breaks_word = ch in HYPHENS and (
            ch != "-" or code == 0x02 or bool(pdfium_c.FPDFText_IsHyphen(textpage, i))
        )
        chars.append((ch, box, breaks_word))
        i += 2 if code > 0xFFFF else 1
    flush()
    return runs


def _lines(runs: list[_Run]) -> list[_Line]:
    """Pieces that pdfium put on lines of their own though they sit on one line joined into
    it, in reading order: list markers, which WeasyPrint and others draw after the text,
    and pieces of one line drawn apart. Columns stay apart: a long piece joins only a line
    it almost touches."""
    lines: list[_Line] = []
    for run in runs:
        home = None
        for line in reversed(lines):
            overlap = min(line.top, run.top) - max(line.bottom, run.bottom)
            gap = max(run.left - line.right, line.left - run.right)
            height = max(line.height, run.height)
            near = 1.5 * height if len(run.text) <= 6 else 0.3 * height
            if overlap > 0.6 * min(line.height, run.height) and -0.5 < gap < near:
                home = line
                break
        if home is None:
            lines.append(_Line(run))
        else:
            home.add(run)
    for line in lines:
        rtl = _is_rtl("".join(r.text for r in line.runs))
        line.runs.sort(key=lambda r: -r.right if rtl else r.left)
    return lines


def _line_text(line: _Line) -> str:
    text = " ".join(r.text for r in line.runs)
    return _logical_rtl(text) if _is_rtl(text) else text


_BULLETS = "•▪◦‣·-–—*"
_ENDS_CLAUSE = ".:;!?؟؛…"


def _paragraphs_from_lines(lines: list[_Line]) -> list[str]:
    """A new paragraph starts after a vertical gap of more than a quarter of a line's height,
    at a change of font size (a heading), where the text goes up the page (a new column),
    and at a list item. A word broken at a line's end is joined."""
    paragraphs: list[str] = []
    current = ""
    previous: _Line | None = None
    widest = max((line.right - line.left for line in lines), default=0.0)
    for line in lines:
        text = _line_text(line)
        if previous is not None:
            gap = previous.bottom - line.top
            height = min(previous.height, line.height) or 1.0
            if (
                gap > 0.25 * height
                or line.top > previous.top  # up the page: another column or a sidebar
                or abs(previous.height - line.height) > 0.15 * height
                or _starts_list_item(previous, current, line, text, widest)
            ):
                paragraphs.append(current)
                current = ""
            elif previous.runs[-1].ends_with_hyphen:
                current = current.rstrip(HYPHENS) + text
                previous = line
                continue
        current = f"{current} {text}" if current else text
        previous = line
    paragraphs.append(current)
    return [_unmirror_brackets(p) if _is_rtl(p) else p for p in map(_clean, paragraphs) if p]


def _starts_list_item(previous: _Line, before: str, line: _Line, text: str, widest: float) -> bool:
    """Whether a line that starts with a list marker starts an item rather than continuing
    a sentence that happens to wrap before "16)." or "a.": a bullet always does; a number
    or letter does after a line that ends a clause, stops short of the full width, or
    starts elsewhere (items hang their continuation lines)."""
    if not _starts_with_list_marker(text):
        return False
    if text[0] in _BULLETS:
        return True
    rtl = _is_rtl(text)
    starts_elsewhere = (
        abs(previous.right - line.right) > 2 if rtl else abs(previous.left - line.left) > 2
    )
    return (
        before.rstrip().endswith(tuple(_ENDS_CLAUSE))
        or previous.right - previous.left < 0.85 * widest
        or starts_elsewhere
    )


# --- DOCX ----------------------------------------------------------------------------------


def check_zip_limits(
    data: bytes,
    *,
    max_entries: int = MAX_ZIP_ENTRIES,
    max_unpacked_bytes: int = MAX_UNPACKED_BYTES,
    max_ratio: int = MAX_ENTRY_RATIO,
) -> None:
    """Refuse a zip ("zip_bomb") with too many entries, too large once unpacked, or with an
    entry that expands more than ``max_ratio`` times; "corrupt" if it is no readable zip.

    Uses only the sizes in the zip directory: reading an entry through :mod:`zipfile`
    never yields more than its declared size (a lie there fails the CRC check)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _damaged_word_file() from exc
    bomb = UnreadableFile(
        "zip_bomb", _("The Word file unpacks to far more data than any document holds.")
    )
    if len(infos) > max_entries:
        raise bomb
    if sum(info.file_size for info in infos) > max_unpacked_bytes:
        raise bomb
    for info in infos:
        if info.file_size > RATIO_CHECKED_FROM and info.file_size > max_ratio * max(
            info.compress_size, 1
        ):
            raise bomb


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Parts of a paragraph whose text is not part of its reading: properties, deleted text,
# field codes, text boxes (read nowhere for now) and the old-format copy of drawings.
_SKIPPED = {f"{_W}pPr", f"{_W}rPr", f"{_W}del", f"{_W}instrText", f"{_W}txbxContent",
            _MC_FALLBACK}  # fmt: skip


def read_docx(data: bytes) -> ExtractedText:
    """Paragraphs of a Word file in document order: body paragraphs (right-to-left ones
    included, their text is stored in logical order), list items with their number or
    bullet, and the paragraphs of each table cell, row by row. Zip limits are checked first."""
    check_zip_limits(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, ValueError,
            OSError) as exc:  # fmt: skip
        raise _damaged_word_file() from exc
    numbering = _Numbering(document)
    paragraphs: list[str] = []
    for p in _docx_paragraphs(document.element.body):
        text = "".join(_paragraph_text(p))
        marker = numbering.marker(p)
        for i, part in enumerate(split_block(text)):
            paragraphs.append(f"{marker} {part}" if marker and i == 0 else part)
    return ExtractedText(
        "docx", [Page(None, paragraphs)], extractor=f"python-docx {version('python-docx')}"
    )


def _docx_paragraphs(container) -> Iterator:
    """w:p elements in reading order, descending into tables (row by row, each merged cell
    once) and content controls."""
    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            yield child
        elif child.tag == f"{_W}tbl":
            for row in child.iterchildren(f"{_W}tr"):
                for cell in row.iterchildren(f"{_W}tc"):
                    yield from _docx_paragraphs(cell)
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            yield from _docx_paragraphs(child)


def _paragraph_text(element) -> Iterator[str]:
    for child in element.iterchildren():
        tag = child.tag
        if tag in _SKIPPED:
            continue
        if tag == f"{_W}t":
            yield child.text or ""
        elif tag == f"{_W}tab":
            yield "\t"
        elif tag in (f"{_W}br", f"{_W}cr"):
            yield "\n"
        elif tag == f"{_W}noBreakHyphen":
            yield "-"
        else:
            yield from _paragraph_text(child)


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            s = chr(ord("a") + r) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = ""
        for value, letters in _ROMAN:
            while n >= value:
                s, n = s + letters, n - value
        return s.upper() if fmt == "upperRoman" else s
    return str(n)


class _Numbering:
    """Word's automatic list numbers, which are not in the paragraph's text: "3." or "b)"
    for numbered lists, "•" for bullets; counted per list and level as Word does."""

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        self.style_numbering: dict[str, tuple[str, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {
            a.get(f"{_W}abstractNumId"): a for a in numbering.iterchildren(f"{_W}abstractNum")
        }
        for num in numbering.iterchildren(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            definition = abstract.get(ref.get(f"{_W}val")) if ref is not None else None
            if definition is None:
                continue
            for lvl in definition.iterchildren(f"{_W}lvl"):
                self.levels[(num.get(f"{_W}numId"), _int(lvl.get(f"{_W}ilvl"), 0, 8))] = (
                    _val(lvl, "numFmt", "decimal"),
                    _val(lvl, "lvlText", ""),
                    _int(_val(lvl, "start", "1"), 1, 10_000),
                )
        for style in document.styles.element.iterchildren(f"{_W}style"):
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                self.style_numbering[style.get(f"{_W}styleId")] = (
                    _val(num_pr, "numId", "0"),
                    _int(_val(num_pr, "ilvl", "0"), 0, 8),
                )

    def marker(self, p) -> str:
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        if num_pr is not None:
            num_id, level = _val(num_pr, "numId", "0"), _int(_val(num_pr, "ilvl", "0"), 0, 8)
        else:
            style = p.find(f"{_W}pPr/{_W}pStyle")
            found = self.style_numbering.get(style.get(f"{_W}val")) if style is not None else None
            if found is None:
                return ""
            num_id, level = found
        if (num_id, level) not in self.levels:
            return ""
        fmt, _text, _start = self.levels[(num_id, level)]
        if fmt == "bullet":
            return "•"
        if fmt == "none":
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        text = self.levels[(num_id, level)][1] or f"%{level + 1}."

        def number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            k_fmt, _t, k_start = self.levels.get((num_id, k), ("decimal", "", 1))
            return _format_number(k_start - 1 + max(counters[k], 1), k_fmt)

        return re.sub(r"%([1-9])", number, text).strip()


def _int(value: str | None, default: int, most: int) -> int:
    """A level (0 to 8) or start number from the XML; a broken one must not lose the text."""
    try:
        return min(max(int(value or default), 0), most)
    except ValueError:
        return default


def _val(element, tag: str, default: str) -> str:
    child = element.find(f"{_W}{tag}")
    if child is None:
        return default
    return child.get(f"{_W}val", default)


# --- Plain text, Markdown, HTML --------------------------------------------------------------

_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]


def decode_text(data: bytes, *, sniff_html: bool = False) -> tuple[str, str]:
    """(text, encoding) of a text file: a byte order mark first, then strict UTF-8, then a
    declared ``<meta charset>`` for HTML, then detection among the Arabic and Western
    single-byte code pages. Newlines come back as ``\\n``. Binary data → "type_mismatch"."""
    text = encoding = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data.decode(name), name
            except UnicodeDecodeError:
                pass
            break
    if text is None and b"\x00" in data:
        _not_text()
    if text is None:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    if text is None and sniff_html:
        m = _HTML_CHARSET.search(data[:4096])
        if m:
            try:
                name = m.group(1).decode("ascii")
                text, encoding = data.decode(name), name.lower()
            except (LookupError, UnicodeDecodeError):
                pass
    if text is None:
        best = from_bytes(data, cp_isolation=LEGACY_ENCODINGS).best()
        if best is None:
            _not_text()
        text, encoding = str(best), best.encoding
    assert text is not None and encoding is not None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    odd = sum(
        1 for ch in text
        if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\n\t\f\v"
    )  # fmt: skip
    if odd > max(2, len(text) // 100):
        _not_text()
    return text, encoding


def _not_text() -> NoReturn:
    raise UnreadableFile("type_mismatch", _("The file does not contain readable text."))


def read_plain_text(data: bytes) -> ExtractedText:
    """Paragraphs of a text file: split on blank lines, each list item on its own."""
    text, encoding = decode_text(data)
    return ExtractedText(
        "txt", [Page(None, split_block(text))],
        extractor=f"charset-normalizer {version('charset-normalizer')}", encoding=encoding,
    )  # fmt: skip


def read_markdown(data: bytes) -> ExtractedText:
    """Paragraphs of a Markdown file with the markup taken off: headings, paragraphs, list
    items (with their bullet or number), table cells, quotes and code blocks."""
    text, encoding = decode_text(data)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    paragraphs: list[str] = []
    marker = ""
    ordered: list[bool] = []
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            ordered.append(token.type == "ordered_list_open")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            ordered.pop()
        elif token.type == "list_item_open":
            number = f"{token.info}{token.markup}" if ordered and ordered[-1] else "•"
            marker = number
        elif token.type == "inline":
            parts = split_block(_inline_text(token))
            for i, part in enumerate(parts):
                paragraphs.append(f"{marker} {part}" if marker and i == 0 else part)
            marker = ""
        elif token.type in ("fence", "code_block"):
            paragraphs.extend(split_block(token.content))
        elif token.type == "html_block":
            paragraphs.extend(_html_paragraphs(token.content))
    return ExtractedText(
        "md", [Page(None, paragraphs)],
        extractor=f"markdown-it-py {version('markdown-it-py')}", encoding=encoding,
    )  # fmt: skip


def _inline_text(token) -> str:
    out: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            out.append(_inline_text(child))
    return "".join(out)


def read_html(data: bytes) -> ExtractedText:
    """Paragraphs of an HTML file once nh3 has removed everything executable: the text of
    headings, paragraphs, list items, table cells and other blocks; no script or style."""
    text, encoding = decode_text(data, sniff_html=True)
    return ExtractedText(
        "html", [Page(None, _html_paragraphs(text))],
        extractor=f"nh3 {version('nh3')} + html.parser", encoding=encoding,
    )  # fmt: skip


# Blocks whose start or end closes the text before them as a paragraph.
_BLOCKS = frozenset(
    """address article aside blockquote caption dd details div dl dt figcaption figure footer
    form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot
    th thead tr ul""".split()
)
# nh3 keeps these (with no attribute at all) and drops script, style and everything else,
# with the content of script and style.
_KEPT_TAGS = _BLOCKS | {"a", "abbr", "b", "br", "cite", "code", "em", "i", "q", "s", "small",
                        "span", "strong", "sub", "sup", "u", "mark", "time"}  # fmt: skip


def sanitize_html(html: str) -> str:
    """The HTML with no script, style, event handler, link, image, frame or any attribute
    but a list's start number; script, style and the page title lose their text too."""
    return nh3.clean(
        html, tags=set(_KEPT_TAGS), clean_content_tags={"script", "style", "title", "noscript"},
        attributes={"ol": {"start"}}, link_rel=None, strip_comments=True,
    )  # fmt: skip


class _BlockText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.buffer: list[str] = []
        self.lists: list[list[int] | None] = []  # a counter per open <ol>, None for <ul>

    def flush(self) -> None:
        self.paragraphs.extend(split_block("".join(self.buffer)))
        self.buffer = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _BLOCKS:
            self.flush()
        if tag == "ol":
            start = dict(attrs).get("start") or "1"
            self.lists.append([int(start) - 1 if start.isdigit() else 0])
        elif tag == "ul":
            self.lists.append(None)
        elif tag == "li":
            counter = self.lists[-1] if self.lists else None
            if counter is None:
                self.buffer.append("• ")
            else:
                counter[0] += 1
                self.buffer.append(f"{counter[0]}. ")
        elif tag == "br":
            self.buffer.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.flush()
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()

    def handle_data(self, data: str) -> None:
        # White space in HTML collapses; line breaks in the source are not breaks.
        self.buffer.append(re.sub(r"\s+", " ", data))


def _html_paragraphs(html: str) -> list[str]:
    parser = _BlockText()
    parser.feed(sanitize_html(html))
    parser.close()
    parser.flush()
    return parser.paragraphs
