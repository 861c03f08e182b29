"""How the task worker is started: by `gcmreview serve`, and the same way by bench/ingest.py,
so that the benchmark measures the worker production runs."""

from __future__ import annotations

import sys
from collections.abc import Mapping

# The variables that set how many threads numpy's BLAS uses, whichever BLAS numpy was built with.
BLAS_THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
)


def worker_command() -> list[str]:
    """The django-tasks-db worker for every queue, polling each second, without autoreload."""
    return [
        sys.executable,
        "-m",
        "gcmreview.cli",
        "db_worker",
        "--queue-name",
        "*",
        "--no-reload",
        "--interval",
        "1",
    ]


def worker_environment(env: Mapping[str, str], blas_threads: int | None = None) -> dict[str, str]:
    """`env` for the worker: numpy on `blas_threads` BLAS threads when given, else on one
    unless `env` already says how many. The embedding model's small matrix products gain
    little from a second thread, and on a machine whose other core serves pages a second
    thread made tagging twice as slow (bench/ingest.py, docs/benchmarks.md)."""
    out = dict(env)
    for name in BLAS_THREAD_VARIABLES:
        if blas_threads is not None:
            out[name] = str(blas_threads)
        else:
            out.setdefault(name, "1")
    return out
