"""The trap suite's per-family table and its failing cases (expected vs got).

    python benchmarks/traps.py                 # table, then every failing case
    python benchmarks/traps.py --family dated  # one family's failures only
    python benchmarks/traps.py --table         # the table only
    python benchmarks/traps.py --pin           # raise tests/cases/traps/baseline.json to today's values

Cases and scoring are those of ``tests/test_traps.py`` (see its docstring for the case
format). ``--pin`` only ever raises a floor: a family that got worse keeps its old floor
(and ``pytest tests/test_traps.py`` fails until the regression is fixed).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _suite():
    spec = importlib.util.spec_from_file_location("test_traps", REPO / "tests" / "test_traps.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _show(text: str, spans) -> str:
    return ", ".join(f"{text[s:e]}@{s}->{secid}" for s, e, secid in spans) or "-"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--family", help="list failures of this family only")
    ap.add_argument("--table", action="store_true", help="print the table only")
    ap.add_argument("--pin", action="store_true", help="raise the baseline floors to today's values")
    args = ap.parse_args(argv)

    import entitylink as el

    suite = _suite()
    cases = suite.load_cases()
    problems = [p for c in cases for p in suite.case_problems(c)]
    if problems:
        print("malformed cases:\n" + "\n".join(problems), file=sys.stderr)
        return 1
    table, results = suite.score_all(el.Linker.default(), cases)
    print(suite.format_table(table))

    if args.pin:
        path = suite.BASELINE
        old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        floors = old.get("floors", {})
        for family, row in table.items():
            cur = floors.setdefault(family, {})
            for metric in ("precision", "recall"):
                cur[metric] = max(cur.get(metric, 0.0), suite.floor2(row[metric]))
        old["floors"] = floors
        old.setdefault("note", "")
        path.write_text(json.dumps(old, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"\nfloors written to {path.relative_to(REPO)}")

    if args.table:
        return 0
    failing = [r for r in results if not r.ok and (not args.family or r.case["family"] == args.family)]
    print(f"\n{len(failing)} failing cases" + (f" in {args.family}" if args.family else ""))
    for r in failing:
        c, text = r.case, r.case["text"]
        date = f"  [date {c['date']}]" if "date" in c else ""
        print(f"\n{c['id']}{date}: {text}")
        print(f"  missed (fn): {_show(text, r.fn)}")
        print(f"  stray  (fp): {_show(text, r.fp)}" + ("   <- on a 'not' surface" if r.not_hits else ""))
        print(f"  why: {c['why']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
