"""The package is laid out the way data flows, and no room imports from a room after it,
nor does any module import one that imports it back (no import cycle, also inside a room).

Rooms, in order: the shared vocabulary at the top level (errors, records, secids), then
``read`` (source -> Article), ``knowledge`` (dictionaries), ``link`` (Article -> Document),
``write`` (records, formats, frames), ``batch`` (many inputs), ``tools`` (evaluate, retag,
harvest), ``cli``. Every import counts, also one inside a function or under TYPE_CHECKING.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "entitylink"
ROOMS = ["", "read", "knowledge", "link", "write", "batch", "tools", "cli"]


def _room(module: str) -> str:
    """The room of ``entitylink.link.linker`` is ``link``; top-level modules are room ``""``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in ROOMS) else ""


def _module_name(path: Path, package: Path = PACKAGE) -> str:
    rel = path.relative_to(package.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _from_module(node: ast.ImportFrom, package: str) -> str:
    """The module a ``from ... import`` names, relative imports resolved against ``package``."""
    if not node.level:
        return node.module or ""
    base = package.split(".")[: len(package.split(".")) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported entitylink module) for every import in the file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "entitylink"]
        elif isinstance(node, ast.ImportFrom):
            name = _from_module(node, package)
            if name.split(".")[0] == "entitylink":
                out.append((node.lineno, name))
                # `from entitylink.link import linker` imports a module of that room
                out += [(node.lineno, f"{name}.{a.name}") for a in node.names if name.count(".") == 0]
    return out


FILES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__main__.py")


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_upward_import(path: Path) -> None:
    if path == PACKAGE / "__init__.py":
        return  # the public surface gathers from every room
    here = _room(_module_name(path))
    upward = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: imports {name} (room {_room(name) or 'top'!r})"
        for line, name in _imports(path)
        if name != "entitylink" and ROOMS.index(_room(name)) > ROOMS.index(here)
    ]
    top_package = [f"line {line}" for line, name in _imports(path) if name == "entitylink"]
    assert not upward, "\n".join(upward)
    assert not top_package, f"{path.name} imports the package root (which imports every room): {top_package}"


def test_rooms_exist() -> None:
    for room in ROOMS[1:]:
        assert (PACKAGE / room / "__init__.py").is_file(), room


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    """The walk finds imports inside functions and resolves relative ones."""
    fake = PACKAGE / "read" / "_probe_for_test.py"
    fake.write_text("def f():\n    from ..link import linker\n    import entitylink.cli\n", encoding="utf-8")
    try:
        names = [n for _, n in _imports(fake)]
    finally:
        fake.unlink()
    assert "entitylink.link" in names and "entitylink.cli" in names


def _resolve(name: str, modules: set[str]) -> str | None:
    """The module an imported name is: itself, or the longest module it starts with
    (``entitylink.read.sources.read_file`` is ``entitylink.read.sources``)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(files: list[Path], package_dir: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (every import, at any depth, under
    TYPE_CHECKING too; ``from pkg import mod`` is an import of ``pkg.mod``)."""
    modules = {_module_name(p, package_dir) for p in files}
    graph: dict[str, set[str]] = {}
    for path in files:
        here = _module_name(path, package_dir)
        package = here if path.name == "__init__.py" else here.rpartition(".")[0]
        targets: set[str | None] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {_resolve(a.name, modules) for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                name = _from_module(node, package)
                targets |= {_resolve(f"{name}.{a.name}", modules) for a in node.names}
        graph[here] = {t for t in targets if t is not None and t != here}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles of ``graph``: each a path ``a -> b -> ... -> a``, one per
    module that can reach itself (found by depth-first search, in name order)."""
    cycles: list[list[str]] = []
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            cycles.append(path[path.index(node):] + [node])
            return
        if node in done:
            return
        for nxt in sorted(graph.get(node, ())):
            visit(nxt, path + [node])
        done.add(node)

    for start in sorted(graph):
        visit(start, [])
    return cycles


def test_no_import_cycle() -> None:
    """No module imports, directly or through others, a module that imports it: a room's
    modules form a chain too (what two modules share goes into a third both import).
    The package root is left out: it gathers the public surface from every room."""
    graph = import_graph([p for p in FILES if p != PACKAGE / "__init__.py"])
    cycles = import_cycles(graph)
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def test_the_checker_sees_a_cycle(tmp_path: Path) -> None:
    """A cycle through a function-level import and one through TYPE_CHECKING are both found."""
    pkg = tmp_path / "entitylink"
    (pkg / "read").mkdir(parents=True)
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "read" / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "read" / "a.py").write_text("from entitylink.read.b import x\n", encoding="utf-8")
    (pkg / "read" / "b.py").write_text("def f():\n    from . import a\n", encoding="utf-8")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .d import D\n",
                              encoding="utf-8")
    (pkg / "d.py").write_text("from entitylink import c\n", encoding="utf-8")
    graph = import_graph(sorted(pkg.rglob("*.py")), pkg)
    assert graph["entitylink.read.b"] == {"entitylink.read.a"}
    cycles = {tuple(c) for c in import_cycles(graph)}
    assert ("entitylink.c", "entitylink.d", "entitylink.c") in cycles
    assert ("entitylink.read.a", "entitylink.read.b", "entitylink.read.a") in cycles
    assert not import_cycles({"a": {"b"}, "b": {"c"}, "c": set()})


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_is_at_most_400_lines(path: Path) -> None:
    """A module that grows past a screenful of screens holds more than one idea: split it by what
    it holds (as models/columns, jekyll/dates, dask/shipped were)."""
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= 400, f"{path.relative_to(PACKAGE.parent)} has {lines} lines"


def test_every_driver_passes_link_options() -> None:
    """Outside ``link/`` a call of ``.link(...)`` passes the frozen ``LinkOptions`` object,
    never the keywords one by one (which drift apart from driver to driver)."""
    loose = []
    for path in FILES:
        if path.parent.name == "link":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "link":
                keywords = [k.arg for k in node.keywords if k.arg in ("ignore_tags", "unlinked", "min_confidence")]
                if keywords:
                    loose.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {', '.join(map(str, keywords))}")
    assert not loose, "\n".join(loose)


def test_link_options_travel_to_workers_by_value() -> None:
    import pickle

    from entitylink.link.options import LinkOptions

    options = LinkOptions(ignore_tags=True, unlinked=True, min_confidence=0.5, max_mentions=7)
    back = pickle.loads(pickle.dumps(options))
    assert back == options and back.max_mentions == 7


EASTMONEY_MARKUP = ("stock_", "keytip", "em_stock_key_common", "eastmoney.com", "em_media")


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module's code (docstrings left out), with their lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body
        and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_eastmoney_markup_is_known_in_one_module() -> None:
    """Of ``read/``, only ``eastmoney.py`` spells out the publisher's markup (tag ids and
    classes, its hosts); the others import what they need of it from there."""
    found = [f"{path.relative_to(PACKAGE.parent)}:{line}: {value[:60]!r}"
             for path in FILES if path.parent.name == "read" and path.name != "eastmoney.py"
             for line, value in _code_strings(path)
             if any(word in value.lower() for word in EASTMONEY_MARKUP)]
    assert not found, "\n".join(found)


def _prose(path: Path) -> str:
    """A module's docstring without its examples."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return "\n".join(line for line in doc.splitlines() if not line.strip().startswith((">>>", "...", "$ ")))


@pytest.mark.parametrize("room", ROOMS[1:])
def test_every_room_says_what_it_holds_and_may_import(room: str) -> None:
    """A room's ``__init__`` docstring says what it holds and which rooms it may import:
    it names every room before it (``cli/``: every room)."""
    prose = _prose(PACKAGE / room / "__init__.py")
    assert len(prose) > 100 and "import" in prose, f"{room}/__init__.py does not say what it may import"
    if room == "cli":
        assert "every room" in prose
        return
    assert "top-level" in prose or "top level" in prose
    missing = [r for r in ROOMS[1:ROOMS.index(room)] if f"{r}/" not in prose]
    assert not missing, f"{room}/__init__.py does not name the rooms it may import: {missing}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_says_what_it_imports(path: Path) -> None:
    """Every module's docstring says what it imports of the package (\"Imports only ...\",
    \"Imports nothing of entitylink\", ...), so the rooms' rule is read where it applies."""
    assert "import" in _prose(path).lower(), f"{path.relative_to(PACKAGE.parent)}: its docstring does not say"
