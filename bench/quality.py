#!/usr/bin/env python3
"""Quality benchmark: build the sample and development sets with the CLI and score them.

    python bench/quality.py                      # both sets, summary lines and the bars
    python bench/quality.py --set dev --table    # per-file table as well
    python bench/quality.py --shared PATH        # where the eval kit lives (default: ../shared)

Runs `build_archive.py --raw SET --annotations <empty> --out <tmp>` exactly as a user would, then
`eval/score.py` on the written corpus.jsonl. Exit status 1 when a bar from the issue is missed:
seeds F1 >= 0.95 with every article count exact and all titles exact; dev F1 >= 0.85,
count accuracy >= 0.85, title token F1 >= 0.85.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARS = {
    "seeds": {"F1": 0.95, "count_acc": 1.0, "title_em": 1.0},
    "dev": {"F1": 0.85, "count_acc": 0.85, "title_f1": 0.85},
}


def build_and_score(name: str, raw: Path, gold: Path, score: Path, table: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out, empty, summary = Path(tmp) / "out", Path(tmp) / "annotations", Path(tmp) / "score.json"
        empty.mkdir()
        build = [sys.executable, str(ROOT / "build_archive.py"), "--raw", str(raw), "--annotations", str(empty),
                 "--out", str(out), "--quiet"]
        subprocess.run(build, check=True, cwd=ROOT)
        report = [sys.executable, str(score), "--gold", str(gold), "--pred", str(out / "corpus.jsonl"),
                  "--json", str(summary)] + ([] if table else ["--brief"])
        printed = subprocess.run(report, check=True, capture_output=True, text=True).stdout
        print(f"== {name}\n{printed}")
        data = json.loads(summary.read_text(encoding="utf-8"))
    return {
        "F1": data["body_macro"]["F1"],
        "count_acc": data["count_acc"],
        "title_em": data["title_em"],
        "title_f1": data["title_f1"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared eval kit")
    parser.add_argument("--set", choices=["seeds", "dev", "both"], default="both")
    parser.add_argument("--table", action="store_true", help="print the per-file table")
    args = parser.parse_args()
    sets = {
        "seeds": (args.shared / "seeds", args.shared / "eval" / "seeds-gold.json"),
        "dev": (args.shared / "eval" / "dev" / "raw", args.shared / "eval" / "dev" / "gold.json"),
    }
    score = args.shared / "eval" / "score.py"
    if not score.exists():
        print(f"error: {score} not found (use --shared PATH)", file=sys.stderr)
        return 3
    missed = []
    for name in ("seeds", "dev") if args.set == "both" else (args.set,):
        result = build_and_score(name, *sets[name], score, args.table)
        for metric, bar in BARS[name].items():
            status = "ok" if result[metric] >= bar else "MISSED"
            print(f"   {name:5} {metric:9} {result[metric]:.3f}  (bar {bar:.2f})  {status}")
            if status != "ok":
                missed.append(f"{name} {metric}")
    print("all bars met" if not missed else f"missed: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
