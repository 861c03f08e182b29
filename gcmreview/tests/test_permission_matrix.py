"""Every route of the platform, discovered from the URL configuration, asked by every
role: the answer is the expected one, and no restricted text reaches a role that may
not read it, in pages, listings, feeds or exports."""

import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from gcmreview.conftest import ROLES, SECRETS

ALL = set(ROLES)
SIGNED_IN = ALL - {"anonymous"}


@pytest.fixture
def world(review_world):
    """The review world, with each document's text also as a key message, so that search
    and every listing of key messages are walked too."""
    from gcmreview.intake.models import KeyMessage
    from gcmreview.intake.search import search_terms_for

    for position, document in enumerate(review_world.docs.values(), start=1):
        text = f"{document.text} migrants"
        KeyMessage.objects.create(
            document=document, process=review_world.process, event=document.event,
            visibility=document.visibility, position=position, paragraph=1, text=text,
            lang="en", search_terms=search_terms_for(text, "en"),
        )  # fmt: skip
    return review_world


def walk(patterns=None, prefix=""):
    """(url name, route) for every named route, admin included."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else prefix
            yield from walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name, entry


def only(*roles):
    """200 for these roles, sign-in for the anonymous, refusal for everybody else."""
    return {r: 200 if r in roles else (302 if r == "anonymous" else 403) for r in ALL}


def same(status):
    return dict.fromkeys(ALL, status)


def signed_in(status):
    return {r: status if r != "anonymous" else 302 for r in ALL}


def expectations(w):
    """URL name -> (kwargs, method, {role: status})."""
    slug = w.process.slug
    closed = {"slug": slug, "key": w.closed.key}
    secret_doc = {"slug": slug, "pk": w.docs["secretariat"].pk}
    cert = {"slug": slug, "pk": w.workshop_registration.pk}
    secretariat_only_or_404 = {r: 200 if r == "secretariat" else 404 for r in ALL}
    return {
        "process-list": ({}, "get", same(200)),
        "objectives": ({}, "get", same(200)),
        "process-home": ({"slug": slug}, "get", same(200)),
        "calendar": ({"slug": slug}, "get", same(200)),
        "calendar-revisions": ({"slug": slug}, "get", same(200)),
        "timeline": ({"slug": slug}, "get", same(200)),
        "event": (closed, "get", same(200)),
        "feed-process": ({"slug": slug}, "get", same(200)),
        "feed-workstream": ({"slug": slug, "code": w.workstream.code}, "get", same(200)),
        "feed-organizer": ({"slug": slug, "code": "MA"}, "get", same(200)),
        "documents": ({"slug": slug}, "get", same(200)),
        "upload": ({"slug": slug}, "get", signed_in(200)),
        "document-progress": (secret_doc, "get", secretariat_only_or_404),
        "document": (secret_doc, "get", secretariat_only_or_404),
        "login": ({}, "get", same(200)),
        "login-verify": ({}, "get", same(302)),
        "logout": ({}, "get", same(405)),
        "signup": ({}, "get", same(200)),
        "two-factor": ({}, "get", signed_in(200)),
        "my-registrations": ({}, "get", signed_in(200)),
        "accept-invitation": ({"token": "forged-token"}, "get", same(404)),
        "register": (closed, "get", same(405)),
        "invite": (closed, "get", same(405)),
        "participants": (closed, "get", only("secretariat")),
        "participants-export": ({**closed, "fmt": "csv"}, "get", only("secretariat")),
        "cancel-registration": (cert, "get", same(405)),
        "decide-registration": (cert, "get", same(405)),
        "record-attendance": (cert, "get", same(405)),
        "certificate": (cert, "get", only("secretariat", "stakeholder")),
        "delegations": ({"slug": slug}, "get", only("secretariat", "focal_point")),
        "audit-log": ({"slug": slug}, "get", only("secretariat")),
        "search": ({"slug": slug}, "get", same(200)),
        "review-queue": ({"slug": slug}, "get", only("secretariat", "workstream_lead")),
        "review-key-message": ({"slug": slug, "pk": 1}, "get", same(405)),
    }


def _admin_kwargs(pattern, w):
    """Arguments for the admin's routes: the first row of the model where one is needed."""
    values = {"app_label": "process", "object_id": "1", "id": "1"}
    keys = set(pattern.pattern.regex.groupindex)
    if not keys <= set(values):
        return None  # such as the admin's catch-all and shortcut routes
    return {key: values[key] for key in keys}


def _client_for(client, role, w):
    if role != "anonymous":
        client.force_login(w.people[role])
    return client


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxml"):
        book = load_workbook(io.BytesIO(body))
        return " ".join(str(c.value) for s in book for row in s.iter_rows() for c in row)
    return body.decode("utf-8", errors="replace")


def test_every_route_has_an_expectation(review_world):
    names = {name for name, _p in walk() if not name.startswith("admin:")}
    assert names == set(expectations(review_world))


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_expected_and_leaks_nothing(role, client, world):
    w = world
    client = _client_for(client, role, w)
    allowed = {marker for marker, readers in SECRETS.items() if role in readers}
    forbidden = set(SECRETS) - allowed
    seen = set()
    for name, (kwargs, method, statuses) in expectations(w).items():
        response = getattr(client, method)(reverse(name, kwargs=kwargs), secure=False)
        assert response.status_code == statuses[role], (name, role, response.status_code)
        text = _text(response)
        leaked = [marker for marker in forbidden if marker in text]
        assert not leaked, f"{name} shows {leaked} to {role}"
        seen.update(marker for marker in allowed if marker in text)
    # A search that matches every key message: results are filtered like everything else.
    found = _text(client.get(reverse("search", args=[w.process.slug]), {"q": "migrants"}))
    assert not [m for m in forbidden if m in found], f"search shows restricted text to {role}"
    assert {m for m in allowed if m.startswith("SECRET-") and m.endswith("DOC")} <= {
        m for m in allowed if m in found
    }
    # Every document's own page: readable exactly by the roles its text is meant for.
    for document in w.docs.values():
        response = client.get(reverse("document", args=[w.process.slug, document.pk]))
        marker = document.text if document.text in SECRETS else None
        may_read = marker is None or role in SECRETS[marker]
        assert response.status_code == (200 if may_read else 404), (document.title, role)
        text = _text(response)
        assert not [m for m in forbidden if m in text], (document.title, role)
        seen.update(m for m in allowed if m in text)
    # The matrix would pass vacuously if nobody ever saw anything: check that each role
    # does read, somewhere, every restricted text it is entitled to.
    assert seen == allowed


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_is_closed_to_everyone_but_staff(role, client, review_world):
    client = _client_for(client, role, review_world)
    for name, pattern in walk():
        if not name.startswith("admin:"):
            continue
        kwargs = _admin_kwargs(pattern, review_world)
        if kwargs is None:
            continue
        response = client.get(reverse(name, kwargs=kwargs))
        if name in ("admin:login", "admin:logout", "admin:password_reset"):
            continue
        assert response.status_code == 302, (name, role)
        assert "/admin/login/" in response["Location"]


def test_the_admin_opens_to_a_superuser(client, review_world):
    client.force_login(review_world.root)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:process_event_changelist")).status_code == 200


def test_a_manifest_cannot_silently_drop_an_event_that_people_registered_for(review_world):
    from gcmreview.participation.models import Registration
    from gcmreview.process import operations
    from gcmreview.process.manifest import ManifestError, check_manifest

    data = operations.export_manifest(review_world.process)
    data["events"] = [e for e in data["events"] if e["key"] != review_world.open_event.key]
    for entry in data["events"]:
        entry["organizers"] = entry["organizers"] or ["IOM"]  # the fixture's workshop has none
    before = Registration.objects.count()
    with pytest.raises(ManifestError, match=review_world.open_event.key):
        operations.load_manifest(check_manifest(data))
    assert Registration.objects.count() == before
    assert review_world.process.events.filter(key=review_world.open_event.key).exists()
