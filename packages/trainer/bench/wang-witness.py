#!/usr/bin/env python3
# Usage: python3 packages/trainer/bench/wang-witness.py N D [EPOCHS]   (numpy only; about 1 minute for 40 9)
# An independent numpy re-implementation of Wang et al.'s gradient-descent witness (arXiv 2601.20844, their
# med/mean_embedding/trainer_gd.py as published): queries = centroids of their k documents, hinge (margin 0)
# summed over (relevant, irrelevant) pairs and averaged over subsets, Adam with a one-cycle cosine decay of the rate,
# stop at zero violations or after `patience` epochs without fewer violations. Their checker passes lr = 1/log2(m)
# and num_epochs = 1000 by default. Variants switch on our setting:
# rows re-normalised to unit length after each step, a constant learning rate.
import itertools, sys, numpy as np

def run(n, d, k=2, epochs=5000, lr=1.0, normalise=False, schedule=True, patience=1000, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    if normalise: X /= np.linalg.norm(X, axis=1, keepdims=True)
    subsets = np.array(list(itertools.combinations(range(n), k)))
    excluded = np.array([[j for j in range(n) if j not in s] for s in subsets])
    N = len(subsets)
    A = np.zeros((N, n)); A[np.arange(N)[:, None], subsets] = 1.0 / k
    m = np.zeros_like(X); v = np.zeros_like(X); b1, b2, eps = 0.9, 0.999, 1e-8
    best = None; stale = 0
    rows = np.arange(N)[:, None]
    for t in range(1, epochs + 1):
        Q = A @ X
        S = Q @ X.T
        rel = S[rows, subsets]              # N × k
        irr = S[rows, excluded]             # N × (n−k)
        diff = rel[:, :, None] - irr[:, None, :]   # N × k × (n−k)
        neg = diff < 0
        violations = int(neg.sum())
        if best is None or violations < best: best, stale = violations, 0
        else: stale += 1
        if violations == 0: return t, 0, margin(X, subsets, excluded, A)
        if stale >= patience: return t, best, None
        G = np.zeros_like(S)
        np.add.at(G, (rows, subsets), -neg.sum(axis=2) / N)
        np.add.at(G, (rows, excluded), neg.sum(axis=1) / N)
        grad = G.T @ Q + A.T @ (G @ X)
        m = b1 * m + (1 - b1) * grad; v = b2 * v + (1 - b2) * grad * grad
        rate = lr * (0.5 * (1 + np.cos(np.pi * (t - 1) / epochs)) * (1 - 1 / 25e4) + 1 / 25e4) if schedule else lr
        X = X - rate * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
        if normalise: X /= np.linalg.norm(X, axis=1, keepdims=True)
    return epochs, best, None

def margin(X, subsets, excluded, A):
    # the full gap of the unit query over unit documents (our definition), for comparison
    Xu = X / np.linalg.norm(X, axis=1, keepdims=True)
    Q = A @ X; Q /= np.linalg.norm(Q, axis=1, keepdims=True)
    S = Q @ X.T
    rows = np.arange(len(subsets))[:, None]
    return float((S[rows, subsets].min(1) - S[rows, excluded].max(1)).min())

if __name__ == '__main__':
    n, d = int(sys.argv[1]), int(sys.argv[2])
    import math
    lr = 1 / math.log2(n)  # their checker divides the learning rate (1) by log2(m)
    epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 1000  # their default num_epochs (one-cycle over these)
    for label, kw in [(f'Wang (raw vectors, lr 1/log2 m = {lr:.3f}, one-cycle over {epochs})', {}), ('+ unit rows each step', {'normalise': True}), ('+ constant lr', {'schedule': False}), ('unit rows + constant lr (ours at that lr)', {'normalise': True, 'schedule': False}), ('unit rows + constant lr 1 (ours, --learning-rate 1)', {'normalise': True, 'schedule': False, 'lr': 1.0})]:
        kw = {'lr': lr, 'epochs': epochs, **kw}
        solved = 0
        for seed in range(3):
            taken, violations, gap = run(n, d, seed=seed, **kw)
            solved += violations == 0
            print(f'{label:40s} seed {seed}: {"solved" if violations == 0 else f"{violations} violations"} after {taken} epochs' + (f', margin (unit vectors) {gap:.3g}' if gap is not None else ''), flush=True)
