import type { CorpusDocument, Qrel, Query } from '../types.js';

/**
 * Field checks shared by the JSONL readers and writers. Each returns an error message, or the
 * normalised record; callers turn messages into DataFormatError (files) or InvalidArgumentError
 * (in-memory input).
 */
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringField(obj: Record<string, unknown>, key: string, allowEmpty = false): string | string[] {
  if (!(key in obj)) return [`missing field "${key}"`];
  const v = obj[key];
  if (typeof v !== 'string') return [`field "${key}" must be a string, got ${v === null ? 'null' : typeof v}`];
  if (!allowEmpty && v === '') return [`field "${key}" must not be empty`];
  return v;
}

/** corpus record: `_id` (non-empty string), `text` (string), `title` (string, optional → ""). Extra fields are ignored. */
export function checkCorpusRecord(v: unknown): Checked<CorpusDocument> {
  if (!isObject(v)) return { ok: false, message: 'expected a JSON object' };
  const id = stringField(v, '_id');
  if (Array.isArray(id)) return { ok: false, message: id[0]! };
  const text = stringField(v, 'text', true);
  if (Array.isArray(text)) return { ok: false, message: text[0]! };
  let title = '';
  if ('title' in v && v.title !== undefined) {
    const t = stringField(v, 'title', true);
    if (Array.isArray(t)) return { ok: false, message: t[0]! };
    title = t;
  }
  return { ok: true, value: { _id: id, title, text } };
}

/** query record: `_id` (non-empty string), `text` (string). Extra fields are ignored. */
export function checkQueryRecord(v: unknown): Checked<Query> {
  if (!isObject(v)) return { ok: false, message: 'expected a JSON object' };
  const id = stringField(v, '_id');
  if (Array.isArray(id)) return { ok: false, message: id[0]! };
  const text = stringField(v, 'text', true);
  if (Array.isArray(text)) return { ok: false, message: text[0]! };
  return { ok: true, value: { _id: id, text } };
}

/** A relevance grade: a non-negative safe integer (0 = judged non-relevant, 1, 2 … relevant), as trec_eval and MTEB read it. */
function isRelevanceGrade(score: unknown): score is number {
  return typeof score === 'number' && Number.isSafeInteger(score) && score >= 0;
}

function scoreMessage(score: unknown): string {
  return `field "score" must be a non-negative integer relevance grade (0, 1, 2 …), got ${JSON.stringify(score) ?? String(score)}`;
}

/** qrel record on disk: `query-id`, `corpus-id` (non-empty strings), `score` (non-negative integer). */
export function checkQrelFileRecord(v: unknown): Checked<Qrel> {
  if (!isObject(v)) return { ok: false, message: 'expected a JSON object' };
  const q = stringField(v, 'query-id');
  if (Array.isArray(q)) return { ok: false, message: q[0]! };
  const d = stringField(v, 'corpus-id');
  if (Array.isArray(d)) return { ok: false, message: d[0]! };
  if (!('score' in v)) return { ok: false, message: 'missing field "score"' };
  const score = v.score;
  if (!isRelevanceGrade(score)) return { ok: false, message: scoreMessage(score) };
  return { ok: true, value: { queryId: q, docId: d, score } };
}

/** qrel record in memory: `queryId`, `docId`, `score`. */
export function checkQrelMemoryRecord(v: unknown): Checked<Qrel> {
  if (!isObject(v)) return { ok: false, message: 'expected an object' };
  const q = stringField(v, 'queryId');
  if (Array.isArray(q)) return { ok: false, message: q[0]! };
  const d = stringField(v, 'docId');
  if (Array.isArray(d)) return { ok: false, message: d[0]! };
  const score = v.score;
  if (!isRelevanceGrade(score)) return { ok: false, message: scoreMessage(score) };
  return { ok: true, value: { queryId: q, docId: d, score } };
}

/** The exact JSONL line (without newline) of each record kind, keys in the official order. */
export function corpusLine(d: CorpusDocument): string {
  return JSON.stringify({ _id: d._id, title: d.title, text: d.text });
}
export function queryLine(q: Query): string {
  return JSON.stringify({ _id: q._id, text: q.text });
}
export function qrelLine(r: Qrel): string {
  return JSON.stringify({ 'query-id': r.queryId, 'corpus-id': r.docId, score: r.score });
}
