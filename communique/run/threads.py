"""One thread per worker process: the numerical libraries read these
variables when they load, so a worker sets them before anything else.

Kept apart from the rest of communique.run on purpose: a worker imports
this module (as its pool initializer) before the pipeline's modules load
spaCy, NumPy or torch.
"""

from __future__ import annotations

import os

ONE_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


def one_thread_each() -> None:
    """The pool initializer of the local workers: two workers on two cores
    must not each start a thread per core (they would fight for them)."""
    for name in ONE_THREAD_VARIABLES:
        os.environ[name] = "1"
