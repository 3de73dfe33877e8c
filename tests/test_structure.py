"""The package's shape: rag's modules import one another downward only, and every function is short."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "rag"
MAX_FUNCTION_LINES = 80


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The rag modules `path` imports anywhere in it: at the top, inside functions, or under TYPE_CHECKING."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names if alias.name.split(".")[0] == "rag")
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "rag":
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)  # "from rag import store"
    return names


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        if name == "rag":  # the package's public API re-exports from every layer; nothing inside imports it
            continue
        graph[name] = {m for m in _imports(path) if m in modules and m != name and m != "rag"}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the list of modules around it, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_rag_modules_import_downward_only():
    graph = _graph()
    assert len(graph) >= 10  # the walk found the package
    assert _cycle(graph) is None, "import cycle: " + " -> ".join(_cycle(graph) or [])
    importing_the_package = [str(p) for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" and "rag" in _imports(p)]
    assert not importing_the_package, f"modules importing the package itself: {importing_the_package}"


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_text_utilities_import_nothing_from_rag():
    assert not _imports(PACKAGE / "text.py")
    assert _imports(PACKAGE / "errors.py") == set()


def test_no_function_in_rag_is_longer_than_80_lines():
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines} lines)")
    assert not long, "functions over 80 lines: " + "; ".join(long)


def test_the_ui_holds_no_library_code():
    """app.py and ui/ call rag; rag never imports streamlit or the ui package."""
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert not any(n.split(".")[0] in ("streamlit", "ui") for n in names), path
