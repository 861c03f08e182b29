"""Every portal page, in each of the three languages: it answers, it is laid out in the
language's direction, and it links to itself in the other two languages."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from gcmreview.portal import urls as portal_urls
from gcmreview.portal.tests.markup import parse

LANGUAGES = [code for code, _name in settings.LANGUAGES]
DIRECTION = {"ar": "rtl", "en": "ltr", "fr": "ltr"}

# What the demo review fills each URL parameter with; a parameter named alike in two
# routes but meaning different things is filled per route name.
DEMO_ARGUMENTS = {"slug": "arab-region-2024", "key": "conference-2024"}
DEMO_ARGUMENTS_BY_ROUTE = {
    "feed-workstream": {"code": "missing-migrants"},
    "feed-organizer": {"code": "IOM"},
}


def _is_feed(pattern) -> bool:
    return str(pattern.pattern).endswith(".ics")


PORTAL_PAGES = [p.name for p in portal_urls.urlpatterns if not _is_feed(p)]
PORTAL_FEEDS = [p.name for p in portal_urls.urlpatterns if _is_feed(p)]
ALL_PAGES = [*PORTAL_PAGES, "admin:login"]


def demo_kwargs(name: str) -> dict[str, str]:
    if name.startswith("admin:"):
        return {}
    pattern = next(p for p in portal_urls.urlpatterns if p.name == name)
    wanted = set(pattern.pattern.converters)
    given = {**DEMO_ARGUMENTS, **DEMO_ARGUMENTS_BY_ROUTE.get(name, {})}
    missing = wanted - set(given)
    assert not missing, f"give the route {name!r} demo values for {sorted(missing)}"
    return {param: given[param] for param in wanted}


def demo_url(name: str, lang: str) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=demo_kwargs(name))


def test_the_portal_urls_are_all_found_and_named():
    assert all(p.name for p in portal_urls.urlpatterns), "every portal route has a name"
    assert {
        "process-list",
        "process-home",
        "calendar",
        "timeline",
        "event",
        "calendar-revisions",
    } <= set(PORTAL_PAGES)
    assert "feed-process" in PORTAL_FEEDS


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ALL_PAGES)
def test_every_page_answers_in_each_language_with_its_direction(client, demo_process, name, lang):
    url = demo_url(name, lang)
    assert url.startswith(f"/{lang}/")

    response = client.get(url)

    assert response.status_code == 200
    html = parse(response.content).find("html")
    assert html.attrs["lang"] == lang
    assert html.attrs["dir"] == DIRECTION[lang]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", PORTAL_PAGES)
def test_every_page_links_to_itself_in_the_other_two_languages(get_page, demo_process, name, lang):
    page = get_page(demo_url(name, lang))

    switch = page.find("nav", cls="language-switch")
    assert switch is not None, "the page has a language switch"
    links = {a.attrs["hreflang"]: a for a in switch.find_all("a")}
    assert set(links) == set(LANGUAGES)
    assert links[lang].attrs.get("aria-current") == "true"
    for other in set(LANGUAGES) - {lang}:
        assert links[other].attrs["href"] == demo_url(name, other)
        assert links[other].attrs["lang"] == other
        assert "aria-current" not in links[other].attrs


def test_the_language_switch_keeps_the_calendar_filters(get_page, demo_process):
    page = get_page(demo_url("calendar", "en"), kind="gcm_talk", access="open")

    links = {
        a.attrs["hreflang"]: a.attrs["href"]
        for a in page.find("nav", cls="language-switch").find_all("a")
    }
    for lang in ("ar", "fr"):
        parts = urlsplit(links[lang])
        assert parts.path == demo_url("calendar", lang)
        assert sorted(parts.query.split("&")) == ["access=open", "kind=gcm_talk"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_following_the_language_switch_opens_the_page_in_that_language(
    client, get_page, demo_process, lang
):
    page = get_page(demo_url("event", "en"))
    href = page.find("nav", cls="language-switch").find("a", hreflang=lang).attrs["href"]

    landed = get_page(href)

    assert landed.find("html").attrs["lang"] == lang
    assert landed.find("h1").text == get_page(demo_url("event", lang)).find("h1").text


@pytest.mark.parametrize("name", PORTAL_FEEDS)
def test_every_feed_answers_with_an_icalendar(client, demo_process, name):
    response = client.get(demo_url(name, "en"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response.content.startswith(b"BEGIN:VCALENDAR")
