"""A Member State's focal point decides on the registrations made on behalf of that State,
and on no other; the delegations page lists only their State's registrations."""

import pytest

from gcmreview.participation import operations as ops
from gcmreview.participation.models import Registration
from gcmreview.participation.tests.helpers import state, url
from gcmreview.process.models import Organization


@pytest.fixture
def delegates(w, make_person):
    """One Egyptian and one Moroccan delegate, each registered for the meeting on approval."""
    morocco = Organization.objects.get(code="MA")
    egyptian = make_person("Egyptian delegate", organization=w.egypt)
    moroccan = make_person("Moroccan delegate", organization=morocco)
    return {
        "egyptian": ops.register_participant(egyptian, w.open_event, w.process),
        "moroccan": ops.register_participant(moroccan, w.open_event, w.process),
    }


def test_a_registration_is_made_on_behalf_of_the_persons_organization(w, delegates):
    assert delegates["egyptian"].organization == w.egypt
    assert delegates["moroccan"].organization.code == "MA"
    assert delegates["egyptian"].status == Registration.Status.PENDING


def test_the_focal_point_approves_a_delegate_of_their_member_state(client, w, delegates):
    pending = delegates["egyptian"]
    client.force_login(w.people["focal_point"])
    response = client.post(
        url("decide-registration", w.process.slug, pending.pk),
        {"decision": "approve", "back": "delegations"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("delegations", w.process.slug)
    pending.refresh_from_db()
    assert pending.status == Registration.Status.CONFIRMED
    assert pending.decided_by == w.people["focal_point"]


def test_the_focal_point_declines_a_delegate_of_their_member_state(w, delegates):
    decided = ops.decide_registration(w.people["focal_point"], delegates["egyptian"], approve=False)
    assert decided.status == Registration.Status.DECLINED


def test_the_focal_point_may_not_decide_for_another_member_state(client, w, delegates):
    other = delegates["moroccan"]
    before = state()
    client.force_login(w.people["focal_point"])
    response = client.post(
        url("decide-registration", w.process.slug, other.pk), {"decision": "approve"}
    )
    assert response.status_code == 403
    assert "You may not decide on this registration." in response.content.decode()
    assert state() == before
    with pytest.raises(ops.Refused):
        ops.decide_registration(w.people["focal_point"], other, approve=True)
    assert state() == before
    other.refresh_from_db()
    assert other.status == Registration.Status.PENDING


def test_the_focal_point_may_not_decide_for_a_person_of_no_organization(w, make_person):
    loner = make_person("Independent expert")
    pending = ops.register_participant(loner, w.open_event, w.process)
    before = state()
    with pytest.raises(ops.Refused):
        ops.decide_registration(w.people["focal_point"], pending, approve=True)
    assert state() == before


def test_a_stakeholder_may_not_decide_on_registrations(client, w, delegates):
    before = state()
    client.force_login(w.people["stakeholder"])
    response = client.post(
        url("decide-registration", w.process.slug, delegates["egyptian"].pk),
        {"decision": "approve"},
    )
    assert response.status_code == 403
    assert state() == before


def test_the_delegations_page_lists_only_the_registrations_of_the_focal_points_state(
    client, w, delegates
):
    client.force_login(w.people["focal_point"])
    response = client.get(url("delegations", w.process.slug))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Egyptian delegate" in page
    assert "Moroccan delegate" not in page
    assert list(response.context["registrations"]) == [delegates["egyptian"]]


def test_the_secretariat_sees_every_delegation(client, w, delegates):
    client.force_login(w.people["secretariat"])
    response = client.get(url("delegations", w.process.slug))
    page = response.content.decode()
    assert "Egyptian delegate" in page
    assert "Moroccan delegate" in page


def test_a_focal_point_of_one_process_decides_nothing_in_another(w, make_person):
    other_event = w.elsewhere
    delegate = make_person("Egyptian elsewhere", organization=w.egypt, role=None)
    pending = ops.register_participant(delegate, other_event, w.other)
    assert pending.status == Registration.Status.CONFIRMED  # an open event
    other_event.registration = "approval"
    other_event.save()
    ops.cancel_registration(delegate, pending)
    pending = ops.register_participant(delegate, other_event, w.other)
    before = state()
    with pytest.raises(ops.Refused):
        ops.decide_registration(w.people["focal_point"], pending, approve=True)
    assert state() == before
