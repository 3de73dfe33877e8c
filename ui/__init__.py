"""The Streamlit app's UI: shared pieces (`ui.common`, `ui.cards`) and one script per page (``ui/pages/``).

UI only: everything it shows comes from `rag`. ``app.py`` at the top level is the entry point and lists the pages.
"""
