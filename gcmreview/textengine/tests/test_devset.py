"""The dev-set figures, as a floor against regressions.

The issue's targets (top-1 >= 0.85 and top-3 >= 0.97 per language) hold in hybrid mode, with
little to spare (see the README for the measured figures). These floors sit a little under
what was measured, so a change that makes the classifier clearly worse fails here; a change of
data must still be checked against the targets with `python -m gcmreview.textengine evaluate`.
"""

import pytest

from gcmreview.textengine.metrics import evaluate
from gcmreview.textengine.taxonomy import DATA_DIR, load_examples

FLOORS = {
    "package_lexical_classifier": {"top1": 0.78, "top3": 0.95},
    "package_hybrid_classifier": {"top1": 0.83, "top3": 0.96},
}


@pytest.mark.parametrize("fixture", sorted(FLOORS))
def test_dev_set_figures_stay_above_the_measured_floor_in_every_language(fixture, request):
    classifier = request.getfixturevalue(fixture)
    reports = evaluate(classifier, load_examples(DATA_DIR / "devset.jsonl"))
    floor = FLOORS[fixture]
    for lang in ("ar", "en", "fr"):
        report = reports[lang]
        assert report.n >= 12 * 23, f"{lang}: dev set smaller than 12 per objective"
        assert report.top1 >= floor["top1"], (lang, report.as_dict())
        assert report.top3 >= floor["top3"], (lang, report.as_dict())


def test_no_seed_example_is_a_near_copy_of_a_dev_set_message():
    # The dev set measures the classifier only if its messages are not also what it learns
    # from: no prototype may share half or more of its stems with a dev-set message.
    from collections import defaultdict

    from gcmreview.textengine.lexical import keys_of
    from gcmreview.textengine.stemming import analyze

    def stems(item):
        lang = None if item.lang == "ar" else item.lang
        return frozenset(keys_of(analyze(item.text, lang), False))

    dev = [stems(d) for d in load_examples(DATA_DIR / "devset.jsonl")]
    holding = defaultdict(set)
    for i, keys in enumerate(dev):
        for key in keys:
            holding[key].add(i)
    near = []
    for proto in load_examples(DATA_DIR / "prototypes.jsonl"):
        keys = stems(proto)
        for i in set().union(*(holding[k] for k in keys)) if keys else ():
            if len(keys & dev[i]) / len(keys | dev[i]) >= 0.5:
                near.append(proto.text)
    assert near == []
