#!/usr/bin/env python3
"""Independent reference for @limit/eval's metrics: a direct Python re-implementation of
trec_eval's definitions (recall_k, P_k, ndcg_cut_k, map_cut_k, recip_rank cut at k, success_k),
written from trec_eval's documented semantics, not from the TypeScript code.

Ranking follows trec_eval's form_res_rels.c: score descending, ties by docno descending (strcmp,
i.e. byte order; Python compares str by code point, which is the same order as UTF-8 bytes).
Averaging follows trec_eval's default: queries present in both run and qrels; queries whose
judgements contain no relevant document score 0 and are counted.

Run once; writes test/fixtures/metrics-reference.json plus the same cases as TREC text files.
Usage: python3 scripts/make-metric-fixtures.py
"""
import json
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'fixtures')
CUTOFFS = [1, 2, 3, 5, 10, 20, 100, 1000]


def ranked(scores):
    # two stable sorts: secondary key first (docno descending), then primary (score descending)
    items = sorted(scores.items(), key=lambda kv: kv[0], reverse=True)
    items = sorted(items, key=lambda kv: kv[1], reverse=True)
    return [d for d, _ in items]


def metrics_for(judged, run_scores, level=1):
    order = ranked(run_scores)
    rels = [judged.get(d, -1) for d in order]
    num_rel = sum(1 for r in judged.values() if r >= level)
    out = {}
    ideal = sorted([r for r in judged.values() if r > 0], reverse=True)
    for k in CUTOFFS:
        top = rels[:k]
        hits = [1 if r >= level else 0 for r in top]
        out['recall_at_%d' % k] = (sum(hits) / num_rel) if num_rel else 0.0
        out['precision_at_%d' % k] = sum(hits) / k
        dcg = sum((r / math.log2(i + 2)) for i, r in enumerate(top) if r > 0)
        idcg = sum((r / math.log2(i + 2)) for i, r in enumerate(ideal[:k]))
        out['ndcg_at_%d' % k] = dcg / idcg if idcg > 0 else 0.0
        ap = 0.0
        seen = 0
        for i, h in enumerate(hits):
            if h:
                seen += 1
                ap += seen / (i + 1)
        out['map_at_%d' % k] = ap / num_rel if num_rel else 0.0
        rr = 0.0
        for i, h in enumerate(hits):
            if h:
                rr = 1.0 / (i + 1)
                break
        out['mrr_at_%d' % k] = rr
        out['success_at_%d' % k] = 1.0 if any(hits) else 0.0
    return out


def evaluate(qrels, run):
    per_query = {}
    for qid in run:
        if qid not in qrels:
            continue
        per_query[qid] = metrics_for(qrels[qid], run[qid])
    keys = list(next(iter(per_query.values())).keys())
    mean = {k: sum(pq[k] for pq in per_query.values()) / len(per_query) for k in keys}
    return per_query, mean


def make_case(rng, name):
    doc_ids = ['d%d' % i for i in range(40)] + ['D%d' % i for i in range(5)] + ['doc-é', 'doc-z', 'doc-\U0001F600', 'doc-\uFF21']
    qrels, run = {}, {}
    for q in range(25):
        qid = 'q%d' % q
        kind = q % 5
        judged = {}
        if kind != 4 or q == 4:  # q4: only non-relevant judgements
            for d in rng.sample(doc_ids, rng.randint(1, 6)):
                judged[d] = rng.choice([0, 1, 1, 2, 3]) if q != 4 else 0
        if q == 9:
            judged = {}
        if judged or q == 4:
            qrels[qid] = judged if judged else {'d0': 0}
        if q == 14:
            continue  # in qrels, missing from the run
        scores = {}
        n_ret = rng.randint(0, 30) if q != 19 else 2
        for d in rng.sample(doc_ids, n_ret):
            # coarse scores produce many ties
            scores[d] = round(rng.uniform(0, 3), 0 if q % 3 == 0 else 1)
        if q % 4 == 1:
            # all tied
            scores = {d: 1.5 for d in scores}
        run[qid] = scores
    run['q_unjudged'] = {'d1': 1.0, 'd2': 2.0}  # in run, not in qrels: skipped
    return qrels, run


def main():
    rng = random.Random(20260822)
    cases = []
    for c in range(3):
        qrels, run = make_case(rng, 'case%d' % c)
        per_query, mean = evaluate(qrels, run)
        qrels_txt = ''.join('%s 0 %s %d\n' % (q, d, r) for q, j in qrels.items() for d, r in j.items())
        # deliberately write ranks that disagree with the scores: trec_eval ignores the rank column
        run_txt = ''.join('%s Q0 %s %d %r tag\n' % (q, d, 1000 - i, s) for q, sc in run.items() for i, (d, s) in enumerate(sc.items()))
        with open(os.path.join(OUT, 'metrics-case%d.qrels' % c), 'w', encoding='utf-8') as f:
            f.write(qrels_txt)
        with open(os.path.join(OUT, 'metrics-case%d.run' % c), 'w', encoding='utf-8') as f:
            f.write(run_txt)
        cases.append({'name': 'case%d' % c, 'qrels': qrels, 'run': run, 'perQuery': per_query, 'mean': mean,
                      'ranked': {q: ranked(sc) for q, sc in run.items()}})
    with open(os.path.join(OUT, 'metrics-reference.json'), 'w', encoding='utf-8') as f:
        json.dump({'generator': 'scripts/make-metric-fixtures.py', 'cutoffs': CUTOFFS, 'cases': cases}, f, ensure_ascii=False, indent=1)


if __name__ == '__main__':
    main()
