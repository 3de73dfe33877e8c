"""The national collection: the bundled corpus and a folder of Ofsted reports, built as one index.

`prepare` links the bundled documents and every report file into one corpus folder inside a working folder
(``national/`` by default) and builds its index there, incrementally: a second run re-reads only what changed
and embeds only new passages, so ``rag eval --national`` costs minutes once and seconds after that.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rag.build import BuildReport, build_index
from rag.config import PROJECT_ROOT
from rag.documents import CATALOG_NAME, corpus_files
from rag.errors import DocumentError
from rag.readers import SUPPORTED_SUFFIXES

DEFAULT_REPORTS = PROJECT_ROOT.parent / "shared" / "reports"
DEFAULT_FOLDER = Path("national")
NATIONAL_QUESTIONS = PROJECT_ROOT / "eval" / "national-questions.jsonl"


@dataclass(frozen=True)
class National:
    """Where the national collection lives: its linked corpus and its index."""

    folder: Path

    @property
    def corpus(self) -> Path:
        """The corpus folder of links: the bundled documents at the top, the reports under ``reports/``."""
        return self.folder / "corpus"

    @property
    def index(self) -> Path:
        """The index folder."""
        return self.folder / "index"


def prepare(
    bundled: Path,
    reports: Path = DEFAULT_REPORTS,
    folder: Path = DEFAULT_FOLDER,
    log: Callable[[str], None] = lambda line: None,
) -> tuple[National, BuildReport]:
    """Link `bundled` and `reports` into one corpus under `folder` and build (or update) its index.

    Args:
        bundled: The bundled corpus (``corpus/``, with its catalog).
        reports: A folder of reports (``../shared/reports``: one folder per council).
        folder: The working folder, reused from run to run.
        log: Receives one line per stage of the build.

    Raises:
        DocumentError: `bundled` or `reports` is not a folder.

    """
    if not reports.is_dir():
        raise DocumentError(reports, "the reports folder is not there (give --reports DIR)")
    national = National(folder)
    _link_corpus(bundled, reports, national.corpus)
    return national, build_index(national.corpus, national.index, log=log)


def _link_corpus(bundled: Path, reports: Path, corpus: Path) -> None:
    """Make `corpus` hold a link to each document of `bundled` and of `reports` (under ``reports/``), no more."""
    wanted: dict[Path, Path] = {}
    for path in corpus_files(bundled):
        wanted[corpus / path.relative_to(bundled)] = path
    if (bundled / CATALOG_NAME).exists():
        wanted[corpus / CATALOG_NAME] = bundled / CATALOG_NAME
    for path in corpus_files(reports):
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            wanted[corpus / "reports" / path.relative_to(reports)] = path
    if corpus.exists():
        for link in corpus.rglob("*"):
            if (link.is_symlink() or link.is_file()) and link not in wanted:
                link.unlink()  # a report taken out of the folder leaves the index too
    for link, target in wanted.items():
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink() and os.readlink(link) == str(target.resolve()):
            continue
        if link.is_symlink() or link.exists():
            shutil.rmtree(link) if link.is_dir() and not link.is_symlink() else link.unlink()
        link.symlink_to(target.resolve())
