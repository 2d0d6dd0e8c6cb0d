"""The shipped MiniLM model loads from site-packages, offline, once per process."""

import numpy as np
import pytest

from marketing_ai import embeddings

pytestmark = pytest.mark.skipif(not embeddings.is_available(), reason="the [ml] extra is not installed")


def test_embeddings_are_unit_vectors_and_similar_texts_are_close():
    vectors = embeddings.embed(["a warm wool jumper", "a cosy woollen sweater", "where is my parcel?"])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_the_model_is_loaded_once():
    assert embeddings.get_model() is embeddings.get_model()


def test_empty_input():
    assert embeddings.embed([]).shape == (0, 384)
