"""Start the app with the index and the model already loaded: ``python -m ui.serve [streamlit options]``.

``streamlit run`` runs nothing until the first visit, so the first visitor would wait for the index and the
model to load. This starts Streamlit's server as ``streamlit run app.py`` does, and meanwhile loads the index
and model into the cache that every session shares (`ui.common.current_retriever`), so the first answer comes as
fast as any other. Options after the module name go to ``streamlit run``.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app.py"


def _preload() -> None:
    """Load the index and the model into the shared cache; a missing index is left for the page to explain."""
    from ui.common import load_retriever

    # Outside a page's run Streamlit warns "missing ScriptRunContext"; the shared cache works all the same.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    try:
        load_retriever()
    except Exception as exc:  # the page shows the same problem, with a way to fix it
        logging.getLogger(__name__).info("index not loaded at start: %s", exc)


def main() -> None:
    """Run ``streamlit run app.py`` with the given options, loading the index meanwhile."""
    from streamlit.web import cli

    threading.Thread(target=_preload, name="preload-index", daemon=True).start()
    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
