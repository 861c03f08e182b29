import json

from gcmreview.textengine.calibrate import data_fingerprint
from gcmreview.textengine.classify import CALIBRATION_FILE, HYBRID, LEXICAL_ONLY
from gcmreview.textengine.metrics import macro_f1, reliability
from gcmreview.textengine.taxonomy import DATA_DIR, DATA_FILES


def test_reliability_bins_scores_and_measures_the_calibration_error():
    table = reliability([0.05, 0.15, 0.95, 0.95], [False, True, True, True])
    assert [(n, round(mean, 2), rate) for _lo, _hi, n, mean, rate in table.bins] == [
        (1, 0.05, 0.0), (1, 0.15, 1.0), (2, 0.95, 1.0)]
    assert round(table.ece, 4) == round((0.05 + 0.85 + 2 * 0.05) / 4, 4)
    assert reliability([1.0], [True]).ece == 0.0


def test_macro_f1_averages_over_labels_present():
    assert macro_f1([1, 1, 2, 2], [1, 1, 2, 2]) == 1.0
    assert round(macro_f1([1, 1, 2, 2], [1, 2, 2, 2]), 4) == round((2 / 3 + 0.8) / 2, 4)


def test_the_shipped_calibration_was_fitted_on_the_shipped_data():
    calibration = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    current = data_fingerprint(*(DATA_DIR / name for name in DATA_FILES))
    assert calibration["fitted_on"]["data"] == current, (
        "taxonomy.yaml, prototypes.jsonl or gazetteer.yaml changed: run "
        "`python -m gcmreview.textengine calibrate` and commit data/calibration.json")
    for space in ("objectives", "statement_types"):
        assert set(calibration[space]) == {LEXICAL_ONLY, HYBRID}
