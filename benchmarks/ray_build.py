"""The Ray build against the single-process build, from scratch, on the same corpus and this machine's cores.

Run from the project folder:  python benchmarks/ray_build.py [--corpus national/corpus]
(``rag eval --national`` makes national/corpus: the bundled corpus and the 401 reports). Writes
benchmarks/ray_build.json. Each build is a new process (``rag build`` and ``rag build --ray``, a local cluster
started by it), into an empty folder, so both read every document and embed every passage and sentence; the
Ray figure includes starting the cluster. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAG = [sys.executable, "-m", "rag", "build"]


def timed(command: list[str]) -> tuple[float, str]:
    """Seconds `command` took, and its last line of output (the build's summary)."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    return time.perf_counter() - started, done.stdout.strip().splitlines()[-2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="national/corpus")
    parser.add_argument("--only", choices=("local", "ray"), help="one build; the other's figure is kept from the file")
    args = parser.parse_args()
    out = ROOT / "benchmarks" / "ray_build.json"
    results: dict = json.loads(out.read_text()) if args.only and out.exists() else {}
    results |= {"date": datetime.now(UTC).date().isoformat(), "cores": os.cpu_count(), "corpus": args.corpus}
    with tempfile.TemporaryDirectory() as scratch:
        for name, extra in (("local", []), ("ray", ["--ray"])):
            if args.only and name != args.only:
                continue
            seconds, summary = timed([*RAG, "--corpus", args.corpus, "--index", f"{scratch}/{name}", *extra])
            results[name] = {"seconds": round(seconds, 1), "summary": summary}
            print(f"{name}: {seconds:.1f} s  {summary}", flush=True)
    results["ray_over_local"] = round(results["ray"]["seconds"] / results["local"]["seconds"], 3)
    print(f"ray / local: {results['ray_over_local']:.3f}")
    out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
