"""Annotate a folder of articles with the command line: JSONL mentions and a CSV of entities.

    python examples/batch_annotate.py [INPUT_DIR] [OUTPUT_DIR]

Defaults: examples/data and ./example_output. The same as running

    entitylink annotate examples/data -o example_output/mentions.jsonl
    entitylink annotate examples/data -o example_output/entities.csv --format csv --level entity

The exit code is the CLI's: 0 when every article was linked, 1 when any failed
(each failure is listed on stderr), 2 on usage errors.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
inputs = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "data"
out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("example_output")
out.mkdir(parents=True, exist_ok=True)

runs = [
    ["annotate", str(inputs), "-o", str(out / "mentions.jsonl"), "--quiet"],
    ["annotate", str(inputs), "-o", str(out / "entities.csv"), "--format", "csv", "--level", "entity", "--quiet"],
]
status = 0
for args in runs:
    print("$ entitylink " + " ".join(args), flush=True)
    code = subprocess.run([sys.executable, "-m", "entitylink", *args]).returncode
    status = max(status, code)

for name in ("mentions.jsonl", "entities.csv"):
    path = out / name
    if path.exists():
        with open(path, encoding="utf-8") as f:
            print(f"{path}: {sum(1 for _ in f)} lines")
sys.exit(status)
