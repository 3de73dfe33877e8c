"""Building on a Ray cluster: ``rag build --ray [ADDRESS]``.

Reading, chunking and embedding run as Ray Data pipelines. The changed files are rows that carry their bytes (the
workers need no shared file system), read and chunked by Ray tasks; the new texts are embedded by ``map_batches``
over an actor pool that holds one embedder per worker, a GPU each where the cluster has GPUs. Everything else is
`rag.build`'s own: what to read and what to embed (by passage-text hash), the keyword and FAISS indexes, the
manifest and its atomic commit. So the index is the one a local build writes, and a failed or killed
distributed build leaves the previous index as it was.

Ray is an optional extra (``pip install .[ray]``); nothing else in `rag` imports this module.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

import numpy as np

from rag.documents import Document, DocumentText
from rag.embedding import Embedder, get_embedder
from rag.engine import BuiltDocument, ReadJob, ReadResult, read_and_chunk
from rag.errors import RagError
from rag.store import passage_from_dict


class RayEngine:
    """A Ray cluster: the one at `address` (or ``RAY_ADDRESS``), or a local one started for this build.

    Args:
        address: ``ray://host:10001``, ``host:6379`` or ``auto``; ``None`` for ``RAY_ADDRESS``, else a local
            cluster on this machine's cores.
        workers: Embedding actors; by default one per CPU of the cluster (one per GPU where it has GPUs).
        batch_size: Texts per embedding batch.

    Raises:
        RagError: Ray is not installed, or the cluster cannot be reached.

    """

    def __init__(self, address: str | None = None, workers: int | None = None, batch_size: int = 256) -> None:
        try:
            import ray
        except ImportError as exc:
            raise RagError("rag build --ray needs Ray: pip install '.[ray]' (or ray[data])") from exc
        address = address or os.environ.get("RAY_ADDRESS") or None
        logging.getLogger("ray").setLevel(logging.ERROR)  # the build logs its own stages
        self.started = not ray.is_initialized()
        if self.started:
            try:
                ray.init(address=address, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise RagError(f"cannot reach the Ray cluster at {address}: {str(exc).splitlines()[0]}") from exc
        import ray.data

        logging.getLogger("ray.data").setLevel(logging.ERROR)
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        resources = ray.cluster_resources()
        self.gpus = int(resources.get("GPU", 0))
        self.workers = workers or max(1, self.gpus or int(resources.get("CPU", 1)))
        self.batch_size = batch_size

    def read(self, jobs: list[ReadJob]) -> list[ReadResult]:
        """Read and chunk each file on the cluster; one result per job, in order."""
        import ray.data

        rows = [{"row": i, "job": _job_row(job), "data": job.data} for i, job in enumerate(jobs)]
        dataset = ray.data.from_items(rows, override_num_blocks=min(len(rows), 4 * self.workers))
        results: list[ReadResult | None] = [None] * len(jobs)
        for row in dataset.map(_read_row).iter_rows():  # a task lost with its worker is run again
            results[row["row"]] = _result(row["result"])
        assert all(result is not None for result in results)  # every row comes back once
        return results  # type: ignore[return-value]

    def encode(self, embedder: Embedder, texts: list[str], progress: bool = False) -> np.ndarray:
        """`embedder`'s vectors of `texts`, embedded by the actor pool; one row each, in order."""
        import ray.data

        vectors = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
        if not texts:
            return vectors
        # longest first, as the local encoder orders them: a batch of texts of like length pads little
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        dataset = ray.data.from_items([{"row": i, "text": texts[i]} for i in order])
        embedded = dataset.map_batches(
            type("Embed", (_Embed,), {"model": embedder.name}),  # no constructor arguments to keep for restarts
            batch_size=self.batch_size,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=self.workers),  # an actor lost is restarted, its batch run again
            num_cpus=0 if self.gpus else 1,
            num_gpus=1 if self.gpus else 0,
        )
        for batch in embedded.iter_batches(batch_format="numpy", batch_size=None):
            vectors[batch["row"]] = batch["vector"]
        return vectors

    def close(self) -> None:
        """Stop the local cluster this engine started (a cluster it joined keeps running)."""
        import ray

        if self.started and ray.is_initialized():
            ray.shutdown()


class _Embed:
    """One embedder per actor, loaded once; each batch's texts become their vectors."""

    model: str  # set on a subclass made for each build

    def __init__(self) -> None:
        self.embedder = get_embedder(self.model)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return {"row": batch["row"], "vector": self.embedder.encode([str(text) for text in batch["text"]])}


def _job_row(job: ReadJob) -> str:
    """A job's fields but its bytes, as JSON (a catalog entry's keys vary from file to file)."""
    return json.dumps(
        {"corpus": job.corpus, "rel": job.rel, "doc_id": job.doc_id, "entry": job.entry, "settings": job.settings}
    )


def _read_row(row: dict[str, Any]) -> dict[str, Any]:
    """On a worker: read and chunk one file; the result as JSON."""
    job = ReadJob(**json.loads(row["job"]), data=bytes(row["data"]))
    result = read_and_chunk(job)
    if result.built is None:
        return {"row": row["row"], "result": json.dumps({"reason": result.reason})}
    built = result.built
    out = {
        "document": built.document.as_dict(),
        "text": built.text.text,
        "page_starts": list(built.text.page_starts),
        "passages": [vars(passage) for passage in built.passages],
    }
    return {"row": row["row"], "result": json.dumps(out, ensure_ascii=False)}


def _result(text: str) -> ReadResult:
    """A `ReadResult` from a worker's JSON."""
    out = json.loads(text)
    if "reason" in out:
        return ReadResult(reason=out["reason"])
    document = Document.from_dict(out["document"])
    passages = [passage_from_dict(row) for row in out["passages"]]
    return ReadResult(built=BuiltDocument(document, DocumentText(out["text"], tuple(out["page_starts"])), passages))
