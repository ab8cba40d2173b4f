"""The dictionaries travel inside the wheel: a non-editable install finds them."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(importlib.util.find_spec("setuptools") is None, reason="setuptools is needed to build the wheel")
def test_wheel_carries_the_dictionaries_and_links(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = tmp_path.glob("entitylink-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"entitylink/dictionaries/a_shares.csv", "entitylink/dictionaries/LICENSES/ATTRIBUTION.md"} <= set(names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)  # what installing a pure-Python wheel amounts to
    probe = (
        "import entitylink as el, pathlib, sys; "
        "assert pathlib.Path(el.__file__).is_relative_to(pathlib.Path(sys.argv[1])), el.__file__; "
        "print(el.extract('贵州茅台(600519)股价大涨').mentions[0].secid)"
    )
    env = {**os.environ, "PYTHONPATH": str(site), "ENTITYLINK_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.run([sys.executable, "-c", probe, str(site)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "1.600519"

    # Started in the clone's root (a notebook opened there): the source folder shadows the
    # installed package, and the dictionaries are still found. -S: no .pth files, so the
    # development install's own finder is out of the way, as after a plain `pip install .`.
    probe = "import entitylink as el; print(el.extract('贵州茅台(600519)股价大涨').mentions[0].secid)"
    env["PYTHONPATH"] = os.pathsep.join([str(site), sysconfig.get_paths()["purelib"]])
    run = subprocess.run([sys.executable, "-S", "-c", probe], capture_output=True, text=True, env=env, cwd=REPO)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "1.600519"
