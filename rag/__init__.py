"""Ask questions of Ofsted inspection reports and get answers with cited paragraphs.

The names exported here are the public API; the modules behind them import one another downward only
(README, "Architecture"). For example::

    from rag import Index, Retriever, answer_question, build_index

    build_index("corpus", "index")
    answer = answer_question(Retriever(Index.load("index")), "What did Ofsted say about care leavers?")
    for citation in answer.citations:
        print(citation.hit.passage.citation, citation.quote)
"""

from rag.across import CouncilMatches, across_councils
from rag.answers import Answer, Citation, answer_question
from rag.build import BuildReport, build_index
from rag.chunking import Passage
from rag.config import Settings, settings
from rag.documents import Document, DocumentText
from rag.errors import ConfigError, DocumentError, EvaluationError, ModelError, RagError, StoreError
from rag.ofsted import Inspection
from rag.query import Filters
from rag.retrieval import MODES, Hit, Retriever
from rag.store import Index

__all__ = [
    "MODES",
    "Answer",
    "BuildReport",
    "Citation",
    "ConfigError",
    "CouncilMatches",
    "Document",
    "DocumentError",
    "DocumentText",
    "EvaluationError",
    "Filters",
    "Hit",
    "Index",
    "Inspection",
    "ModelError",
    "Passage",
    "RagError",
    "Retriever",
    "Settings",
    "StoreError",
    "across_councils",
    "answer_question",
    "build_index",
    "settings",
]
