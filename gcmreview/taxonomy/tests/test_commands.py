"""`gcmreview classify` and `gcmreview evaluate` run without any database."""

import json
import os
import subprocess
import sys


def _run(args, stdin="", tmp_path=None):
    env = {
        **os.environ,
        # A database that does not exist: the commands must never connect to one.
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none",
        "GCMREVIEW_DATA_DIR": str(tmp_path),
    }
    return subprocess.run(
        [sys.executable, "-m", "gcmreview.cli", *args],
        input=stdin, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_classify_needs_no_database_and_survives_a_bad_line(tmp_path):
    lines = "\n".join([
        json.dumps({"id": "a", "text": "Cut the cost of sending remittances home."}),
        "{not json",
        json.dumps({"id": "c", "text": "توفير بدائل للاحتجاز للأطفال المهاجرين"}),
    ])  # fmt: skip
    result = _run(["classify", "--no-embeddings"], lines, tmp_path)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[0]["id"] == "a" and out[0]["objectives"][0]["objective"] == 20
    assert len(out[0]["objectives"]) == 23
    assert "error" in out[1] and out[1]["line"] == 2
    assert out[2]["lang"] == "ar" and out[2]["objectives"][0]["objective"] == 13


def test_evaluate_prints_accuracy_per_language(tmp_path):
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text(
        "\n".join(
            json.dumps(r, ensure_ascii=False)
            for r in [
                {"text": "Lower the fees banks charge on remittances.", "objective": 20},
                {"text": "Des alternatives à la rétention pour les enfants.", "objective": 13},
            ]
        ),
        encoding="utf-8",
    )
    result = _run(["evaluate", str(labelled), "--no-embeddings"], tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "top-1" in result.stdout.lower() and "fr" in result.stdout
