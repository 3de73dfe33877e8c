"""Building the index: manifest, incremental updates, bad files, and builds that fail or are killed."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import types
from pathlib import Path

import pytest

from rag.build import build_index, passage_sentences
from rag.errors import StoreError
from rag.retrieval import Retriever
from rag.store import SCHEMA_VERSION, Index

NEW_DOC = (
    "Testshire Council: Ofsted focused visit\n\n"
    "Inspectors found that the leaving care team in Testshire helps young people to find apprenticeships "
    "and that personal advisers keep in touch with them every week.\n\n"
    "Inspectors also found that private fostering arrangements are assessed quickly and reviewed every six months.\n"
)


@pytest.fixture
def index_dir(tmp_path, corpus_copy) -> Path:
    directory = tmp_path / "index"
    build_index(corpus_copy, directory)
    return directory


def test_manifest_records_what_built_the_index(index_dir):
    manifest = json.loads((index_dir / "manifest.json").read_text())
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["model"] == {
        "name": "all-MiniLM-L6-v2",
        "path": manifest["model"]["path"],
        "dimension": 384,
        "backend": "onnx",
    }
    assert manifest["chunker"]["max_chars"] > 0
    assert set(manifest["documents"]) == {
        "knowsley-2017",
        "knowsley-news-2017",
        "local-news-2015",
        "sector-news-2019",
        "cypnow-2017",
    }
    assert all(len(doc["content_hash"]) == 64 for doc in manifest["documents"].values())
    assert manifest["counts"]["passages"] == sum(d["passages"] for d in manifest["documents"].values())
    for package in ("sentence-transformers", "faiss-cpu", "bm25s", "torch"):
        assert package in manifest["packages"]
    index = Index.load(index_dir)
    assert len(index.passages) == index.vectors.shape[0] == index.faiss_index.ntotal
    assert manifest["counts"]["sentences"] == len(index.sentence_rows) > len(index.passages)
    assert set(index.sentence_rows) == set(range(len(index.passages)))  # every passage has a sentence indexed
    assert index.sentence_vectors is not None and index.sentence_vectors.shape == (len(index.sentence_rows), 384)
    norms = (index.vectors**2).sum(axis=1)
    assert abs(norms - 1).max() < 1e-4  # L2-normalised: inner product is cosine


def test_incremental_build_embeds_only_what_changed(index_dir, corpus_copy):
    before = Index.load(index_dir)
    unchanged = build_index(corpus_copy, index_dir)
    assert unchanged.embedded == 0 and len(unchanged.unchanged) == 5
    assert Index.load(index_dir).build_id == before.build_id  # nothing changed: no new build

    (corpus_copy / "testshire-visit.txt").write_text(NEW_DOC, encoding="utf-8")
    added = build_index(corpus_copy, index_dir)
    index = Index.load(index_dir)
    new_passages = [p for p in index.passages if p.doc_id == "testshire-visit"]
    assert added.added == ["testshire-visit"] and added.embedded == len(new_passages) == 2
    assert added.embedded_sentences == 2  # one sentence each; the others' sentence vectors are reused
    assert len(index.passages) == len(before.passages) + 2

    news = corpus_copy / "local-news-2015-child-protection-improving.txt"
    news.write_text(news.read_text() + "\n\nA new closing paragraph was added to the article by its editor.\n")
    changed = build_index(corpus_copy, index_dir)
    assert changed.changed == ["local-news-2015"] and changed.embedded == 1  # only the new paragraph

    (corpus_copy / "testshire-visit.txt").unlink()
    removed = build_index(corpus_copy, index_dir)
    index = Index.load(index_dir)
    assert removed.removed == ["testshire-visit"] and removed.embedded == 0
    assert not any(p.doc_id == "testshire-visit" for p in index.passages)
    previous = index.manifest["previous_build_id"]  # kept for readers that read the manifest before the swap
    assert previous and previous != index.build_id
    kept = {index.build_id, previous}
    leftovers = [p.name for p in index_dir.iterdir() if not any(b in p.name for b in kept) and p.name[0] != "."]
    assert leftovers == ["manifest.json"]  # the files of builds before those two are gone


def test_each_sentence_vector_is_its_sentence_embedded(index_dir):
    index = Index.load(index_dir)
    assert index.sentence_vectors is not None
    sentences, rows = passage_sentences([p.text for p in index.passages])
    assert rows == index.sentence_rows.tolist()
    for j in (0, len(sentences) // 2, len(sentences) - 1):
        vector = index.embedder.encode([sentences[j]])[0]
        assert float(vector @ index.sentence_vectors[j]) > 0.999


def test_an_index_made_before_sentence_vectors_is_upgraded_without_re_embedding_passages(index_dir, corpus_copy):
    manifest_path = index_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    (index_dir / manifest["files"].pop("sentence_vectors")).unlink()
    manifest["schema_version"] = 2
    for key in ("checksum", "checks"):  # an index of schema 2 had neither
        manifest.pop(key)
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(StoreError, match="schema version 2.*rag build"):
        Index.load(index_dir)
    report = build_index(corpus_copy, index_dir)
    index = Index.load(index_dir)
    sentences, _ = passage_sentences([p.text for p in index.passages])
    assert report.embedded == 0 and report.embedded_sentences == len(set(sentences))  # each distinct one, once
    assert index.sentence_vectors is not None and len(index.sentence_vectors) == len(index.sentence_rows)


def test_new_keyword_settings_rebuild_the_keyword_indexes_without_re_embedding(index_dir, corpus_copy, monkeypatch):
    import rag.build

    before = Index.load(index_dir)
    monkeypatch.setattr(rag.build, "KEYWORD_SETTINGS", rag.build.KEYWORD_SETTINGS | {"version": 999})
    report = build_index(corpus_copy, index_dir)
    after = Index.load(index_dir)
    assert after.build_id != before.build_id and after.manifest["keywords"]["version"] == 999
    assert report.embedded == 0 and (after.vectors == before.vectors).all()


def test_keyword_indexes_built_in_a_second_process_search_the_same(index_dir, corpus_copy, tmp_path, monkeypatch):
    import rag.build

    (corpus_copy / "testshire-visit.txt").write_text(NEW_DOC, encoding="utf-8")
    shutil.copytree(index_dir, tmp_path / "inline")
    build_index(corpus_copy, tmp_path / "inline")  # 152 passages: all built in this process
    pools = []
    monkeypatch.setattr(rag.build, "PARALLEL_KEYWORDS", 100)  # as for a big index (152) with few new passages (2)
    monkeypatch.setattr(rag.build, "_process_pool", lambda real=rag.build._process_pool: pools.append(1) or real())
    # as in the app (Streamlit runs the page as __main__): the worker must not run the page again
    page = tmp_path / "page.py"
    page.write_text("raise SystemExit('the page ran again in the keyword worker')\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    monkeypatch.setattr(sys.modules["__main__"], "__file__", str(page), raising=False)
    report = build_index(corpus_copy, index_dir)
    inline, parallel = Index.load(tmp_path / "inline"), Index.load(index_dir)
    assert pools and report.added == ["testshire-visit"]
    assert (parallel.sentence_rows == inline.sentence_rows).all()
    for question in ("care leavers' health histories", "apprenticeships in Testshire", "child protection plans"):
        hits = [Retriever(index).search(question, k=10, mode="bm25") for index in (inline, parallel)]
        assert [(h.passage.citation, round(h.score, 5)) for h in hits[0]] == [
            (h.passage.citation, round(h.score, 5)) for h in hits[1]
        ]


@pytest.mark.shared("bad-inputs")
def test_bad_files_are_reported_and_the_rest_indexed(tmp_path, corpus_copy, bad_inputs):
    shutil.copy(bad_inputs / "html-error-page-saved-as.pdf", corpus_copy / "report.pdf")
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "notes.csv").write_text("a,b\n")
    report = build_index(corpus_copy, tmp_path / "index")
    reasons = {s["path"]: s["reason"] for s in report.skipped}
    assert set(reasons) == {"report.pdf", "empty.txt", "notes.csv"}
    assert "HTML page" in reasons["report.pdf"] and reasons["empty.txt"] == "empty file"
    assert report.documents == 5
    assert json.loads((tmp_path / "index" / "manifest.json").read_text())["counts"]["skipped"] == 3


@pytest.mark.shared("bad-inputs")
def test_strict_build_fails_and_changes_nothing(index_dir, corpus_copy, bad_inputs):
    before = Index.load(index_dir).build_id
    (corpus_copy / "testshire-visit.txt").write_text(NEW_DOC)
    shutil.copy(bad_inputs / "html-error-page-saved-as.pdf", corpus_copy / "report.pdf")
    with pytest.raises(StoreError, match="report.pdf.*unchanged"):
        build_index(corpus_copy, index_dir, strict=True)
    assert Index.load(index_dir).build_id == before


def test_a_document_that_turns_bad_keeps_its_indexed_version(index_dir, corpus_copy):
    (corpus_copy / "local-news-2015-child-protection-improving.txt").write_bytes(b"")
    report = build_index(corpus_copy, index_dir)
    assert "kept the previously indexed version" in report.skipped[0]["reason"]
    assert any(p.doc_id == "local-news-2015" for p in Index.load(index_dir).passages)


def test_a_build_that_fails_leaves_the_previous_index(index_dir, corpus_copy, monkeypatch):
    from rag.embedding import Embedder

    before = Index.load(index_dir)
    (corpus_copy / "testshire-visit.txt").write_text(NEW_DOC)

    def broken(self, texts, progress=False):
        raise MemoryError("out of memory while embedding")

    monkeypatch.setattr(Embedder, "encode", broken)
    with pytest.raises(MemoryError):
        build_index(corpus_copy, index_dir)
    after = Index.load(index_dir)
    assert after.build_id == before.build_id and len(after.passages) == len(before.passages)


def test_a_killed_build_leaves_the_previous_index(tmp_path, corpus_copy):
    corpus = corpus_copy
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir)
    before = Index.load(index_dir)
    for n in range(40):  # enough new text that embedding takes a while
        (corpus / f"extra-{n}.txt").write_text(
            "\n\n".join(f"Extra document {n}, paragraph {m}: " + NEW_DOC for m in range(10))
        )
    process = subprocess.Popen(
        [sys.executable, "-m", "rag", "build", "--corpus", str(corpus), "--index", str(index_dir)],
        stderr=subprocess.PIPE,
        text=True,
    )
    line = process.stderr.readline()
    assert line.startswith("embedding"), line
    process.send_signal(signal.SIGKILL)  # while embedding: the model runs in this process from now on
    process.wait()
    after = Index.load(index_dir)
    assert after.build_id == before.build_id and len(after.passages) == len(before.passages)
    # the next build finishes the work and clears what the killed one left
    report = build_index(corpus, index_dir)
    assert len(report.added) == 40
    assert not [p for p in os.listdir(index_dir) if p.endswith(".tmp")]


def test_manifest_of_another_schema_or_model_says_what_to_run(index_dir):
    path = index_dir / "manifest.json"
    manifest = json.loads(path.read_text())
    with pytest.raises(StoreError, match="built with model 'all-MiniLM-L6-v2'.*rag build"):
        Index.load(index_dir, model="sentence-transformers/all-mpnet-base-v2")
    Index.load(index_dir, model="sentence-transformers/all-MiniLM-L6-v2")  # the same model by its hub name
    manifest["schema_version"] = SCHEMA_VERSION + 1
    del manifest["checksum"]  # as a later version of rag might write it
    path.write_text(json.dumps(manifest))
    with pytest.raises(StoreError, match=f"rag build --index {index_dir}"):
        Index.load(index_dir)


def test_missing_index_says_how_to_build(tmp_path):
    with pytest.raises(StoreError, match="No index in .* rag build"):
        Index.load(tmp_path / "nothing")


@pytest.mark.shared("reports/80479_knowsley/children's services inspection - 13 june 2017.pdf")
def test_pdf_in_a_subfolder_is_indexed_with_pages(tmp_path, corpus_copy, knowsley_pdf):
    (corpus_copy / "knowsley").mkdir()
    shutil.copy(knowsley_pdf, corpus_copy / "knowsley" / knowsley_pdf.name)
    build_index(corpus_copy, tmp_path / "index")
    index = Index.load(tmp_path / "index")
    doc_id = "knowsley-childrens-services-inspection-13-june-2017"
    meta = index.document(doc_id)
    assert meta.kind == "inspection report" and meta.date == "2017-06-13" and meta.pages == 19
    p43 = next(p for p in index.passages if p.doc_id == doc_id and p.paragraph == 43)
    assert p43.citation == f"{doc_id} ¶43" and p43.page == 15


def test_vector_index_kind_is_chosen_by_size_recorded_and_overridable(tmp_path, corpus_copy, monkeypatch):
    import rag.store

    auto = build_index(corpus_copy, tmp_path / "auto")
    assert auto.passages < rag.store.FLAT_LIMIT
    assert Index.load(tmp_path / "auto").manifest["faiss"]["kind"] == "flat"
    build_index(corpus_copy, tmp_path / "big", faiss_kind="hnsw")  # the user chooses HNSW
    big = Index.load(tmp_path / "big")
    assert {"kind": "hnsw", "chosen_by": "user"}.items() <= big.manifest["faiss"].items()
    assert type(big.faiss_index).__name__ == "IndexHNSWFlat"
    hits = Retriever(big).search("care leavers' health histories", k=5)
    assert "knowsley-2017 ¶43" in [h.passage.citation for h in hits]
    build_index(corpus_copy, tmp_path / "big", faiss_kind="flat")  # and back
    assert Index.load(tmp_path / "big").manifest["faiss"]["kind"] == "flat"


def test_onnx_and_pytorch_give_the_same_vectors(tmp_path, monkeypatch):
    """The bundled model runs on ONNX Runtime alone (exported locally); its vectors equal sentence-transformers'."""
    import numpy as np
    from sentence_transformers import SentenceTransformer

    from rag.embedding import Embedder, _load, resolve_model_path

    monkeypatch.setenv("RAG_CACHE", str(tmp_path / "cache"))
    texts = [
        "Care leavers are not given their health histories.",
        "Adoption disruption is rare in Knowsley.",
        "word " * 400,  # longer than the model reads: cut where sentence-transformers cuts it
    ]
    _load.cache_clear()
    onnx = Embedder()
    assert onnx.backend == "onnx" and (tmp_path / "cache" / "onnx").is_dir()
    reference = SentenceTransformer(resolve_model_path(None), device="cpu")
    a = onnx.encode(texts)
    b = reference.encode(texts, normalize_embeddings=True)
    assert np.min(np.sum(a * b, axis=1)) >= 0.9999
    monkeypatch.setenv("RAG_BACKEND", "torch")
    _load.cache_clear()
    torch = Embedder()
    assert torch.backend == "torch" and np.min(np.sum(torch.encode(texts) * b, axis=1)) >= 0.9999
    _load.cache_clear()


def test_a_model_the_onnx_runner_cannot_run_works_through_sentence_transformers(tmp_path, monkeypatch):
    """A configured model with CLS pooling (not mean) is run by sentence-transformers, with its own vectors."""
    import json
    import shutil

    from sentence_transformers import SentenceTransformer

    from rag.embedding import Embedder, _load, resolve_model_path

    monkeypatch.setenv("RAG_CACHE", str(tmp_path / "cache"))
    model = tmp_path / "cls-model"
    shutil.copytree(resolve_model_path(None), model)
    pooling = model / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text()) | {"pooling_mode_mean_tokens": False, "pooling_mode_cls_token": True}
    pooling.write_text(json.dumps(config))
    _load.cache_clear()
    embedder = Embedder(str(model))
    texts = ["Care leavers are not given their health histories."]
    expected = SentenceTransformer(str(model), device="cpu").encode(texts, normalize_embeddings=True)
    assert embedder.backend == "torch" and float(embedder.encode(texts)[0] @ expected[0]) >= 0.9999
    _load.cache_clear()


def test_the_query_path_does_not_import_torch(seed_index):
    """Loading an index and answering a question embeds with onnxruntime alone: torch is never imported."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from rag.answers import answer_question\n"
        "from rag.conversation import answer_turn\n"
        "from rag.retrieval import Retriever\n"
        "from rag.store import Index\n"
        f"retriever = Retriever(Index.load({str(seed_index)!r}))\n"
        "first, answer = answer_turn(retriever, 'What did Ofsted say about care leavers health histories?')\n"
        "assert answer.supported, answer\n"
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_new_chunker_re_reads_every_document_but_embeds_only_passages_whose_words_changed(index_dir, corpus_copy):
    from rag.chunking import ChunkerSettings

    before = Index.load(index_dir)
    old_vectors = {p.text: before.vectors[i] for i, p in enumerate(before.passages)}
    report = build_index(corpus_copy, index_dir, settings=ChunkerSettings(max_chars=600))
    after = Index.load(index_dir)
    assert sorted(report.changed) == sorted(before.documents) and not report.added  # re-read, not new
    kept = [i for i, p in enumerate(after.passages) if p.text in old_vectors]
    assert len(kept) > 100 and report.embedded == len(after.passages) - len(kept)  # numbered paragraphs stay
    assert all((after.vectors[i] == old_vectors[after.passages[i].text]).all() for i in kept)
