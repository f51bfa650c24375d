"""Workload (b) with SciPy's LSODA, for the side-by-side benchmark.

Run by the Go benchmarks of the sign flow (bdf_test.go) when python3 with
SciPy is installed; prints one line with the median wall and CPU time of
seven runs, the RHS calls and the error in the sum of beta at t = 50.
"""
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from scipy.integrate import solve_ivp

here = Path(__file__).resolve().parent
X = np.loadtxt(here / "b_X.txt")
y = np.loadtxt(here / "b_y.txt")
n, d = X.shape
eps = 1e-3


def f(t, z):
    u, v = z[:d], z[d:]
    r = (X @ (u * u - v * v) - y) / n
    xr = X.T @ r
    g = np.concatenate([2 * u * xr, -2 * v * xr])
    return -g / (np.abs(g) + eps)


z0 = 0.1 * np.ones(2 * d)
rtol, atol = (float(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (1e-8, 1e-10)
walls, cpus = [], []
for _ in range(7):
    w0, c0 = time.perf_counter(), time.process_time()
    sol = solve_ivp(f, (0, 50), z0, method="LSODA", rtol=rtol, atol=atol)
    walls.append(time.perf_counter() - w0)
    cpus.append(time.process_time() - c0)
z = sol.y[:, -1]
err = np.sum(z[:d] ** 2 - z[d:] ** 2) - 0.55593340853
print(
    f"LSODA rtol {rtol:g} atol {atol:g}: wall {1e3 * statistics.median(walls):.1f} ms, "
    f"cpu {1e3 * statistics.median(cpus):.1f} ms (median of 7), {sol.nfev} RHS calls, "
    f"sum-beta off by {err:+.2g}"
)
