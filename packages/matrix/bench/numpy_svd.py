#!/usr/bin/env python3
"""numpy.linalg.svd timings for the same shapes as svd.bench.ts (median of repeats), for the
README's ratio. numpy is not a project dependency; this script only prints numbers."""
import statistics
import time

import numpy as np

rng = np.random.default_rng(1)
for rows, cols, reps in [(500, 500, 15), (2000, 100, 30)]:
    a = rng.standard_normal((rows, cols))
    for label, uv in [("U, S, V (thin)", True), ("S only", False)]:
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            np.linalg.svd(a, full_matrices=False, compute_uv=uv)
            times.append(time.perf_counter() - t)
        print(f"numpy {rows} x {cols} {label}: median {statistics.median(times) * 1000:.2f} ms")
