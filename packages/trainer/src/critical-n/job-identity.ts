import { ResultMismatchError } from '@limit/core';
import type { CriticalNJob } from './job.js';
import { parameterSignature, type ExperimentParameters } from '../results/official-schema.js';

/**
 * The identity of a critical-n job as one string: the job object as a whole, keys sorted at every depth, so
 * every field — those added later included — takes part without a list to keep up to date. The paper's setting
 * spelt out (`objective` InfoNCE at the training temperature, `queryMode: 'free'`, the official pass rule) is the
 * same job as the setting left out.
 *
 * @param job - the job.
 * @returns canonical JSON.
 * @example
 * ```ts
 * canonicalCriticalNJob({ ...job, n: 10 }) === canonicalCriticalNJob({ n: 10, ...job }); // true
 * ```
 */
export function canonicalCriticalNJob(job: CriticalNJob): string {
  return JSON.stringify(sortKeys(withoutPaperDefaults(job)));
}

/** The job without the fields that only spell out the paper's setting. */
function withoutPaperDefaults(job: CriticalNJob): CriticalNJob {
  if (job === null || typeof job !== 'object') return job;
  const { objective, queryMode, passRule, ...rest } = job as CriticalNJob & Record<string, unknown>;
  const paperObjective = objective === undefined || (objective?.name === 'infoNce' && objective.temperature === job.training?.temperature);
  return {
    ...rest,
    ...(paperObjective ? {} : { objective }),
    ...(queryMode === undefined || queryMode === 'free' ? {} : { queryMode }),
    ...(passRule === undefined || passRule?.rule === 'official' ? {} : { passRule }),
  } as CriticalNJob;
}

/**
 * A short hash (16 hex digits: two 32-bit FNV-1a variants) of {@link canonicalCriticalNJob}: part of the job's id, so two jobs that
 * differ in any field never share a queue entry.
 *
 * @param job - the job.
 * @returns 16 hex digits.
 * @example
 * ```ts
 * criticalNJobHash(job) === criticalNJobHash({ ...job }); // true; any changed field changes it
 * ```
 */
export function criticalNJobHash(job: CriticalNJob): string {
  const text = canonicalCriticalNJob(job);
  // FNV-1a over UTF-16 code units, twice with different mixing (no bigint, no crypto: runs in browsers)
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 13), 0x0100019d) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/**
 * The first field (a dotted path) in which `actual` is not the job `expected`, comparing the two objects as wholes
 * (a field present on one side only differs too).
 *
 * @param expected - the job that was asked for.
 * @param actual - what came back as that job (anything: it crossed a process or a queue).
 * @returns the difference, or undefined when they are the same job.
 * @example
 * ```ts
 * criticalNJobDifference(job, { ...job, n: 6 }); // { field: 'n', expected: 10, actual: 6 }
 * ```
 */
export function criticalNJobDifference(expected: CriticalNJob, actual: unknown): { field: string; expected: unknown; actual: unknown } | undefined {
  return difference(expected, actual, '');
}

/**
 * Checks that a run an executor returned is the run of `job`: the job it carries equals `job` as a whole
 * ({@link criticalNJobDifference}), and its results row records the same run (d, k, n, seed and every setting the
 * row keeps). A coordinator calls it on every result before recording it, so a stale, planted or misrouted
 * result is refused instead of deciding an answer.
 *
 * @param job - the job that was asked for.
 * @param run - what came back: `{ job, row, … }`.
 * @param jobId - the job's id, for the error.
 * @param expectedParameters - the row parameters `job` must have produced.
 * @throws ResultMismatchError naming the first field that differs.
 * @example
 * ```ts
 * assertRunMatchesJob(job, await executor.run(job, options), criticalNJobId(job), criticalNJobParameters(job));
 * ```
 */
export function assertRunMatchesJob(
  job: CriticalNJob,
  run: unknown,
  jobId: string,
  expectedParameters: ExperimentParameters,
): void {
  const r = run as { job?: unknown; row?: { parameters?: ExperimentParameters; metrics?: unknown } } | null;
  if (r === null || typeof r !== 'object' || r.row === null || typeof r.row !== 'object' || r.row.parameters === null || typeof r.row.parameters !== 'object') {
    throw new ResultMismatchError({ jobId, field: 'row', expected: 'a results row', actual: r?.row ?? r, message: `the result for job ${jobId} is not a run ({ job, row: { parameters, metrics } })` });
  }
  const differs = criticalNJobDifference(job, r.job);
  if (differs) throw new ResultMismatchError({ jobId, field: differs.field === '' ? 'job' : `job.${differs.field}`, expected: differs.expected, actual: differs.actual });
  const p = r.row.parameters;
  for (const key of ['d', 'k', 'n', 'seed'] as const) {
    if (p[key] !== expectedParameters[key]) throw new ResultMismatchError({ jobId, field: `row.parameters.${key}`, expected: expectedParameters[key], actual: p[key] });
  }
  let signature: string;
  try {
    signature = parameterSignature(p);
  } catch {
    signature = '';
  }
  if (signature !== parameterSignature(expectedParameters)) {
    throw new ResultMismatchError({
      jobId,
      field: 'row.parameters',
      expected: parameterSignature(expectedParameters),
      actual: signature,
      message: `the result for job ${jobId} records other settings than the job's (row parameters ${signature || 'unreadable'})`,
    });
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

function difference(expected: unknown, actual: unknown, path: string): { field: string; expected: unknown; actual: unknown } | undefined {
  if (Object.is(expected, actual)) return undefined;
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
  if (isObject(expected) && isObject(actual) && Array.isArray(expected) === Array.isArray(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    for (const key of keys) {
      if (expected[key] === undefined && actual[key] === undefined) continue;
      const d = difference(expected[key], actual[key], path === '' ? key : `${path}.${key}`);
      if (d) return d;
    }
    return undefined;
  }
  return { field: path, expected, actual };
}
