"""The Arabic pages are set in the Amiri font the package ships, served by
the application itself (WhiteNoise), so they do not depend on the fonts of the reader's
computer nor on a font service."""

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

FONT_FAMILY = "Amiri"
FONTS_DIR = Path(__file__).resolve().parents[1] / "static" / "gcmreview" / "fonts"


def fetch(client, url: str):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    return response, body


def font_faces(css: str) -> list[dict]:
    faces = []
    for block in re.findall(r"@font-face\s*{([^}]*)}", css):
        family = re.search(r"font-family:\s*[\"']?([^;\"']+)", block).group(1)
        ranges = re.search(r"unicode-range:\s*([^;]+)", block)
        faces.append(
            {
                "family": family,
                "src": re.search(r"url\([\"']?([^\"')]+)[\"']?\)", block).group(1),
                "weight": re.search(r"font-weight:\s*(\d+)", block).group(1),
                "covers": _code_points(ranges.group(1)) if ranges else lambda _cp: True,
            }
        )
    return faces


def _code_points(unicode_range: str):
    spans = []
    for part in unicode_range.split(","):
        first, _dash, last = part.strip().removeprefix("U+").partition("-")
        spans.append((int(first, 16), int(last or first, 16)))
    return lambda cp: any(a <= cp <= b for a, b in spans)


@pytest.fixture
def arabic_stylesheet(client, get_page, demo_process):
    """The URL and text of the stylesheet the Arabic calendar links to."""
    with translation.override("ar"):
        page = get_page(reverse("calendar", args=[demo_process.slug]))
    [link] = page.find("head").find_all("link", rel="stylesheet")
    response, body = fetch(client, link.attrs["href"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    return link.attrs["href"], body.decode()


def test_the_stylesheet_declares_the_arabic_font_for_arabic_letters_in_both_weights(
    arabic_stylesheet,
):
    _url, css = arabic_stylesheet

    faces = [face for face in font_faces(css) if face["family"] == FONT_FAMILY]
    arabic_letter = ord("م")
    assert sorted(face["weight"] for face in faces if face["covers"](arabic_letter)) == [
        "400",
        "700",
    ]
    assert all(face["src"].endswith(".woff2") for face in faces)


def test_the_stylesheet_names_every_font_file_shipped_and_no_other(arabic_stylesheet):
    _url, css = arabic_stylesheet

    named = {Path(face["src"]).name for face in font_faces(css)}
    assert named == {path.name for path in FONTS_DIR.glob("*.woff2")}


def test_the_pages_ask_for_the_arabic_font_first(arabic_stylesheet):
    _url, css = arabic_stylesheet

    root = re.search(r":root\s*{([^}]*)}", css).group(1)
    families = re.search(r"font-family:\s*([^;]+);", root).group(1)
    assert families.split(",")[0].strip().strip("\"'") == FONT_FAMILY


def test_the_font_files_the_stylesheet_names_are_in_the_package(arabic_stylesheet):
    _url, css = arabic_stylesheet

    for face in font_faces(css):
        name = Path(face["src"]).name
        assert (FONTS_DIR / name).is_file()
        assert finders.find(f"gcmreview/fonts/{name}") == str(FONTS_DIR / name)
    assert (FONTS_DIR / "LICENSE-Amiri.txt").is_file()


def test_the_font_files_are_served_from_the_static_url(client, arabic_stylesheet):
    url, css = arabic_stylesheet

    for face in font_faces(css):
        font_url = urljoin(url, face["src"])
        assert font_url.startswith("/static/gcmreview/fonts/")

        response, body = fetch(client, font_url)

        assert response.status_code == 200
        assert response["Content-Type"] == "font/woff2"
        assert body.startswith(b"wOF2")
        assert body == (FONTS_DIR / Path(font_url).name).read_bytes()
