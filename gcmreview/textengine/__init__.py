"""The multilingual text engine: normalisation, stemming, language identification,
segmentation and the classification of key messages against the GCM objectives.

It has no Django import, so that it can be imported, tested and benchmarked on its own; the
Django apps call it. Importing this package loads nothing heavy: the embedding model is loaded
only when a :class:`~gcmreview.textengine.classify.Classifier` is built with it.
"""
