"""Feeds-into links: from an event to later events of the same process, never in a
cycle, whether they come from a manifest or from `operations.set_feeds_into`."""

import pytest
from django.core.exceptions import ValidationError

from gcmreview.process import operations
from gcmreview.process.manifest import ManifestError, check_manifest, find_cycle
from gcmreview.process.models import Event, ReviewProcess
from gcmreview.process.tests.builders import event, load, manifest


def refusal(data) -> list[str]:
    with pytest.raises(ManifestError) as refused:
        check_manifest(data)
    return refused.value.messages


def links() -> set[tuple[str, str, str]]:
    """Every feeds-into link as (process slug, from key, to key)."""
    return set(
        Event.feeds_into.through.objects.values_list(
            "from_event__process__slug", "from_event__key", "to_event__key"
        )
    )


# --- in a manifest ----------------------------------------------------------------


def test_a_manifest_whose_links_form_a_cycle_is_refused_naming_the_cycle():
    data = manifest(
        event("a", "2024-07", feeds_into=["b"]),
        event("b", "2024-07", feeds_into=["c"]),
        event("c", "2024-07", feeds_into=["a"]),
    )
    assert refusal(data) == ["events: feeds_into: links form a cycle: a -> b -> c -> a"]


def test_a_cycle_further_down_a_chain_is_named_without_the_events_leading_to_it():
    data = manifest(
        event("start", "2024-06", feeds_into=["a"]),
        event("a", "2024-07", feeds_into=["b"]),
        event("b", "2024-07", feeds_into=["a"]),
    )
    assert refusal(data) == ["events: feeds_into: links form a cycle: a -> b -> a"]


def test_an_event_that_feeds_into_itself_is_a_cycle():
    data = manifest(event("a", "2024-07", feeds_into=["a"]))
    assert refusal(data) == ["events: feeds_into: links form a cycle: a -> a"]


def test_a_manifest_with_a_cycle_writes_nothing(db):
    data = manifest(
        event("a", "2024-07", feeds_into=["b"]),
        event("b", "2024-07", feeds_into=["a"]),
    )
    with pytest.raises(ManifestError):
        load(data)
    assert not ReviewProcess.objects.exists()
    assert not Event.objects.exists()


def test_a_link_to_an_event_that_ends_before_the_source_starts_is_refused():
    data = manifest(
        event("conference", "2024-07-03/2024-07-04", feeds_into=["talk"]),
        event("talk", "2024-07-02"),
    )
    assert refusal(data) == [
        "events[0] (key 'conference'): feeds_into: 'talk' ends before this event starts"
    ]


def test_a_link_to_an_event_known_only_to_an_earlier_month_is_refused():
    data = manifest(
        event("conference", "2024-07-03/2024-07-04", feeds_into=["talk"]),
        event("talk", "2024-06"),
    )
    assert refusal(data) == [
        "events[0] (key 'conference'): feeds_into: 'talk' ends before this event starts"
    ]


def test_a_link_to_a_vaguer_event_that_may_still_come_later_is_accepted():
    # The plenary "second half of 2024" may fall after the October consultations.
    data = manifest(
        event("consultation", "2024-10", feeds_into=["plenary"]),
        event("plenary", "2024-H2"),
    )
    check_manifest(data)


def test_a_link_between_events_on_the_same_day_is_accepted():
    data = manifest(
        event("hearing", "2024-07-02", feeds_into=["side-event"]),
        event("side-event", "2024-07-02"),
    )
    check_manifest(data)


def test_a_chain_of_ten_thousand_links_is_checked_without_recursion():
    graph = {f"e{i}": [f"e{i + 1}"] for i in range(10_000)}
    assert find_cycle(graph) is None
    graph["e10000"] = ["e5000"]
    cycle = find_cycle(graph)
    assert cycle[0] == cycle[-1] == "e5000"
    assert len(cycle) == 5002


def test_a_diamond_is_not_a_cycle():
    assert find_cycle({"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": []}) is None


# --- through operations.set_feeds_into ------------------------------------------


@pytest.fixture
def chain(db):
    """a -> b -> c in one process, and an event x in another."""
    load(
        manifest(
            event("a", "2024-07", feeds_into=["b"]),
            event("b", "2024-07", feeds_into=["c"]),
            event("c", "2024-07"),
            event("early", "2024-06"),
        )
    )
    load(manifest(event("x", "2024-12"), slug="other-review"))
    process = ReviewProcess.objects.get(slug="test-review")
    return {e.key: e for e in Event.objects.filter(process=process)} | {
        "x": Event.objects.get(key="x")
    }


def test_set_feeds_into_refuses_a_link_that_closes_a_cycle(chain):
    before = links()
    with pytest.raises(ValidationError) as refused:
        operations.set_feeds_into(chain["c"], [chain["a"]])
    [message] = refused.value.messages
    assert message.startswith("These links would form a cycle: ")
    cycle = message.removeprefix("These links would form a cycle: ").split(" → ")
    assert cycle[0] == cycle[-1]
    assert " ".join(cycle[:-1] * 2).find("a b c") >= 0  # a -> b -> c -> a, from any start
    assert links() == before


def test_set_feeds_into_refuses_a_link_to_itself(chain):
    before = links()
    with pytest.raises(ValidationError, match="cannot feed into itself"):
        operations.set_feeds_into(chain["a"], [chain["a"]])
    assert links() == before


def test_set_feeds_into_refuses_an_event_of_another_process_and_keeps_the_links(chain):
    before = links()
    with pytest.raises(ValidationError) as refused:
        operations.set_feeds_into(chain["a"], [chain["c"], chain["x"]])
    assert "“x” belongs to another review process." in refused.value.messages
    assert links() == before
    assert list(chain["a"].feeds_into.values_list("key", flat=True)) == ["b"]


def test_set_feeds_into_refuses_an_event_that_ends_before_this_one_starts(chain):
    before = links()
    with pytest.raises(ValidationError) as refused:
        operations.set_feeds_into(chain["a"], [chain["early"]])
    assert refused.value.messages == ["“early” ends before “a” starts."]
    assert links() == before


def test_set_feeds_into_replaces_the_links_when_they_are_sound(chain):
    operations.set_feeds_into(chain["a"], [chain["c"]])
    operations.set_feeds_into(chain["early"], [chain["a"], chain["b"]])
    assert links() == {
        ("test-review", "a", "c"),
        ("test-review", "b", "c"),
        ("test-review", "early", "a"),
        ("test-review", "early", "b"),
    }


def test_set_feeds_into_may_reverse_a_link_once_the_old_one_is_dropped(chain):
    # c -> b would close b -> c; replacing b's links first makes it sound.
    operations.set_feeds_into(chain["b"], [])
    operations.set_feeds_into(chain["c"], [chain["b"]])
    assert ("test-review", "c", "b") in links()
    assert ("test-review", "b", "c") not in links()


def test_set_feeds_into_with_no_targets_removes_every_link(chain):
    operations.set_feeds_into(chain["a"], [])
    assert not chain["a"].feeds_into.exists()
