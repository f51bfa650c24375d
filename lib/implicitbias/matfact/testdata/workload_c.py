"""NumPy baseline of benchmark workload (c), timed on the same input as
BenchmarkWorkloadC: P = W3 W2 W1, L = 1/2 ||P - Y||_F^2, W_i(0) = 1e-3 I,
step 0.05, 5,000 iterations, singular values of P every 50 steps.

Run from this package's folder: /usr/bin/python3 testdata/workload_c.py
"""
import time

import numpy as np

Y = np.loadtxt("testdata/c_Y.txt")
d = Y.shape[0]


def run():
    W = [1e-3 * np.eye(d) for _ in range(3)]
    svs = []
    for k in range(5000):
        W21 = W[1] @ W[0]
        P = W[2] @ W21
        if k % 50 == 0:
            svs.append(np.linalg.svd(P, compute_uv=False))
        R = P - Y
        T = W[2].T @ R
        G3 = R @ W21.T
        G2 = T @ W[0].T
        G1 = W[1].T @ T
        W[0] -= 0.05 * G1
        W[1] -= 0.05 * G2
        W[2] -= 0.05 * G3
    return P, svs


best = float("inf")
for _ in range(3):
    t0 = time.perf_counter()
    P, svs = run()
    best = min(best, time.perf_counter() - t0)
print(f"numpy workload (c): best of 3 {best:.3f} s; top singular values {np.linalg.svd(P, compute_uv=False)[:5]}")
