"""A small reader for the HTML the portal renders, so that tests look at elements and
their text rather than at the bytes of a template."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def text(self) -> str:
        """The text inside, with runs of white space made one space."""
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text)
        return " ".join("".join(parts).split())

    def iter(self) -> Iterator[Element]:
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, *, cls: str | None = None, **attrs: str):
        """Descendants by tag, class and attribute values (`rel="alternate"`)."""
        return [el for el in self.iter() if _matches(el, tag, cls, attrs)]

    def find(self, tag: str | None = None, *, cls: str | None = None, **attrs: str):
        found = self.find_all(tag, cls=cls, **attrs)
        return found[0] if found else None

    def filter(self, predicate: Callable[[Element], bool]) -> list[Element]:
        return [el for el in self.iter() if predicate(el)]


def _matches(el: Element, tag: str | None, cls: str | None, attrs: dict[str, str]) -> bool:
    if tag is not None and el.tag != tag:
        return False
    if cls is not None and cls not in el.classes:
        return False
    return all(el.attrs.get(name) == value for name, value in attrs.items())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        el = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(el)
        if tag not in VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(content: bytes | str) -> Element:
    builder = _TreeBuilder()
    builder.feed(content.decode() if isinstance(content, bytes) else content)
    builder.close()
    return builder.root


@dataclass
class EventRow:
    """One row of the calendar list, as a reader sees it."""

    key: str
    title: str
    date: str
    closed: bool
    organizers: str | None  # None when the row names no organizers
    text: str


def event_rows(document: Element) -> list[EventRow]:
    rows = []
    for li in document.find_all("li", cls="event"):
        link = li.find("a", cls="event-title")
        organizers = li.find("span", cls="organizers")
        rows.append(
            EventRow(
                key=link.attrs["href"].rstrip("/").rsplit("/", 1)[-1],
                title=link.text,
                date=li.find("span", cls="event-date").text,
                closed="is-closed" in li.classes,
                organizers=organizers.text if organizers is not None else None,
                text=li.text,
            )
        )
    return rows
