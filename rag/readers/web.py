"""HTML pages: the main text, without scripts, styles, menus, headers or footers; one block a paragraph."""

from __future__ import annotations


def html_to_text(html: str) -> str:
    """The main text of an HTML page: no scripts, styles, menus, headers or footers; one block a paragraph."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg"]):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    blocks = []
    for el in root.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "pre", "blockquote"]):
        if el.find(["p", "li", "h1", "h2", "h3", "h4", "h5", "h6"]):
            continue  # a container: its children are taken on their own
        words = " ".join(el.get_text(" ").split())
        if words:
            blocks.append(("- " if el.name == "li" else "") + words)
    if not blocks:
        blocks = [line.strip() for line in root.get_text("\n").splitlines() if line.strip()]
    return "\n\n".join(blocks)
