import io
import json

from gcmreview.textengine.cli import classify_main, evaluate_main


def test_classify_survives_bad_lines_and_goes_on(small_lexical_classifier):
    lines = [
        '{"id": "a", "text": "Recruitment fees must go."}',
        '{"id": "b", "text": "unterminated',
        '{"id": "c"}',
        "",
        '{"id": "d", "text": "   "}',
        '{"id": "e", "text": 42}',
        '["not", "an", "object"]',
        '{"id": "f", "text": "Les envois de fonds coûtent cher."}',
    ]
    out = io.StringIO()
    code = classify_main([], io.StringIO("\n".join(lines) + "\n"), out,
                         classifier=small_lexical_classifier)
    assert code == 0
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(results) == 7
    assert results[0]["id"] == "a" and len(results[0]["objectives"]) == 3
    assert results[1] == {"line": 2, "error": results[1]["error"]}
    assert results[1]["error"].startswith("invalid JSON")
    assert results[2] == {"line": 3, "error": "missing 'text'", "id": "c"}
    assert results[3] == {"line": 5, "error": "empty 'text'", "id": "d"}
    assert results[4] == {"line": 6, "error": "'text' must be a string", "id": "e"}
    assert results[5] == {"line": 7, "error": "expected a JSON object"}
    assert results[6]["id"] == "f" and results[6]["lang"] == "fr"
    assert results[6]["objectives"][0] == {"objective": 20,
                                           "score": results[6]["objectives"][0]["score"]}


def test_classify_writes_lang_objectives_statement_type_and_explanation(tmp_path):
    source = tmp_path / "messages.jsonl"
    source.write_text(json.dumps({"id": 7, "text": "يجب حماية العمال المهاجرين من رسوم التوظيف",
                                  "source": "hearing"}, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    out = io.StringIO()
    assert classify_main([str(source), "--no-embeddings"], io.StringIO(), out) == 0
    result = json.loads(out.getvalue())
    assert result["id"] == 7 and result["source"] == "hearing"
    assert result["lang"] == "ar"
    assert [o["objective"] for o in result["objectives"]] != []
    assert len(result["objectives"]) == 23
    assert result["statement_type"]
    assert result["explanation"]["mode"] == "lexical-only"


def test_classify_reports_a_missing_file(tmp_path):
    out = io.StringIO()
    assert classify_main([str(tmp_path / "nope.jsonl")], io.StringIO(), out) == 2
    assert "cannot read" in out.getvalue()


def test_evaluate_prints_top1_top3_and_macro_f1_per_language(tmp_path):
    labelled = tmp_path / "labelled.jsonl"
    rows = [
        {"text": "Recruitment fees charged to workers must be abolished.", "objective": 6,
         "lang": "en", "statement_type": "recommendation"},
        {"text": "Le coût des envois de fonds reste trop élevé.", "objective": 20},
        {"text": "تحسين جمع البيانات المصنفة حسب الجنس والعمر", "objective": 1, "lang": "ar"},
        {"text": "no label here"},
    ]
    labelled.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                        encoding="utf-8")
    out = io.StringIO()
    assert evaluate_main([str(labelled), "--no-embeddings", "--calibration"], out) == 0
    text = out.getvalue()
    assert "top-1" in text and "top-3" in text and "macro-F1" in text and "type acc" in text
    langs = {line.split()[0] for line in text.splitlines()[2:6] if line.strip()}
    assert {"ar", "en", "fr", "all"} <= langs
    assert "reliability" in text and "skipped 1 line" in text

    out = io.StringIO()
    assert evaluate_main([str(labelled), "--no-embeddings", "--json"], out) == 0
    figures = json.loads(out.getvalue())
    assert figures["mode"] == "lexical-only"
    for lang in ("ar", "en", "fr", "all"):
        row = figures["languages"][lang]
        assert 0 <= row["top1"] <= row["top3"] <= 1 and 0 <= row["macro_f1"] <= 1
    assert figures["languages"]["en"]["statement_type_accuracy"] in (0.0, 1.0)
