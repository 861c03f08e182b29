"""The dev-set figures, as a floor against regressions.

The issue's targets (top-1 >= 0.85 and top-3 >= 0.97 per language) do NOT hold yet; see the
README for the measured figures. These floors sit a little under what was measured, so a
change that makes the classifier worse fails here.
"""

import pytest

from gcmreview.textengine.metrics import evaluate
from gcmreview.textengine.taxonomy import DATA_DIR, load_examples

FLOORS = {
    "package_lexical_classifier": {"top1": 0.75, "top3": 0.95},
    "package_hybrid_classifier": {"top1": 0.78, "top3": 0.94},
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
