"""The review queue in headless Chromium, without the mouse: a reviewer of the secretariat
ticks objectives by their numbers, changes the statement type, confirms, moves on and back,
discards and splits with keys alone, in the Arabic interface; the database then holds what
was decided."""

import pytest
from django.conf import settings

from gcmreview.audit.models import AuditEntry
from gcmreview.intake.models import Document, KeyMessage, KeyMessageObjective
from gcmreview.intake.search import search_terms_for
from gcmreview.participation import operations as ops
from gcmreview.participation.models import Role
from gcmreview.process.models import ReviewProcess
from gcmreview.taxonomy.models import LabelledExample
from gcmreview.taxonomy.operations import load_taxonomy_data

pytestmark = pytest.mark.browser

FIRST = "Egypt will certify the skills of construction workers before they leave."
SECOND = "The meeting was opened by the chair, who welcomed the participants."
HEAD = "Morocco opened two new consular offices."
TAIL = "Jordan eased the renewal of work permits for migrant workers."


def key_message(document, position, text, tags):
    km = KeyMessage.objects.create(
        document=document, process=document.process, event=None,
        visibility=document.visibility, position=position, paragraph=position, page=2,
        text=text, lang="en", search_terms=search_terms_for(text, "en"),
        statement_type="recommendation",
    )  # fmt: skip
    KeyMessageObjective.objects.bulk_create(
        [KeyMessageObjective(key_message=km, objective=n, score=s) for n, s in tags]
    )
    return km


def test_a_reviewer_works_through_the_queue_with_the_keyboard_alone(
    browser, live_server, transactional_db, client, django_user_model
):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    load_taxonomy_data()  # a live-server test starts from empty tables
    process = ReviewProcess.objects.create(
        slug="keyboard-review", title_en="Keyboard review", region_en="Arab region", round=2,
        status="ongoing",
    )  # fmt: skip
    reviewer = django_user_model.objects.create_user(
        "reviewer@example.org", "reviewer@example.org", "a long enough password",
        first_name="Rana",
    )  # fmt: skip
    ops.assign_role(None, reviewer, process, Role.SECRETARIAT)
    document = Document.objects.create(
        process=process, kind="summary_report", title="Consultation report", status="ready"
    )
    first = key_message(document, 1, FIRST, [(6, 0.8), (18, 0.3)])
    second = key_message(document, 2, SECOND, [(23, 0.2)])
    third = key_message(document, 3, f"{HEAD} {TAIL}", [(14, 0.7)])

    # Signed in as the reviewer: the test client's session, handed to the browser.
    client.force_login(reviewer)
    browser.get(live_server.url + "/static/gcmreview/portal.css")
    browser.add_cookie({
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "path": "/",
    })  # fmt: skip
    browser.get(f"{live_server.url}/ar/p/{process.slug}/review/")

    wait = WebDriverWait(
        browser, 15, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)
    )

    def keys(*typed):
        ActionChains(browser).send_keys(*typed).perform()

    def focused_on(text):
        # The page now shows `text`, and its keys are listening.
        wait.until(
            lambda d: (
                d.find_element(By.ID, "review-text").get_attribute("value") == text
                and d.execute_script("return document.documentElement.dataset.reviewKeys") == "on"
            )
        )

    def ticked(number):
        return browser.find_element(
            By.CSS_SELECTOR, f'input[name="objectives"][value="{number}"]'
        ).is_selected()

    direction = browser.execute_script(
        "return getComputedStyle(document.documentElement).direction"
    )
    assert direction == "rtl"
    focused_on(FIRST)
    assert browser.switch_to.active_element.tag_name == "body"
    assert ticked(6) and not ticked(18)

    # 1 then 8 is objective 18; 6 unticks the engine's guess; t moves to the next type.
    keys("18")
    wait.until(lambda d: ticked(18))
    keys("6")
    wait.until(lambda d: not ticked(6))
    keys("t")
    checked = 'input[name="statement_type"]:checked'
    assert browser.find_element(By.CSS_SELECTOR, checked).get_attribute("value") == "pledge"
    keys(Keys.ENTER)  # confirm, and on to the next
    focused_on(SECOND)

    keys("j")  # next, without deciding
    focused_on(f"{HEAD} {TAIL}")
    keys("k")  # and back
    focused_on(SECOND)
    keys("x")  # not a key message: discard, and on to the next
    focused_on(f"{HEAD} {TAIL}")

    keys("?")
    wait.until(lambda d: d.find_element(By.ID, "review-keys").get_attribute("open") is not None)
    keys("?")
    wait.until(lambda d: d.find_element(By.ID, "review-keys").get_attribute("open") is None)

    # e puts the cursor in the text; it moves to the start of the second sentence; Escape
    # leaves the text; s cuts there.
    keys("e")
    assert browser.switch_to.active_element.get_attribute("id") == "review-text"
    keys(Keys.CONTROL + Keys.HOME)
    keys(*[Keys.ARROW_RIGHT] * (len(HEAD) + 1))
    keys(Keys.ESCAPE)
    assert browser.switch_to.active_element.get_attribute("id") != "review-text"
    keys("s")
    focused_on(HEAD)

    first.refresh_from_db()
    assert first.status == KeyMessage.Status.CONFIRMED
    assert first.statement_type == "pledge" and first.reviewed_by == reviewer
    assert set(first.tags.values_list("objective", "confirmed")) == {(18, True)}
    example = LabelledExample.objects.get()
    assert (example.objectives, example.rejected) == ([18], [6])

    assert KeyMessage.objects.get(pk=second.pk).status == KeyMessage.Status.DISCARDED

    parts = list(KeyMessage.objects.filter(document=document).values_list("text", "position"))
    assert parts == [(FIRST, 1), (SECOND, 2), (HEAD, 3), (TAIL, 4)]
    assert KeyMessage.objects.get(pk=third.pk).text == HEAD

    actions = sorted(AuditEntry.objects.filter(actor=reviewer).values_list("action", flat=True))
    assert actions == [
        "key_message.confirmed", "key_message.discarded", "key_message.split", "tags.confirmed",
    ]  # fmt: skip
