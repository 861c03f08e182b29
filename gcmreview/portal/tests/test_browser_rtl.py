"""The Arabic calendar, opened in headless Chromium, reads right to left and is set in the
shipped Arabic font; the English calendar reads left to right."""

import pytest

CALENDAR = "/{lang}/p/arab-region-2024/calendar/"

pytestmark = pytest.mark.browser

# Where the parts of the page are, once the web fonts have loaded.
LAYOUT_SCRIPT = """
const done = arguments[arguments.length - 1];
document.fonts.ready.then(() => {
  const rect = (el) => {
    const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right};
  };
  const row = document.querySelector("#calendar-events li.event");
  // document.fonts.check() is also true for a family no @font-face declares, so the
  // declared faces are asked whether they have loaded.
  const faces = [...document.fonts].filter(
    (f) => f.family.replace(/["']/g, "") === "Amiri"
  );
  done({
    direction: getComputedStyle(document.documentElement).direction,
    date: rect(row.querySelector(".event-date")),
    title: rect(row.querySelector(".event-title")),
    brand: rect(document.querySelector(".site-header .brand")),
    switch: rect(document.querySelector(".site-header .language-switch")),
    fontChecked: document.fonts.check('16px "Amiri"', "مرحبا"),
    loadedFaces: faces.filter((f) => f.status === "loaded").map((f) => f.weight),
    bodyFont: getComputedStyle(document.body).fontFamily,
  });
});
"""


@pytest.fixture
def demo_on_live_server(live_server, transactional_db):
    from gcmreview.process.management.commands.demo import DEMO_MANIFEST
    from gcmreview.process.operations import load_manifest_file

    load_manifest_file(DEMO_MANIFEST)
    return live_server


def layout(browser, server, lang: str) -> dict:
    browser.get(server.url + CALENDAR.format(lang=lang))
    return browser.execute_async_script(LAYOUT_SCRIPT)


def test_the_arabic_calendar_runs_right_to_left_in_the_arabic_font_and_english_the_other_way(
    browser, demo_on_live_server
):
    arabic = layout(browser, demo_on_live_server, "ar")

    assert arabic["direction"] == "rtl"
    assert arabic["date"]["left"] > arabic["title"]["left"], "the date is right of the title"
    assert arabic["brand"]["left"] > arabic["switch"]["left"], "the brand is right of the switch"
    assert arabic["fontChecked"], "Amiri is ready for Arabic text"
    assert "400" in arabic["loadedFaces"], f"faces loaded: {arabic['loadedFaces']}"
    assert arabic["bodyFont"].replace('"', "").startswith("Amiri")

    english = layout(browser, demo_on_live_server, "en")

    assert english["direction"] == "ltr"
    assert english["date"]["left"] < english["title"]["left"], "the date is left of the title"
    assert english["brand"]["left"] < english["switch"]["left"], "the brand is left of the switch"
