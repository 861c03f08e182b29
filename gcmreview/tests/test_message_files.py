"""The Arabic and French message files cover every interface string and are compiled."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[1]
LANGS = ["ar", "fr"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_is_translated_and_none_is_fuzzy(lang):
    po = polib.pofile(str(PACKAGE / "locale" / lang / "LC_MESSAGES" / "django.po"))
    assert not [e.msgid for e in po.untranslated_entries()]
    assert not [e.msgid for e in po.fuzzy_entries()]
    assert len(po.translated_entries()) > 100


@pytest.mark.parametrize("lang", LANGS)
def test_the_compiled_file_matches_the_message_file(lang):
    folder = PACKAGE / "locale" / lang / "LC_MESSAGES"
    po = polib.pofile(str(folder / "django.po"))
    mo = polib.mofile(str(folder / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        assert (entry.msgctxt, entry.msgid) in compiled, entry.msgid


def test_no_interface_string_is_missing_from_the_message_files(tmp_path):
    # Extract the strings afresh from a copy of the package and look for new, untranslated ones.
    copy = tmp_path / "gcmreview"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "gcmreview.settings",
        "GCMREVIEW_DATA_DIR": str(tmp_path / "data"),
    }
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "ar", "-l", "fr",
         "-i", "*/tests/*", "--no-obsolete"],
        cwd=copy, env=env, check=True, capture_output=True,
    )  # fmt: skip
    for lang in LANGS:
        po = polib.pofile(str(copy / "locale" / lang / "LC_MESSAGES" / "django.po"))
        missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
        assert not missing, f"{lang}: run `make messages` and translate: {missing[:10]}"
