"""Paragraph, list-item and sentence segmentation for Arabic, English and French.

Guarantees:

- ``segment(text)`` returns :class:`Segment` objects in text order whose ``start``/``end`` are
  character offsets into the text given, so ``text[s.start:s.end] == s.text`` always holds.
  Segments never overlap and carry no leading or trailing white space.
- Paragraphs are separated by blank lines; each item of a numbered or bulleted list ("1.",
  "1)", "(a)", "a)", "iv.", "-", "•", "*", "–", Arabic-Indic "١." / "١-", ordinals أولاً /
  ثانياً ...) starts a new segment of kind ``"item"`` whose ``marker`` is the list marker,
  which is left out of the segment's text.
- A sentence ends at ``.``, ``!``, ``?``, the Arabic question mark ``؟``, the Arabic full stop
  ``۔`` or an ellipsis, followed by white space; not after a known abbreviation (e.g., i.e.,
  Mr., M., art., para. ...), an initial or a decimal point. The Arabic comma ``،`` never ends
  a sentence; the semicolons ``؛`` and ``;`` do only when ``split_semicolons`` is set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import fold_digits

__all__ = ["Segment", "paragraphs", "segment", "sentences"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence or list item: its offsets, text, paragraph number and list marker."""

    start: int
    end: int
    text: str
    kind: str  # "sentence" or "item"
    paragraph: int
    marker: str | None = None


ABBREVIATIONS = frozenset(
    """e.g i.e mr mrs ms dr prof st no nos vol vols p pp para paras art arts ch sect fig figs
    cf al approx etc vs inc ltd co jr sr gen rev est dept govt min max ed eds op cit ibid viz
    m mm mme mmes mlle mlles me dr pr av apr j.-c env ex éd réf n° nº chap
    u.s u.k u.n e.u""".split()
)

_ARABIC_ORDINALS = "[أإا]ول|ثاني|ثالث|رابع|خامس|سادس|سابع|ثامن|تاسع|عاشر"
# A list marker at the start of a line (digits already folded to ASCII). Arabic ordinals
# are written with or without hamza and tanwin: أولاً, أولًا, اولا.
_LIST_MARKER = re.compile(
    r"""^[ \t]*(
        [-•*–—▪◦·‣]                                              # bullets
      | \(?(?:\d{1,3}|[a-zA-Z]|[ivxlcdm]{1,5}|[\u0623-\u064a])\)   # (a) a) (iv) 1) (ب)
      | \d{1,3}(?:\.\d{1,3})*[.\-–](?=\s)                        # 1. 1.2. 1- ١-
      | (?:[a-z]|[A-H]|[ivxlcdm]{1,5})\.(?=\s)                     # a. B. iv.
      | [\u0623-\u064a][\-–](?=\s)                                # أ- ب-
      | (?:""" + _ARABIC_ORDINALS + r""")\u064b?ا?\u064b?[ \t]*[:\-–،.]  # أولاً:
    )[ \t]*""",
    re.X,
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = re.compile(r"(?:\.{3}|…|[.!?؟۔]+)[\"'”’»)\]]*(?=\s)|[;؛](?=\s)")
_WORD_BEFORE = re.compile(r"([^\s(\[«\"“]+)$")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: text between blank lines, white space trimmed."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _BLANK_LINE.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [s for s in (_trim(text, a, b) for a, b in spans) if s[0] < s[1]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` belongs to an abbreviation, an initial or a number."""
    m = _WORD_BEFORE.search(text, 0, dot)
    if not m:
        return False
    word = m.group(1).rstrip(".").casefold()
    if word in ABBREVIATIONS or word.replace(".", "") in ABBREVIATIONS:
        return True
    if "." in word and len(word) <= 6 and all(len(p) <= 2 for p in word.split(".")):
        return True  # e.g, i.e, U.N
    if len(word) == 1 and word.isalpha() and text[m.start(1)].isupper():
        return True  # an initial: J. Smith
    nxt = text[dot + 1:dot + 2]
    return nxt.isdigit()  # 3.5 (no space follows, so it cannot be an end anyway)


def _items(text: str, start: int, end: int) -> list[tuple[int, int, str | None]]:
    """Split a paragraph into blocks at lines that start with a list marker."""
    blocks: list[tuple[int, int, str | None]] = []
    cur_start, cur_marker = start, None
    pos = start
    first = True
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        m = _LIST_MARKER.match(fold_digits(text[pos:line_end]))
        if m and m.end() < line_end - pos:
            if not first:
                blocks.append((cur_start, pos, cur_marker))
            # fold_digits keeps length, so the match's offsets hold in the original text.
            cur_start, cur_marker = pos + m.end(), text[pos + m.start(1):pos + m.end(1)].strip()
        first = False
        pos = line_end + 1
    blocks.append((cur_start, end, cur_marker))
    return blocks


def _sentences_in(text: str, start: int, end: int, split_semicolons: bool) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cur = start
    for m in _SENTENCE_END.finditer(text, start, end):
        mark = m.group()
        if mark[0] in ";؛" and not split_semicolons:
            continue
        if mark[0] == "." and mark[:3] != "..." and _is_abbreviation(text, m.start()):
            # "etc." ends a sentence when a capital letter follows.
            word = _WORD_BEFORE.search(text, 0, m.start())
            nxt = text[m.end():end].lstrip()[:1]
            if not (word and word.group(1).casefold() == "etc" and nxt.isupper()):
                continue
        spans.append((cur, m.end()))
        cur = m.end()
    spans.append((cur, end))
    return [s for s in (_trim(text, a, b) for a, b in spans) if s[0] < s[1]]


def segment(text: str, split_semicolons: bool = False) -> list[Segment]:
    """Sentences and list items of ``text`` with their offsets and paragraph numbers."""
    out: list[Segment] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        for b_start, b_end, marker in _items(text, p_start, p_end):
            kind = "item" if marker else "sentence"
            for i, (s, e) in enumerate(_sentences_in(text, b_start, b_end, split_semicolons)):
                out.append(Segment(s, e, text[s:e], kind if i == 0 else "sentence", number,
                                   marker if i == 0 else None))
    return out


def sentences(text: str) -> list[str]:
    """The text of each sentence and list item, in order."""
    return [s.text for s in segment(text)]
