import { describe, expect, it } from 'vitest';
import { ResultMismatchError } from '@limit/core';
import { assertRunMatchesJob, canonicalCriticalNJob, criticalNJobDifference, criticalNJobHash } from './job-identity.js';
import { criticalNJobId, resolveTrainingSettings, type CriticalNJob } from './job.js';
import { criticalNJobParameters } from './train-run.js';

const job: CriticalNJob = { d: 4, k: 2, n: 10, seed: 42, training: resolveTrainingSettings({}), engine: 'js', precision: 'float32', certificate: false };
const run = (j: CriticalNJob, rowOf: CriticalNJob = j) => ({ job: j, row: { parameters: criticalNJobParameters(rowOf), metrics: { solved: true }, data: {} } });
const mismatch = (work: () => void) => {
  try {
    work();
  } catch (e) {
    return e as ResultMismatchError;
  }
  return undefined;
};

describe('job identity', () => {
  it('compares jobs as wholes: key order does not matter, any field (new ones too) does', () => {
    const reordered = { certificate: false, precision: 'float32', engine: 'js', training: { ...job.training }, seed: 42, n: 10, k: 2, d: 4 } as CriticalNJob;
    expect(canonicalCriticalNJob(reordered)).toBe(canonicalCriticalNJob(job));
    expect(criticalNJobHash(reordered)).toBe(criticalNJobHash(job));
    expect(criticalNJobDifference(job, reordered)).toBeUndefined();
    expect(criticalNJobDifference(job, { ...job, n: 6 })).toEqual({ field: 'n', expected: 10, actual: 6 });
    expect(criticalNJobDifference(job, { ...job, training: { ...job.training, learningRate: 0.02 } })).toEqual({ field: 'training.learningRate', expected: 0.01, actual: 0.02 });
    // a field the job type does not know yet (one a later release adds) takes part too
    expect(criticalNJobDifference({ ...job, futureField: 'x' } as unknown as CriticalNJob, job)).toEqual({ field: 'futureField', expected: 'x', actual: undefined });
    expect(criticalNJobDifference({ ...job, objective: { name: 'hinge', margin: 0.1 } }, job)?.field).toMatch(/^objective/);
    expect(criticalNJobDifference(job, undefined)).toEqual({ field: '', expected: job, actual: undefined });
    // ids: every field changes the id, the engine and the certificate flag included
    const ids = new Set([job, { ...job, engine: 'onnx' }, { ...job, certificate: true }, { ...job, seed: 43 }, { ...job, objective: { name: 'hinge' as const, margin: 0.1 } }].map(criticalNJobId));
    expect(ids.size).toBe(5);
    expect(criticalNJobId(job)).toMatch(/^cn-d4-k2-n10-s42-float32-lr0\.01-t0\.1-it100000-log50-es1000_0\.00001-h[0-9a-f]{16}$/);
  });

  it('assertRunMatchesJob accepts the run of the job and refuses another job, a row of other settings, or no job', () => {
    const id = criticalNJobId(job);
    const expected = criticalNJobParameters(job);
    expect(() => assertRunMatchesJob(job, run(job), id, expected)).not.toThrow();
    const n = mismatch(() => assertRunMatchesJob(job, run({ ...job, n: 6 }), id, expected));
    expect(ResultMismatchError.isInstance(n) && n.field === 'job.n' && n.actual === 6 && n.jobId === id).toBe(true);
    // the job echoed correctly but the row is another run's (seed 7)
    const seed = mismatch(() => assertRunMatchesJob(job, run(job, { ...job, seed: 7 }), id, expected));
    expect(seed?.field).toBe('row.parameters.seed');
    const settings = mismatch(() => assertRunMatchesJob(job, run(job, { ...job, training: { ...job.training, temperature: 0.05 } }), id, expected));
    expect(settings?.field).toBe('row.parameters');
    expect(mismatch(() => assertRunMatchesJob(job, { row: run(job).row }, id, expected))?.field).toBe('job');
    expect(mismatch(() => assertRunMatchesJob(job, 'done', id, expected))?.field).toBe('row');
  });
});
