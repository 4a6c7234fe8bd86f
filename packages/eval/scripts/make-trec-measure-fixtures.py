#!/usr/bin/env python3
"""Independent reference for the trec_eval-named measures of @limit/eval (evaluateRun with
`measures`): a direct Python re-implementation of trec_eval 9's definitions, written from
trec_eval's documented semantics (m_P.c, m_recall.c, m_ndcg_cut.c, m_ndcg.c, m_map.c, m_map_cut.c,
m_recip_rank.c, m_Rprec.c, m_bpref.c, m_success.c) and ir_measures' Judged@k, not from the
TypeScript code.

- ranking: score descending, ties by docno descending (trec_eval's form_res_rels);
- a document is relevant when rel >= level; judged non-relevant when 0 <= rel < level; a retrieved
  document absent from the qrels is unjudged (non-relevant for every measure but bpref and Judged,
  which skip it);
- averages over the queries in both run and qrels (trec_eval's default), queries without a
  relevant document scoring 0.

Cases: the three of metrics-reference.json (graded labels, heavy ties, unjudged documents) and a
hand-made one; each at relevance levels 1 and 2. Writes test/fixtures/trec-measures-reference.json.
Usage: python3 scripts/make-trec-measure-fixtures.py
"""
import json
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, '..', 'test', 'fixtures')
CUTS = [1, 2, 3, 5, 10, 20, 100]


def ranked(scores):
    items = sorted(scores.items(), key=lambda kv: kv[0], reverse=True)
    items = sorted(items, key=lambda kv: kv[1], reverse=True)
    return [d for d, _ in items]


def measures(judged, scores, level):
    order = ranked(scores)
    rel = [judged.get(d, None) for d in order]  # None = unjudged
    is_rel = [r is not None and r >= level for r in rel]
    R = sum(1 for r in judged.values() if r >= level)
    N = sum(1 for r in judged.values() if 0 <= r < level)
    out = {}
    # P_k, recall_k, success_k, map_cut_k, ndcg_cut_k
    gains = sorted([r for r in judged.values() if r > 0], reverse=True)

    def dcg(values, k):
        return sum(g / math.log2(i + 2) for i, g in enumerate(values[:k]) if g > 0)

    run_gains = [r if r is not None and r > 0 else 0 for r in rel]
    for k in CUTS:
        hits = sum(is_rel[:k])
        out['P_%d' % k] = hits / k
        out['recall_%d' % k] = hits / R if R else 0.0
        out['success_%d' % k] = 1.0 if hits else 0.0
        ap, seen = 0.0, 0
        for i, h in enumerate(is_rel[:k]):
            if h:
                seen += 1
                ap += seen / (i + 1)
        out['map_cut_%d' % k] = ap / R if R else 0.0
        idcg = dcg(gains, k)
        out['ndcg_cut_%d' % k] = dcg(run_gains, k) / idcg if idcg > 0 else 0.0
        top = order[:k]
        out['judged@%d' % k] = (sum(1 for d in top if d in judged) / len(top)) if top else 0.0
    ap, seen = 0.0, 0
    for i, h in enumerate(is_rel):
        if h:
            seen += 1
            ap += seen / (i + 1)
    out['map'] = ap / R if R else 0.0
    out['recip_rank'] = next((1.0 / (i + 1) for i, h in enumerate(is_rel) if h), 0.0)
    idcg = dcg(gains, len(gains))
    out['ndcg'] = dcg(run_gains, len(run_gains)) / idcg if idcg > 0 else 0.0
    look = min(len(order), R)
    out['Rprec'] = (sum(is_rel[:look]) / R) if R and look else 0.0
    b, nonrel = 0.0, 0
    for r in rel:
        if r is None:
            continue
        if r < level:
            nonrel += 1
        else:
            b += (1.0 - min(nonrel, R) / min(N, R)) if nonrel > 0 else 1.0
    out['bpref'] = b / R if R else 0.0
    return out


def evaluate(qrels, run, level):
    per_query = {q: measures(qrels[q], run[q], level) for q in run if q in qrels}
    keys = list(next(iter(per_query.values())).keys())
    mean = {k: sum(v[k] for v in per_query.values()) / len(per_query) for k in keys}
    return per_query, mean


def main():
    ref = json.load(open(os.path.join(FIX, 'metrics-reference.json'), encoding='utf-8'))
    cases = [{'name': c['name'], 'qrels': c['qrels'], 'run': c['run']} for c in ref['cases']]
    # hand-made: unjudged docs above relevant ones, graded labels, more judged non-relevant than R,
    # fewer retrieved than R, a query whose only relevant doc is unretrieved
    cases.append({
        'name': 'unjudged',
        'qrels': {
            'a': {'r1': 2, 'r2': 1, 'n1': 0, 'n2': 0, 'n3': 0},
            'b': {'r1': 1, 'r2': 3, 'r3': 2, 'n1': 0},
            'c': {'r9': 1, 'n1': 0},
            'd': {'x': 2, 'y': 2, 'z': 1},
        },
        'run': {
            'a': {'u1': 9, 'n1': 8, 'r2': 7, 'u2': 6, 'n2': 5, 'r1': 4, 'u3': 3},
            'b': {'r2': 5, 'u1': 5, 'n1': 4},
            'c': {'u1': 3, 'n1': 2, 'u2': 1},
            'd': {'z': 3, 'w': 2, 'x': 1},
        },
    })
    for c in cases:
        c['levels'] = {}
        for level in (1, 2):
            per_query, mean = evaluate(c['qrels'], c['run'], level)
            c['levels'][str(level)] = {'perQuery': per_query, 'mean': mean}
    with open(os.path.join(FIX, 'trec-measures-reference.json'), 'w', encoding='utf-8') as f:
        json.dump({'generator': 'scripts/make-trec-measure-fixtures.py', 'cutoffs': CUTS, 'cases': cases}, f, ensure_ascii=False, indent=1)


if __name__ == '__main__':
    main()
