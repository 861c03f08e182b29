"""The visibility policy: `Viewer.can_see` (one item) and `Viewer.material_filter` (a
query) agree for every role, level and kind of event, and both follow the rule; a closed
or Chatham House source is cited without organization to those without access."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from gcmreview.conftest import ROLES
from gcmreview.intake import operations as intake
from gcmreview.intake.models import Document
from gcmreview.participation.access import CLOSED_CONSULTATION, Visibility, viewer_for
from gcmreview.process.models import Event

VIEWERS = [*ROLES, "superuser"]
EVENTS = ["none", "open", "closed", "closed_unattended"]
# Who takes part in which event in the review world (confirmed registrations).
TAKES_PART = {"stakeholder": {"open"}, "invitee": {"closed"}}


def person(w, role):
    if role == "superuser":
        return w.root
    return w.people[role] or AnonymousUser()


def events_of(w):
    return {
        "none": None,
        "open": w.open_event,
        "closed": w.closed,
        "closed_unattended": w.process.events.get(key="gcm-talk-2023-07-labour-agreements"),
    }


@pytest.fixture
def material(w):
    """One document for each level and each kind of event: {(level, event name): doc}."""
    events = events_of(w)
    assert events["closed_unattended"].closed and not events["open"].closed
    docs = {}
    for level, name in itertools.product(Visibility.values, EVENTS):
        docs[level, name] = intake.add_document(
            w.people["secretariat"],
            w.process,
            kind="other",
            title=f"{level} / {name}",
            text="",
            visibility=level,
            event=events[name],
        )
    return docs


def expected(role, level, event_name) -> bool:
    """The rule of docs/decisions/0007-visibility-levels.md, written out."""
    if role in ("secretariat", "superuser"):
        return True
    takes_part = event_name in TAKES_PART.get(role, set())
    if event_name.startswith("closed") and not takes_part:
        return False
    return {
        Visibility.PUBLIC: True,
        Visibility.PARTICIPANTS: takes_part,
        Visibility.MEMBER_STATES: role == "focal_point",
        Visibility.SECRETARIAT: False,
    }[level]


@pytest.mark.parametrize("role", VIEWERS)
def test_can_see_and_material_filter_agree_with_each_other_and_with_the_rule(role, w, material):
    viewer = viewer_for(person(w, role), w.process)
    ids = [doc.pk for doc in material.values()]
    filtered = set(
        Document.objects.filter(pk__in=ids)
        .filter(viewer.material_filter())
        .values_list("pk", flat=True)
    )
    for (level, name), doc in material.items():
        one = viewer.can_see(doc.visibility, doc.event)
        assert one == (doc.pk in filtered), (role, level, name)
        assert one == expected(role, level, name), (role, level, name)


def test_the_combinations_are_not_all_alike(w, material):
    # Guards the test above against passing on a policy that shows all or nothing.
    seen = {}
    for role in VIEWERS:
        viewer = viewer_for(person(w, role), w.process)
        seen[role] = {
            key for key, doc in material.items() if viewer.can_see(doc.visibility, doc.event)
        }
    assert len(seen["secretariat"]) == len(material)
    assert seen["anonymous"] == {("public", "none"), ("public", "open")}
    assert ("participants", "closed") in seen["invitee"] - seen["non_invitee"]
    assert ("member_states", "none") in seen["focal_point"] - seen["stakeholder"]
    assert ("participants", "open") in seen["stakeholder"] - seen["focal_point"]
    assert seen["workstream_lead"] == seen["non_invitee"] == seen["anonymous"]


@pytest.mark.parametrize("role", VIEWERS)
def test_sees_event_details_and_event_filter_agree(role, w):
    viewer = viewer_for(person(w, role), w.process)
    events = Event.objects.filter(process=w.process)
    filtered = set(events.filter(viewer.event_filter()).values_list("pk", flat=True))
    for event in events:
        assert viewer.sees_event_details(event) == (event.pk in filtered), (role, event.key)


def test_a_viewer_of_another_process_has_no_access_from_this_one(w):
    viewer = viewer_for(w.people["invitee"], w.other)
    assert not viewer.can_see(Visibility.PUBLIC, w.closed)
    assert not viewer.manages_event(w.open_event)


# --- citations -------------------------------------------------------------------------

ORG = "International Organization for Migration"
WITHOUT_ACCESS = ["anonymous", "stakeholder", "focal_point", "workstream_lead", "non_invitee"]


def cite(w, role, event):
    return viewer_for(person(w, role), w.process).citation(event, ORG)


@pytest.mark.parametrize("role", WITHOUT_ACCESS)
def test_a_closed_event_is_cited_as_a_closed_consultation_to_those_without_access(role, w):
    citation = cite(w, role, w.closed)
    assert citation == str(CLOSED_CONSULTATION) == "a closed consultation"
    assert ORG not in citation
    assert w.closed.title not in citation


@pytest.mark.parametrize("role", WITHOUT_ACCESS)
def test_a_chatham_house_closed_event_is_cited_as_a_closed_consultation(role, w):
    w.closed.chatham_house = True
    assert cite(w, role, w.closed) == "a closed consultation"


@pytest.mark.parametrize("role", ["invitee", "secretariat"])
def test_a_closed_event_is_cited_by_name_to_its_invitees_and_the_secretariat(role, w):
    assert cite(w, role, w.closed) == f"{w.closed.title} ({ORG})"


def test_under_the_chatham_house_rule_only_the_secretariat_reads_the_organization(w):
    w.closed.chatham_house = True
    assert cite(w, "invitee", w.closed) == w.closed.title
    assert cite(w, "secretariat", w.closed) == f"{w.closed.title} ({ORG})"


@pytest.mark.parametrize(
    "role", ["anonymous", "focal_point", "workstream_lead", "invitee", "non_invitee"]
)
def test_an_open_chatham_house_event_is_a_closed_consultation_to_those_not_in_it(role, w):
    w.open_event.chatham_house = True
    citation = cite(w, role, w.open_event)
    assert citation == str(CLOSED_CONSULTATION)
    assert ORG not in citation and w.open_event.title not in citation


def test_a_chatham_house_participant_reads_the_title_without_organization(w):
    w.open_event.chatham_house = True
    assert cite(w, "stakeholder", w.open_event) == w.open_event.title


def test_an_open_event_is_cited_with_its_organization(w):
    assert cite(w, "anonymous", w.open_event) == f"{w.open_event.title} ({ORG})"


def test_a_source_without_event_is_cited_by_its_organization(w):
    assert cite(w, "anonymous", None) == ORG
