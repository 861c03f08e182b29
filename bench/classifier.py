"""Benchmark of the key-message classifier on one core.

Prints, for the lexical path and the path with embeddings: cold-start time (a fresh Python
process importing the engine, building the classifier and classifying one message), messages
per second over N messages (default 10,000, built by cycling the dev set and the prototypes),
the process's peak resident memory (``resource.getrusage``) and the peak of Python-tracked
allocations while building the classifier and classifying 500 messages (``tracemalloc``).

Cold start is measured twice: with an empty seed-vector cache (what a new machine pays once;
the lexical path has no such cache) and with the cache the first run wrote (every later
start). Each measurement runs in its own subprocess pinned to one CPU with BLAS limited to one
thread, so the figures are for one core and do not leak into each other.

    .venv/bin/python bench/classifier.py            # 10,000 messages, both paths
    .venv/bin/python bench/classifier.py --n 2000   # quicker
    .venv/bin/python bench/classifier.py --lexical-only
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gcmreview.lib.task_worker import BLAS_THREAD_VARIABLES  # noqa: E402

# One thread for numpy's BLAS, set before anything imports numpy.
for _var in BLAS_THREAD_VARIABLES:
    os.environ[_var] = "1"

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

DATA = ROOT / "gcmreview" / "textengine" / "data"
BATCH = 64


def _pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _messages(n: int) -> list[str]:
    texts: list[str] = []
    for name in ("devset.jsonl", "prototypes.jsonl"):
        path = DATA / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    texts.append(json.loads(line)["text"])
    if not texts:
        texts = [
            "Migrant workers pay high recruitment fees.",
            "ينبغي تحسين جمع البيانات المصنفة حسب الجنس والعمر.",
            "Le coût des envois de fonds reste trop élevé.",
        ]
    return list(itertools.islice(itertools.cycle(texts), n))


def _worker(mode: str, n: int, memory: bool) -> dict[str, float]:
    """Run in a fresh process: build, classify, report."""
    _pin_to_one_core()
    if memory:
        import tracemalloc

        tracemalloc.start()
    start = time.perf_counter()
    from gcmreview.textengine.classify import Classifier

    classifier = Classifier.from_package(use_embeddings=(mode == "hybrid"))
    classifier.classify("Migrant workers need access to social protection.")
    cold = time.perf_counter() - start
    messages = _messages(n)
    start = time.perf_counter()
    for i in range(0, len(messages), BATCH):
        for result in classifier.classify_many(messages[i : i + BATCH]):
            result.as_dict()
    elapsed = time.perf_counter() - start
    out = {
        "mode": classifier.mode,
        "n": len(messages),
        "cold_start_s": cold,
        "msg_per_s": len(messages) / elapsed,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if memory:
        out["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    return out


def _run(mode: str, n: int, cache_dir: str, memory: bool = False) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--worker", mode, "--n", str(n)]
    if memory:
        cmd.append("--memory")
    env = {**os.environ, "GCMREVIEW_CACHE_DIR": cache_dir}
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="messages (default 10,000)")
    parser.add_argument("--lexical-only", action="store_true", help="skip the embedding path")
    parser.add_argument("--worker", choices=("lexical", "hybrid"), help=argparse.SUPPRESS)
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(_worker(args.worker, args.n, args.memory)))
        return 0
    modes = ["lexical"] if args.lexical_only else ["lexical", "hybrid"]
    print(
        f"{'path':<13} {'messages':>8} {'msg/s':>9} {'cold start':>11} {'  cached':>9} "
        f"{'peak RSS':>9} {'tracemalloc':>12}"
    )
    for mode in modes:
        with tempfile.TemporaryDirectory(prefix="gcmreview-bench-cache-") as cache_dir:
            speed = _run(mode, args.n, cache_dir)
            cached = _run(mode, 1, cache_dir)
            memory = _run(mode, min(args.n, 500), cache_dir, memory=True)
        print(
            f"{speed['mode']:<13} {speed['n']:>8} {speed['msg_per_s']:>9.0f} "
            f"{speed['cold_start_s']:>10.2f}s {cached['cold_start_s']:>8.2f}s "
            f"{speed['peak_rss_mb']:>7.0f}MB {memory['tracemalloc_peak_mb']:>10.0f}MB"
        )
    print(
        "one core (sched_setaffinity), one BLAS thread; target: >= 500 msg/s lexical, "
        ">= 50 msg/s with embeddings"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
