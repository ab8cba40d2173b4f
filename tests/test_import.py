"""``import entitylink`` is cheap and side-effect free: it loads none of the heavy modules
(pydantic, jieba, pandas, the linker), writes nothing, and every public name still resolves.

Each check runs in a fresh interpreter, as the test process has long imported everything.
No timing here: ``python -X importtime -c "import entitylink"`` measures it.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import entitylink

INIT = Path(entitylink.__file__)

# What `import entitylink` must not load (a prefix matches its submodules too).
HEAVY = (
    "jieba", "pandas", "numpy", "pyarrow", "pydantic", "pydantic_core", "importlib.metadata",
    "entitylink.models", "entitylink.read", "entitylink.knowledge", "entitylink.link", "entitylink.write",
    "entitylink.batch", "entitylink.tools", "entitylink.cli",
)

PROBE = """
import json, logging, sys
before = set(sys.modules)
import entitylink as el
loaded = sorted(set(sys.modules) - before)
handlers = [type(h).__name__ for h in logging.getLogger("entitylink").handlers]
resolved = {name: type(getattr(el, name)).__name__ for name in el.__all__}
after_all = sorted(m for m in sys.modules if m.split(".")[0] in ("jieba", "pandas"))
print(json.dumps({"loaded": loaded, "handlers": handlers, "resolved": resolved, "after_all": after_all}))
"""


def _probe(tmp_path: Path) -> dict:
    """Run PROBE in a fresh interpreter whose cache, home and working directories are empty temp dirs."""
    dirs = {name: tmp_path / name for name in ("cache", "xdg", "home", "cwd")}
    for d in dirs.values():
        d.mkdir()
    env = {
        **os.environ,
        "ENTITYLINK_CACHE_DIR": str(dirs["cache"]),
        "XDG_CACHE_HOME": str(dirs["xdg"]),
        "HOME": str(dirs["home"]),
        "PYTHONDONTWRITEBYTECODE": "1",  # the interpreter's own .pyc files are not ours
    }
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=dirs["cwd"], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    written = {name: sorted(str(p.relative_to(d)) for p in d.rglob("*")) for name, d in dirs.items()}
    return {**json.loads(run.stdout), "written": written}


def test_import_loads_nothing_heavy_writes_nothing_and_every_name_resolves(tmp_path: Path) -> None:
    out = _probe(tmp_path)
    heavy = [m for m in out["loaded"] if any(m == h or m.startswith(h + ".") for h in HEAVY)]
    assert not heavy, f"import entitylink loaded {heavy}"
    assert out["handlers"] == ["NullHandler"]
    assert sorted(out["resolved"]) == sorted(entitylink.__all__)
    assert out["after_all"] == [], f"resolving the public names loaded {out['after_all']}"
    assert out["written"] == {"cache": [], "xdg": [], "home": [], "cwd": []}


def test_the_table_the_type_checking_imports_and_all_agree() -> None:
    """``_WHERE`` (what loads at runtime), the ``if TYPE_CHECKING:`` imports (what type checkers
    see) and ``__all__`` name the same things, from the same modules."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    static = {a.name: node.module for node in block.body if isinstance(node, ast.ImportFrom) for a in node.names}
    assert static == entitylink._WHERE
    assert sorted(entitylink.__all__) == sorted({*entitylink._WHERE, "extract"})
    for name, module in entitylink._WHERE.items():
        assert getattr(entitylink, name) is getattr(sys.modules[module], name)


def test_lazy_attributes_behave_like_module_attributes() -> None:
    assert set(entitylink.__all__) <= set(dir(entitylink))
    from entitylink import Linker, __version__  # noqa: F401 - the from-import path of __getattr__

    assert Linker is entitylink.Linker
    assert entitylink.models.Document is entitylink.Document  # submodules as attributes, as before
    try:
        entitylink.no_such_name  # noqa: B018
    except AttributeError as e:
        assert "no_such_name" in str(e)
    else:
        raise AssertionError("an unknown name must raise AttributeError")
