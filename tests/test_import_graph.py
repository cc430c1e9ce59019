"""No import cycle inside hypecheck/ (issue 13).

The graph is read from the source with ast, not by importing: an edge A -> B for every
import that runs when A is imported (module level, including inside if/try blocks and
class bodies; not inside functions, which are the lazy imports kept for start-up time, and
not under ``if TYPE_CHECKING``). Importing ``pkg.sub.mod`` from outside ``pkg.sub`` also
runs ``pkg/sub/__init__.py``, so it is an edge to that package too: that is how
``rules -> detectors.context -> rules.lexicons`` is a cycle through ``rules/__init__``.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "hypecheck"


def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _is_package(name: str, known: dict[str, Path]) -> bool:
    return known[name].name == "__init__.py"


def _eager_imports(tree: ast.Module):
    """Import statements that run when the module is imported."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            pending.extend(node.orelse)
        else:
            pending.extend(child for child in ast.iter_child_nodes(node) if isinstance(child, ast.stmt))


def _existing(name: str, known: dict[str, Path]) -> str | None:
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def edges(known: dict[str, Path]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        package = name if _is_package(name, known) else name.rpartition(".")[0]
        for node in _eager_imports(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
            for target in targets:
                target = _existing(target, known)
                if target is None or target == name:
                    continue
                graph[name].add(target)
                # the packages on the way, unless the importer is inside them (then they
                # were initialised before it)
                parent = target.rpartition(".")[0]
                while parent and not (name == parent or name.startswith(parent + ".")):
                    graph[name].add(parent)
                    parent = parent.rpartition(".")[0]
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_cycle_inside_hypecheck():
    cycle = find_cycle(edges(modules()))
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_check_sees_a_cycle_through_a_package_init():
    known = {"p": Path("p/__init__.py"), "p.rules": Path("p/rules/__init__.py"),
             "p.rules.words": Path("p/rules/words.py"), "p.detectors": Path("p/detectors/__init__.py"),
             "p.detectors.context": Path("p/detectors/context.py")}
    graph = {name: set() for name in known}
    graph["p.rules"] = {"p.detectors.context", "p.detectors"}
    graph["p.detectors.context"] = {"p.rules.words", "p.rules"}
    assert find_cycle(graph) in (["p.rules", "p.detectors.context", "p.rules"],
                                 ["p.detectors.context", "p.rules", "p.detectors.context"])
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_function_level_imports_are_lazy_and_not_edges(tmp_path):
    source = "import os\nif True:\n    from . import x\ndef f():\n    from . import y\n"
    found = [ast.unparse(n) for n in _eager_imports(ast.parse(source))]
    assert sorted(found) == ["from . import x", "import os"]
