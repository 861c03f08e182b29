"""The seed-vector cache: the same vectors as the model, without the model the second time."""

import numpy as np

from gcmreview.textengine.embeddings import VectorCache, default_cache_file


class CountingEmbedder:
    """Stands in for the model: a vector from the text's characters, and a count of texts."""

    dimension = 512
    name = "counting 1.0"

    def __init__(self) -> None:
        self.encoded = 0

    def encode(self, texts):
        self.encoded += len(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for j, ch in enumerate(text):
                out[i, (ord(ch) + j) % self.dimension] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_a_second_cache_on_the_same_file_reads_the_vectors_instead_of_embedding(tmp_path):
    texts = ["Recruitment fees must go.", "تحويلات المهاجرين", "Données ventilées"]
    first_model = CountingEmbedder()
    first = VectorCache(first_model, tmp_path / "vectors.npz")
    vectors = first.encode(texts + texts[:1])
    assert first_model.encoded == 3  # a repeated text is embedded once
    first.save()

    second_model = CountingEmbedder()
    second = VectorCache(second_model, tmp_path / "vectors.npz")
    again = second.encode(texts)
    assert second_model.encoded == 0
    np.testing.assert_array_equal(again, vectors[:3])
    second.encode(["a text it has not seen"])
    assert second_model.encoded == 1


def test_a_damaged_or_foreign_cache_file_is_ignored(tmp_path):
    path = tmp_path / "vectors.npz"
    path.write_bytes(b"not an npz file")
    model = CountingEmbedder()
    cache = VectorCache(model, path)
    cache.encode(["one", "two"])
    assert model.encoded == 2
    cache.save()
    assert VectorCache(CountingEmbedder(), path).encode(["one"]).shape == (1, 512)


def test_a_cache_that_cannot_be_written_is_not_an_error(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    cache = VectorCache(CountingEmbedder(), blocked / "vectors.npz")
    cache.encode(["one"])
    cache.save()  # the parent is a file: nothing written, nothing raised


def test_the_cache_folder_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("GCMREVIEW_CACHE_DIR", str(tmp_path))
    assert default_cache_file(CountingEmbedder()) == tmp_path / "vectors-counting-1.0.npz"
