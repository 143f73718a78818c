"""The direction of imports: no circles among the project's modules, and core imports only core.

core is plain Python: the standard library and core itself, plus the few format libraries listed
below. Nothing from storage, bots, digests, web or dreambank, and no chat, web or database library.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "storage", "bots", "digests", "web", "dreambank")
#: libraries core may use, and why: they shape data, they talk to nothing
CORE_MAY_USE = {"icalendar": "writes the calendar file an event invitation carries",
                "babel": "writes dates, times, numbers and money as each language writes them"}


def modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            rel = path.relative_to(ROOT)
            if "migrations" in rel.parts:
                continue
            name = ".".join(rel.with_suffix("").parts).removesuffix(".__init__")
            found[name] = path
    return found


def imports(name: str, path: Path) -> set[str]:
    """Every module `name` imports, absolute, including imports made only for type checking."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([base] if base else [])])
            out.add(base)
            out.update(f"{base}.{alias.name}" for alias in node.names)
    return out


def own(target: str, known: dict[str, Path]) -> str | None:
    """The project module an import names (a name imported from a module counts as the module)."""
    while target and target not in known:
        target = target.rpartition(".")[0]
    return target or None


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: {m for t in imports(name, path) if (m := own(t, known)) and m != name}
            for name, path in known.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round about (Tarjan's algorithm).

    A package's `__init__` that imports its own modules is not counted: that is how packages export.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for v in sorted(edges):
            if v not in index:
                visit(v)
    finally:
        sys.setrecursionlimit(limit)
    return [g for g in found if not _package_exports(g, edges)]


def _package_exports(group: list[str], edges: dict[str, set[str]]) -> bool:
    """Whether the circle exists only because a package's __init__ re-exports modules that import the package."""
    packages = [m for m in group if any(o.startswith(m + ".") for o in group)]
    rest = set(group) - set(packages)
    inner = {m: edges[m] & rest for m in rest}
    return bool(packages) and not circles_among(inner)


def circles_among(edges: dict[str, set[str]]) -> bool:
    seen: set[str] = set()
    done: set[str] = set()

    def cyclic(v: str) -> bool:
        seen.add(v)
        for w in edges.get(v, ()):
            if w in seen and w not in done or w not in seen and cyclic(w):
                return True
        done.add(v)
        return False

    return any(cyclic(v) for v in list(edges) if v not in seen)


def test_no_module_of_the_project_imports_itself_round_about():
    assert circles(graph()) == []


def core_escapes() -> list[str]:
    escapes = []
    for name, path in modules().items():
        if name.split(".")[0] != "core":
            continue
        for target in imports(name, path):
            top = target.split(".")[0]
            if top in ("", "core", "__future__") or top in sys.stdlib_module_names or top in CORE_MAY_USE:
                continue
            escapes.append(f"{name} imports {target}")
    return sorted(set(escapes))


def test_core_imports_only_core_and_the_standard_library():
    assert core_escapes() == []


def test_the_check_finds_a_circle_and_an_escape(tmp_path, monkeypatch):
    """The checks above can fail: a made-up tree with a circle and a core module importing storage."""
    for rel, text in {"core/__init__.py": "", "core/a.py": "from . import b\n", "core/b.py": "from .a import x\n",
                      "core/c.py": "from storage.tables import T\nimport sqlalchemy\n",
                      "storage/__init__.py": "", "storage/tables.py": ""}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert circles(graph()) == [["core.a", "core.b"]]
    assert set(core_escapes()) == {"core.c imports storage.tables", "core.c imports storage.tables.T",
                                   "core.c imports sqlalchemy"}
