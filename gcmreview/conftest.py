import pytest


@pytest.fixture(autouse=True)
def _english_until_a_test_asks_otherwise():
    """A request in another language leaves that language active in the thread; each test
    starts in English, whatever ran before it."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _quick_password_hashing(request, settings):
    """Argon2 is slow on purpose; tests that are not about hashing use a fast hasher.
    Tests marked `real_password_hashing` keep the production settings."""
    if request.node.get_closest_marker("real_password_hashing") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_process(db):
    """The second Arab-region review, loaded from the manifest the package ships."""
    from gcmreview.process.management.commands.demo import DEMO_MANIFEST
    from gcmreview.process.operations import load_manifest_file

    return load_manifest_file(DEMO_MANIFEST).process


# Markers of restricted text, and the roles that may read each one.
SECRETS = {
    "SECRET-CLOSED-DESCRIPTION": {"secretariat", "invitee"},
    "SECRET-CLOSED-PLACE": {"secretariat", "invitee"},
    "SECRET-CLOSED-DOC": {"secretariat", "invitee"},
    "SECRET-MEMBER-STATES-DOC": {"secretariat", "focal_point"},
    "SECRET-SECRETARIAT-DOC": {"secretariat"},
    "SECRET-PARTICIPANTS-DOC": {"secretariat", "stakeholder"},
    "secret.invitee@example.org": {"secretariat"},
}
ROLES = [
    "anonymous",
    "stakeholder",
    "focal_point",
    "workstream_lead",
    "secretariat",
    "invitee",
    "non_invitee",
]


@pytest.fixture
def review_world(demo_process, django_user_model):
    """The demo review with one person in each role, a closed meeting with an invitee,
    an open meeting on approval, a workshop, and documents at every visibility level."""
    from gcmreview.intake import operations as intake
    from gcmreview.participation import operations as ops
    from gcmreview.participation.access import Visibility
    from gcmreview.participation.models import Profile, Role
    from gcmreview.process.models import Event, Organization, ReviewProcess

    process = demo_process
    people = {}
    for name in ROLES[1:]:
        email = "secret.invitee@example.org" if name == "invitee" else f"{name}@example.org"
        user = django_user_model.objects.create_user(
            username=email, email=email, password="a long enough password", first_name=name
        )
        Profile.objects.create(user=user)
        people[name] = user
    people["anonymous"] = None

    root = django_user_model.objects.create_superuser("root@example.org", "root@example.org", "x")
    egypt = Organization.objects.get(code="EG")
    union = Organization.objects.create(
        code="ARAB-UNIONS", kind="stakeholder_organization", constituency="trade_unions",
        name_en="Arab trade union network",
    )  # fmt: skip
    closed = process.events.get(key="gcm-talk-2023-09-detention-alternatives")
    workstream = closed.workstream
    ops.assign_role(root, people["secretariat"], process, Role.SECRETARIAT)
    ops.assign_role(root, people["focal_point"], process, Role.FOCAL_POINT, organization=egypt)
    ops.assign_role(root, people["workstream_lead"], process, Role.WORKSTREAM_LEAD,
                    workstream=workstream)  # fmt: skip
    for name in ("stakeholder", "invitee", "non_invitee"):
        ops.assign_role(root, people[name], process, Role.STAKEHOLDER)
    Profile.objects.filter(user=people["stakeholder"]).update(organization=union)
    Profile.objects.filter(user=people["focal_point"]).update(organization=egypt)

    # A closed meeting, still to come, by invitation, with details only its invitees see.
    Event.objects.filter(pk=closed.pk).update(
        status="planned", registration="invitation",
        **{f"description_{lang}": "SECRET-CLOSED-DESCRIPTION" for lang in ("en", "ar", "fr")},
        **{f"place_{lang}": "SECRET-CLOSED-PLACE" for lang in ("en", "ar", "fr")},
    )  # fmt: skip
    closed.refresh_from_db()
    invitee = people["invitee"]
    _invitation, token = ops.invite_participant(people["secretariat"], closed, invitee.email)
    ops.accept_invitation(people["invitee"], token)

    open_event = process.events.get(key="gcm-talk-2023-10-climate")
    Event.objects.filter(pk=open_event.pk).update(status="planned", registration="approval",
                                                  capacity=2)  # fmt: skip
    open_event.refresh_from_db()
    pending = ops.register_participant(people["stakeholder"], open_event, process)
    ops.decide_registration(people["secretariat"], pending, approve=True)

    workshop = Event.objects.create(
        process=process, key="focal-points-workshop", kind="workshop", title_en="Workshop",
        date_start="2099-03-01", date_end="2099-03-02", date_precision="days",
        registration="open", status="planned",
    )  # fmt: skip
    attended = ops.register_participant(people["stakeholder"], workshop, process)
    ops.record_attendance(people["secretariat"], attended, attended=True)

    secretariat = people["secretariat"]
    docs = {
        "closed": intake.add_document(secretariat, process, kind="summary_report",
            title="Closed talk summary", text="SECRET-CLOSED-DOC", event=closed,
            visibility=Visibility.PUBLIC),
        "member_states": intake.add_document(secretariat, process, kind="other",
            title="For Member States", text="SECRET-MEMBER-STATES-DOC",
            visibility=Visibility.MEMBER_STATES),
        "secretariat": intake.add_document(secretariat, process, kind="other",
            title="Internal note", text="SECRET-SECRETARIAT-DOC",
            visibility=Visibility.SECRETARIAT),
        "participants": intake.add_document(secretariat, process, kind="summary_report",
            title="For participants", text="SECRET-PARTICIPANTS-DOC", event=open_event,
            visibility=Visibility.PARTICIPANTS),
        "public": intake.add_document(secretariat, process, kind="summary_report",
            title="Public summary", text="Everyone may read this.", event=open_event,
            visibility=Visibility.PUBLIC),
    }  # fmt: skip

    other = ReviewProcess.objects.create(
        slug="other-review", title_en="Another review", region_en="Elsewhere", round=1,
        status="ongoing",
    )  # fmt: skip
    elsewhere = Event.objects.create(
        process=other, key="elsewhere-meeting", kind="other", title_en="Elsewhere",
        date_start="2099-01-01", date_end="2099-01-01", date_precision="day",
        registration="open",
    )  # fmt: skip

    class World:
        pass

    world = World()
    world.__dict__.update(
        process=process, people=people, root=root, closed=closed, open_event=open_event,
        workshop=workshop, workshop_registration=attended, docs=docs, other=other,
        elsewhere=elsewhere, workstream=workstream, egypt=egypt, union=union,
    )  # fmt: skip
    return world


@pytest.fixture
def taxonomy(db):
    """The taxonomy tables, loaded. Migrations load them, but a test that ran with real
    transactions (a live server) empties every table behind it."""
    from gcmreview.taxonomy.operations import load_taxonomy_data

    return load_taxonomy_data()


CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture
def browser(tmp_path):
    """Debian's headless Chromium through its own driver: nothing is downloaded."""
    import os

    if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
        pytest.skip(
            f"needs Chromium at {CHROMIUM} and its driver at {CHROMEDRIVER} "
            "(Debian packages chromium and chromium-driver; `make system-packages`)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--window-size=1280,900",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()
