#!/usr/bin/env python3
"""Independent reference for @limit/eval's OnnxEncoder on the tiny models of build-sentence-model.mjs:
the forward pass in numpy from the saved weights, then pooling and normalisation as
sentence-transformers defines them (Pooling: cls, max, mean, mean_sqrt_len_tokens, weightedmean,
lasttoken, concatenated in that order; prompt tokens masked when include_prompt is false; Normalize).

stdin: {"weights": {"E","W","V"}, "dim": D, "texts": [{"ids": [...], "skip": n}], "pooling": [...],
        "normalize": bool, "fp16": bool}
stdout: {"embeddings": [[...], ...]}
"""
import json
import sys

import numpy as np

req = json.load(sys.stdin)
D = req["dim"]
E = np.array(req["weights"]["E"], dtype=np.float64).reshape(-1, D)
W = np.array(req["weights"]["W"], dtype=np.float64).reshape(D, D)
V = np.array(req["weights"]["V"], dtype=np.float64).reshape(D, D)
out = []
for t in req["texts"]:
    ids = np.array(t["ids"])
    emb = E[ids]                      # [n, D]
    ctx = np.cumsum(emb, axis=0)      # prefix sums over the text's own tokens
    h = np.tanh(emb @ W + ctx @ V)    # [n, D]
    if req.get("fp16"):
        h = h.astype(np.float32).astype(np.float16).astype(np.float64)
    n = h.shape[0]
    mask = np.ones(n)
    mask[: t.get("skip", 0)] = 0      # sentence-transformers: attention_mask[:, :prompt_length] = 0
    parts = []
    for mode in req["pooling"]:
        if mode == "cls":
            parts.append(h[0])
        elif mode == "max":
            parts.append(np.where(mask[:, None] > 0, h, -1e9).max(axis=0))
        elif mode == "mean":
            parts.append((h * mask[:, None]).sum(axis=0) / max(mask.sum(), 1e-9))
        elif mode == "mean_sqrt_len_tokens":
            parts.append((h * mask[:, None]).sum(axis=0) / np.sqrt(max(mask.sum(), 1e-9)))
        elif mode == "weightedmean":
            w = np.arange(1, n + 1) * mask
            parts.append((h * w[:, None]).sum(axis=0) / max(w.sum(), 1e-9))
        elif mode == "lasttoken":
            parts.append(h[np.nonzero(mask)[0][-1]])
        else:
            raise SystemExit("unknown mode " + mode)
    e = np.concatenate(parts)
    if req.get("normalize", True):
        e = e / np.linalg.norm(e)
    out.append(e.tolist())
json.dump({"embeddings": out}, sys.stdout)
