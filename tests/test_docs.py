"""Docs stay true: every module's docstring examples run, every public name has a
docstring, and every CLI subcommand has help and appears in the README."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import entitylink
from entitylink.cli import build_parser

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(entitylink.__path__, "entitylink.")
    if m.name not in ("entitylink.__main__", "entitylink.batch.dask", "entitylink.dictionaries")
)
README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", MODULES)
def test_module_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


@pytest.mark.parametrize("name", entitylink.__all__)
def test_public_names_have_docstrings(name: str) -> None:
    obj = getattr(entitylink, name)
    if inspect.isclass(obj) or inspect.isfunction(obj):
        assert inspect.getdoc(obj), f"entitylink.{name} has no docstring"


def _subcommands():
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_cli_commands_have_help_and_are_in_readme(command: str) -> None:
    sub = _subcommands()[command]
    assert sub.format_help()
    assert f"entitylink {command}" in README
