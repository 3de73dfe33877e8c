"""The index kind for millions of passages (#17): IVF-PQ, passages read when used, memory-mapped arrays,
keyword indexes built in arrays, filters worked out per document. The sizes themselves are measured by
benchmarks/scale.py, not here; these tests hold the same code to what a user of a small index would notice.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from rag.build import build_index
from rag.chunking import context_text
from rag.documents import council_keys
from rag.evaluation import evaluate, load_questions
from rag.keywords import bm25_scores_of, new_bm25, tokenize
from rag.query import Filters
from rag.retrieval import Retriever
from rag.store import Index, PassageTable, passage_from_dict


def test_passages_are_read_when_used_and_arrays_memory_mapped(seed_index):
    index = Index.load(seed_index)
    lines = (seed_index / index.manifest["files"]["passages"]).read_text(encoding="utf-8").splitlines()
    assert isinstance(index.passages, PassageTable) and len(index.passages) == len(lines)
    assert [index.passages[i] for i in (0, 57, -1)] == [passage_from_dict(json.loads(lines[i])) for i in (0, 57, -1)]
    assert list(index.passages) == [passage_from_dict(json.loads(line)) for line in lines]
    with pytest.raises(IndexError):
        index.passages[len(lines)]
    assert isinstance(index.vectors, np.memmap) and isinstance(index.sentence_vectors, np.memmap)
    assert isinstance(index.bm25.scores["data"], np.memmap)
    knowsley = index.rows_of("knowsley-2017")
    assert [index.passages[row].doc_id for row in knowsley] == ["knowsley-2017"] * len(knowsley)
    assert sum(len(index.rows_of(doc_id)) for doc_id in index.documents) == len(index.passages)


def test_keyword_index_built_in_arrays_scores_as_bm25s_own(seed_index):
    index = Index.load(seed_index)
    titles = {doc_id: doc.title for doc_id, doc in index.documents.items()}
    own = new_bm25()  # bm25s's own index of the same texts
    own.index([tokenize(context_text(p, titles[p.doc_id])) or ["_empty_"] for p in index.passages], show_progress=0)
    rows = np.arange(0, len(index.passages), 7)
    for question in ("care leavers health histories", "social worker caseloads", "MASH front door", "children"):
        tokens = tokenize(question)
        expected = own.get_scores(tokens)
        assert np.allclose(index.bm25.get_scores(tokens), expected, atol=1e-6)
        assert np.allclose(bm25_scores_of(index.bm25, tokens, rows), expected[rows], atol=1e-6)
        assert expected.max() > 0


def test_filters_are_worked_out_per_document_and_hold_for_every_passage(retriever):
    index = retriever.index

    def by_passage(filters: Filters) -> list[bool]:  # what a filter means, passage by passage
        ok = {doc_id for doc_id, doc in index.documents.items() if filters.allows(doc)}
        wanted = council_keys(filters.authorities)
        return [
            p.doc_id in ok and not (wanted and p.councils and not wanted & council_keys(p.councils))
            for p in index.passages
        ]

    round_up = next(doc for doc in index.documents.values() if len(doc.authorities) > 1)
    cases = [
        Filters(authorities=("Knowsley",)),
        Filters(authorities=(round_up.authorities[0],)),
        Filters(authorities=round_up.authorities[:2]),
        Filters(kinds=("news",)),
        Filters(years=(2019,)),
        Filters(since="2018", kinds=("inspection report",)),
        Filters(doc_ids=(round_up.doc_id,), authorities=(round_up.authorities[-1],)),
        Filters(authorities=("Nowhere",)),
    ]
    for filters in cases:
        assert retriever.allowed(filters).tolist() == by_passage(filters), filters
    assert not all(by_passage(Filters(authorities=(round_up.authorities[0],))))  # the round-up's case is tested


def test_ivfpq_is_chosen_by_size_recorded_and_answers_nearly_as_well(tmp_path, corpus_copy, monkeypatch, root):
    import rag.store

    monkeypatch.setattr(rag.store, "FLAT_LIMIT", 100)  # a corpus "larger" than exact search serves
    build_index(corpus_copy, tmp_path / "big")
    big = Index.load(tmp_path / "big")
    faiss = big.manifest["faiss"]
    assert {"kind": "ivfpq", "type": "IndexIVFPQ", "chosen_by": "auto"}.items() <= faiss.items()
    assert faiss["ivfpq"]["probes"] >= 1 and faiss["ivfpq"]["bytes"] == 48
    assert type(big.faiss_index).__name__ == "IndexIVFPQ" and big.large
    # the bundled question set, searched in this index and in the exact one: the candidates' sentences alone are
    # scored here, and the top five hold a relevant passage nearly as often
    build_index(corpus_copy, tmp_path / "flat", faiss_kind="flat")
    questions = load_questions([root / "eval" / "questions.jsonl"])
    scores = {
        name: evaluate(Retriever(Index.load(tmp_path / name)), questions, modes=("hybrid",), with_answers=False)
        .modes["hybrid"]
        .metrics
        for name in ("big", "flat")
    }
    assert scores["big"]["Success@5"] >= scores["flat"]["Success@5"] - 0.03
    assert scores["big"]["RR@10"] >= scores["flat"]["RR@10"] - 0.05
    hits = Retriever(big).search("care leavers' health histories", k=5)
    assert "knowsley-2017 ¶43" in [h.passage.citation for h in hits]
    # its sentences' closeness comes from codes in memory, near the exact cosines; an exact index has no codes
    assert big.sentence_pq is not None and "sentence_codes" not in Index.load(tmp_path / "flat").manifest["files"]
    question = big.embedder.encode(["What did inspectors find about care leavers' health histories?"])[0]
    sentences = np.arange(len(big.sentence_rows))
    approx, exact = big.sentence_closeness(sentences, question), np.asarray(big.sentence_vectors) @ question
    assert np.abs(approx - exact).max() < 0.1 and np.corrcoef(approx, exact)[0, 1] > 0.95
    assert np.argmax(approx) in np.argsort(-exact)[:3]


def test_a_filter_over_the_document_table_allows_what_each_document_allows(seed_index):
    """`Filters.mask` (every document at once) against `Filters.allows` (one at a time), over varied metadata."""
    import random
    from dataclasses import replace

    from rag.ofsted import Inspection
    from rag.query import DocumentTable

    rng = random.Random(7)
    real = list(Index.load(seed_index).documents.values())
    councils = ["Kent", "Knowsley", "Isle of Wight", "Bristol, City of", "Telford & Wrekin", "Stoke-on-Trent"]
    documents = []
    for i in range(300):
        inspection = (
            Inspection(
                framework=rng.choice(["SIF", "ILACS", "focused visit", None]),
                start=rng.choice([None, f"20{rng.randint(15, 26)}-03-01"]),
                grades=rng.choice([{}, {"overall": "good"}, {"overall": "inadequate"}]),
            )
            if rng.random() < 0.7
            else None
        )
        date = rng.choice([None, "2016", f"20{rng.randint(15, 26)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"])
        documents.append(
            replace(
                rng.choice(real),
                doc_id=f"d{i}",
                kind=rng.choice(["inspection report", "news", "council statement"]),
                date=date,
                authorities=tuple(rng.sample(councils, rng.randint(0, 2))),
                inspection=inspection,
            )
        )
    table = DocumentTable.of(documents)
    for _ in range(300):
        filters = Filters(
            doc_ids=tuple(rng.sample([d.doc_id for d in documents], rng.choice([0, 0, 3]))),
            kinds=tuple(rng.sample(["inspection report", "news", "council statement"], rng.choice([0, 0, 1, 2]))),
            authorities=tuple(rng.sample([*councils, "telford and wrekin", "Nowhere"], rng.choice([0, 1, 2]))),
            since=rng.choice([None, None, "2018", "2020-05"]),
            until=rng.choice([None, None, "2019", "2022-03"]),
            years=tuple(rng.sample(range(2015, 2027), rng.choice([0, 0, 1, 2]))),
            frameworks=tuple(rng.sample(["ILACS", "sif", "Focused visit"], rng.choice([0, 0, 1]))),
            grades=tuple(rng.sample(["Good", "inadequate"], rng.choice([0, 0, 1]))),
        )
        assert filters.mask(table).tolist() == [filters.allows(doc) for doc in documents], filters
