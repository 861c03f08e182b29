import pytest
from django.test import Client

from gcmreview.portal.tests.markup import parse


@pytest.fixture
def staff_client(demo_process, django_user_model):
    """A member of the review's secretariat: a staff account, not a superuser, holding the
    secretariat role in the demo review (docs/decisions/0007-visibility-levels.md)."""
    from gcmreview.participation.models import Role
    from gcmreview.participation.operations import assign_role

    user = django_user_model.objects.create_user(
        username="secretariat", password="not-a-real-password-1", is_staff=True
    )
    assign_role(None, user, demo_process, Role.SECRETARIAT)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def get_page(client):
    """GET a page as an anonymous visitor, check it answers 200 and return its parsed HTML."""

    def get(url: str, *, as_client: Client | None = None, **query):
        response = (as_client or client).get(url, query)
        assert response.status_code == 200, f"{url} {query} answered {response.status_code}"
        return parse(response.content)

    return get
