#!/usr/bin/env python3
"""Checks an MTEB task-result file the way mteb 2.20.0 reads it, written from mteb's results schema
(mteb/results/task_result.py: TaskResult's fields and _validate_scores_dict; mteb/_evaluators/
retrieval_metrics.py: make_score_dict's keys; mteb/tasks/retrieval/eng/limit_retrieval.py: the LIMIT
tasks' k values and main score) — with the Python standard library only (no mteb, no pydantic).

Optionally recomputes every retrieval score from the TREC qrels and run it was computed from
(`--qrels FILE --run FILE`, ids may be %XX-encoded) with pytrec_eval's definitions, ties ranked by
document id descending, and compares within the file's rounding.

Usage: check-mteb-result.py RESULT.json [--qrels Q --run R]
Prints one JSON object: {"ok": bool, "errors": [...], "notes": [...], "task": name, "keys": n}; exit 1 unless ok.
"""
import json
import math
import re
import sys
from urllib.parse import unquote

FIELDS = {  # TaskResult (pydantic): name -> (required, allowed types)
    'dataset_revision': (True, (str,)),
    'task_name': (True, (str,)),
    'mteb_version': (True, (str, type(None))),
    'scores': (True, (dict,)),
    'evaluation_time': (True, (int, float, type(None))),
    'kg_co2_emissions': (False, (int, float, type(None))),
    'date': (False, (int, float, str, type(None))),
    'evaluation_phases': (False, (list, type(None))),
}
LIMIT_TASKS = {'LIMITRetrieval', 'LIMITSmallRetrieval'}
LIMIT_K = [1, 2, 3, 5, 10, 20, 100, 1000]
VERSION = re.compile(r'^\d+(\.\d+)*([.-]?(a|b|rc|dev|post)\d*)*$')


def retrieval_keys(ks):
    keys = []
    for fam in ('ndcg', 'map', 'recall'):
        keys += ['%s_at_%d' % (fam, k) for k in ks]
    keys.append('accuracy')
    for fam in ('precision', 'mrr'):
        keys += ['%s_at_%d' % (fam, k) for k in ks]
    keys += ['hit_rate_at_%d' % k for k in ks]
    return keys


def read_trec(path, run):
    out = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            p = line.split()
            if not p:
                continue
            if run:
                q, d, s = unquote(p[0]), unquote(p[2]), float(p[4])
            else:
                q, d, s = unquote(p[0]), unquote(p[2]), int(p[3])
            out.setdefault(q, {})[d] = s
    return out


def recompute(qrels, run, ks):
    per = {}
    for q, scores in run.items():
        if q not in qrels:
            continue
        judged = qrels[q]
        order = [d for d, _ in sorted(sorted(scores.items(), key=lambda kv: kv[0], reverse=True), key=lambda kv: kv[1], reverse=True)]
        rel = [judged.get(d, 0) for d in order]
        R = sum(1 for v in judged.values() if v >= 1)
        ideal = sorted([v for v in judged.values() if v > 0], reverse=True)
        row = {}
        for k in ks:
            hits = [1 if r >= 1 else 0 for r in rel[:k]]
            row['recall_at_%d' % k] = sum(hits) / R if R else 0.0
            row['precision_at_%d' % k] = sum(hits) / k
            row['hit_rate_at_%d' % k] = 1.0 if any(hits) else 0.0
            dcg = sum(r / math.log2(i + 2) for i, r in enumerate(rel[:k]) if r > 0)
            idcg = sum(r / math.log2(i + 2) for i, r in enumerate(ideal[:k]))
            row['ndcg_at_%d' % k] = dcg / idcg if idcg else 0.0
            ap, seen = 0.0, 0
            for i, h in enumerate(hits):
                if h:
                    seen += 1
                    ap += seen / (i + 1)
            row['map_at_%d' % k] = ap / R if R else 0.0
            row['mrr_at_%d' % k] = next((1.0 / (i + 1) for i, h in enumerate(hits) if h), 0.0)
        per[q] = row
    n = len(per)
    mean = {key: sum(r[key] for r in per.values()) / n for key in next(iter(per.values()))}
    mean['accuracy'] = mean['recall_at_1'] if 'recall_at_1' in mean else None
    return mean


def main(argv):
    path = argv[1]
    opts = dict(zip(argv[2::2], argv[3::2]))
    errors, notes = [], []
    with open(path, encoding='utf-8') as f:
        text = f.read()
    data = json.loads(text)  # Python's json, as mteb reads it
    if not isinstance(data, dict):
        errors.append('not a JSON object')
        data = {}
    for name, (required, types) in FIELDS.items():
        if name not in data:
            if required:
                errors.append('missing field %s' % name)
            continue
        if not isinstance(data[name], types) or isinstance(data[name], bool):
            errors.append('field %s has type %s' % (name, type(data[name]).__name__))
    for extra in sorted(set(data) - set(FIELDS)):
        notes.append('field %s is not a TaskResult field (pydantic ignores it on load)' % extra)
    if isinstance(data.get('mteb_version'), str) and not VERSION.match(data['mteb_version']):
        errors.append('mteb_version %r is not a version packaging can parse' % data['mteb_version'])
    task = data.get('task_name', '')
    base = re.sub(r'-(generated|local)$', '', task) if isinstance(task, str) else ''
    nkeys = 0
    for split, entries in (data.get('scores') or {}).items():
        if not isinstance(entries, list):
            errors.append('scores[%s] is not a list' % split)
            continue
        for e in entries:
            if not isinstance(e, dict):
                errors.append('scores[%s] entry is not a dict' % split)
                continue
            # TaskResult._validate_scores_dict
            if 'main_score' not in e:
                errors.append("'main_score' should be in scores")
            if not isinstance(e.get('hf_subset'), str):
                errors.append('hf_subset should be in scores and should be a string')
            if not isinstance(e.get('languages'), list):
                errors.append('languages should be in scores and should be a list')
            try:
                json.dumps(e)
            except (TypeError, ValueError) as x:
                errors.append('scores are not json serializable: %s' % x)
            metrics = [k for k in e if k not in ('main_score', 'hf_subset', 'languages', 'mteb_version')]
            nkeys = len(metrics)
            if base in LIMIT_TASKS:
                want = retrieval_keys(LIMIT_K)
                missing = [k for k in want if k not in e]
                unexpected = [k for k in metrics if k not in want and not k.startswith('nauc_')]
                if missing:
                    errors.append('missing retrieval scores (mteb make_score_dict): %s' % ', '.join(missing))
                if unexpected:
                    errors.append('keys mteb does not write: %s' % ', '.join(unexpected))
                if not any(k.startswith('nauc_') for k in e):
                    notes.append('no nauc_* scores (mteb writes them; optional for loading)')
                if e.get('main_score') != e.get('recall_at_2'):
                    errors.append('main_score %r is not recall_at_2 %r (the LIMIT tasks main score)' % (e.get('main_score'), e.get('recall_at_2')))
                if 'accuracy' in e and e['accuracy'] != e.get('recall_at_1'):
                    errors.append('accuracy is not recall_at_1')
                for k in metrics:
                    v = e[k]
                    if v is not None and not (isinstance(v, (int, float)) and 0 <= v <= 1):
                        errors.append('%s = %r is not a number in [0, 1]' % (k, v))
            if '--qrels' in opts and '--run' in opts:
                mean = recompute(read_trec(opts['--qrels'], False), read_trec(opts['--run'], True), LIMIT_K if base in LIMIT_TASKS else sorted({int(k.rsplit('_', 1)[1]) for k in metrics if re.match(r'^recall_at_\d+$', k)}))
                for k, v in mean.items():
                    if k in e and v is not None:
                        tol = 5e-7 if k.startswith('mrr') else 5e-6
                        if abs(e[k] - v) > tol + 1e-12:
                            errors.append('%s = %r, recomputed %r' % (k, e[k], v))
                notes.append('recomputed %d scores from the qrels and run' % len(mean))
    print(json.dumps({'ok': not errors, 'errors': errors, 'notes': notes, 'task': task, 'keys': nkeys}))
    return 0 if not errors else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
